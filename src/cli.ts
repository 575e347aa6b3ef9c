/**
 * The command line: arguments → options → build or check → report → exit code. This is the only module that
 * touches process.argv, stdout/stderr and the exit code.
 * Exit codes: 0 success, 1 problems in the entries, 2 usage or environment error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EnvironmentError } from './browser/chromium.ts';
import { buildEdition, checkEdition, SelectionError, type BuildRequest } from './build.ts';
import { kompendiumVersion, resolveConfig } from './config.ts';
import { collectDiagnostics, formatDiagnostic, summariseDiagnostics, type Diagnostic } from './diagnostics/report.ts';
import { buildDocument } from './build-document.ts';
import { findChromium } from './browser/chromium.ts';
import {
  comparePageMaps,
  diffEditions,
  hasDifferences,
  type EditionDiff,
  type PageChanges,
} from './features/diff-editions.ts';
import { renderRedline } from './features/redline.ts';
import { openRenderer } from './stages/paginate.ts';
import { formatDiff, type DiffFormat } from './features/diff-report.ts';
import { cardVariants, type CardVariant } from './forms.ts';
import { parseLand } from './features/select-subset.ts';
import { newCard, newEdition, placeholder } from './scaffold.ts';
import { entryJsonSchema } from './schema.ts';
import { EditionSourceError, openEditionSource, type EditionSource } from './stages/edition-source.ts';
import type { Edition, PageMap } from './types.ts';
import { RenderTimeoutError } from './stages/paginate.ts';
import { OutputError } from './stages/write-outputs.ts';
import { PreviewStartError, runPreviewCommand } from './preview/preview-command.ts';

const exitCodes = { ok: 0, entryProblems: 1, usageOrEnvironment: 2 } as const;

interface CommonOptions {
  entries?: string;
  json?: boolean;
}

interface BuildOptions extends CommonOptions {
  out?: string;
  timeout?: number;
  land?: string[];
  traeger?: string[];
  term?: string[];
  cards?: string[];
  teil1?: boolean;
  brochure?: string[];
  all?: boolean;
  cache?: boolean;
  html?: string;
  timings?: boolean;
}

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

/** What the build flags ask for: the edition, a selection, named brochures, or everything. */
function buildRequest(options: BuildOptions): BuildRequest {
  if (options.all === true) return { kind: 'all' };
  if (options.brochure !== undefined) return { kind: 'brochures', ids: options.brochure };
  const input = {
    land: options.land,
    traeger: options.traeger,
    terms: options.term,
    cards: options.cards,
    teil1: options.teil1,
  };
  const isSelection = [input.land, input.traeger, input.terms, input.cards].some((values) => values !== undefined);
  return isSelection || options.teil1 === false ? { kind: 'selection', input } : { kind: 'edition' };
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a number of seconds > 0');
  return seconds;
}

interface PreviewOptions extends Omit<BuildOptions, 'brochure'> {
  port: number;
  open?: boolean;
  brochure?: string;
}

interface DiffCliOptions {
  format: DiffFormat;
  renames: boolean;
  renameThreshold: number;
  pdf?: string;
  onlyChanged?: boolean;
  pages?: boolean;
  timeout: number;
}

function parseRatio(value: string): number {
  const ratio = Number(value);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new InvalidArgumentError('expected a number from 0 to 1');
  return ratio;
}

