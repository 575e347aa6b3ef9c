/**
 * Stage 5: Paged.js lays out the composed document in Chromium, and Chromium prints it to PDF. One browser serves
 * every document of a run. The page may load only the document's own assets (request interception answers from
 * the asset map and refuses everything else), and a watchdog ends a render that hangs, Paged.js layout included.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { launchChromium, type RunningBrowser } from '../../browser/chromium.ts';
import { engineScripts } from '../../browser/document-page.ts';
import { DocumentPages } from '../../browser/document-pages.ts';
import { dependencyKey } from '../../cache/output-cache.ts';
import { RenderTimeoutError } from '../../diagnostics/run-errors.ts';
import { kompendiumVersion, projectRoot } from '../../model/config.ts';
import type { ComposedDocument, DocumentLook } from '../../model/types.ts';
import { renderDocument, SharedSectionLost, type SecondPageUse } from './render-document.ts';
import { SectionClaims } from './section-claims.ts';
import { limitInSeconds, withWatchdog } from './watchdog.ts';
import type { PaginationResult, RenderOptions } from './pagination-result.ts';

export type { PaginationProblem, PaginationResult, RenderOptions } from './pagination-result.ts';

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
  /**
   * Starts another build with this renderer (`build --watch`): sections laid out by the build before may be used
   * again (not when `reuse` is false), older ones are forgotten.
   */
  startBuild: (reuse: boolean) => void;
}

export interface RendererOptions {
  chromiumPath: string;
  /** Longest time one document may take, layout and printing included. */
  timeoutMs: number;
  /** 'off' lays every section out in the page that prints (to compare with the parallel layout). */
  helperPages?: SecondPageUse;
}

/** Opens a renderer with one browser; it relaunches the browser if a render had to kill it. */
export async function openRenderer(options: RendererOptions): Promise<Renderer> {
  const slot = new BrowserSlot(options.chromiumPath, await startBrowser(options.chromiumPath));
  const browser = statSync(options.chromiumPath);
  const claims = new SectionClaims();
  const engine = {
    files: [...engineScripts.values(), path.join(projectRoot, 'src/index/locators.ts')],
    version: `${kompendiumVersion} ${options.chromiumPath} ${String(browser.size)} ${String(browser.mtimeMs)}`,
  };
  return {
    dependencyKey: (document) => dependencyKey(document, engine),
    prepare: (look) => slot.started?.pages.prepare(look, 2),
    startBuild: (reuse) => {
      claims.startBuild(reuse);
    },
    render: async (document, renderOptions = {}) => {
      const current = await slot.browser();
      const dependency = renderOptions.dependencyKey ?? (await dependencyKey(document, engine));
      try {
        const browserPages = { pages: current.pages, connected: () => current.browser.connected };
        const renderWith = (sectionClaims: SectionClaims) =>
          renderDocument(
            browserPages,
            document,
            dependency,
            sectionClaims,
            renderOptions,
            options.helperPages ?? 'auto',
          );
        // A shared section whose layout failed in the other output is laid out here: once more, with claims of its
        // own, within the same time limit.
        const work = renderWith(claims).catch((error: unknown) => {
          if (error instanceof SharedSectionLost) return renderWith(new SectionClaims());
          throw error;
        });
        const result = await withWatchdog(work, options.timeoutMs, () => {
          slot.timedOut.add(current);
          current.kill();
          slot.forget(current);
        });
        if (slot.timedOut.has(current)) throw stoppedWithAnother(options.timeoutMs);
        return result;
      } catch (error) {
        // Two outputs render in one browser at a time: when the other one's render timed out, the browser was
        // killed under this one too. That is the cause to report, not a crash or a missing section.
        if (!(error instanceof RenderTimeoutError) && slot.timedOut.has(current))
          throw stoppedWithAnother(options.timeoutMs);
        if (!current.browser.connected && !(error instanceof RenderTimeoutError)) {
          slot.forget(current);
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
      const last = await slot.takeLast();
      if (last === undefined) return;
      await last.pages.settle();
      // Bounded: a browser that does not answer is killed, so that the build always exits and leaves no process.
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        last.close().then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => {
            resolve(false);
          }, closeLimitMs);
        }),
      ]).catch(() => false);
      clearTimeout(timer);
      if (!closed) last.kill();
    },
  };
}

/**
 * The renderer's one browser. Renders that find it gone (the watchdog killed it) share one new browser: each used to
 * launch its own, and all but the last were never closed, so that the build did not exit.
 */
class BrowserSlot {
  #starting: Promise<Running> | undefined;
  /** The browser once it runs; undefined while none runs or one is starting. */
  started: Running | undefined;
  /** Browsers the watchdog killed: every render that was in one of them stopped for that reason. */
  readonly timedOut = new WeakSet<Running>();

  constructor(
    private readonly chromiumPath: string,
    first: Running,
  ) {
    this.started = first;
    this.#starting = Promise.resolve(first);
  }

  browser(): Promise<Running> {
    this.#starting ??= startBrowser(this.chromiumPath).then((running) => (this.started = running));
    return this.#starting;
  }

  /** Drops a browser that was killed, unless another one already took its place. */
  forget(browser: Running): void {
    if (this.started !== browser) return;
    this.started = undefined;
    this.#starting = undefined;
  }

  /** The browser to close at the end (waiting for one that is starting), and the slot emptied. */
  async takeLast(): Promise<Running | undefined> {
    const last = await this.#starting?.catch(() => undefined);
    this.#starting = undefined;
    this.started = undefined;
    return last;
  }
}

function stoppedWithAnother(timeoutMs: number): RenderTimeoutError {
  return new RenderTimeoutError(
    `The render was stopped with another output's, which did not finish within ${limitInSeconds(timeoutMs)} s (they shared the browser that was stopped). Raise the limit with --timeout if the documents are just very long`,
  );
}

/** How long closing the browser may take before it is killed. */
const closeLimitMs = 5_000;

/** A browser and its pages for documents. */
interface Running extends RunningBrowser {
  pages: DocumentPages;
}

async function startBrowser(chromiumPath: string): Promise<Running> {
  const running = await launchChromium(chromiumPath);
  return { ...running, pages: new DocumentPages(running.browser) };
}
