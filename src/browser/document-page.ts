/**
 * The document as a page in Chromium: its HTML with the Paged.js engine scripts added, and the answer to every
 * request the page makes. The PDF renderer (through request interception) and the preview server (over HTTP)
 * serve the same page, so the preview paginates exactly as the PDF does.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../model/config.ts';
import { formatLocators, locatorText } from '../index/locators.ts';
import type { ComposedDocument } from '../model/types.ts';

const require = createRequire(import.meta.url);
// pagedjs's exports map hides dist/: locate the package folder through its manifest.
const pagedjsDir = path.resolve(path.dirname(require.resolve('pagedjs')), '..');

/** kompendium's page scripts, in the order the page runs them (the last one drives the layout). */
const pageScripts = ['hyphens.js', 'keep-with-next.js', 'overflow-check.js', 'page-records.js', 'section-layout.js'];

/** The scripts the page runs besides the document's own assets, by the path the page asks for. */
export const engineScripts = new Map([
  ['/kompendium/paged.polyfill.js', path.join(pagedjsDir, 'dist', 'paged.polyfill.js')],
  ...pageScripts.map((name): [string, string] => [`/kompendium/${name}`, path.join(projectRoot, 'src/page', name)]),
]);

/**
 * The index's locator formatting, shared with Node (tests, page map): the same functions, sent as source. The
 * `__name` stub answers the helper calls that the TypeScript loader adds to keep function names.
 */
const locatorsScript = `window.kompendiumLocators = (() => {
  const __name = (target) => target;
  return { format: (${formatLocators.toString()}), text: (${locatorText.toString()}) };
})();`;

const contentTypes: Record<string, string | undefined> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The document's HTML with the engine scripts in its head (Paged.js waits to be started: `auto: false`). The
 * body's content comes inside a `<template>`: the page script cuts it into sections and Paged.js lays those out, so
 * Chromium need not style and lay out the whole document once more as one long screen page while it loads.
 */
export function documentPageHtml(document: ComposedDocument, extraHead = ''): string {
  return sourceInTemplate(document.html).replace(
    '</head>',
    // An empty icon keeps Chromium from asking for /favicon.ico.
    '<link rel="icon" href="data:,">' +
      '<script>window.PagedConfig = { auto: false };</script>' +
      '<script src="/kompendium/paged.polyfill.js"></script>' +
      '<script src="/kompendium/locators.js"></script>' +
      pageScripts.map((name) => `<script src="/kompendium/${name}"></script>`).join('') +
      `${extraHead}\n</head>`,
  );
}

/** Wraps the body's content in `<template id="kompendium-source">`; HTML without a body tag stays as it is. */
function sourceInTemplate(html: string): string {
  const open = /<body\b[^>]*>/i.exec(html);
  const close = html.toLowerCase().lastIndexOf('</body>');
  if (open === null || close < open.index + open[0].length) return html;
  const start = open.index + open[0].length;
  return `${html.slice(0, start)}<template id="kompendium-source">${html.slice(start, close)}</template>${html.slice(close)}`;
}

/** What a request of the page is answered with. */
export type PageResponse =
  | { status: 200; contentType: string; body: Buffer | string }
  | { status: 404; reason: 'not-part-of-project' }
  | { status: 500; reason: 'unreadable'; file: string };

/** Answers a request for `pathname` (other than the document itself) from the engine scripts and the assets. */
export async function pageResource(pathname: string, assets: ReadonlyMap<string, string>): Promise<PageResponse> {
  if (pathname === '/kompendium/locators.js') {
    return { status: 200, contentType: 'text/javascript; charset=utf-8', body: locatorsScript };
  }
  const file = assets.get(pathname) ?? engineScripts.get(pathname);
  if (file === undefined) return { status: 404, reason: 'not-part-of-project' };
  try {
    const body = await readFile(file);
    return { status: 200, contentType: contentTypeOf(file), body };
  } catch {
    return { status: 500, reason: 'unreadable', file };
  }
}

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file)] ?? 'application/octet-stream';
}
