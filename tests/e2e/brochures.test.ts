/**
 * Regional brochures end to end: subsets of the 2013 edition with their own cover, page numbers and index, built
 * with the real CLI and read back with poppler.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageMap } from '../../src/model/types.ts';
import { copyFixtureEdition, runCli, writeTwoBrochures } from '../helpers/cli.ts';
import { allPageTexts, foldSpace, footerText, offIndexGrid, pageCount } from '../helpers/pdf.ts';
import { seedCards } from '../helpers/seed-2013.ts';
import { sharedBuild } from '../helpers/shared-build.ts';

function scratch(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kompendium-brochure-'));
}

function readPageMap(file: string): PageMap {
  return JSON.parse(readFileSync(file, 'utf8')) as PageMap;
}

/** Every locator of the brochure's index is a page of the brochure whose text contains the term. */
function expectOwnIndex(pdf: string, pageMap: PageMap, pages: readonly string[]): void {
  for (const term of pageMap.terms) {
    const words = (term.sub ?? term.term).toLowerCase();
    const longest = words.split(/[\s/-]+/).sort((a, b) => b.length - a.length)[0] ?? words;
    for (const page of term.pages) {
      expect(page, `${words} cites a page of the brochure`).toBeLessThanOrEqual(pageCount(pdf));
      const text = (pages[page - 1] ?? '').toLowerCase();
      expect(text, `${words} on page ${String(page)}`).toContain(longest.slice(0, Math.max(4, longest.length - 3)));
    }
  }
}

describe('the Bayern brochure of the 2013 edition', () => {
  let pdf: string;
  let pageMap: PageMap;
  let pages: string[];

  beforeAll(() => {
    // As `kompendium build --all` writes it (built once for the run); `--brochure` is run below.
    const shared = sharedBuild();
    expect(shared.result.status, shared.result.stderr).toBe(0);
    pdf = shared.pdf('regionalausgabe-bayern');
    pageMap = shared.pageMap('regionalausgabe-bayern');
    pages = allPageTexts(pdf);
  });

  it('has a cover with its subtitle and numbers its own pages', () => {
    expect(foldSpace(pages[0] ?? '')).toContain('Regionalausgabe Bayern');
    expect(footerText(pdf, 1)).toBe('');
    expect(footerText(pdf, pages.length)).toBe(String(pages.length));
    expect(pageMap.pages).toBe(pages.length);
  });

  it('holds exactly the four Bayern cards', () => {
    const bayern = seedCards.filter((card) => card.bundesland === 'Bayern').map((card) => card.title);
    expect(bayern).toHaveLength(4);
    expect(pageMap.cards.map((card) => card.title)).toEqual(bayern);
    const all = foldSpace(pages.join(' '));
    for (const card of pageMap.cards)
      expect(foldSpace(pages[card.firstPage - 1] ?? '')).toContain(foldSpace(card.title).slice(0, 40));
    // Titles long enough not to occur in running text (single words like "Teilqualifizierung" do, in TEIL 1).
    for (const other of seedCards.filter((card) => card.bundesland !== 'Bayern' && card.title.length > 25)) {
      expect(all, other.title).not.toContain(foldSpace(other.title).slice(0, 50));
    }
  });

  it('has its own index: only its terms, only its pages', () => {
    expect(pageMap.terms.length).toBeGreaterThan(10);
    expectOwnIndex(pdf, pageMap, pages);
    const index = foldSpace(pages.at(-1) ?? '');
    expect(index).toContain('BG-Coaching 13');
    expect(index).not.toContain('JUMITA');
  });

  it("sets both columns of every brochure's index on one grid of lines, as the edition's", () => {
    const shared = sharedBuild();
    const brochures = shared.json.outputs.filter((output) => output.name.startsWith('regionalausgabe-'));
    expect(brochures.length).toBeGreaterThan(1);
    for (const brochure of brochures) {
      const first = Math.max(...brochure.pageMap.cards.map((card) => card.lastPage)) + 1;
      expect(offIndexGrid(shared.pdf(brochure.name), first, brochure.pages), brochure.name).toEqual([]);
    }
  });
});

