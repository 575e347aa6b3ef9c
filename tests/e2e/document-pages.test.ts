/**
 * Pages made ready ahead (src/browser/document-pages.ts): a document put into such a page comes out as the same PDF
 * as one loaded into a new page; a document that links other stylesheets is loaded instead; and what went wrong
 * while the ready page loaded the stylesheets and fonts is reported for the document.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium } from '../../src/browser/chromium.ts';
import { DocumentPages, type PageProblem } from '../../src/browser/document-pages.ts';
import { composeTarget } from '../../src/core/build-document.ts';
import { checkEdition } from '../../src/core/build.ts';
import { resolveTargets } from '../../src/core/targets.ts';
import { resolveConfig } from '../../src/model/config.ts';
import { documentLook } from '../../src/stages/4-compose/compose-document.ts';
import { openRenderer, type Renderer } from '../../src/stages/5-paginate/paginate.ts';
import { postprocessPdf } from '../../src/stages/6-postprocess/postprocess-pdf.ts';
import type { ComposedDocument, DocumentLook } from '../../src/model/types.ts';
import { copyFixtureEdition, fixtureEdition, projectRoot, runCli } from '../helpers/cli.ts';
import { allPageTexts } from '../helpers/pdf.ts';

const config = resolveConfig({ entries: fixtureEdition, out: 'out', cwd: projectRoot });
const renderers: Renderer[] = [];
let document: ComposedDocument;
/** A shorter document with other cards: the fixture's Bavarian selection. */
let brochure: ComposedDocument;
let look: DocumentLook;

async function freshRenderer(): Promise<Renderer> {
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 60_000 });
  renderers.push(renderer);
  return renderer;
}

/** The hash of the PDF as kompendium writes it (Chromium's own dates replaced by a fixed one). */
async function sha256(pdf: Uint8Array): Promise<string> {
  const { pdf: written } = await postprocessPdf(pdf, {
    title: 'T',
    author: 'A',
    subject: undefined,
    language: 'de',
    date: new Date('2013-01-01T00:00:00Z'),
    keywords: [],
    outline: [],
    words: { words: new Set(), starts: new Set() },
    cards: [],
    continued: [],
  });
  return createHash('sha256').update(written).digest('hex');
}

/** The PDF's text as poppler reads it. */
function pdfText(pdf: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kompendium-pages-')), 'document.pdf');
  writeFileSync(file, pdf);
  return allPageTexts(file).join('\n');
}

beforeAll(async () => {
  const { edition } = await checkEdition(config);
  if (edition === undefined) throw new Error('the fixture edition does not load');
  const [target] = resolveTargets(edition, { kind: 'edition' });
  if (target === undefined) throw new Error('no target');
  const composed = await composeTarget(target, config);
  if (composed.document === undefined) throw new Error('the fixture edition does not compose');
  document = composed.document;
  const [selection] = resolveTargets(edition, { kind: 'selection', input: { land: ['BY'] } });
  if (selection === undefined) throw new Error('no selection');
  const composedBrochure = await composeTarget(selection, config);
  if (composedBrochure.document === undefined) throw new Error('the selection does not compose');
  brochure = composedBrochure.document;
  look = await documentLook(config);
});

afterAll(async () => {
  for (const renderer of renderers) await renderer.close();
});

