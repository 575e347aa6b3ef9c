/**
 * The output cache: an output is reused only when nothing it depends on changed — its cards, the templates, the
 * styles — and a change to another brochure's card leaves it alone. Parallel batches give the same PDFs as
 * single builds.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/browser/chromium.ts';
import { buildEdition } from '../../src/core/build.ts';
import { resolveConfig, type BuildConfig } from '../../src/model/config.ts';
import { openRenderer, type Renderer } from '../../src/stages/5-paginate/paginate.ts';
import { copyFixtureEdition, projectRoot, writeTwoBrochures } from '../helpers/cli.ts';

let renderer: Renderer;
let config: BuildConfig;

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(file, text.replace(from, to));
}

async function cachedOutputs(): Promise<Record<string, boolean>> {
  const result = await buildEdition(config, { request: { kind: 'all' }, renderer });
  expect(result.failures).toEqual([]);
  return Object.fromEntries(result.outputs.map((output) => [output.name, output.cached]));
}

beforeAll(async () => {
  const dir = copyFixtureEdition();
  writeTwoBrochures(path.join(dir, 'entries'));
  const look = mkdtempSync(path.join(os.tmpdir(), 'kompendium-look-'));
  cpSync(path.join(projectRoot, 'templates'), path.join(look, 'templates'), { recursive: true });
  cpSync(path.join(projectRoot, 'styles'), path.join(look, 'styles'), { recursive: true });
  config = {
    ...resolveConfig({ entries: path.join(dir, 'entries'), out: path.join(dir, 'out'), cwd: dir }),
    templatesDir: path.join(look, 'templates'),
    stylesDir: path.join(look, 'styles'),
  };
  renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 60_000 });
});

afterAll(async () => {
  await renderer.close();
});

describe('the output cache', () => {
  it('renders everything the first time and nothing the second', async () => {
    expect(await cachedOutputs()).toEqual({ 'fixture-2013': false, bayern: false, brandenburg: false });
    expect(await cachedOutputs()).toEqual({ 'fixture-2013': true, bayern: true, brandenburg: true });
  });

  it('renders again the outputs that hold a changed card, and only those', async () => {
    edit(path.join(config.entriesDir, 'teil2/02-amiga.md'), 'Seit 2005', 'Seit 2006');
    expect(await cachedOutputs()).toEqual({ 'fixture-2013': false, bayern: true, brandenburg: false });
  });

  it('renders everything again after a template or a style changed', async () => {
    edit(
      path.join(config.templatesDir, 'partials/cover.hbs'),
      '<p class="cover-year">',
      '<p class="cover-year" title="Jahr">',
    );
    expect(Object.values(await cachedOutputs())).toEqual([false, false, false]);
    edit(path.join(config.stylesDir, 'print.css'), 'color: #000;', 'color: #010101;');
    expect(Object.values(await cachedOutputs())).toEqual([false, false, false]);
  });

  it('renders again when the PDF in the output folder is not the one it wrote', async () => {
    writeFileSync(path.join(config.outDir, 'bayern.pdf'), 'damaged');
    expect(await cachedOutputs()).toEqual({ 'fixture-2013': true, bayern: false, brandenburg: true });
  });

  it('renders again when what only the metadata of the PDF says changes: its date, its keywords', async () => {
    process.env.SOURCE_DATE_EPOCH = '1400000000';
    try {
      expect(Object.values(await cachedOutputs())).toEqual([false, false, false]);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    expect(Object.values(await cachedOutputs())).toEqual([false, false, false]);
    edit(
      path.join(config.entriesDir, 'edition.md'),
      'publisher: Bund-Länder-Ausschuss SGB II',
      'publisher: BLA SGB II',
    );
    expect(Object.values(await cachedOutputs())).toEqual([false, false, false]);
    expect(Object.values(await cachedOutputs())).toEqual([true, true, true]);
  });

  it('gives the same PDFs in a parallel batch as in single builds', async () => {
    const hash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    const single = { ...config, outDir: mkdtempSync(path.join(os.tmpdir(), 'kompendium-single-')) };
    for (const id of ['bayern', 'brandenburg']) {
      await buildEdition(single, { request: { kind: 'brochures', ids: [id] }, renderer, cache: false });
    }
    await buildEdition(single, { request: { kind: 'edition' }, renderer, cache: false });
    for (const name of ['fixture-2013', 'bayern', 'brandenburg']) {
      expect(hash(path.join(single.outDir, `${name}.pdf`)), name).toBe(hash(path.join(config.outDir, `${name}.pdf`)));
    }
  });
});
