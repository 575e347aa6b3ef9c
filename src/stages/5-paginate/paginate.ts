/**
 * Stage 5: Paged.js lays out the composed document in Chromium, and Chromium prints it to PDF. One browser serves
 * every document of a run. The page may load only the document's own assets (request interception answers from
 * the asset map and refuses everything else), and a watchdog ends a render that hangs, Paged.js layout included.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchChromium, type RunningBrowser } from '../../browser/chromium.ts';
import { engineScripts } from '../../browser/document-page.ts';
import { DocumentPages, type PageOrigin, type PageProblem } from '../../browser/document-pages.ts';
import { RenderTimeoutError } from '../../diagnostics/run-errors.ts';
import { kompendiumVersion, projectRoot } from '../../model/config.ts';
import { noPaginationTime, type PaginationStep } from '../../model/stage-timings.ts';
import type { ComposedDocument, DocumentLook } from '../../model/types.ts';
import { mergePrintedParts } from '../../pdf/merge-pdf.ts';
import { dependencyKey } from '../../cache/output-cache.ts';
import { keptSections, sectionKey, type SectionLayout } from '../../cache/section-cache.ts';

/** A problem found while paginating: it belongs to the document, not to one entry. */
export interface PaginationProblem {
  rule: PageProblem['rule'] | 'content-overflow' | 'render-timeout';
  message: string;
}

/** Raw pagination result: pages and where cards and marks landed, by id and key. */
export interface PaginationResult {
  pdf: Uint8Array;
  pages: number;
  cards: { id: string; firstPage: number; lastPage: number }[];
  terms: { term: string; sub?: string; pages: number[] }[];
  bookmarks: Bookmark[];
  problems: PaginationProblem[];
  /** The document's sections: how many, how many this render laid out, how many of those in a helper page. */
  sections: { total: number; laidOut: number; inHelper: number };
  /** The keys under which the sections that were not the index are kept (src/stages/section-cache.ts). */
  sectionKeys: string[];
  /** Whether the document went into a new page, one made ready ahead (`Renderer.prepare`) or one used before. */
  pageOrigin: PageOrigin;
  /** Seconds per step of this render (src/stage-timings.ts). */
  steps: Record<PaginationStep, number>;
}

/** An entry of the PDF's outline: its level (1 = TEIL, index; 2 = principle, card), title and page. */
export interface Bookmark {
  level: number;
  title: string;
  page: number;
}

export interface Renderer {
  render: (document: ComposedDocument, options?: RenderOptions) => Promise<PaginationResult>;
  close: () => Promise<void>;
  /**
   * A hash of what besides the document's HTML decides its PDF: its stylesheets and fonts, the page scripts,
   * kompendium's version and the browser (path, size, date). Output and section keys are made from it.
   */
  dependencyKey: (document: ComposedDocument) => Promise<string>;
  /**
   * Makes two pages ready (the engine, these stylesheets and their fonts loaded) for documents still being
   * composed: a document that links the same stylesheets then starts its layout at once.
   */
  prepare: (look: DocumentLook) => void;
}

export interface RendererOptions {
  chromiumPath: string;
  /** Longest time one document may take, layout and printing included. */
  timeoutMs: number;
  /** 'off' lays every section out in the page that prints (to compare with the parallel layout). */
  helperPages?: 'auto' | 'off';
}

