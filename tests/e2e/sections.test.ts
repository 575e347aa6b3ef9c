/**
 * Layout in sections (src/browser/section-layout.js): each section is laid out once per run whatever outputs
 * contain it, kept for the next run, laid out again when anything it depends on changes; and the pages come out the
 * same whether sections are laid out in one browser page, in two at once, or the document in one pass.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/browser/chromium.ts';
import type { BuildOutput } from '../../src/core/batch.ts';
import { buildEdition } from '../../src/core/build.ts';
import { resolveConfig, type BuildConfig } from '../../src/model/config.ts';
import { openRenderer, type Renderer, type RendererOptions } from '../../src/stages/5-paginate/paginate.ts';
import { copyFixtureEdition, projectRoot, writeTwoBrochures } from '../helpers/cli.ts';
import { allPageTexts, footerText, pdfFonts, pdfInfo } from '../helpers/pdf.ts';
import { editionName, sharedBuild } from '../helpers/shared-build.ts';

const renderers: Renderer[] = [];

async function freshRenderer(options: Partial<RendererOptions> = {}): Promise<Renderer> {
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 120_000, ...options });
  renderers.push(renderer);
  return renderer;
}

afterAll(async () => {
  for (const renderer of renderers) await renderer.close();
});

/** The fixture edition with two brochures, and its own copy of the templates and styles to change. */
function fixtureConfig(): BuildConfig {
  const dir = copyFixtureEdition();
  writeTwoBrochures(path.join(dir, 'entries'));
  const look = mkdtempSync(path.join(os.tmpdir(), 'kompendium-look-'));
  cpSync(path.join(projectRoot, 'templates'), path.join(look, 'templates'), { recursive: true });
  cpSync(path.join(projectRoot, 'styles'), path.join(look, 'styles'), { recursive: true });
  return {
    ...resolveConfig({ entries: path.join(dir, 'entries'), out: path.join(dir, 'out'), cwd: dir }),
    templatesDir: path.join(look, 'templates'),
    stylesDir: path.join(look, 'styles'),
  };
}

/** Builds everything with a new renderer (as a new `kompendium build --all` would) and returns the outputs. */
async function buildAll(config: BuildConfig, cache = true): Promise<BuildOutput[]> {
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 120_000 });
  try {
    const result = await buildEdition(config, { request: { kind: 'all' }, renderer, cache });
    expect(result.failures).toEqual([]);
    return result.outputs;
  } finally {
    await renderer.close();
  }
}

const laidOut = (outputs: BuildOutput[]): number =>
  outputs.reduce((sum, output) => sum + (output.sections?.laidOut ?? 0), 0);

const edit = (file: string, from: string, to: string): void => {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(file, text.replace(from, to));
};

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Each page's structure tree as pdf.js reads it (without the ids, which name Chromium's DOM nodes). */
async function structureTrees(pdf: string): Promise<unknown[]> {
  const withoutIds = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(withoutIds)
      : node !== null && typeof node === 'object'
        ? Object.fromEntries(
            Object.entries(node).flatMap(([key, value]) => (key === 'id' ? [] : [[key, withoutIds(value)]])),
          )
        : node;
  const document = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
  const trees: unknown[] = [];
  for (let page = 1; page <= document.numPages; page++) {
    trees.push(withoutIds(await (await document.getPage(page)).getStructTree()));
  }
  return trees;
}

/** A hash of one page rendered by poppler at 40 dpi. */
function pagePixels(pdf: string, page: number): string {
  const png = execFileSync('pdftoppm', [
    '-png',
    '-r',
    '40',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    pdf,
  ]);
  return createHash('sha256').update(png).digest('hex');
}