async function runDiff(oldSpec: string, newSpec: string, options: DiffCliOptions): Promise<number> {
  const sources: EditionSource[] = [];
  try {
    for (const spec of [oldSpec, newSpec]) sources.push(openEditionSource(spec, process.cwd()));
    const editions: Edition[] = [];
    for (const source of sources) {
      const { edition, diagnostics } = await checkEdition({ entriesDir: source.dir, displayRoot: process.cwd() });
      if (edition === undefined || diagnostics.some((d) => d.severity === 'error')) {
        printDiagnostics(diagnostics, '');
        process.stderr.write(`kompendium: ${source.label} is not a valid edition (see above)\n`);
        return exitCodes.usageOrEnvironment;
      }
      editions.push(edition);
    }
    const [before, after] = editions as [Edition, Edition];
    const diff = diffEditions(before, after, {
      oldLabel: sources[0]?.label ?? oldSpec,
      newLabel: sources[1]?.label ?? newSpec,
      renames: options.renames,
      renameThreshold: options.renameThreshold,
    });
    if (options.pages === true) diff.pages = await comparePrintedPages(diff, before, after, options.timeout);
    const titles = new Map([...before.cards, ...after.cards].map((card) => [card.data.id, card.data.title]));
    const color = options.format === 'text' && process.stdout.isTTY && process.env.NO_COLOR === undefined;
    process.stdout.write(formatDiff(diff, options.format, { titles, color }));
    if (options.pdf !== undefined) {
      const written = await writeRedlinePdf(diff, before, after, options);
      if (!written) return exitCodes.usageOrEnvironment;
    }
    return hasDifferences(diff) ? 1 : exitCodes.ok;
  } catch (error) {
    if (
      error instanceof EditionSourceError ||
      error instanceof EnvironmentError ||
      error instanceof RenderTimeoutError
    ) {
      process.stderr.write(`kompendium: ${error.message}\n`);
      return exitCodes.usageOrEnvironment;
    }
    throw error;
  } finally {
    for (const source of sources) source.cleanup();
  }
}

/** Paginates both editions (into a temporary folder) and compares their page maps. */
async function comparePrintedPages(
  diff: EditionDiff,
  before: Edition,
  after: Edition,
  timeout: number,
): Promise<PageChanges> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kompendium-pages-'));
  const config = resolveConfig({ out: scratch, timeoutSeconds: timeout, cwd: process.cwd() });
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: config.timeoutMs });
  try {
    const maps = [];
    for (const [name, edition] of [
      ['old', before],
      ['new', after],
    ] as const) {
      const data = edition.edition.data;
      const target = { name, edition, cover: { title: data.title, subtitle: data.subtitle }, pdfTitle: data.title };
      const result = await buildDocument(target, config, renderer);
      if (result.output === undefined) {
        printDiagnostics(collectDiagnostics(result.files), '');
        throw new EditionSourceError(`The ${name} edition could not be paginated (see above)`);
      }
      maps.push(result.output.pageMap);
    }
    const [oldMap, newMap] = maps as [PageMap, PageMap];
    return comparePageMaps(diff, oldMap, newMap);
  } finally {
    await renderer.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Renders NEW with every change marked into the file `--pdf` names. False (after reporting) when it failed. */
async function writeRedlinePdf(
  diff: EditionDiff,
  before: Edition,
  after: Edition,
  options: DiffCliOptions,
): Promise<boolean> {
  const file = path.resolve(options.pdf ?? 'redline.pdf');
  const config = resolveConfig({ out: path.dirname(file), timeoutSeconds: options.timeout, cwd: process.cwd() });
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: config.timeoutMs });
  try {
    const subtitle = `Änderungen gegenüber ${diff.old}`;
    const result = await buildDocument(
      {
        name: path.basename(file, '.pdf'),
        edition: after,
        cover: { title: after.edition.data.title, subtitle },
        pdfTitle: `${after.edition.data.title} – ${subtitle}`,
        render: () => renderRedline(diff, before, after, { onlyChanged: options.onlyChanged === true }),
      },
      config,
      renderer,
    );
    if (result.output === undefined) {
      printDiagnostics(collectDiagnostics(result.files), '');
      process.stderr.write(`kompendium: the redline PDF was not written (see above)\n`);
      return false;
    }
    process.stderr.write(`${path.relative(process.cwd(), result.output.path)}  ${String(result.output.pages)} pages\n`);
    return true;
  } finally {
    await renderer.close();
  }
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
  kompendium build --brochure bayern    a named brochure from entries/brochures.md
  kompendium build --all                the edition and every named brochure
  kompendium diff v2013 entries/        what changed since the tag v2013 (also: --format md|html|json)
  kompendium preview                    live preview on http://127.0.0.1:4100/, rebuilt on every save
  kompendium preview --brochure bayern  live preview of a brochure
  kompendium check                      validate entries/ without rendering
  kompendium check --json               diagnostics as JSON (for editors and CI)
  kompendium new card --variant massnahme --land BY --title "Neues Projekt"
  kompendium new edition round-2026/ --from entries/
  kompendium schema > src/entry.schema.json   refresh the editors' JSON Schema