/** Opens a renderer with one browser; it relaunches the browser if a render had to kill it. */
export async function openRenderer(options: RendererOptions): Promise<Renderer> {
  let running: Running | undefined = await startBrowser(options.chromiumPath);
  const browser = statSync(options.chromiumPath);
  const shared: SharedSections = new Map();
  const engine = {
    files: [...engineScripts.values(), path.join(projectRoot, 'src/index/locators.ts')],
    version: `${kompendiumVersion} ${options.chromiumPath} ${String(browser.size)} ${String(browser.mtimeMs)}`,
  };
  return {
    dependencyKey: (document) => dependencyKey(document, engine),
    prepare: (look) => running?.pages.prepare(look, 2),
    render: async (document, renderOptions = {}) => {
      running ??= await startBrowser(options.chromiumPath);
      const current = running;
      const dependency = renderOptions.dependencyKey ?? (await dependencyKey(document, engine));
      try {
        const work = renderInBrowser(
          current,
          document,
          dependency,
          shared,
          renderOptions,
          options.helperPages ?? 'auto',
        );
        return await withWatchdog(work, options.timeoutMs, () => {
          current.kill();
          running = undefined;
        });
      } catch (error) {
        if (!current.browser.connected && !(error instanceof RenderTimeoutError)) {
          running = undefined;
          current.kill();
          throw new Error(
            'Chromium stopped during the render (it crashed or was killed); nothing was written. Run the build again; if it repeats, check free memory and the Chromium installation',
            { cause: error },
          );
        }
        throw error;
      }
    },
    close: async () => {
      await running?.pages.settle();
      await running?.close();
      running = undefined;
    },
  };
}

/** A browser and its pages for documents. */
interface Running extends RunningBrowser {
  pages: DocumentPages;
}

async function startBrowser(chromiumPath: string): Promise<Running> {
  const running = await launchChromium(chromiumPath);
  return { ...running, pages: new DocumentPages(running.browser) };
}

async function withWatchdog<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  const timeoutError = new RenderTimeoutError(
    `The render did not finish within ${String(Math.round(timeoutMs / 1000))} s and was stopped. A page script or the layout hangs; raise the limit with --timeout if the document is just very long`,
  );
  const watch = { timedOut: false };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      watch.timedOut = true;
      onTimeout();
      reject(timeoutError);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    // Killing the browser makes the work fail too ("frame detached"); the cause to report is the timeout.
    throw watch.timedOut ? timeoutError : error;
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/** Where a render keeps laid-out sections for later runs, and whether it may use those of earlier runs. */
export interface RenderOptions {
  sectionCache?: { outDir: string; reuse: boolean };
  /** The document's dependency key when the caller has it already (it reads every file the document loads). */
  dependencyKey?: string;
}

/**
 * Laid-out sections of this run, by key: a section that several outputs contain is laid out once. A promise, so
 * that an output waits for a section another output is laying out; undefined when that layout failed.
 */
type SharedSections = Map<string, Promise<SectionLayout | undefined>>;

/** A helper page takes part of the layout only when there is this much text (characters) left to lay out. */
const helperThreshold = 20_000;
/** The helper's share of that text. */
const helperShare = 0.5;
/**
 * Documents this long (characters of HTML) open their second page at once, before they know what is left to lay
 * out, and print in two parts (the 2013 edition has 0.43 M).
 */
const helperDocumentSize = 150_000;

interface SectionCut {
  context: string;
  wholeDocumentBecause: string | undefined;
  sections: { html: string; holdsIndex: boolean; characters: number }[];
}

interface LayoutAnswer {
  results: ({ index: number } & SectionLayout)[];
}

interface Assembled {
  pages: number;
  cards: { id: string; firstPage: number; lastPage: number }[];
  terms: { term: string; sub?: string; pages: number[] }[];
  overflowingPages: { page: number; text: string; where: string }[];
  bookmarks: Bookmark[];
  problems: string[];
}

/** What the page scripts offer (src/browser/section-layout.js); page functions must name `window` themselves. */
interface PageApi {
  kompendiumSections: () => Promise<SectionCut>;
  kompendiumCut: () => Promise<void>;
  kompendiumLayout: (request: {
    layout: number[];
    zone: number[];
    serialize: boolean;
  }) => Promise<LayoutAnswer | { failure: string }>;
  kompendiumAssemble: (
    plan: (SectionLayout | null)[],
    printedElsewhere: number[],
  ) => Promise<Assembled | { failure: string }>;
  kompendiumPart: (part: {
    plan: [number, string[] | null][];
    firstPage: number;
  }) => Promise<{ pages: number } | { failure: string }>;
}

