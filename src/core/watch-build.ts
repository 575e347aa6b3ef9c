/**
 * `kompendium build --watch`: one process and one browser for a build after every save. The first round builds as
 * `kompendium build` does; after it the folders the outputs are made from (entries, templates, styles) are watched,
 * and each burst of changes starts another round. A round is the same pipeline as a cold build (src/core/build.ts)
 * with the caches in the output folder, so its PDFs are the bytes a cold build of the same files writes; what it
 * saves is the start: Node, the modules, Chromium's launch and its pages made ready.
 *
 * Rounds run one at a time. Changes saved while one runs are gathered, and one more round follows that reads the
 * files as they are then: the newest save always gets built. A round whose entries have errors writes nothing, so
 * the previous PDFs stay.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RunError } from '../diagnostics/run-errors.ts';
import { sourceFolders, type BuildConfig } from '../model/config.ts';
import type { Renderer } from '../stages/5-paginate/paginate.ts';
import { watchFolders, type FolderWatch } from '../files/watch-folders.ts';
import { buildEdition, type BuildOptions, type BuildResult } from './build.ts';
import { openBuildRenderer } from './renderer-session.ts';

/** What one round did: why it ran, its result or the error that stopped it, and how long it took. */
export type WatchRound = {
  /** "start", or the changed files relative to the display root. */
  reason: string;
  seconds: number;
} & (
  | { result: BuildResult }
  /** An error that stopped the round (an output folder that cannot be written, say): the next save tries again. */
  | { error: unknown }
);

export interface WatchOptions extends Omit<BuildOptions, 'renderer'> {
  /** Called after every round, the first included. */
  onRound: (round: WatchRound) => void;
}

export interface RunningWatch {
  /** Stops watching, waits for a running round, closes the browser. */
  close: () => Promise<void>;
}

/** Builds once, then after every change. Throws when Chromium cannot be started or the first build is refused. */
export async function startWatchBuild(config: BuildConfig, options: WatchOptions): Promise<RunningWatch> {
  const renderer = await openBuildRenderer(config);
  const { onRound, ...buildOptions } = options;
  const first = await runRound(config, renderer, buildOptions, 'start');
  // A call that cannot build at all (no entries folder, an unknown brochure, another edition's outputs in the
  // folder) is refused as `build` refuses it; later rounds that fail so are reported and the watch goes on.
  if ('error' in first && first.error instanceof RunError) {
    await renderer.close();
    throw first.error;
  }
  onRound(first);
  const rounds = new RoundQueue((reason) => runRound(config, renderer, buildOptions, reason).then(onRound));

  let watch: FolderWatch;
  try {
    watch = watchFolders(sourceFolders(config), (files) => {
      const changed = files.filter((file) => !isInside(file, config.outDir));
      if (changed.length > 0) void rounds.request(describeChanges(changed, config.displayRoot));
    });
  } catch (error) {
    await renderer.close();
    throw error;
  }
  return {
    close: async () => {
      watch.close();
      await rounds.settled();
      await renderer.close();
    },
  };
}

async function runRound(
  config: BuildConfig,
  renderer: Renderer,
  options: Omit<BuildOptions, 'renderer'>,
  reason: string,
): Promise<WatchRound> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  try {
    renderer.startBuild(options.cache !== false);
    const result = await buildEdition(config, { ...options, renderer });
    return { reason, result, seconds: seconds() };
  } catch (error) {
    return { reason, error, seconds: seconds() };
  }
}

/**
 * One round at a time, and none lost: reasons given while a round runs wait, and all of them start one round
 * after it (that round reads the files as they are then, so the newest save wins).
 */
class RoundQueue {
  #waiting: string[] = [];
  #running: Promise<void> | undefined;

  constructor(private readonly round: (reason: string) => Promise<void>) {}

  request(reasons: readonly string[]): Promise<void> {
    for (const reason of reasons) if (!this.#waiting.includes(reason)) this.#waiting.push(reason);
    this.#running ??= this.#drain();
    return this.#running;
  }

  settled(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const reasons = this.#waiting.splice(0);
      await this.round(reasons.length === 1 ? (reasons[0] ?? '') : `${String(reasons.length)} files`);
    }
    this.#running = undefined;
  }
}

/**
 * The changed files as a round names them: those that exist, relative to the display root. An editor's temporary
 * file (sed -i's, one saved through and renamed) is gone by then; a removed entry is named as removed.
 */
function describeChanges(files: readonly string[], displayRoot: string): string[] {
  const existing = files.filter((file) => existsSync(file));
  const named = (file: string): string => path.relative(displayRoot, file);
  if (existing.length > 0) return existing.map(named);
  const removed = files.filter((file) => /\.(md|hbs|css)$/.test(file)).map((file) => `${named(file)} removed`);
  return removed.length > 0 ? removed : ['files removed'];
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
