/**
 * The command line: arguments → options → the command's module (src/commands/) → exit code. This module defines the
 * commands and their options, the help texts, and the signal handling; each command runs from its own module.
 * Exit codes: 0 success, 1 problems in the entries, 2 usage or environment error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runBuild, runCheck, type BuildOptions, type CommonOptions } from '../commands/build.ts';
import { runWatchBuild } from '../commands/build-watch.ts';
import { runDiff, type DiffCliOptions } from '../commands/diff.ts';
import { runPreview, type PreviewOptions } from '../commands/preview.ts';
import { runNewCard, runNewEdition, type NewCardOptions } from '../commands/new.ts';
import { runSchema } from '../commands/schema.ts';
import { runVerify, type VerifyOptions } from '../commands/verify.ts';
import { printJson, type JsonCommand } from '../commands/terminal.ts';
import { exitCodes, RunError } from '../diagnostics/run-errors.ts';
import { kompendiumVersion } from '../model/config.ts';
import { cardVariants } from '../model/forms.ts';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a number of seconds > 0');
  return seconds;
}

function parseRatio(value: string): number {
  const ratio = Number(value);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new InvalidArgumentError('expected a number from 0 to 1');
  return ratio;
}

function createProgram(): Command {
  const program = new Command('kompendium')
    .description(
      'Print compiler for the SGB II report "Handlungsansätze zur Unterstützung und Förderung von\n' +
        'Langzeitleistungsbeziehenden im SGB II": turns Markdown entries (TEIL 1, the cards of TEIL 2, the\n' +
        'register of index terms) into a paginated A4 PDF with Paged.js in Chromium.',
    )
    .version(kompendiumVersion, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText(
      'after',
      `
Examples:
  kompendium build                      build entries/ into out/<name>.pdf and out/<name>.json
  kompendium build --entries my-round/  build another edition folder
  kompendium build --land BY            a brochure of the Bayern cards, with its own page numbers and index
  kompendium build --traeger zkT --term Alleinerziehende --no-teil1
  kompendium build --brochure regionalausgabe-bayern   a named brochure from entries/brochures.md
  kompendium build --all                the edition and every named brochure
  kompendium build --print              the print-shop variant: out/<name>-print.pdf, PDF/X-4
  kompendium build --watch              build, then again after every save, one browser kept warm (Ctrl-C stops)
  kompendium diff HEAD~1 entries/       what changed since the last commit (also: --format md|html|json)
  kompendium preview                    live preview on http://127.0.0.1:4100/, rebuilt on every save
  kompendium preview --brochure regionalausgabe-bayern   live preview of a brochure
  kompendium check                      validate entries/ without rendering
  kompendium check --json               diagnostics as JSON (for editors and CI)
  kompendium new card --variant massnahme --land BY --title "Neues Projekt"
  kompendium new edition round-2026/ --from entries/
  kompendium schema > src/model/entry.schema.json   refresh the editors' JSON Schema
  kompendium verify out/handlungsansaetze-2013.pdf   check a PDF against PDF/UA-1 and PDF/A-2u (and PDF/X-4)

Exit codes: 0 success, 1 problems in the entries, 2 usage or environment error (e.g. no Chromium).
Chromium is taken from PUPPETEER_EXECUTABLE_PATH or CHROME_PATH, else /usr/bin/chromium.`,
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const entriesOption = new Option('-e, --entries <dir>', "folder with the edition's entry files").default('entries/');
  const jsonOption = new Option('--json', 'print one JSON object on stdout: {"outputs":[…],"diagnostics":[…]}');
  const strictOption = new Option(
    '--strict',
    'every warning is an error (an [AUSFÜLLEN] left, say); always so for an edition marked status: final',
  );

  program
    .command('build')
    .description('validate the entries and write the paginated PDF and its page map into the output folder')
    .addOption(entriesOption)
    .addOption(new Option('-o, --out <dir>', 'output folder').default('out/'))
    .addOption(jsonOption)
    .addOption(strictOption)
    .addOption(
      new Option('--timeout <seconds>', 'stop a render that takes longer than this')
        .default(300)
        .argParser(parseSeconds),
    )
    .addOption(
      new Option('--land <land>', 'only cards of this Land: BY, DE-BY or Bayern (repeatable)').argParser(collect),
    )
    .addOption(
      new Option('--traeger <type>', 'only cards of this Träger type: gE or zkT (repeatable)').argParser(collect),
    )
    .addOption(new Option('--term <term>', 'only cards that have this index term (repeatable)').argParser(collect))
    .addOption(new Option('--cards <ids>', 'only these cards, comma-separated ids').argParser(collectList))
    .addOption(new Option('--no-teil1', 'leave TEIL 1 (the principles) out of a selection'))
    .addOption(new Option('--no-cache', 'render every output, even when its PDF in the output folder is up to date'))
    .addOption(
      new Option(
        '--print',
        'write the print-shop variant instead, <name>-print.pdf: PDF/X-4 (FOGRA39 CMYK intent, trim and bleed boxes, black text, no links), PDF/A-2u and PDF/UA-1 as well',
      ),
    )
    .addOption(
      new Option('--html <dir>', 'also write each composed HTML document, with its styles and fonts, into <dir>'),
    )
    .addOption(
      new Option(
        '--timings',
        'report the seconds per stage (load, validate, render, compose, paginate and its steps, post-process, verify, write)',
      ),
    )
    .addOption(
      new Option('--brochure <id>', 'build a named brochure from entries/brochures.md (repeatable)')
        .argParser(collect)
        // A brochure has its own selection: filters beside it would be ignored without a word.
        .conflicts(['land', 'traeger', 'term', 'cards', 'teil1']),
    )
    .addOption(
      new Option('--all', 'build the edition and every named brochure').conflicts([
        'brochure',
        'land',
        'traeger',
        'term',
        'cards',
      ]),
    )
    .addHelpText(
      'after',
      `
Selections (--land, --traeger, --term, --cards) narrow down: a card must match every filter given, and any value
of a repeated one. Cards keep their printed order; each output numbers its own pages and has its own index.
Output names: the edition's \`output\`, the brochure id, or one made from the filters (auswahl-by-zkt).
With --watch the build stays running: after each save it builds the same outputs again in the browser it keeps,
writing only PDFs whose sources changed (the same bytes a new build writes). A save with errors prints them as
\`check\` does and keeps the previous PDFs. Ctrl-C stops it.`,
    )
    .addOption(
      new Option(
        '-w, --watch',
        'build, then build again after every save in the entries, templates/ or styles/ (one browser kept running) until Ctrl-C',
      ).conflicts(['json']),
    )
    .action((options: BuildOptions) =>
      run(
        () => (options.watch === true ? runWatchBuild(options) : runBuild(options)),
        options.json === true ? 'build' : undefined,
      ),
    );

  program
    .command('preview')
    .description('serve the document on 127.0.0.1, paginated in the browser as in the PDF, rebuilt on every change')
    .addOption(entriesOption)
    .addOption(
      new Option('-p, --port <port>', 'port on 127.0.0.1 (0: any free port)').default(4100).argParser(parsePort),
    )
    .addOption(new Option('--open', 'open the preview in the default browser'))
    .addOption(
      new Option('--brochure <id>', 'preview a named brochure from entries/brochures.md').conflicts([
        'land',
        'traeger',
        'term',
        'cards',
        'teil1',
      ]),
    )
    .addOption(
      new Option('--land <land>', 'preview the cards of this Land: BY, DE-BY or Bayern (repeatable)').argParser(
        collect,
      ),
    )
    .addOption(
      new Option('--traeger <type>', 'only cards of this Träger type: gE or zkT (repeatable)').argParser(collect),
    )
    .addOption(new Option('--term <term>', 'only cards that have this index term (repeatable)').argParser(collect))
    .addOption(new Option('--cards <ids>', 'only these cards, comma-separated ids').argParser(collectList))
    .addOption(new Option('--no-teil1', 'leave TEIL 1 (the principles) out of a selection'))
    .addHelpText(
      'after',
      `
Open the address it prints in Chromium or Chrome (Paged.js needs a current browser). Edit an entry, a template
or a style and save: the document is rebuilt and the page reloads at the same place. Problems show in an
overlay (file:line:column, as \`kompendium check\` prints them) and in the terminal; until they are fixed the
page keeps the last good document. The server answers only on 127.0.0.1. Ctrl-C stops it.`,
    )
    .action((options: PreviewOptions) => run(() => runPreview(options)));

  program
    .command('check')
    .description('validate the entries and report every problem with file:line:column; writes nothing')
    .addOption(entriesOption)
    .addOption(jsonOption)
    .addOption(strictOption)
    .action((options: CommonOptions) => run(() => runCheck(options), options.json === true ? 'check' : undefined));

  program
    .command('diff')
    .description('compare two editions (survey rounds): cards added, removed, renamed, changed; TEIL 1; the register')
    .argument('<old>', 'the older edition: a folder of entries, or a git revision (v2013, HEAD~3, a branch)')
    .argument('<new>', 'the newer edition, likewise')
    .addOption(
      new Option('-f, --format <format>', 'report format').choices(['text', 'md', 'html', 'json']).default('text'),
    )
    .addOption(new Option('--no-renames', 'report a card with a new id as removed and added, never as renamed'))
    .addOption(
      new Option('--rename-threshold <0-1>', 'how alike title and organisation must be for a rename')
        .default(0.6)
        .argParser(parseRatio),
    )
    .addOption(new Option('--pdf <file>', 'also write NEW as a redline PDF: changes marked, summary page at the front'))
    .addOption(new Option('--only-changed', 'in the redline PDF, leave unchanged cards out'))
    .addOption(new Option('--pages', 'paginate both editions: which pages of NEW to reprint, where cards moved'))
    .addOption(
      new Option('--timeout <seconds>', 'stop a render that takes longer than this')
        .default(300)
        .argParser(parseSeconds),
    )
    .addHelpText(
      'after',
      `
Exit codes as diff(1): 0 no differences, 1 differences, 2 error (an unreadable side, invalid entries).
Cards match by id; a card whose id changed but whose title and organisation are alike (see --rename-threshold)
is reported as renamed. Prose is compared word by word.`,
    )
    .action((oldSpec: string, newSpec: string, options: DiffCliOptions) =>
      run(() => runDiff(oldSpec, newSpec, options), options.format === 'json' ? 'diff' : undefined),
    );

  const create = program.command('new').description('start a new card or a new survey round from a correct skeleton');
  create
    .command('card')
    .description('write a new card with every field of its form, after the last card in entries/teil2/')
    .addOption(new Option('--variant <variant>', 'form variant').choices([...cardVariants]).makeOptionMandatory())
    .requiredOption('--title <title>', 'the title as it will be printed')
    .option('--land <land>', 'Bundesland: BY, DE-BY or Bayern')
    .addOption(entriesOption)
    .action((options: NewCardOptions) => run(() => runNewCard(options)));
  create
    .command('edition')
    .description('copy an edition as the start of the next survey round, with its metadata reset')
    .argument('<dir>', 'the new edition folder')
    .requiredOption('--from <dir>', 'the edition to start from, e.g. entries/')
    .addOption(
      new Option('--year <year>', 'year of the new round, four digits')
        .default(new Date().getFullYear())
        .argParser(parseYear),
    )
    .action((dir: string, options: { from: string; year: number }) => run(() => runNewEdition(dir, options)));

  program
    .command('schema')
    .description('print the JSON Schema of entry front matter (the one src/model/entry.schema.json holds for editors)')
    .action(() => run(runSchema));

  program
    .command('verify')
    .description('check finished PDFs against PDF/UA-1 (Matterhorn Protocol 1.1) and PDF/A-2u; writes nothing')
    .argument('<files...>', 'the PDFs to check, e.g. out/handlungsansaetze-2013.pdf')
    .addOption(new Option('--json', 'print one JSON object on stdout: {"files":[{"file","violations":[…]}],…}'))
    .addHelpText(
      'after',
      `
Example:
  kompendium verify out/handlungsansaetze-2013.pdf

Each violation is one line: FILE: page N (object N 0 R): CHECKPOINT text (what was found). The checkpoint is
the failure condition's index in the Matterhorn Protocol 1.1 (01-005) or the clause of the standard
(PDF/A-2 6.1.3). Only what a program can decide is checked; Matterhorn leaves the rest (reading order, fitting
alt texts) to a person. Exit codes: 0 no violations, 1 violations, 2 a file that cannot be read.`,
    )
    .action((files: string[], options: VerifyOptions) =>
      run(() => runVerify(files, options), options.json === true ? 'verify' : undefined),
    );

  return program;
}

/** A survey round's year as the edition schema takes it (src/model/schema.ts): four digits, 2000 to 2100. */
function parseYear(value: string): number {
  const year = Number(value);
  if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100) {
    throw new InvalidArgumentError('expected a four-digit year from 2000 to 2100, such as 2026');
  }
  return year;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port, 0–65535');
  return port;
}