function stoppedEarly(problems: PaginationProblem[], failure: string): PaginationResult {
  problems.push({
    rule: 'page-script-error',
    message: `Paged.js stopped before the layout was done (${failure}); usually a stylesheet or font could not be loaded`,
  });
  return {
    pdf: new Uint8Array(),
    pages: 0,
    cards: [],
    terms: [],
    bookmarks: [],
    problems,
    sections: { total: 0, laidOut: 0, inHelper: 0 },
    sectionKeys: [],
    pageOrigin: 'new',
    steps: noPaginationTime(),
  };
}

/**
 * Lays out and prints one document. The page that prints cuts the document into sections; sections known from
 * other outputs of the run (or, with a section cache, from earlier runs) are taken as they are, the others are laid
 * out there and, when there is enough of them, partly in a second page at the same time (Chromium gives each page
 * its own process: the second core). The page that prints then puts the pages together and lays out the index.
 */
async function renderInBrowser(
  running: Running,
  document: ComposedDocument,
  dependency: string,
  shared: SharedSections,
  options: RenderOptions,
  helperPages: 'auto' | 'off',
): Promise<PaginationResult> {
  const problems: PaginationProblem[] = [];
  const steps = stepClock();
  // This page takes the first page made ready: the second page's work starts only after this one has cut the
  // document.
  const showing = running.pages.show(document, problems);
  const helperPage = helperPages !== 'off' && isLong(document) ? pageShowing(running, document, problems) : undefined;
  helperPage?.catch(() => undefined);
  const { page, origin } = await showing;
  steps.done('page');
  const claimed = new Map<number, (layout: SectionLayout | undefined) => void>();
  let printed = false;
  // The second page: it lays out a share of the sections, prints a part of the document, or both.
  let helper = helperPage;
  try {
    const cut = await page.evaluate(() => (window as unknown as PageApi).kompendiumSections());
    steps.done('cut');
    const keys = cut.sections.map((section) => sectionKey(dependency, cut.context, section.html));
    const known = new Map<number, Promise<SectionLayout | undefined>>();
    const missing: number[] = [];
    for (const [i, section] of cut.sections.entries()) {
      if (section.holdsIndex) continue;
      const key = keys[i] ?? '';
      const sharedLayout = shared.get(key);
      if (sharedLayout !== undefined) {
        known.set(i, sharedLayout);
        continue;
      }
      // Claimed before anything is awaited: another output cutting at the same time then waits for this one.
      let resolveClaim: (layout: SectionLayout | undefined) => void = () => undefined;
      shared.set(key, new Promise((resolve) => (resolveClaim = resolve)));
      const kept =
        options.sectionCache?.reuse === true ? await keptSections(options.sectionCache.outDir).read(key) : undefined;
      if (kept !== undefined) {
        resolveClaim(kept);
        known.set(i, Promise.resolve(kept));
      } else {
        missing.push(i);
        claimed.set(i, resolveClaim);
      }
    }
    const [here, elsewhere] = helperPages === 'off' ? [missing, []] : splitForHelper(missing, cut.sections);
    const indexSections = cut.sections.flatMap((section, i) => (section.holdsIndex ? [i] : []));
    // The sections whose pages the second page prints. Decided by the document alone, not by what is known from
    // earlier runs: a build from kept sections then prints the same parts, and gives the same bytes.
    const nonIndex = cut.sections.flatMap((section, i) => (section.holdsIndex ? [] : [i]));
    const printedElsewhere =
      helperPages === 'off' || !isLong(document) ? [] : splitForHelper(nonIndex, cut.sections)[1];
    const helperLaysOut = elsewhere.length > 0;
    if (helperLaysOut || printedElsewhere.length > 0) helper ??= pageShowing(running, document, problems);
    const [ownAnswer, helperAnswer] = await Promise.all([
      page.evaluate((request) => (window as unknown as PageApi).kompendiumLayout(request), {
        layout: here,
        zone: [...here, ...indexSections],
        serialize: true,
      }),
      helper === undefined || !helperLaysOut
        ? Promise.resolve<LayoutAnswer>({ results: [] })
        : layOutInHelper(helper, elsewhere),
    ]);
    steps.done('layout');
    if ('failure' in ownAnswer) return stoppedEarly(problems, ownAnswer.failure);
    if ('failure' in helperAnswer) return stoppedEarly(problems, helperAnswer.failure);

    const laidOut = new Map<number, SectionLayout>();
    for (const { index, pages, overflows } of [...ownAnswer.results, ...helperAnswer.results]) {
      const layout = { pages, overflows };
      laidOut.set(index, layout);
      claimed.get(index)?.(layout);
      claimed.delete(index);
      if (options.sectionCache !== undefined)
        await keptSections(options.sectionCache.outDir).write([
          { key: keys[index] ?? '', json: JSON.stringify(layout) },
        ]);
    }
    // Per section: null for what this page lays out (or laid out), else the pages laid out elsewhere.
    const plan: (SectionLayout | null)[] = [];
    for (const [i, section] of cut.sections.entries()) {
      if (section.holdsIndex || here.includes(i)) {
        plan.push(null);
        continue;
      }
      const given = laidOut.get(i) ?? (await known.get(i));
      if (given === undefined) {
        return stoppedEarly(problems, 'a section shared with another output could not be laid out there');
      }
      plan.push(given);
    }

    // The second page prints its part while this one puts the document together and lays out the index.
    const part =
      printedElsewhere.length === 0
        ? undefined
        : partOfDocument(cut.sections, printedElsewhere, (i) => plan[i] ?? laidOut.get(i));
    const partPrint =
      helper === undefined || part === undefined
        ? undefined
        : printPart(running, helper, {
            plan: part.sections.map(([i, given]) => [i, elsewhere.includes(i) ? null : given.pages]),
            firstPage: part.first,
            cut: !helperLaysOut,
          });
    partPrint?.catch(() => undefined);
    const layout = await page.evaluate(
      (sections, aside) => (window as unknown as PageApi).kompendiumAssemble(sections, aside),
      plan,
      printedElsewhere,
    );
    steps.done('assemble');
    if ('failure' in layout) return stoppedEarly(problems, layout.failure);
    for (const message of layout.problems) problems.push({ rule: 'page-script-error', message });
    for (const overflow of layout.overflowingPages) {
      problems.push({
        rule: 'content-overflow',
        message: `Content on page ${String(overflow.page)}${overflow.where === '' ? '' : ` (${overflow.where})`} does not fit on the page and would be clipped (it begins "${overflow.text}"). Shorten or split the element that is taller or wider than a page`,
      });
    }
    let pdf: Uint8Array;
    if (part === undefined || partPrint === undefined) {
      pdf = await running.pages.print(page);
    } else {
      const [own, other] = await Promise.all([running.pages.print(page), partPrint]);
      if ('failure' in other) return stoppedEarly(problems, other.failure);
      const places = Array.from({ length: layout.pages }, (_, i) => i);
      pdf = mergePrintedParts([
        { pdf: own, places: places.filter((i) => i < part.first - 1 || i >= part.last) },
        { pdf: other.pdf, places: places.slice(part.first - 1, part.last) },
      ]);
    }
    printed = true;
    steps.done('print');
    return {
      pdf,
      pages: layout.pages,
      cards: layout.cards,
      terms: layout.terms,
      bookmarks: layout.bookmarks,
      problems,
      pageOrigin: origin,
      steps: steps.seconds,
      sections: {
        total: cut.sections.length,
        laidOut: here.length + elsewhere.length + indexSections.length,
        inHelper: elsewhere.length,
      },
      sectionKeys: keys.filter((_, i) => cut.sections[i]?.holdsIndex !== true),
    };
  } finally {
    // Outputs waiting for a section this render claimed and did not lay out (it failed) learn so, and stop too.
    for (const resolve of claimed.values()) resolve(undefined);
    // Pages that printed are used again for the next document (a second page that had nothing to do, too).
    if (running.browser.connected) await running.pages.release(page, printed);
    if (running.browser.connected)
      await helper?.then((second) => running.pages.release(second, printed)).catch(() => undefined);
  }
}

