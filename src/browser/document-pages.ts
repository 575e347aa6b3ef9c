/**
 * Browser pages that show a document, each answering the document's requests itself. A new page costs a renderer
 * process, and loading the engine (Paged.js is a large script), the stylesheets and the fonts into it takes time. The
 * first pages of a run are made ready while kompendium still reads the entries: they load an empty document with
 * the stylesheets the documents will link, and a document whose head links the same stylesheets is then put into
 * the page in one step instead of being loaded. A page that has printed its document is made as it was loaded and
 * takes the next such document in the same way. Any other document is loaded in a new page.
 *
 * Requests are paused through the DevTools protocol's Fetch domain and answered there from the document's own
 * assets; everything else is refused and reported. (Puppeteer's own request interception encodes every answer in
 * JavaScript, which took much of Node's time in `--all`; Node's Buffer encodes natively.)
 */
import type { Browser, CDPSession, Page, Protocol } from 'puppeteer-core';
import type { RuleId } from '../diagnostics/rules.ts';
import type { ComposedDocument, DocumentLook } from '../model/types.ts';
import { documentPageHtml, pageResource } from './document-page.ts';

/** A problem a page reports while it shows a document: it belongs to that document's render. */
export interface PageProblem {
  /** The two rules of the catalogue a page reports itself. */
  rule: Extract<RuleId, 'resource-not-loaded' | 'page-script-error'>;
  message: string;
}

/** Where a page's problems go: a render's list (which may hold other kinds of problems too). */
export interface ProblemList {
  push: (problem: PageProblem) => unknown;
}

/** How long closing waits at most for pages still being made ready (far longer than one normally takes). */
const settleLimitMs = 5_000;

/** Pages kept for documents to come: as many as a build uses at a time (two outputs, one of them with a helper). */
const keptPages = 3;

/**
 * A page that showed a document longer than this (characters of HTML; the 2013 edition has 0.43 M) is closed, not
 * kept: emptied, its renderer still held much of that document's memory at the 10× edition's peak, and a new page
 * costs little next to the layout of such a document.
 */
const keptDocumentSize = 1_500_000;

/** Where the page that shows a document came from: new, made ready ahead, or used before for another document. */
export type PageOrigin = 'new' | 'ahead' | 'reused';

/** The origin documents are served from. It never reaches the network: every request is answered locally. */
const origin = 'http://kompendium.invalid';

/** What a page shows; its request and error handlers answer for this document. */
interface ShownDocument {
  /** The page's HTML, base64-encoded for the Fetch domain. */
  html: string;
  assets: ReadonlyMap<string, string>;
  problems: ProblemList;
}

/** What is known of a page this class opened: its protocol session, what it shows, that document's length. */
interface OpenPage {
  session: CDPSession;
  showing: ShownDocument;
  /** Characters of the HTML of the document the page shows (or last showed). */
  documentSize: number;
}

/** A page ready for a document that links these stylesheets; what it reported while it got ready. */
interface ReadyPage {
  page: Page;
  showing: ShownDocument;
  stylesheets: string[];
  problems: PageProblem[];
  origin: 'ahead' | 'reused';
}

export class DocumentPages {
  private readonly ready: Promise<ReadyPage | undefined>[] = [];
  /** Pages being made ready ahead: the browser closes only once they are done. */
  private readonly preparing: Promise<unknown>[] = [];
  private readonly open = new WeakMap<Page, OpenPage>();

  constructor(private readonly browser: Browser) {}

  /** Makes `count` pages ready for documents that link these stylesheets. */
  prepare(look: DocumentLook, count: number): void {
    for (let i = 0; i < count; i++) {
      const making = this.makeReady(look);
      this.ready.push(making);
      this.preparing.push(making);
    }
  }

  /**
   * A page showing the document, loaded (fonts and scripts included), and where the page came from; its problems
   * go to `problems`.
   */
  async show(document: ComposedDocument, problems: ProblemList): Promise<{ page: Page; origin: PageOrigin }> {
    const ready = await this.takeReady();
    if (ready !== undefined) {
      ready.showing.assets = document.assets;
      if (await putInto(ready.page, document.html, ready.stylesheets)) {
        // What went wrong while the stylesheets and fonts loaded went wrong for this document; a page that does not
        // take the document keeps its problems, and is closed.
        ready.showing.problems = problems;
        for (const problem of ready.problems) problems.push(problem);
        const opened = this.open.get(ready.page);
        if (opened !== undefined) opened.documentSize = document.html.length;
        return { page: ready.page, origin: ready.origin };
      }
      await ready.page.close().catch(() => undefined);
    }
    const { page } = await this.load(document, problems);
    return { page, origin: 'new' };
  }

  /**
   * Prints the page's document to a tagged PDF at the page size its CSS gives (Paged.js's pages). The PDF comes in
   * the protocol's answer: puppeteer's `page.pdf` asks for a stream and reads it in chunks, which is slower
   * (docs/performance.md). The other parameters are the ones `page.pdf` sends, so the PDF is the same.
   */
  async print(page: Page): Promise<Uint8Array> {
    const opened = this.open.get(page);
    if (opened === undefined) throw new Error('print: the page was not opened by DocumentPages');
    const { data } = await opened.session.send('Page.printToPDF', {
      transferMode: 'ReturnAsBase64',
      preferCSSPageSize: true,
      printBackground: true,
      generateTaggedPDF: true,
      generateDocumentOutline: false,
      landscape: false,
      displayHeaderFooter: false,
      headerTemplate: '',
      footerTemplate: '',
      scale: 1,
      paperWidth: 8.5,
      paperHeight: 11,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      pageRanges: '',
    });
    return Buffer.from(data, 'base64');
  }