describe('pages made ready ahead', () => {
  it('take a document that links their stylesheets, and print the same PDF as a new page', async () => {
    const loaded = await (await freshRenderer()).render(document);
    const ready = await freshRenderer();
    ready.prepare(look);
    const put = await ready.render(document);

    expect(loaded.pageOrigin).toBe('new');
    expect(put.pageOrigin).toBe('ahead');
    expect(put.problems).toEqual([]);
    expect(put.pages).toBe(loaded.pages);
    expect(await sha256(put.pdf)).toBe(await sha256(loaded.pdf));
    // Two pages are made ready (a document's and a helper's): a short document takes one each time, the third
    // takes the page the first one printed in.
    const second = await ready.render(document);
    const third = await ready.render(document);
    expect([second.pageOrigin, third.pageOrigin]).toEqual(['ahead', 'reused']);
    expect(await sha256(second.pdf)).toBe(await sha256(loaded.pdf));
    expect(await sha256(third.pdf)).toBe(await sha256(loaded.pdf));
  });

  it('leave a document that links other stylesheets to a new page', async () => {
    const ready = await freshRenderer();
    ready.prepare({ stylesheets: ['/styles/other.css'], assets: look.assets });
    const result = await ready.render(document);
    expect(result.pageOrigin).toBe('new');
    expect(result.problems).toEqual([]);
    expect(pdfText(result.pdf)).toContain('BG-Coaching');
  });

  it('let a build that stops early end at once, though they are still being made ready', () => {
    // A build of entries with errors closes the browser while its pages are still loading. Before the renderer
    // waited for them, the process then lived on for 30 s in about one build of four (a timer of puppeteer's that
    // waited for the page that never came).
    const dir = copyFixtureEdition();
    const card = path.join(dir, 'entries/teil2/02-amiga.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('variant: handlungsansatz', 'variant: handlungsansats'));
    for (let i = 0; i < 8; i++) {
      const started = Date.now();
      const result = runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir });
      expect(result.status).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  }, 120_000);

  it('report what went wrong while they loaded the fonts for the document they take', async () => {
    const ready = await freshRenderer();
    const assets = new Map(look.assets);
    assets.set('/fonts/arimo-latin-400-normal.woff2', '/nonexistent/arimo-latin-400-normal.woff2');
    ready.prepare({ stylesheets: look.stylesheets, assets });
    const result = await ready.render(document);
    expect(result.pageOrigin).toBe('ahead');
    expect(result.problems.map((problem) => `${problem.rule}: ${problem.message}`)).toContain(
      'resource-not-loaded: The file /nonexistent/arimo-latin-400-normal.woff2 (for /fonts/arimo-latin-400-normal.woff2) could not be read',
    );
  });
});

describe('pages used before', () => {
  it('print the next document as a new page does', async () => {
    const fresh = await (await freshRenderer()).render(brochure);
    const used = await freshRenderer();
    const first = await used.render(document);
    const next = await used.render(brochure);
    expect([fresh.pageOrigin, first.pageOrigin, next.pageOrigin]).toEqual(['new', 'new', 'reused']);
    expect(next.problems).toEqual([]);
    expect(next.pages).toBe(fresh.pages);
    expect(next.pages).toBeLessThan(first.pages);
    expect(await sha256(next.pdf)).toBe(await sha256(fresh.pdf));
    // Nothing of the longer document is left over: the text is the selection's, its index its own.
    expect(pdfText(next.pdf)).toBe(pdfText(fresh.pdf));
  });

  it('are closed, not used again, when their work failed or their document was very long', async () => {
    const running = await launchChromium(findChromium(process.env));
    try {
      const pages = new DocumentPages(running.browser);
      const problems: PageProblem[] = [];
      const failed = await pages.show(document, problems);
      await pages.release(failed.page, false);
      expect(failed.page.isClosed()).toBe(true);
      const next = await pages.show(document, problems);
      expect(next.origin).toBe('new');
      await pages.release(next.page, true);
      expect(next.page.isClosed()).toBe(false);
      const again = await pages.show(document, problems);
      expect(again).toMatchObject({ origin: 'reused', page: next.page });
      expect(problems).toEqual([]);
      // A very long document's page is not kept either: emptied, its renderer would still hold its memory.
      const long = { ...document, html: document.html.replace('</body>', `<!--${'x'.repeat(1_500_000)}--></body>`) };
      const longShown = await pages.show(long, problems);
      await pages.release(longShown.page, true);
      expect(longShown.page.isClosed()).toBe(true);
    } finally {
      await running.close();
    }
  });
});
