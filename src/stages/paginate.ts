/**
 * Stage 5: Paged.js lays out the composed document in Chromium, and Chromium prints it to PDF. One browser serves
 * every document of a run. The page may load only the document's own assets (request interception answers from
 * the asset map and refuses everything else), and a watchdog ends a render that hangs, Paged.js layout included.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { launchChromium, type RunningBrowser } from '../browser/chromium.ts';
import { documentPageHtml, engineScripts, pageResource } from '../browser/document-page.ts';
import { projectRoot } from '../config.ts';
import type { ComposedDocument } from '../types.ts';

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
}

/** An entry of the PDF's outline: its level (1 = TEIL, index; 2 = principle, card), title and page. */
export interface Bookmark {
  level: number;
  title: string;
  page: number;
}

export interface Renderer {
  render: (document: ComposedDocument) => Promise<PaginationResult>;
  close: () => Promise<void>;
  /** What besides the document decides the PDF: the page scripts, and the browser (path, size, date). */
  fingerprint: { files: string[]; version: string };
}

export interface RendererOptions {
  chromiumPath: string;
  /** Longest time one document may take, layout and printing included. */
  timeoutMs: number;
}

/** The origin the document is served from. It never reaches the network: every request is answered locally. */
const origin = 'http://kompendium.invalid';

/** Opens a renderer with one browser; it relaunches the browser if a render had to kill it. */
export async function openRenderer(options: RendererOptions): Promise<Renderer> {
  let running: RunningBrowser | undefined = await launchChromium(options.chromiumPath);
  const browser = statSync(options.chromiumPath);
  const fingerprint = {
    files: [...engineScripts.values(), path.join(projectRoot, 'src/features/locators.ts')],
    version: `${options.chromiumPath} ${String(browser.size)} ${String(browser.mtimeMs)}`,
  };
  return {
    fingerprint,
    render: async (document) => {
      running ??= await launchChromium(options.chromiumPath);
      const current = running;
      try {
        return await withWatchdog(renderInBrowser(current, document), options.timeoutMs, () => {
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

async function renderInBrowser(running: RunningBrowser, document: ComposedDocument): Promise<PaginationResult> {
  const page = await running.browser.newPage();
  const problems: PaginationProblem[] = [];
  try {
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
    const layout = await page.evaluate(() => (window as unknown as KompendiumWindow).kompendiumPaginate());
    if ('failure' in layout) {
      problems.push({
        rule: 'page-script-error',
        message: `Paged.js stopped before the layout was done (${layout.failure}); usually a stylesheet or font could not be loaded`,
      });
      return { pdf: new Uint8Array(), pages: 0, cards: [], terms: [], bookmarks: [], problems };
    }
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
    };
  } finally {
    if (running.browser.connected) await page.close().catch(() => undefined);
  }
}

interface KompendiumWindow {
  kompendiumPaginate: () => Promise<
    | {
        pages: number;
        cards: { id: string; firstPage: number; lastPage: number }[];
        terms: { term: string; sub?: string; pages: number[] }[];
        overflowingPages: { page: number; text: string; where: string }[];
        bookmarks: Bookmark[];
      }
    | { failure: string }
  >;
}

/** Answers the document's own requests from memory and disk; refuses and reports everything else. */
async function serveDocumentOnly(page: Page, document: ComposedDocument, problems: PaginationProblem[]): Promise<void> {
  const html = documentPageHtml(document);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    void answerRequest(request, html, document.assets, problems);
  });
}

async function answerRequest(
  request: HTTPRequest,
  html: string,
  assets: Map<string, string>,
  problems: PaginationProblem[],
): Promise<void> {
  const url = request.url();
  if (url.startsWith('data:')) {
    await request.continue();
    return;
  }
  const pathname = url.startsWith(origin) ? new URL(url).pathname : undefined;
  if (pathname === '/document.html') {
    await request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    return;
  }
  const response = pathname === undefined ? undefined : await pageResource(pathname, assets);
  if (response?.status === 200) {
    await request.respond({ status: 200, contentType: response.contentType, body: response.body });
  } else if (response?.status === 500) {
    problems.push({
      rule: 'resource-not-loaded',
      message: `The file ${response.file} (for ${pathname ?? url}) could not be read`,
    });
    await request.abort('failed');
  } else {
    problems.push({
      rule: 'resource-not-loaded',
      message: `The document asked for ${url}, which is not part of the project; it was not loaded. Rendering never uses the network or files outside templates/, styles/ and the fonts`,
    });
    await request.abort('blockedbyclient');
  }
}
