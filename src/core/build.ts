/**
 * The pipeline, top to bottom: load entries → validate → choose the outputs (the edition, a selection, named
 * brochures) → for each output: render Markdown → compose with templates → paginate → post-process → write
 * (src/core/build-document.ts, two outputs at a time: src/core/batch.ts). Problems in entries are collected on
 * their files; if validation finds an error nothing is rendered, so all problems are reported at once and nothing
 * is written.
 */
import path from 'node:path';
import { keepParsedTrees, openEntryCache, type EntryCache } from '../cache/entry-cache.ts';
import { recordedEdition } from '../cache/output-cache.ts';
import { cacheDir, cacheParts, removeUnusedRecords } from '../cache/store.ts';
import { removeLeftoverTemporaries } from '../files/atomic-write.ts';
import { OutputError } from '../diagnostics/run-errors.ts';
import { collectDiagnostics, formatDiagnostic, strictDiagnostics, type Diagnostic } from '../diagnostics/report.ts';
import type { BuildConfig } from '../model/config.ts';
import { StageTimings } from '../model/stage-timings.ts';
import type { Edition } from '../model/types.ts';
import { loadEntries } from '../stages/1-load/load-entries.ts';
import { validateEntries } from '../stages/2-validate/validate-entries.ts';
import type { Renderer } from '../stages/5-paginate/paginate.ts';
import { buildTargets, type BuildFailure, type BuildOutput, type ProgressReporter } from './batch.ts';
import { withRenderer } from './renderer-session.ts';
import type { BuildTarget } from './build-document.ts';
import { editionOutputName, printTarget, resolveTargets, type BuildRequest } from './targets.ts';

export interface BuildResult {
  outputs: BuildOutput[];
  failures: BuildFailure[];
  diagnostics: Diagnostic[];
  /** Seconds per stage, summed over all outputs. */
  timings: StageTimings;
}

export interface BuildOptions {
  request?: BuildRequest;
  /** A renderer to share one browser between builds; by default one is opened and closed again. */
  renderer?: Renderer;
  progress?: ProgressReporter;
  cache?: boolean;
  /** Also write each output's composed HTML, with its assets, into this folder. */
  htmlDir?: string;
  /** Write the print-shop variant of each output (`<name>-print.pdf`) instead of the screen PDF. */
  print?: boolean;
  /** Every warning stops the build, as it does for an edition marked `status: final`. */
  strict?: boolean;
}

/** Why warnings are errors for this edition, or undefined when they are not. */
export function strictness(edition: Edition | undefined, strict: boolean | undefined): string | undefined {
  if (strict === true) return '--strict';
  return edition?.edition.data.status === 'final' ? 'the edition is marked status: final' : undefined;
}

/** Loads and validates the edition without rendering anything (`kompendium check`). */
export async function checkEdition(
  config: Pick<BuildConfig, 'entriesDir' | 'displayRoot'>,
  timings: StageTimings = new StageTimings(),
  entryCache?: EntryCache,
): Promise<{ edition: Edition | undefined; diagnostics: Diagnostic[] }> {
  const loaded = await timings.time('load', () => loadEntries({ ...config, entryCache }));
  const { edition } = await timings.time('validate', () => validateEntries(loaded));
  return { edition, diagnostics: collectDiagnostics(loaded.map((entry) => entry.file)) };
}

/** Builds the requested outputs into `config.outDir` (finding Chromium may throw an EnvironmentError). */
export async function buildEdition(config: BuildConfig, options: BuildOptions = {}): Promise<BuildResult> {
  const progress = options.progress ?? (() => undefined);
  const timings = new StageTimings();
  return withRenderer(config, options.renderer, async (renderer) => {
    // What a killed build left half written in the output folder and its caches goes first.
    await removeLeftoverTemporaries([
      config.outDir,
      cacheDir(config.outDir),
      ...cacheParts.map((part) => cacheDir(config.outDir, part)),
    ]);
    const entryCache = options.cache === false ? undefined : await openEntryCache(config.outDir);
    const checked = await checkEdition(config, timings, entryCache);
    const { edition } = checked;
    const strict = strictness(edition, options.strict);
    const diagnostics = strict === undefined ? checked.diagnostics : strictDiagnostics(checked.diagnostics, strict);
    if (edition === undefined || diagnostics.some((d) => d.severity === 'error')) {
      return { outputs: [], failures: [], diagnostics, timings };
    }
    const requested = resolveTargets(edition, options.request ?? { kind: 'edition' });
    const targets = options.print === true ? requested.map(printTarget) : requested;
    await refuseOtherEditionsOutputs(config, targets);
    progress(`${String(edition.cards.length)} cards checked; building ${String(targets.length)} output(s)`);
    const batch = await buildTargets(targets, config, renderer, {
      cache: options.cache !== false,
      htmlDir: options.htmlDir,
      timings,
      progress,
    });
    // Only a build that wrote something keeps what it parsed and clears out what no build used for long: one
    // that failed leaves the output folder alone.
    if (batch.outputs.length > 0) {
      if (entryCache !== undefined) await keepParsedTrees(entryCache);
      await removeUnusedRecords(config.outDir);
    }
    const documentDiagnostics = uniqueDiagnostics(collectDiagnostics(batch.files));
    return { ...batch, timings, diagnostics: [...diagnostics, ...documentDiagnostics] };
  });
}

/**
 * Two survey rounds built into one output folder must not replace each other's files: an output whose record says it
 * was built from another edition stops the build before anything is rendered (exit 2, nothing written).
 */
async function refuseOtherEditionsOutputs(
  config: Pick<BuildConfig, 'outDir' | 'displayRoot'>,
  targets: readonly BuildTarget[],
): Promise<void> {
  for (const target of targets) {
    const owner = await recordedEdition(config.outDir, target.name);
    const edition = editionOutputName(target.edition);
    if (owner === undefined || owner === edition) continue;
    throw new OutputError(
      `${path.relative(config.displayRoot, path.join(config.outDir, `${target.name}.pdf`))} was built from another edition ("${owner}"; this one is "${edition}"), and would be replaced. Build into another folder with --out, or give the output another name (the brochure's id in brochures.md, \`output\` in edition.md)`,
    );
  }
}

/**
 * Templates are shared by all outputs of a run, and each output reports their problems: each diagnostic once. (Layout
 * problems of an entry differ per output: they name the output's PDF.)
 */
function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...new Map(diagnostics.map((diagnostic) => [formatDiagnostic(diagnostic), diagnostic])).values()];
}
