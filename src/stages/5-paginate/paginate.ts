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
import { renderDocument, type SecondPageUse } from './render-document.ts';
import { SectionClaims } from './section-claims.ts';
import { withWatchdog } from './watchdog.ts';
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
  let running: Running | undefined = await startBrowser(options.chromiumPath);
  const browser = statSync(options.chromiumPath);
  const claims = new SectionClaims();
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
        const browserPages = { pages: current.pages, connected: () => current.browser.connected };
        const work = renderDocument(
          browserPages,
          document,
          dependency,
          claims,
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
