/**
 * `kompendium build` and `kompendium check`: options → configuration → the pipeline (src/build.ts) → what is
 * printed → exit code.
 */
import path from 'node:path';
import { buildEdition, checkEdition } from '../core/build.ts';
import type { BuildRequest } from '../core/targets.ts';
import { exitCodes } from '../diagnostics/run-errors.ts';
import { resolveConfig } from '../model/config.ts';
import { printDiagnostics, printJson } from './terminal.ts';

export interface CommonOptions {
  entries?: string;
  json?: boolean;
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

export async function runCheck(options: CommonOptions): Promise<number> {
  const config = resolveConfig({
    entries: options.entries,
    cwd: process.cwd(),
  });
  const { diagnostics } = await checkEdition(config);
  if (options.json === true) printJson({ outputs: [], diagnostics });
  else printDiagnostics(diagnostics, 'No problems found.');
  return diagnostics.some((d) => d.severity === 'error') ? exitCodes.entryProblems : exitCodes.ok;
}

export async function runBuild(options: BuildOptions): Promise<number> {
  const config = resolveConfig({
    entries: options.entries,
    out: options.out,
    timeoutSeconds: options.timeout,
    cwd: process.cwd(),
  });
  const showProgress = options.json !== true && process.stderr.isTTY;
  const result = await buildEdition(config, {
    request: buildRequest(options),
    cache: options.cache !== false,
    print: options.print === true,
    ...(options.html === undefined ? {} : { htmlDir: path.resolve(options.html) }),
    ...(showProgress ? { progress: (line: string) => void process.stderr.write(`${line}\n`) } : {}),
  });
  const outputs = result.outputs.map((output) => ({
    name: output.name,
    path: path.relative(process.cwd(), output.path),
    pages: output.pages,
    cached: output.cached,
    ...(output.sections === undefined ? {} : { sections: output.sections }),
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
    // The steps of pagination stand indented under it.
    const rows = Object.entries(result.timings.toJSON()).map(([stage, s]) => {
      const label = stage.startsWith('paginate: ') ? `  ${stage.slice('paginate: '.length)}` : stage;
      return `  ${label.padEnd(15)}${s.toFixed(2)} s`;
    });
    process.stderr.write(`Time per stage (all outputs):\n${rows.join('\n')}\n`);
  } else {
    printDiagnostics(result.diagnostics, '');
    for (const failure of result.failures)
      process.stderr.write(`kompendium: ${failure.name} failed: ${failure.message}\n`);
    for (const output of outputs) process.stdout.write(`${output.path}  ${String(output.pages)} pages\n`);
  }
  const failed = result.failures.length > 0 || result.diagnostics.some((d) => d.severity === 'error');
  return failed || outputs.length === 0 ? exitCodes.entryProblems : exitCodes.ok;
}