  /**
   * Takes a page back once it has done its work for a document (printed it, or laid out its share). The page is
   * made as it was loaded and then takes the next document with the same stylesheets, as a page made ready ahead
   * does: a new page would cost a renderer process, and loading the engine and the fonts again (time on both cores
   * for every output of `--all`). A page whose work failed, one that showed a very long document, or
   * one more than are kept, is closed.
   */
  async release(page: Page, didItsWork: boolean): Promise<void> {
    const opened = this.open.get(page);
    const large = (opened?.documentSize ?? 0) > keptDocumentSize;
    if (!didItsWork || opened === undefined || large || this.ready.length >= keptPages) {
      await page.close().catch(() => undefined);
      return;
    }
    // What the page reports from now on belongs to the next document it takes.
    const problems: PageProblem[] = [];
    opened.showing.problems = problems;
    const resetting = this.reset(page, opened.showing, problems);
    this.ready.push(resetting);
  }

  /**
   * Waits until the pages being made ready are done (or failed): the browser waits for this before it closes. A
   * browser closed while it still opened one left a timer of puppeteer's waiting for the page, which kept the
   * process alive for 30 s (a build of entries with errors, in about one run of four).
   */
  async settle(): Promise<void> {
    // Bounded, so that a page that never finishes loading cannot keep the browser from closing.
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, settleLimitMs)));
    await Promise.race([Promise.all(this.preparing), bound]);
    clearTimeout(timer);
  }

  /** A new page that loads the document, answering its requests and reporting its errors to `problems`. */
  private async load(
    document: ComposedDocument,
    problems: ProblemList,
  ): Promise<{ page: Page; showing: ShownDocument }> {
    const page = await this.browser.newPage();
    const showing: ShownDocument = { html: encodePage(document), assets: document.assets, problems };
    this.open.set(page, { session: await watch(page, showing), showing, documentSize: document.html.length });
    await page.goto(`${origin}/document.html`, { waitUntil: 'load', timeout: 0 });
    return { page, showing };
  }

  private async takeReady(): Promise<ReadyPage | undefined> {
    while (this.ready.length > 0) {
      const ready = await this.ready.shift();
      if (ready !== undefined) return ready;
    }
    return undefined;
  }

  private async makeReady(look: DocumentLook): Promise<ReadyPage | undefined> {
    try {
      const problems: PageProblem[] = [];
      const links = look.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeAttribute(href)}">`);
      const empty: ComposedDocument = {
        html: `<!DOCTYPE html><html><head><meta charset="utf-8">${links.join('')}</head><body></body></html>`,
        assets: new Map(look.assets),
        title: '',
      };
      const { page, showing } = await this.load(empty, problems);
      return { page, showing, stylesheets: look.stylesheets, problems, origin: 'ahead' };
    } catch {
      // The browser closed meanwhile: a document then gets a new page (and its render the error).
      return undefined;
    }
  }

  private async reset(page: Page, showing: ShownDocument, problems: PageProblem[]): Promise<ReadyPage | undefined> {
    try {
      const stylesheets = await page.evaluate(() => window.kompendiumReset());
      if (stylesheets !== undefined) return { page, showing, stylesheets, problems, origin: 'reused' };
    } catch {
      // The browser closed meanwhile: the page is gone with it.
    }
    await page.close().catch(() => undefined);
    return undefined;
  }
}

const encodePage = (document: ComposedDocument): string => Buffer.from(documentPageHtml(document)).toString('base64');

const escapeAttribute = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/**
 * Puts a document into a page that was loaded with the same stylesheets, as loading it would: the `html` and
 * `body` attributes and the title, and the body's content inert in the template the page scripts take it from
 * (src/browser/section-layout.js). False, and the page unchanged, when the document's head links other
 * stylesheets or holds anything else that could change the layout (styles, scripts, a base address).
 */
async function putInto(page: Page, html: string, stylesheets: string[]): Promise<boolean> {
  return page.evaluate(
    (source, expected) => {
      const parsed = new DOMParser().parseFromString(source, 'text/html');
      const links = [...parsed.head.querySelectorAll('link')];
      const sameLinks =
        links.every((link) => link.rel === 'stylesheet') &&
        JSON.stringify(links.map((link) => link.getAttribute('href'))) === JSON.stringify(expected);
      if (!sameLinks || parsed.head.querySelector('style, script, base') !== null) return false;
      for (const { name, value } of parsed.documentElement.attributes)
        document.documentElement.setAttribute(name, value);
      for (const { name, value } of parsed.body.attributes) document.body.setAttribute(name, value);
      document.title = parsed.title;
      const template = document.createElement('template');
      template.id = 'kompendium-source';
      template.content.append(...parsed.body.childNodes);
      document.body.replaceChildren(template);
      return true;
    },
    html,
    stylesheets,
  );
}

/** Answers the page's requests and reports its errors, for the document it shows now; returns the page's session. */
async function watch(page: Page, showing: ShownDocument): Promise<CDPSession> {
  const session = await page.createCDPSession();
  session.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    // A page closed meanwhile cannot be answered, and needs no answer.
    answerRequest(session, event, showing).catch(() => undefined);
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  page.on('console', (message) => {
    // Refused requests are already reported by the request handler, with the address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      showing.problems.push({ rule: 'page-script-error', message: `Paged.js: ${message.text()}` });
  });
  page.on('pageerror', (error) => {
    showing.problems.push({ rule: 'page-script-error', message: `Page script error: ${String(error)}` });
  });
  return session;
}

async function answerRequest(
  session: CDPSession,
  { requestId, request }: Protocol.Fetch.RequestPausedEvent,
  showing: ShownDocument,
): Promise<void> {
  const url = request.url;
  const { html, assets, problems } = showing;
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