describe('sections', () => {
  it('are laid out once per run, kept for the next run, and laid out again when they change', async () => {
    const config = fixtureConfig();
    const first = await buildAll(config);
    const edition = first.find((output) => output.name === 'fixture-2013');
    const editionSections = edition?.sections?.total ?? 0;
    expect(editionSections).toBeGreaterThan(5);
    // The brochures' cards and TEIL pages are the edition's: only their covers and indexes are their own.
    expect(laidOut(first)).toBe(editionSections + 2 * 2);

    // One card changed (in the edition and in Brandenburg): that card once, and each output's index.
    edit(path.join(config.entriesDir, 'teil2/02-amiga.md'), 'Seit 2005', 'Seit 2006');
    const second = await buildAll(config);
    expect(second.map((output) => output.cached)).toEqual([false, true, false]);
    expect(laidOut(second)).toBe(1 + 2);

    // A style reaches every section: all of them again.
    edit(path.join(config.stylesDir, 'print.css'), 'color: #000;', 'color: #010101;');
    expect(laidOut(await buildAll(config))).toBe(editionSections + 2 * 2);

    // The card form's template reaches every card (not the cover or TEIL pages): the cards, and each index.
    edit(path.join(config.templatesDir, 'partials/card.hbs'), 'class="card-title"', 'class="card-title" title=""');
    const cards = editionSections - 4; // less the cover, TEIL 1, TEIL 2 and the index
    expect(laidOut(await buildAll(config))).toBe(cards + 3);
    // --no-cache lays out everything, without looking at kept sections.
    expect(laidOut(await buildAll(config, false))).toBe(editionSections + 2 * 2);
  });

  it('are removed when no build used them for two weeks, and stay while builds use them', async () => {
    const config = fixtureConfig();
    await buildAll(config);
    const kept = ['sections', 'entries'].map((name) => path.join(config.outDir, '.kompendium-cache', name));
    const keptNames = (): string[] => kept.flatMap((folder) => readdirSync(folder).map((name) => `${folder}/${name}`));
    const firstRun = keptNames();
    expect(firstRun.length).toBeGreaterThan(10);
    // Three weeks pass without a build.
    const threeWeeksAgo = new Date(Date.now() - 21 * 24 * 60 * 60 * 1000);
    for (const file of firstRun) utimesSync(file, threeWeeksAgo, threeWeeksAgo);

    // A card changes: its old section and its old parsed entry are of no use any more, all else is used again.
    edit(path.join(config.entriesDir, 'teil2/02-amiga.md'), 'Seit 2005', 'Seit 2006');
    await buildAll(config);
    const secondRun = keptNames();
    expect(secondRun).toHaveLength(firstRun.length);
    expect(firstRun.filter((file) => !secondRun.includes(file))).toHaveLength(2);
    for (const file of secondRun) expect(statSync(file).mtimeMs).toBeGreaterThan(threeWeeksAgo.getTime());

    // What stayed is what the next build uses: the Bavarian card changes, and only it and the indexes of the two
    // outputs that hold it (the edition, Bayern) are laid out.
    edit(path.join(config.entriesDir, 'teil2/01-bg-coaching.md'), 'im psychischen Bereich', 'im seelischen Bereich');
    expect(laidOut(await buildAll(config))).toBe(1 + 2);
  });

  it('give the same pages laid out and printed in one browser page, in two at once, and as the whole document in one pass', async () => {
    const base = resolveConfig({ entries: path.join(projectRoot, 'entries'), out: 'out', cwd: projectRoot });
    const build = async (
      renderer: Renderer,
      stylesDir = base.stylesDir,
      outDir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-sections-')),
      cache = false,
    ): Promise<BuildOutput> => {
      const result = await buildEdition(
        { ...base, outDir, stylesDir },
        { request: { kind: 'edition' }, renderer, cache },
      );
      expect(result.failures).toEqual([]);
      const output = result.outputs[0];
      if (output === undefined) throw new Error('no output');
      return output;
    };
    // Laid out in two browser pages at once: the edition of this run's `build --all` (a build of the edition alone
    // gives the same bytes: tests/e2e/edition-2013.test.ts).
    const shared = sharedBuild();
    expect(shared.result.status, shared.result.stderr).toBe(0);
    const editionOutput = shared.json.outputs.find((output) => output.name === editionName);
    const parallel = { path: shared.pdf(editionName), pages: editionOutput?.pages ?? 0 };
    const single = await build(await freshRenderer({ helperPages: 'off' }));
    expect(editionOutput?.sections?.inHelper).toBeGreaterThan(0);
    expect(single.sections?.inHelper).toBe(0);
    // Printed in two parts (each with its own font subsets), merged into one PDF: the same pages as one print, to
    // the pixel, with the same structure tree on every page.
    expect(pdfFonts(parallel.path).map((font) => font.name)).toEqual([
      'AAAAAA+Arimo-Regular',
      'BAAAAA+Arimo-Bold',
      'AAAAAB+Arimo-Regular',
      'BAAAAB+Arimo-Bold',
    ]);
    expect(pdfFonts(single.path)).toHaveLength(2);
    expect(parallel.pages).toBe(single.pages);
    expect(allPageTexts(parallel.path)).toEqual(allPageTexts(single.path));
    expect(await structureTrees(parallel.path)).toEqual(await structureTrees(single.path));
    for (const page of [1, 62, 63, 64, parallel.pages]) {
      expect(pagePixels(parallel.path, page), `page ${String(page)}`).toBe(pagePixels(single.path, page));
    }
    expect(footerText(parallel.path, 63)).toBe('63');
    expect(pdfInfo(parallel.path).Tagged).toBe('yes');

    // Built again from the sections kept by a first build, the shared one (no helper lays anything out then,
    // another page prints the second part from their HTML): the same bytes as a build from scratch.
    const kept = mkdtempSync(path.join(os.tmpdir(), 'kompendium-sections-kept-'));
    cpSync(shared.outDir, kept, { recursive: true });
    rmSync(path.join(kept, `${editionName}.pdf`));
    const rebuilt = await build(await freshRenderer(), base.stylesDir, kept, true);
    expect(rebuilt.sections?.laidOut).toBe(1);
    expect(sha256(rebuilt.path)).toBe(sha256(parallel.path));

    // A page selector makes a page's look depend on its place: the document is then laid out in one pass.
    const styles = mkdtempSync(path.join(os.tmpdir(), 'kompendium-styles-'));
    cpSync(base.stylesDir, styles, { recursive: true });
    appendFileSync(path.join(styles, 'print.css'), '\n@page :left { margin-left: 25mm; }\n');
    const whole = await build(await freshRenderer(), styles);
    expect(whole.sections?.total).toBe(1);
    expect(whole.pages).toBe(parallel.pages);
    expect(allPageTexts(whole.path)).toEqual(allPageTexts(parallel.path));
  });
});