describe('selections on the command line', () => {
  it('selects by Träger type and index term, without TEIL 1', () => {
    const out = scratch();
    const result = runCli([
      'build',
      '--traeger',
      'zkT',
      '--term',
      'Alleinerziehende',
      '--no-teil1',
      '--out',
      out,
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { outputs: { name: string; path: string }[] };
    expect(json.outputs.map((output) => output.name)).toEqual(['auswahl-zkt-alleinerziehende-ohne-teil1']);
    const pdf = path.join(out, 'auswahl-zkt-alleinerziehende-ohne-teil1.pdf');
    const pages = allPageTexts(pdf);
    expect(pages.some((text) => text.includes('TEIL 1'))).toBe(false);
    const pageMap = readPageMap(pdf.replace(/\.pdf$/, '.json'));
    expect(pageMap.cards.length).toBeGreaterThan(1);
    const alleinerziehende = pageMap.terms.find((term) => term.term === 'Alleinerziehende');
    for (const card of pageMap.cards) {
      const cardPages = Array.from({ length: card.lastPage - card.firstPage + 1 }, (_, i) => card.firstPage + i);
      expect(
        cardPages.some((page) => alleinerziehende?.pages.includes(page)),
        card.id,
      ).toBe(true);
    }
    expectOwnIndex(pdf, pageMap, pages);
  });

  // Each refusal and its message is tested in-process (tests/unit/select-subset.test.ts); here the command's exit
  // code and that it writes nothing, for a bad selection and for an unknown brochure.
  it.each([
    [['--land', 'Bavaria'], 'BY (Bayern)'],
    [['--brochure', 'bavaria'], 'regionalausgabe-bayern'],
  ])('refuses %j with exit 2, naming the valid values, writing nothing', (args, hint) => {
    const out = path.join(scratch(), 'out');
    const result = runCli(['build', ...args, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(hint);
    expect(existsSync(out)).toBe(false);
  });
});

describe('kompendium build --all', () => {
  it('writes the edition and every named brochure, each numbering its own pages', () => {
    const { result, json, outDir: out } = sharedBuild();
    expect(result.status, result.stderr).toBe(0);
    expect(json.failures).toEqual([]);
    expect(json.outputs).toHaveLength(13);
    const pdfs = readdirSync(out).filter((name) => name.endsWith('.pdf'));
    expect(pdfs.sort()).toEqual(json.outputs.map((output) => `${output.name}.pdf`).sort());
    for (const output of json.outputs) {
      const pdf = path.join(out, `${output.name}.pdf`);
      expect(pageCount(pdf), output.name).toBe(output.pages);
      expect(readPageMap(path.join(out, `${output.name}.json`)).pages).toBe(output.pages);
      expect(footerText(pdf, output.pages)).toBe(String(output.pages));
    }
  });
});

describe('a batch in which one brochure fails', () => {
  it('reports the failing brochure by id, builds the others, and exits 1', () => {
    const workDir = copyFixtureEdition();
    writeTwoBrochures(path.join(workDir, 'entries'));
    // A string wider than the page that has no break point (digits are never hyphenated): the Brandenburg card
    // cannot be printed without clipping.
    const amiga = path.join(workDir, 'entries/teil2/02-amiga.md');
    writeFileSync(
      amiga,
      readFileSync(amiga, 'utf8').replace('Seit 2005, unbefristet.', `Seit 2005, ${'0123456789'.repeat(20)}.`),
    );
    const result = runCli(['build', '--brochure', 'bayern', '--brochure', 'brandenburg', '--out', 'out', '--json'], {
      cwd: workDir,
    });
    expect(result.status).toBe(1);
    const json = JSON.parse(result.stdout) as {
      outputs: { name: string }[];
      failures: { name: string }[];
      diagnostics: { file: string; line: number; column: number; rule: string }[];
    };
    expect(json.outputs.map((output) => output.name)).toEqual(['bayern']);
    expect(json.failures.map((failure) => failure.name)).toEqual(['brandenburg']);
    expect(json.diagnostics).toContainEqual(
      expect.objectContaining({
        // At the entry's line, where the string that does not fit begins; naming the output it broke.
        file: 'entries/teil2/02-amiga.md',
        line: 32,
        column: 1,
        rule: 'content-overflow',
        message: expect.stringMatching(/^In brandenburg\.pdf: .*\(card amiga, field "Handlungszeitraum"\)/) as unknown,
      }),
    );
    expect(readdirSync(path.join(workDir, 'out')).sort()).toEqual(['.kompendium-cache', 'bayern.json', 'bayern.pdf']);
  });
});
