/**
 * The pipeline, top to bottom: load entries → validate → choose the outputs (the edition, a selection, named
 * brochures) → for each: render Markdown → compose with templates → paginate → post-process → write. Problems in
 * entries are collected on their files; if validation finds an error nothing is rendered, so all problems are
 * reported at once and nothing is written. Outputs share one browser, two at a time; one that fails does not stop
 * the others.
 */
import path from 'node:path';
import { EnvironmentError, findChromium } from '../browser/chromium.ts';
import { buildDocument, type BuildTarget, type InTurn } from './build-document.ts';
import type { BuildConfig } from '../model/config.ts';
import { collectDiagnostics, type Diagnostic } from '../diagnostics/report.ts';
import {
  resolveSelection,
  selectCards,
  selectionName,
  selectSubset,
  type SelectionInput,
} from '../subset/select-subset.ts';
import { laender } from '../model/laender.ts';
import { documentLook } from '../stages/4-compose/compose-document.ts';
import { keepParsedTrees, keptEntriesDir, openEntryCache, type EntryCache } from '../cache/entry-cache.ts';
import { removeUnused } from '../cache/kept-files.ts';
import { loadEntries } from '../stages/1-load/load-entries.ts';
import { openRenderer, type Renderer } from '../stages/5-paginate/paginate.ts';
import { sectionsDir } from '../cache/section-cache.ts';
import { StageTimings } from '../model/stage-timings.ts';
import { validateEntries } from '../stages/2-validate/validate-entries.ts';
import { OutputError } from '../stages/7-write/write-outputs.ts';
import type { Edition, PageMap } from '../model/types.ts';
import type { VFile } from 'vfile';

export interface BuildOutput {
  /** The output's name (edition output name or brochure id). */
  name: string;
  /** The PDF's path. */
  path: string;
  pages: number;
  pageMap: PageMap;
  /** True when the PDF in the output folder was already up to date and was not rendered again. */
  cached: boolean;
  /** For a rendered PDF: its sections, how many had to be laid out (the others were known), how many in a helper page. */
  sections?: { total: number; laidOut: number; inHelper: number };
}

export interface BuildFailure {
  name: string;
  message: string;
}

export interface BuildResult {
  outputs: BuildOutput[];
  failures: BuildFailure[];
  diagnostics: Diagnostic[];
  /** Seconds per stage, summed over all outputs. */
  timings: StageTimings;
}

/** Which outputs to build. */
export type BuildRequest =
  | { kind: 'edition' }
  | { kind: 'selection'; input: SelectionInput }
  | { kind: 'brochures'; ids: string[] }
  | { kind: 'all' };

/** A selection or brochure id that does not fit the edition (exit code 2): the message names the valid values. */
export class SelectionError extends Error {
  override name = 'SelectionError';
}

/** Progress callback: one short line per step or output, for a terminal. */
export type ProgressReporter = (message: string) => void;

/** Loads and validates the edition without rendering anything (`kompendium check`). */
export async function checkEdition(
  config: Pick<BuildConfig, 'entriesDir' | 'displayRoot'>,
  timings: StageTimings = new StageTimings(),
  entryCache?: EntryCache,
): Promise<{
  edition: Edition | undefined;
  diagnostics: Diagnostic[];
}> {
  const loaded = await timings.time('load', () => loadEntries({ ...config, entryCache }));
  const { edition } = await timings.time('validate', () => validateEntries(loaded));
  return { edition, diagnostics: collectDiagnostics(loaded.map((entry) => entry.file)) };
}

/**
 * Builds the requested outputs into `config.outDir`. A renderer can be passed in to share one browser between
 * builds; otherwise one is opened (finding Chromium may throw an EnvironmentError) and closed again.
 */
