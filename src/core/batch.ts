/**
 * The outputs of one build, side by side: one browser renders two at a time (the machines have two cores), while
 * the Node-side work of composing them runs one at a time, in the order asked for. One output that fails is
 * reported with its name and does not stop the others; an output folder that cannot be written, or a browser that
 * is missing, stops the batch (no other output could succeed).
 */
import path from 'node:path';
import type { VFile } from 'vfile';
import { EnvironmentError, OutputError } from '../diagnostics/run-errors.ts';
import type { BuildConfig } from '../model/config.ts';
import type { StageTimings } from '../model/stage-timings.ts';
import type { Renderer } from '../stages/5-paginate/paginate.ts';
import { buildDocument, type BuildTarget, type DocumentResult, type InTurn } from './build-document.ts';

export interface BuildOutput {
  /** The output's name (edition output name or brochure id). */
  name: string;
  /** The PDF's path. */
  path: string;
  pages: number;
  pageMap: NonNullable<DocumentResult['output']>['pageMap'];
  /** True when the PDF in the output folder was already up to date and was not rendered again. */
  cached: boolean;
  /** For a rendered PDF: its sections, how many had to be laid out (the others were known), how many in a helper page. */
  sections?: { total: number; laidOut: number; inHelper: number };
}

export interface BuildFailure {
  name: string;
  message: string;
  /** The cause lies outside the entries (a render that timed out, Chromium that stopped): exit 2, not 1. */
  environment?: true;
}

/** Progress callback: one short line per step or output, for a terminal. */
export type ProgressReporter = (message: string) => void;

export interface BatchOptions {
  cache: boolean;
  htmlDir: string | undefined;
  timings: StageTimings;
  progress: ProgressReporter;
}

/** Builds every target; outputs keep the targets' order. */
export async function buildTargets(
  targets: readonly BuildTarget[],
  config: BuildConfig,
  renderer: Promise<Renderer>,
  options: BatchOptions,
): Promise<{ outputs: BuildOutput[]; failures: BuildFailure[]; files: VFile[] }> {
  const outputs: (BuildOutput | undefined)[] = [];
  const failures: BuildFailure[] = [];
  const files: VFile[] = [];
  const inTurn = oneAtATime();
  const fail = (name: string, message: string, environment = false): void => {
    failures.push({ name, message, ...(environment ? { environment: true as const } : {}) });
    options.progress(`✗ ${name}: ${message}`);
  };
  await runTwoAtATime(targets, async (target, index) => {
    try {
      const result = await buildDocument(target, config, renderer, { ...options, inTurn });
      files.push(...result.files);
      if (result.output === undefined) {
        fail(target.name, 'the document has problems (see the diagnostics)');
        return;
      }
      const output = { name: target.name, ...result.output };
      outputs[index] = output;
      options.progress(progressLine(output, config.displayRoot));
    } catch (error) {
      if (error instanceof OutputError || error instanceof EnvironmentError) throw error;
      // Not an entry's fault: a render that timed out, a browser that stopped.
      fail(target.name, error instanceof Error ? error.message : String(error), true);
    }
  });
  return { outputs: outputs.filter((output) => output !== undefined), failures, files };
}

/** "✓ out/x.pdf  7 pages (3 of 9 sections known)": what became of one output. */
function progressLine(output: BuildOutput, displayRoot: string): string {
  const { sections } = output;
  const known = sections === undefined ? 0 : sections.total - sections.laidOut;
  const note = output.cached
    ? ' (unchanged)'
    : known > 0 && sections !== undefined
      ? ` (${String(known)} of ${String(sections.total)} sections known)`
      : '';
  return `✓ ${path.relative(displayRoot, output.path)}  ${String(output.pages)} pages${note}`;
}

/** Runs tasks one after another, in the order they were asked for (a task that fails does not stop the next). */
function oneAtATime(): InTurn {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const turn = last.then(work, work);
    last = turn.catch(() => undefined);
    return turn;
  };
}

/** Runs the work for every item with at most two at a time: the machines have two cores. */
async function runTwoAtATime<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) await work(item, index);
    }
  };
  await Promise.all([lane(), lane()]);
}