/**
 * Runs a command and sets the exit code: the command's own, or 2 for a `RunError` (usage or environment), whose
 * message is the one line the user reads. With --json, stdout still gets one JSON object. Any other error is a bug
 * and surfaces with its stack.
 */
async function run(command: () => number | Promise<number>, json?: JsonCommand): Promise<void> {
  try {
    process.exitCode = await command();
  } catch (error) {
    if (!(error instanceof RunError)) throw error;
    if (json !== undefined) printJson(json, error.exitCode, { error: error.message });
    process.stderr.write(`kompendium: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}

/** The command whose JSON output the arguments ask for (`--json`, or diff's `--format json`), if any. */
function jsonCommandOf(args: readonly string[]): JsonCommand | undefined {
  const [name] = args;
  const asked =
    args.includes('--json') ||
    args.some((arg, i) => (arg === '--format' || arg === '-f') && args[i + 1] === 'json') ||
    args.includes('--format=json');
  const commands: readonly string[] = ['build', 'check', 'diff', 'verify'] satisfies JsonCommand[];
  return asked && name !== undefined && commands.includes(name) ? (name as JsonCommand) : undefined;
}

/** Entry point: runs the command line and sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Exiting runs the 'exit' handlers that kill Chromium and remove its profile folder.
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
  // A reader that stops reading (`kompendium verify … | head`) closes the pipe: the report is not wanted any more,
  // which is no error of kompendium's. Any other failure to write stdout is one.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const program = createProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    process.exitCode = exitCodes.usageOrEnvironment;
    return;
  }
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      const isHelpOrVersion = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      process.exitCode = isHelpOrVersion ? exitCodes.ok : exitCodes.usageOrEnvironment;
      // A script that asked for JSON gets its one object even for a call commander refused (the message went to
      // stderr already).
      const command = jsonCommandOf(argv.slice(2));
      if (!isHelpOrVersion && command !== undefined) {
        printJson(command, exitCodes.usageOrEnvironment, { error: error.message.replace(/^error: /, '') });
      }
      return;
    }
    throw error;
  }
}