/** Seconds per pagination step: each step ends when `done` is called for it, and began when the one before ended. */
function stepClock(): { seconds: Record<PaginationStep, number>; done: (step: PaginationStep) => void } {
  const seconds = noPaginationTime();
  let last = performance.now();
  return {
    seconds,
    done: (step) => {
      const now = performance.now();
      seconds[step] += (now - last) / 1000;
      last = now;
    },
  };
}

/**
 * Which of the missing sections the page that prints lays out, and which a helper page does: a helper only for
 * enough text, and then the sections at the end, up to its share of the characters.
 */
function splitForHelper(missing: number[], sections: SectionCut['sections']): [number[], number[]] {
  const characters = (indices: number[]): number => indices.reduce((sum, i) => sum + (sections[i]?.characters ?? 0), 0);
  const total = characters(missing);
  if (missing.length < 2 || total < helperThreshold) return [missing, []];
  let cut = missing.length;
  while (cut > 1 && characters(missing.slice(cut - 1)) <= total * helperShare) cut--;
  return [missing.slice(0, cut), missing.slice(cut)];
}

/**
 * A long document opens its second page at once, while the first loads the same document: the second then starts
 * its share of the layout, or gets ready to print its part of the document, without waiting.
 */
function isLong(document: ComposedDocument): boolean {
  return document.html.length >= helperDocumentSize;
}