Exit codes: 0 success, 1 problems in the entries, 2 usage or environment error (e.g. no Chromium).
Chromium is taken from PUPPETEER_EXECUTABLE_PATH or CHROME_PATH, else /usr/bin/chromium.`,
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const entriesOption = new Option('-e, --entries <dir>', "folder with the edition's entry files").default('entries/');
  const jsonOption = new Option('--json', 'print one JSON object on stdout: {"outputs":[…],"diagnostics":[…]}');

  program
    .command('build')
    .description('validate the entries and write the paginated PDF and its page map into the output folder')
    .addOption(entriesOption)
    .addOption(new Option('-o, --out <dir>', 'output folder').default('out/'))
    .addOption(jsonOption)
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
      new Option('--html <dir>', 'also write each composed HTML document, with its styles and fonts, into <dir>'),
    )
    .addOption(new Option('--timings', 'report the time spent per stage (load, validate, render, compose, paginate …)'))
    .addOption(
      new Option('--brochure <id>', 'build a named brochure from entries/brochures.md (repeatable)').argParser(collect),
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
Output names: the edition's \`output\`, the brochure id, or one made from the filters (auswahl-by-zkt).`,
    )
    .action(async (options: BuildOptions) => {
      process.exitCode = await runBuild(options);
    });

  program
    .command('preview')
    .description('serve the document on 127.0.0.1, paginated in the browser as in the PDF, rebuilt on every change')
    .addOption(entriesOption)
    .addOption(
      new Option('-p, --port <port>', 'port on 127.0.0.1 (0: any free port)').default(4100).argParser(parsePort),
    )
    .addOption(new Option('--open', 'open the preview in the default browser'))
    .addOption(new Option('--brochure <id>', 'preview a named brochure from entries/brochures.md'))
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
    .action(async (options: PreviewOptions) => {
      process.exitCode = await runPreview(options);
    });

  program
    .command('check')
    .description('validate the entries and report every problem with file:line:column; writes nothing')
    .addOption(entriesOption)
    .addOption(jsonOption)
    .action(async (options: CommonOptions) => {
      process.exitCode = await runCheck(options);
    });

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
    .action(async (oldSpec: string, newSpec: string, options: DiffCliOptions) => {
      process.exitCode = await runDiff(oldSpec, newSpec, options);
    });

  const create = program.command('new').description('start a new card or a new survey round from a correct skeleton');
  create
    .command('card')
    .description('write a new card with every field of its form, after the last card in entries/teil2/')
    .addOption(new Option('--variant <variant>', 'form variant').choices([...cardVariants]).makeOptionMandatory())
    .requiredOption('--title <title>', 'the title as it will be printed')
    .option('--land <land>', 'Bundesland: BY, DE-BY or Bayern')
    .addOption(entriesOption)
    .action((options: { variant: CardVariant; title: string; land?: string; entries: string }) => {
      const land = options.land === undefined ? undefined : parseLand(options.land);
      if (options.land !== undefined && land === undefined) {
        process.stderr.write(
          `kompendium: "${options.land}" is not a Land. Use a code (BY, DE-BY) or a name (Bayern)\n`,
        );
        process.exitCode = exitCodes.usageOrEnvironment;
        return;
      }
      const entriesDir = path.resolve(options.entries);
      const file = newCard({ entriesDir, variant: options.variant, land, title: options.title });
      process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
      process.stderr.write(`Fill in every "${placeholder}"; \`kompendium check\` lists the ones left.\n`);
    });
  create
    .command('edition')
    .description('copy an edition as the start of the next survey round, with its metadata reset')
    .argument('<dir>', 'the new edition folder')
    .requiredOption('--from <dir>', 'the edition to start from, e.g. entries/')
    .option('--year <year>', 'year of the new round', String(new Date().getFullYear()))
    .action((dir: string, options: { from: string; year: string }) => {
      try {
        newEdition({ from: path.resolve(options.from), to: path.resolve(dir), year: Number(options.year) });
      } catch (error) {
        process.stderr.write(`kompendium: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = exitCodes.usageOrEnvironment;
        return;
      }
      process.stdout.write(`${dir}\n`);
      process.stderr.write(
        `Fill in the survey round in ${path.join(dir, 'edition.md')}; \`kompendium check --entries ${dir}\` lists what is left.\n`,
      );
    });

  program
    .command('schema')
    .description('print the JSON Schema of entry front matter (the one src/entry.schema.json holds for editors)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(entryJsonSchema(), null, 2)}\n`);
    });

  return program;
}