export async function buildEdition(
  config: BuildConfig,
  options: {
    request?: BuildRequest;
    renderer?: Renderer;
    progress?: ProgressReporter;
    cache?: boolean;
    /** Also write each output's composed HTML, with its assets, into this folder. */
    htmlDir?: string;
  } = {},
): Promise<BuildResult> {
  const progress = options.progress ?? (() => undefined);
  const timings = new StageTimings();
  // Chromium starts while the entries are checked and the first documents composed (it is another process); it is
  // used only if the entries are valid.
  const ownRenderer = options.renderer === undefined;
  const rendererReady = options.renderer === undefined ? startRenderer(config) : Promise.resolve(options.renderer);
  let edition: Edition | undefined;
  let diagnostics: Diagnostic[];
  let targets: BuildTarget[];
  const entryCache = options.cache === false ? undefined : await openEntryCache(config.outDir);
  try {
    ({ edition, diagnostics } = await checkEdition(config, timings, entryCache));
    if (edition === undefined || diagnostics.some((d) => d.severity === 'error')) {
      if (ownRenderer) await closeRenderer(rendererReady);
      return { outputs: [], failures: [], diagnostics, timings };
    }
    targets = resolveTargets(edition, options.request ?? { kind: 'edition' });
  } catch (error) {
    if (ownRenderer) await closeRenderer(rendererReady);
    throw error;
  }
  progress(`${String(edition.cards.length)} cards checked; building ${String(targets.length)} output(s)`);

  const outputs: (BuildOutput | undefined)[] = [];
  const failures: BuildFailure[] = [];
  const documentFiles: VFile[] = [];
  const inTurn = oneAtATime();
  try {
    await runTwoAtATime(targets, async (target, index) => {
      try {
        const result = await buildDocument(target, config, rendererReady, {
          cache: options.cache !== false,
          htmlDir: options.htmlDir,
          timings,
          inTurn,
        });
        documentFiles.push(...result.files);
        if (result.output === undefined) {
          failures.push({ name: target.name, message: 'the document has problems (see the diagnostics)' });
          progress(`✗ ${target.name}: the document has problems`);
          return;
        }
        outputs[index] = { name: target.name, ...result.output };
        const sections = result.output.sections;
        const reused = sections === undefined ? 0 : sections.total - sections.laidOut;
        const note = result.output.cached
          ? ' (unchanged)'
          : reused > 0 && sections !== undefined
            ? ` (${String(reused)} of ${String(sections.total)} sections known)`
            : '';
        progress(
          `✓ ${path.relative(config.displayRoot, result.output.path)}  ${String(result.output.pages)} pages${note}`,
        );
      } catch (error) {
        // Nothing can be written when the output folder cannot, nothing rendered without a browser: stop the batch.
        if (error instanceof OutputError || error instanceof EnvironmentError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ name: target.name, message });
        progress(`✗ ${target.name}: ${message}`);
      }
    });
  } finally {
    if (ownRenderer) await closeRenderer(rendererReady);
  }
  // Only a build that wrote something keeps the entries it parsed, and clears out what no build used for long:
  // one that failed leaves the output folder alone.
  if (outputs.some((output) => output !== undefined)) {
    if (entryCache !== undefined) await keepParsedTrees(entryCache);
    await removeUnused([sectionsDir(config.outDir), keptEntriesDir(config.outDir)]);
  }
  return {
    outputs: outputs.filter((output): output is BuildOutput => output !== undefined),
    failures,
    timings,
    diagnostics: [...diagnostics, ...collectDiagnostics(uniqueFiles(documentFiles))],
  };
}

/**
 * Opens the renderer and makes pages ready with the stylesheets, while the entries are read; a failure (no
 * Chromium, say) surfaces where the renderer is awaited, not before.
 */
function startRenderer(config: BuildConfig): Promise<Renderer> {
  const starting = (async () => {
    const [renderer, look] = await Promise.all([
      openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: config.timeoutMs }),
      documentLook(config),
    ]);
    renderer.prepare(look);
    return renderer;
  })();
  // Awaited later, or closed unused; until then a rejection is not an unhandled one.
  starting.catch(() => undefined);
  return starting;
}

/** Closes a renderer that was started for this build (or ignores that it failed to start). */
async function closeRenderer(starting: Promise<Renderer>): Promise<void> {
  try {
    await (await starting).close();
  } catch {
    // It did not start: nothing to close, and nothing was going to be rendered.
  }
}

/** Templates are shared by all outputs of a run: report each file's problems once. */
function uniqueFiles(files: readonly VFile[]): VFile[] {
  return [...new Map(files.map((file) => [file.path, file])).values()];
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

/** The outputs a request asks for, checked against the edition. */
export function resolveTargets(edition: Edition, request: BuildRequest): BuildTarget[] {
  const data = edition.edition.data;
  const editionTarget: BuildTarget = {
    name: data.output ?? `edition-${String(data.year)}`,
    edition,
    cover: { title: data.title, subtitle: data.subtitle },
    pdfTitle: data.title,
  };
  const brochures = edition.brochures?.data.brochures ?? [];
  const brochureTarget = (brochure: (typeof brochures)[number]): BuildTarget => ({
    name: brochure.id,
    edition: selectSubset(edition, resolveSelection(brochure.select, edition).selection),
    cover: { title: brochure.title ?? data.title, subtitle: brochure.subtitle },
    pdfTitle: `${brochure.title ?? data.title} – ${brochure.subtitle}`,
  });
  switch (request.kind) {
    case 'edition':
      return [editionTarget];
    case 'all':
      return [editionTarget, ...brochures.map(brochureTarget)];
    case 'brochures':
      return request.ids.map((id) => {
        const brochure = brochures.find((candidate) => candidate.id === id);
        if (brochure === undefined) {
          const known = brochures.map((candidate) => candidate.id);
          throw new SelectionError(
            `There is no brochure "${id}". ${known.length > 0 ? `Brochures: ${known.join(', ')}` : 'The edition defines no brochures (entries/brochures.md)'}`,
          );
        }
        return brochureTarget(brochure);
      });
    case 'selection': {
      const { selection, problems } = resolveSelection(request.input, edition);
      if (problems.length > 0) throw new SelectionError(problems.map((problem) => problem.message).join('\n'));
      if (selectCards(edition.cards, selection).length === 0) {
        throw new SelectionError('The selection holds no cards: every filter must match a card. Widen it');
      }
      const described = [
        ...selection.laender.map((code) => laender[code]),
        ...selection.traeger.map((type) =>
          type === 'gE' ? 'gemeinsame Einrichtungen' : 'zugelassene kommunale Träger',
        ),
        ...selection.terms,
        ...selection.cards,
        ...selection.variants,
      ].join(', ');
      return [
        {
          name: selectionName(selection),
          edition: selectSubset(edition, selection),
          cover: { title: data.title, subtitle: `Auswahl: ${described}` },
          pdfTitle: `${data.title} – Auswahl: ${described}`,
        },
      ];
    }
  }
}
