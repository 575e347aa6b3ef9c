/**
 * Stage 5: Paged.js lays out the composed document in Chromium, and Chromium prints it to PDF. One browser serves
 * every document of a run. The page may load only the document's own assets (request interception answers from
 * the asset map and refuses everything else), and a watchdog ends a render that hangs, Paged.js layout included.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page, Protocol } from 'puppeteer-core';
import { launchChromium, type RunningBrowser } from '../browser/chromium.ts';
import { documentPageHtml, engineScripts, pageResource } from '../browser/document-page.ts';
import { kompendiumVersion, projectRoot } from '../config.ts';
import type { ComposedDocument } from '../types.ts';
import { dependencyKey } from './output-cache.ts';
import { readSection, sectionKey, sectionsDir, writeSection, type SectionLayout } from './section-cache.ts';

/** A problem found while paginating: it belongs to the document, not to one entry. */
export interface PaginationProblem {
  rule: 'resource-not-loaded' | 'page-script-error' | 'content-overflow' | 'render-timeout';
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
}

export interface RendererOptions {
  chromiumPath: string;
  /** Longest time one document may take, layout and printing included. */
  timeoutMs: number;
  /** 'off' lays every section out in the page that prints (to compare with the parallel layout). */
  helperPages?: 'auto' | 'off';
}

/** The origin the document is served from. It never reaches the network: every request is answered locally. */
const origin = 'http://kompendium.invalid';

/** Opens a renderer with one browser; it relaunches the browser if a render had to kill it. */
export async function openRenderer(options: RendererOptions): Promise<Renderer> {
  let running: RunningBrowser | undefined = await launchChromium(options.chromiumPath);
  const browser = statSync(options.chromiumPath);
  const shared: SharedSections = new Map();
  const engine = {
    files: [...engineScripts.values(), path.join(projectRoot, 'src/features/locators.ts')],
    version: `${kompendiumVersion} ${options.chromiumPath} ${String(browser.size)} ${String(browser.mtimeMs)}`,
  };
  return {
    dependencyKey: (document) => dependencyKey(document, engine),
    render: async (document, renderOptions = {}) => {
      running ??= await launchChromium(options.chromiumPath);
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
      await running?.close();
      running = undefined;
    },
  };
}

/** Raised when a render exceeded its time; the browser was killed. */
export class RenderTimeoutError extends Error {
  override name = 'RenderTimeoutError';
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
/** Documents this long (characters of HTML) open their helper page before they know what is left to lay out. */
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
  kompendiumAssemble: (plan: (SectionLayout | null)[]) => Promise<Assembled | { failure: string }>;
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
  };
}

/**
 * Lays out and prints one document. The page that prints cuts the document into sections; sections known from
 * other outputs of the run (or, with a section cache, from earlier runs) are taken as they are, the others are laid
 * out there and, when there is enough of them, partly in a second page at the same time (Chromium gives each page
 * its own process: the second core). The page that prints then puts the pages together and lays out the index.
 */
