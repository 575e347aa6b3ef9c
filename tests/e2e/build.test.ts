/**
 * End to end: `kompendium build` on the fixture edition, and the PDF read back with poppler as a user's reader
 * would. Page numbers are never typed in here: they come from the page map, which must agree with the PDF.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageMap } from '../../src/model/types.ts';
import { copyFixtureEdition, runCli } from '../helpers/cli.ts';
import { formatLocators, locatorText } from '../../src/index/locators.ts';
import { allPageTexts, foldSpace, footerText, printedLines, pageCount, pdfFonts, pdfInfo } from '../helpers/pdf.ts';

describe('kompendium build on the fixture edition', () => {
  let workDir: string;
  let pdf: string;
  let pageMap: PageMap;
  let pages: string[];
  let jsonOutput: { outputs: { path: string; pages: number }[]; diagnostics: unknown[] };

  beforeAll(() => {
    workDir = copyFixtureEdition();
    const result = runCli(['build', '--entries', 'entries', '--out', 'out', '--json'], { cwd: workDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    jsonOutput = JSON.parse(result.stdout) as typeof jsonOutput;
    pdf = path.join(workDir, 'out/fixture-2013.pdf');
    pageMap = JSON.parse(readFileSync(path.join(workDir, 'out/fixture-2013.json'), 'utf8')) as PageMap;
    pages = allPageTexts(pdf);
  });

  it('prints one JSON object naming the PDF, its page count and its page map', () => {
    expect(jsonOutput).toEqual({
      command: 'build',
      exitCode: 0,
      error: null,
      outputs: [
        {
          name: 'fixture-2013',
          path: 'out/fixture-2013.pdf',
          pages: pageCount(pdf),
          cached: false,
          // Cover, TEIL 1, TEIL 2, three cards, index: all laid out (a short document needs no helper page).
          sections: { total: 7, laidOut: 7, inHelper: 0 },
          pageMap,
        },
      ],
      diagnostics: [],
      failures: [],
    });
  });

  it('writes an A4 PDF whose page count the page map states', () => {
    expect(pageMap.pages).toBe(pageCount(pdf));
    expect(pdfInfo(pdf)['Page size']).toMatch(/^594\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(pdfInfo(pdf).Title).toBe(
      'Handlungsansätze zur Unterstützung und Förderung von Langzeitleistungsbeziehenden im SGB II',
    );
  });

  it('prints a cover without page number, and page numbers from page 2 on', () => {
    const cover = foldSpace(pages[0] ?? '');
    expect(cover).toContain('Bund-Länder-Ausschuss SGB II');
    expect(cover).toContain('2013');
    expect(footerText(pdf, 1)).toBe('');
    for (let page = 2; page <= pages.length; page++) {
      expect(footerText(pdf, page), `footer of page ${String(page)}`).toBe(String(page));
    }
  });

  it('prints TEIL 1 with its principles and TEIL 2 before the cards', () => {
    const teil1 = pages.findIndex((text) => text.includes('TEIL 1'));
    const teil2 = pages.findIndex((text) => text.includes('TEIL 2'));
    expect(teil1).toBe(1);
    expect(foldSpace(pages[teil1] ?? '')).toContain('1. Speziell geschultes Personal');
    expect(teil2).toBeGreaterThan(teil1);
    expect(Math.min(...pageMap.cards.map((card) => card.firstPage))).toBeGreaterThan(teil2 + 1);
  });

  it('starts each card on the page the page map says, drawn as the printed form', () => {
    expect(pageMap.cards.map((card) => card.id)).toEqual(['bg-coaching', 'amiga', 'fit-for-life']);
    for (const card of pageMap.cards) {
      const text = foldSpace(pages[card.firstPage - 1] ?? '');
      expect(text, card.id).toContain(card.title);
      expect(text).toContain('Gemeinsame Einrichtung');
      expect(text).toContain('Zugelassener kommunaler Träger');
      expect(card.lastPage).toBeGreaterThanOrEqual(card.firstPage);
    }
    const coaching = foldSpace(pages[(pageMap.cards[0]?.firstPage ?? 0) - 1] ?? '');
    expect(coaching).toContain('Name/Bezeichnung der Maßnahme:');
    expect(coaching).toContain('Ansprechpartner: Josef Fisch');
    expect(coaching).toContain('Telefon: 089 – 6221-4505');
    expect(coaching).toContain('Beschreibung der Maßnahme (Ziel der Maßnahme, Inhalte, Methoden, Beteiligte)');
  });

  it('cites in the index pages whose text contains the term, each page once, runs as ranges', () => {
    const indexPage = pages.findIndex((text) => text.includes('Stichwortverzeichnis'));
    expect(indexPage).toBe(pages.length - 1);
    const indexText = foldSpace(pages[indexPage] ?? '');
    expect(pageMap.terms.length).toBeGreaterThanOrEqual(8);
    for (const term of pageMap.terms) {
      const words = term.sub ?? term.term;
      // The fixture edition asks for ranges: three or more consecutive pages print as "4–6".
      const locators = formatLocators({ pages: term.pages, mainPages: [], ranges: [] }, true).map(locatorText);
      expect(indexText, `index lists ${words}`).toContain(`${words} ${locators.join(', ')}`);
      expect(new Set(term.pages).size).toBe(term.pages.length);
      for (const page of term.pages) {
        const text = foldSpace(pages[page - 1] ?? '');
        const stem = (term.sub ?? term.term).slice(0, 8);
        expect(text.toLowerCase(), `page ${String(page)} mentions ${words}`).toContain(stem.toLowerCase());
      }
    }
    expect(indexText).toMatch(/Netzwerkpartner \d+–\d+/);
  });

  it('prints project names and their own card page in bold, other terms in the regular face', () => {
    const lines = printedLines(pdf, pages.length, pages.length);
    const line = (start: string): { bold: boolean; text: string } | undefined =>
      lines.find((candidate) => candidate.text.startsWith(start));
    expect(line('BG-Coaching')?.bold).toBe(true);
    expect(line('AmigA')?.bold).toBe(true);
    expect(line('Alleinerziehende')?.bold).toBe(false);
    expect(foldSpace(pages.at(-1) ?? '')).toMatch(/Bedarfsgemeinschaft [\d, ]+; siehe auch Alleinerziehende/);
  });

  it('sorts the index in German order with "§" first and umlauts under their base letter', () => {
    const indexText = foldSpace(pages.at(-1) ?? '');
    const order = ['§ 16e SGB II', 'Alleinerziehende', 'AmigA', 'Ärztlicher Dienst', 'Bedarfsgemeinschaft'];
    const positions = order.map((term) => indexText.indexOf(term));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(indexText).toContain('Siehe BG-Coaching');
  });

  it('embeds only Arimo, with Unicode maps', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+Arimo-(Regular|Bold|Italic|BoldItalic)$/);
      expect(font.embedded).toBe(true);
      expect(font.unicode).toBe(true);
    }
  });

  it('reports the time of every stage with --timings, and of each step of pagination', () => {
    const result = runCli(
      ['build', '--entries', 'entries', '--out', 'out-timed', '--no-cache', '--timings', '--json'],
      {
        cwd: workDir,
      },
    );
    expect(result.status).toBe(0);
    const { timings } = JSON.parse(result.stdout) as { timings: Record<string, number> };
    const stages = ['load', 'validate', 'render', 'compose', 'paginate', 'post-process', 'verify', 'write'];
    const steps = ['page', 'cut', 'layout', 'assemble', 'print'].map((step) => `paginate: ${step}`);
    expect(Object.keys(timings)).toEqual([...stages, ...steps]);
    for (const seconds of Object.values(timings)) expect(seconds).toBeGreaterThanOrEqual(0);
    expect(timings['paginate: print']).toBeGreaterThan(0);
    // The steps are the parts of the stage: together they take no longer than it.
    const stepSum = steps.reduce((sum, step) => sum + (timings[step] ?? 0), 0);
    expect(stepSum).toBeLessThanOrEqual((timings.paginate ?? 0) + 0.005);
    expect(stepSum).toBeGreaterThan((timings.paginate ?? 0) * 0.8);
  });

  it('writes the print-shop variant with --print: PDF/X-4 that verify passes, PDF/A-2u and PDF/UA-1 still', () => {
    const result = runCli(['build', '--entries', 'entries', '--out', 'out-print', '--print', '--json'], {
      cwd: workDir,
    });
    expect(result.status, result.stderr).toBe(0);
    const printPdf = path.join(workDir, 'out-print/fixture-2013-print.pdf');
    expect(readdirSync(path.join(workDir, 'out-print')).filter((file) => !file.startsWith('.'))).toEqual([
      'fixture-2013-print.json',
      'fixture-2013-print.pdf',
    ]);
    // poppler sees PDF 1.6, a PDF/X file, and trim and bleed boxes as large as the page.
    const boxes = execFileSync('pdfinfo', ['-box', '-f', '1', '-l', '1', printPdf], { encoding: 'utf8' });
    expect(boxes).toMatch(/PDF version:\s+1\.6/);
    expect(boxes).toMatch(/PDF subtype:\s+PDF\/X-4/);
    const box = (name: string): string => new RegExp(`${name}:\\s+([\\d. ]+)`).exec(boxes)?.[1]?.trim() ?? '';
    expect(box('Page    1 TrimBox')).toBe(box('Page    1 MediaBox'));
    expect(box('Page    1 BleedBox')).toBe(box('Page    1 MediaBox'));
    const verify = runCli(['verify', printPdf, '--json'], { cwd: workDir });
    expect(verify.status, verify.stdout).toBe(0);
    const packet = execFileSync('pdfinfo', ['-meta', printPdf], { encoding: 'utf8' });
    for (const claim of [
      'PDF/X-4</pdfxid:GTS_PDFXVersion>',
      '<pdfaid:part>2</pdfaid:part>',
      '<pdfuaid:part>1</pdfuaid:part>',
    ])
      expect(packet).toContain(claim);
    // Same pages as the screen PDF, in the same grays: the text was black and stays black, now K only.
    expect(pageCount(printPdf)).toBe(pageCount(pdf));
    expect(allPageTexts(printPdf)).toEqual(allPageTexts(pdf));
  });

  it('leaves no temporary files in the output folder', () => {
    expect(readdirSync(path.join(workDir, 'out')).sort()).toEqual([
      '.kompendium-cache',
      'fixture-2013.json',
      'fixture-2013.pdf',
    ]);
  });

  it('reports a broken entry with its position and leaves the previous PDF byte for byte', () => {
    const before = readFileSync(pdf);
    const card = path.join(workDir, 'entries/teil2/02-amiga.md');
    const original = readFileSync(card, 'utf8');
    writeFileSync(card, original.replace('variant: handlungsansatz', 'variant: handlungsansats'));
    try {
      const check = runCli(['check', '--entries', 'entries'], { cwd: workDir });
      expect(check.status).toBe(1);
      expect(check.stderr).toContain('entries/teil2/02-amiga.md:4:10  error');
      expect(check.stderr).toContain('Did you mean "handlungsansatz"?');
      const build = runCli(['build', '--entries', 'entries', '--out', 'out', '--json'], { cwd: workDir });
      expect(build.status).toBe(1);
      const json = JSON.parse(build.stdout) as { outputs: unknown[]; diagnostics: { file: string; line: number }[] };
      expect(json.outputs).toEqual([]);
      expect(json.diagnostics[0]).toMatchObject({ file: 'entries/teil2/02-amiga.md', line: 4, column: 10 });
      expect(readFileSync(pdf).equals(before)).toBe(true);
    } finally {
      writeFileSync(card, original);
    }
  });
});

describe('kompendium without Chromium', () => {
  it('exits 2 with a one-line install hint and writes nothing', () => {
    const workDir = copyFixtureEdition();
    const result = runCli(['build', '--entries', 'entries', '--out', 'out'], {
      cwd: workDir,
      env: { CHROME_PATH: path.join(os.tmpdir(), 'no-such-chromium') },
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('apt-get install -y chromium');
    expect(() => readdirSync(path.join(workDir, 'out'))).toThrow();
  });

  it('with --json, says so in the JSON envelope on stdout', () => {
    const result = runCli(['build', '--json'], {
      cwd: copyFixtureEdition(),
      env: { CHROME_PATH: path.join(os.tmpdir(), 'no-such-chromium') },
    });
    expect(result.status).toBe(2);
    const envelope = JSON.parse(result.stdout) as { command: string; exitCode: number; error: string };
    expect(envelope).toMatchObject({ command: 'build', exitCode: 2 });
    expect(envelope.error).toContain('apt-get install -y chromium');
  });
});