/** A page showing the document (for a helper: whether it was made ready ahead does not matter). */
async function pageShowing(running: Running, document: ComposedDocument, problems: PaginationProblem[]): Promise<Page> {
  return (await running.pages.show(document, problems)).page;
}

/** Lays out sections in a second page of the same browser, showing the same document. */
async function layOutInHelper(opening: Promise<Page>, indices: number[]): Promise<LayoutAnswer | { failure: string }> {
  const page = await opening;
  await page.evaluate(() => (window as unknown as PageApi).kompendiumCut());
  return page.evaluate((request) => (window as unknown as PageApi).kompendiumLayout(request), {
    layout: indices,
    zone: indices,
    serialize: true,
  });
}

/** The pages of some sections, in order: first and last page number in the document, and each section's pages. */
interface DocumentPart {
  first: number;
  last: number;
  sections: [number, SectionLayout][];
}

/** Where the pages of `indices` (consecutive sections before the index) stand in the document. */
function partOfDocument(
  sections: SectionCut['sections'],
  indices: number[],
  layoutOf: (index: number) => SectionLayout | null | undefined,
): DocumentPart {
  let before = 0;
  const part: [number, SectionLayout][] = [];
  for (const i of sections.keys()) {
    if (!indices.includes(i) && part.length > 0) break;
    const layout = layoutOf(i);
    // Every section before the index has its pages by now (laid out, or known): a missing one is a bug here.
    if (layout === null || layout === undefined) throw new Error(`section ${String(i)} has no pages to print`);
    if (indices.includes(i)) part.push([i, layout]);
    else before += layout.pages.length;
  }
  const count = part.reduce((sum, [, layout]) => sum + layout.pages.length, 0);
  return { first: before + 1, last: before + count, sections: part };
}

/** Prints a part of the document in the second page: its sections' pages, numbered by their place. */
async function printPart(
  running: Running,
  opening: Promise<Page>,
  request: { plan: [number, string[] | null][]; firstPage: number; cut: boolean },
): Promise<{ pdf: Uint8Array } | { failure: string }> {
  const page = await opening;
  if (request.cut) await page.evaluate(() => (window as unknown as PageApi).kompendiumCut());
  const answer = await page.evaluate((part) => (window as unknown as PageApi).kompendiumPart(part), {
    plan: request.plan,
    firstPage: request.firstPage,
  });
  if ('failure' in answer) return answer;
  return { pdf: await running.pages.print(page) };
}
