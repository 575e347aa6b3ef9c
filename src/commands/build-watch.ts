/**
 * `kompendium build --watch`: the build's flags, a first build, then a build after every save (src/core/watch-build.ts)
 * until Ctrl-C. Each round prints what `build` prints (a line per output, the problems as `check` prints them)
 * and one line of its own: what changed, and how long the round took.
 */
import path from 'node:path';
import { startWatchBuild, type WatchRound } from '../core/watch-build.ts';
import { exitCodes, RunError } from '../diagnostics/run-errors.ts';
import { summariseDiagnostics } from '../diagnostics/report.ts';
import { sourceFolders } from '../model/config.ts';
import { buildConfigOf, pipelineOptionsOf, printTimings, type BuildOptions } from './build.ts';
import { printDiagnostics } from './terminal.ts';

const say = (line: string): void => void process.stderr.write(`${line}\n`);

export async function runWatchBuild(options: BuildOptions): Promise<number> {
  const config = buildConfigOf(options);
  await startWatchBuild(config, {
    ...pipelineOptionsOf(options, say),
    onRound: (round) => {
      reportRound(round, options.timings === true);
    },
  });
  const folders = sourceFolders(config).map((folder) => `${path.relative(config.displayRoot, folder) || '.'}/`);
  say(`Watching ${folders.join(', ')}: every save builds again. Ctrl-C stops.`);
  // The watch keeps the process alive; Ctrl-C ends it (the CLI's signal handler closes Chromium and removes any
  // file half written).
  return exitCodes.ok;
}

function reportRound(round: WatchRound, timings: boolean): void {
  const seconds = `${round.seconds.toFixed(2)} s`;
  if ('error' in round) {
    // A RunError's message is the line to read (as `build` prints it); anything else is a bug: its stack, and the
    // watch goes on with the next save.
    const { error } = round;
    const message =
      error instanceof RunError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : 'unknown error';
    say(`kompendium: ${message}`);
    say(`✗ ${round.reason}: not built (${seconds}); the previous PDFs are kept`);
    return;
  }
  const { result } = round;
  printDiagnostics(result.diagnostics, '');
  for (const failure of result.failures) say(`kompendium: ${failure.name} failed: ${failure.message}`);
  if (timings) printTimings(result.timings.toJSON());
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0 || result.outputs.length === 0) {
    const why = errors > 0 ? summariseDiagnostics(result.diagnostics) : 'no output';
    say(`✗ ${round.reason}: not built (${why}; ${seconds}); the previous PDFs are kept`);
    return;
  }
  const written = result.outputs.filter((output) => !output.cached).length;
  const what =
    written === 0 ? 'no PDF changed' : `${String(written)} of ${String(result.outputs.length)} PDF(s) written`;
  say(`✓ ${round.reason}: ${what} (${seconds})`);
}