async function runPreview(options: PreviewOptions): Promise<number> {
  const config = resolveConfig({ entries: options.entries, cwd: process.cwd() });
  const { brochure, ...filters } = options;
  const request = buildRequest(brochure === undefined ? filters : { ...filters, brochure: [brochure] });
  try {
    await runPreviewCommand({
      config,
      request,
      port: options.port,
      open: options.open === true,
      log: (line) => void process.stderr.write(`${line}\n`),
      printAddress: (url) => void process.stdout.write(`${url}\n`),
    });
  } catch (error) {
    if (error instanceof PreviewStartError || error instanceof SelectionError) {
      process.stderr.write(`kompendium: ${error.message}\n`);
      return exitCodes.usageOrEnvironment;
    }
    throw error;
  }
  // The server keeps the process alive until Ctrl-C.
  return exitCodes.ok;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port, 0–65535');
  return port;
}

async function runCheck(options: CommonOptions): Promise<number> {
  const config = resolveConfig({
    entries: options.entries,
    cwd: process.cwd(),
  });
  const { diagnostics } = await checkEdition(config);
  if (options.json === true) printJson({ outputs: [], diagnostics });
  else printDiagnostics(diagnostics, 'No problems found.');
  return diagnostics.some((d) => d.severity === 'error') ? exitCodes.entryProblems : exitCodes.ok;
}

async function runBuild(options: BuildOptions): Promise<number> {
  const config = resolveConfig({
    entries: options.entries,
    out: options.out,
    timeoutSeconds: options.timeout,
    cwd: process.cwd(),
  });
  const showProgress = options.json !== true && process.stderr.isTTY;
  try {
    const result = await buildEdition(config, {
      request: buildRequest(options),
      cache: options.cache !== false,
      ...(options.html === undefined ? {} : { htmlDir: path.resolve(options.html) }),
      ...(showProgress ? { progress: (line: string) => void process.stderr.write(`${line}\n`) } : {}),
    });
    const outputs = result.outputs.map((output) => ({
      name: output.name,
      path: path.relative(process.cwd(), output.path),
      pages: output.pages,
      cached: output.cached,
    }));
    if (options.json === true) {
      const withMaps = outputs.map((output, i) => ({ ...output, pageMap: result.outputs[i]?.pageMap }));
      printJson({
        outputs: withMaps,
        diagnostics: result.diagnostics,
        failures: result.failures,
        ...(options.timings === true ? { timings: result.timings.toJSON() } : {}),
      });
    } else if (options.timings === true) {
      const rows = Object.entries(result.timings.toJSON()).map(
        ([stage, s]) => `  ${stage.padEnd(13)}${s.toFixed(2)} s`,
      );
      process.stderr.write(`Time per stage (all outputs):\n${rows.join('\n')}\n`);
    } else {
      printDiagnostics(result.diagnostics, '');
      for (const failure of result.failures)
        process.stderr.write(`kompendium: ${failure.name} failed: ${failure.message}\n`);
      for (const output of outputs) process.stdout.write(`${output.path}  ${String(output.pages)} pages\n`);
    }
    const failed = result.failures.length > 0 || result.diagnostics.some((d) => d.severity === 'error');
    return failed || outputs.length === 0 ? exitCodes.entryProblems : exitCodes.ok;
  } catch (error) {
    if (
      error instanceof EnvironmentError ||
      error instanceof RenderTimeoutError ||
      error instanceof SelectionError ||
      error instanceof OutputError
    ) {
      if (options.json === true) printJson({ outputs: [], diagnostics: [], error: error.message });
      process.stderr.write(`kompendium: ${error.message}\n`);
      return exitCodes.usageOrEnvironment;
    }
    throw error;
  }
}

function printJson(value: {
  outputs: unknown[];
  diagnostics: Diagnostic[];
  failures?: unknown[];
  error?: string;
}): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function printDiagnostics(diagnostics: readonly Diagnostic[], whenNone: string): void {
  for (const diagnostic of diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (diagnostics.length > 0) process.stderr.write(`\n${summariseDiagnostics(diagnostics)}\n`);
  else if (whenNone !== '') process.stdout.write(`${whenNone}\n`);
}

/** Entry point: runs the command line and sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
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
      return;
    }
    throw error;
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Exiting runs the 'exit' handlers that kill Chromium and remove its profile folder.
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

await main(process.argv);
