/**
 * `kompendium build` and `kompendium check`: options → configuration → the pipeline (src/build.ts) → what is
 * printed → exit code.
 */
import path from 'node:path';
import type { ProgressReporter } from '../core/batch.ts';
import { buildEdition, checkEdition, strictness, type BuildOptions as PipelineOptions } from '../core/build.ts';
import { strictDiagnostics } from '../diagnostics/report.ts';
import type { BuildRequest } from '../core/targets.ts';
import { exitCodes } from '../diagnostics/run-errors.ts';
import { resolveConfig, type BuildConfig } from '../model/config.ts';
import { printDiagnostics, printJson } from './terminal.ts';

export interface CommonOptions {
  entries?: string;
  json?: boolean;
  strict?: boolean;
}

export interface BuildOptions extends CommonOptions {
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
  print?: boolean;
  watch?: boolean;
}

/** What the build flags ask for: the edition, a selection, named brochures, or everything. */
export function buildRequest(options: BuildOptions): BuildRequest {
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

/** The seconds per stage, after the build's own report; the steps of pagination stand indented under it. */
export function printTimings(timings: Record<string, number>): void {
  const rows = Object.entries(timings).map(([stage, s]) => {
    const label = stage.startsWith('paginate: ') ? `  ${stage.slice('paginate: '.length)}` : stage;
    return `  ${label.padEnd(15)}${s.toFixed(2)} s`;
  });
  process.stderr.write(`Time per stage (all outputs):\n${rows.join('\n')}\n`);
}

export async function runCheck(options: CommonOptions): Promise<number> {
  const config = resolveConfig({
    entries: options.entries,
    cwd: process.cwd(),
  });
  const checked = await checkEdition(config);
  const strict = strictness(checked.edition, options.strict);
  const diagnostics = strict === undefined ? checked.diagnostics : strictDiagnostics(checked.diagnostics, strict);
  const exitCode = diagnostics.some((d) => d.severity === 'error') ? exitCodes.entryProblems : exitCodes.ok;
  // `outputs` stays empty: check writes nothing.
  if (options.json === true) printJson('check', exitCode, { diagnostics });
  else printDiagnostics(diagnostics, 'No problems found.');
  return exitCode;
}

/** The configuration a build's flags give, relative to the working folder. */
export function buildConfigOf(options: BuildOptions): BuildConfig {
  return resolveConfig({
    entries: options.entries,
    out: options.out,
    timeoutSeconds: options.timeout,
    cwd: process.cwd(),
  });
}

/** What the pipeline is asked to do by the build's flags; progress lines go to `progress` when given. */
export function pipelineOptionsOf(options: BuildOptions, progress?: ProgressReporter): PipelineOptions {
  return {
    request: buildRequest(options),
    cache: options.cache !== false,
    print: options.print === true,
    strict: options.strict === true,
    ...(options.html === undefined ? {} : { htmlDir: path.resolve(options.html) }),
    ...(progress === undefined ? {} : { progress }),
  };
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const config = buildConfigOf(options);
  // Progress goes to stderr, on a terminal or off it (a CI log gets a line per output); with --json stdout carries
  // the one object and stderr stays quiet.
  const showProgress = options.json !== true;
  const result = await buildEdition(
    config,
    pipelineOptionsOf(options, showProgress ? (line: string) => void process.stderr.write(`${line}\n`) : undefined),
  );
  const outputs = result.outputs.map((output) => ({
    name: output.name,
    path: path.relative(process.cwd(), output.path),
    pages: output.pages,
    cached: output.cached,
    ...(output.sections === undefined ? {} : { sections: output.sections }),
  }));
  const failed = result.failures.length > 0 || result.diagnostics.some((d) => d.severity === 'error');
  // An output that failed for a reason outside the entries (its render timed out) makes it an environment error.
  const environment = result.failures.some((failure) => failure.environment === true);
  const exitCode = environment
    ? exitCodes.usageOrEnvironment
    : failed || outputs.length === 0
      ? exitCodes.entryProblems
      : exitCodes.ok;
  if (options.json === true) {
    const withMaps = outputs.map((output, i) => ({ ...output, pageMap: result.outputs[i]?.pageMap }));
    printJson('build', exitCode, {
      outputs: withMaps,
      diagnostics: result.diagnostics,
      failures: result.failures,
      ...(options.timings === true ? { timings: result.timings.toJSON() } : {}),
    });
    return exitCode;
  }
  printDiagnostics(result.diagnostics, '');
  for (const failure of result.failures)
    process.stderr.write(`kompendium: ${failure.name} failed: ${failure.message}\n`);
  // On a terminal the progress lines have named every output already; a script reading stdout gets them here.
  const progressShowedThem = process.stdout.isTTY && process.stderr.isTTY;
  if (!progressShowedThem) {
    for (const output of outputs) process.stdout.write(`${output.path}  ${String(output.pages)} pages\n`);
  }
  if (options.timings === true) printTimings(result.timings.toJSON());
  return exitCode;
}