async function renderInBrowser(
  running: RunningBrowser,
  document: ComposedDocument,
  dependency: string,
  shared: SharedSections,
  options: RenderOptions,
  helperPages: 'auto' | 'off',
): Promise<PaginationResult> {
  const problems: PaginationProblem[] = [];
  const helperPage =
    helperPages !== 'off' && mayNeedHelper(document, options)
      ? openDocumentPage(running, document, problems)
      : undefined;
  helperPage?.catch(() => undefined);
  const page = await openDocumentPage(running, document, problems);
  const claimed = new Map<number, (layout: SectionLayout | undefined) => void>();
  try {
    const cut = await page.evaluate(() => (window as unknown as PageApi).kompendiumSections());
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
        options.sectionCache?.reuse === true ? await readSection(options.sectionCache.outDir, key) : undefined;
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
    const [ownAnswer, helperAnswer] = await Promise.all([
      page.evaluate((request) => (window as unknown as PageApi).kompendiumLayout(request), {
        layout: here,
        zone: [...here, ...indexSections],
        serialize: true,
      }),
      elsewhere.length === 0
        ? Promise.resolve<LayoutAnswer>({ results: [] })
        : layOutInHelper(helperPage ?? openDocumentPage(running, document, problems), running, elsewhere),
    ]);
    if ('failure' in ownAnswer) return stoppedEarly(problems, ownAnswer.failure);
    if ('failure' in helperAnswer) return stoppedEarly(problems, helperAnswer.failure);

    const laidOut = new Map<number, SectionLayout>();
    for (const { index, pages, overflows } of [...ownAnswer.results, ...helperAnswer.results]) {
      const layout = { pages, overflows };
      laidOut.set(index, layout);
      claimed.get(index)?.(layout);
      claimed.delete(index);
      if (options.sectionCache !== undefined)
        await writeSection(options.sectionCache.outDir, keys[index] ?? '', layout);
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

    const layout = await page.evaluate((sections) => (window as unknown as PageApi).kompendiumAssemble(sections), plan);
    if ('failure' in layout) return stoppedEarly(problems, layout.failure);
    for (const message of layout.problems) problems.push({ rule: 'page-script-error', message });
    for (const overflow of layout.overflowingPages) {
      problems.push({
        rule: 'content-overflow',
        message: `Content on page ${String(overflow.page)}${overflow.where === '' ? '' : ` (${overflow.where})`} does not fit on the page and would be clipped (it begins "${overflow.text}"). Shorten or split the element that is taller or wider than a page`,
      });
    }
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      tagged: true,
      timeout: 0,
    });
    return {
      pdf,
      pages: layout.pages,
      cards: layout.cards,
      terms: layout.terms,
      bookmarks: layout.bookmarks,
      problems,
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
    if (running.browser.connected) await page.close().catch(() => undefined);
    if (running.browser.connected) await helperPage?.then((helper) => helper.close()).catch(() => undefined);
  }
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
 * A long document opens its helper page at once, while the page that prints loads the same document: the helper
 * then starts its share without waiting. Not when the sections may all be known from an earlier run.
 */
function mayNeedHelper(document: ComposedDocument, options: RenderOptions): boolean {
  const cache = options.sectionCache;
  if (cache?.reuse === true && existsSync(sectionsDir(cache.outDir))) return false;
  return document.html.length >= helperDocumentSize;
}

/** Lays out sections in a second page of the same browser, showing the same document. */
async function layOutInHelper(
  opening: Promise<Page>,
  running: RunningBrowser,
  indices: number[],
): Promise<LayoutAnswer | { failure: string }> {
  const page = await opening;
  try {
    await page.evaluate(() => (window as unknown as PageApi).kompendiumCut());
    return await page.evaluate((request) => (window as unknown as PageApi).kompendiumLayout(request), {
      layout: indices,
      zone: indices,
      serialize: true,
    });
  } finally {
    if (running.browser.connected) await page.close().catch(() => undefined);
  }
}

/** A new browser page showing the document, answering only its own requests; page errors become problems. */
async function openDocumentPage(
  running: RunningBrowser,
  document: ComposedDocument,
  problems: PaginationProblem[],
): Promise<Page> {
  const page = await running.browser.newPage();
  await serveDocumentOnly(page, document, problems);
  page.on('console', (message) => {
    // Refused requests are already reported by the interceptor, with the address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push({
        rule: 'page-script-error',
        message: `Paged.js: ${message.text()}`,
      });
  });
  page.on('pageerror', (error) => {
    problems.push({
      rule: 'page-script-error',
      message: `Page script error: ${String(error)}`,
    });
  });
  await page.goto(`${origin}/document.html`, {
    waitUntil: 'load',
    timeout: 0,
  });
  return page;
}

/**
 * Answers the document's own requests from memory and disk; refuses and reports everything else. The page's
 * requests are paused through the DevTools protocol's Fetch domain and answered there: puppeteer's own request
 * interception encodes every answer in JavaScript, which took 0.4 s of Node's time in `--all` (Paged.js alone is
 * 1 MB per page); Node's Buffer encodes natively.
 */
async function serveDocumentOnly(page: Page, document: ComposedDocument, problems: PaginationProblem[]): Promise<void> {
  const html = Buffer.from(documentPageHtml(document)).toString('base64');
  const session = await page.createCDPSession();
  session.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    // A page closed meanwhile cannot be answered, and needs no answer.
    answerRequest(session, event, html, document.assets, problems).catch(() => undefined);
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
}

async function answerRequest(
  session: CDPSession,
  { requestId, request }: Protocol.Fetch.RequestPausedEvent,
  html: string,
  assets: Map<string, string>,
  problems: PaginationProblem[],
): Promise<void> {
  const url = request.url;
  const fulfil = async (contentType: string, base64: string): Promise<void> => {
    await session.send('Fetch.fulfillRequest', {
      requestId,
      responseCode: 200,
      responseHeaders: [{ name: 'Content-Type', value: contentType }],
      body: base64,
    });
  };
  if (url.startsWith('data:')) {
    await session.send('Fetch.continueRequest', { requestId });
    return;
  }
  const pathname = url.startsWith(origin) ? new URL(url).pathname : undefined;
  if (pathname === '/document.html') {
    await fulfil('text/html; charset=utf-8', html);
    return;
  }
  const response = pathname === undefined ? undefined : await pageResource(pathname, assets);
  if (response?.status === 200) {
    await fulfil(response.contentType, Buffer.from(response.body).toString('base64'));
  } else if (response?.status === 500) {
    problems.push({
      rule: 'resource-not-loaded',
      message: `The file ${response.file} (for ${pathname ?? url}) could not be read`,
    });
    await session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' });
  } else {
    problems.push({
      rule: 'resource-not-loaded',
      message: `The document asked for ${url}, which is not part of the project; it was not loaded. Rendering never uses the network or files outside templates/, styles/ and the fonts`,
    });
    await session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
  }
}
