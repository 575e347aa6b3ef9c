/**
 * The command line: arguments → options → build or check → report → exit code. This is the only module that
 * touches process.argv, stdout/stderr and the exit code.
 * Exit codes: 0 success, 1 problems in the entries, 2 usage or environment error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EnvironmentError } from './browser/chromium.ts';
import { buildEdition, checkEdition } from './build.ts';
import { projectRoot, resolveConfig } from './config.ts';
import { formatDiagnostic, summariseDiagnostics, type Diagnostic } from './diagnostics/report.ts';
import { entryJsonSchema } from './schema.ts';
import { RenderTimeoutError } from './stages/paginate.ts';

const exitCodes = { ok: 0, entryProblems: 1, usageOrEnvironment: 2 } as const;

interface CommonOptions {
  entries?: string;
  json?: boolean;
}

interface BuildOptions extends CommonOptions {
  out?: string;
  timeout?: number;
}

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a number of seconds > 0');
  return seconds;
}

function createProgram(): Command {
  const program = new Command('kompendium')
    .description(
      'Print compiler for the SGB II report "Handlungsansätze zur Unterstützung und Förderung von\n' +
        'Langzeitleistungsbeziehenden im SGB II": turns Markdown entries (TEIL 1, the cards of TEIL 2, the\n' +
        'register of index terms) into a paginated A4 PDF with Paged.js in Chromium.',
    )
    .version(readVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText(
      'after',
      `
Examples:
  kompendium build                      build entries/ into out/<name>.pdf and out/<name>.json
  kompendium build --entries my-round/  build another edition folder
  kompendium check                      validate entries/ without rendering
  kompendium check --json               diagnostics as JSON (for editors and CI)
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
    .action(async (options: BuildOptions) => {
      process.exitCode = await runBuild(options);
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
    .command('schema')
    .description('print the JSON Schema of entry front matter (the one src/entry.schema.json holds for editors)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(entryJsonSchema(), null, 2)}\n`);
    });

  return program;
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
    const result = await buildEdition(
      config,
      showProgress
        ? {
            progress: (line) =>
              void process.stderr.write(`${line}
`),
          }
        : {},
    );
    const outputs = result.outputs.map((output) => ({
      path: path.relative(process.cwd(), output.path),
      pages: output.pages,
    }));
    if (options.json === true) printJson({ outputs, diagnostics: result.diagnostics });
    else {
      printDiagnostics(result.diagnostics, '');
      for (const output of outputs) process.stdout.write(`${output.path}  ${String(output.pages)} pages\n`);
    }
    return result.outputs.length > 0 ? exitCodes.ok : exitCodes.entryProblems;
  } catch (error) {
    if (error instanceof EnvironmentError || error instanceof RenderTimeoutError) {
      if (options.json === true) printJson({ outputs: [], diagnostics: [], error: error.message });
      process.stderr.write(`kompendium: ${error.message}\n`);
      return exitCodes.usageOrEnvironment;
    }
    throw error;
  }
}

function printJson(value: { outputs: unknown[]; diagnostics: Diagnostic[]; error?: string }): void {
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
