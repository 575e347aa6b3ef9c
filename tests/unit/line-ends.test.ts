/**
 * Line ends (src/stages/6-postprocess/line-ends.ts): a soft line end gets its space, a hyphen added by hyphenation
 * becomes a soft hyphen, a word broken without a hyphen stays whole, and the page paints exactly what it painted.
 * Read back with the project's reader (structure order, ActualText applied) and with poppler (`pdftotext -raw`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogOf, readPdfFile } from '../../src/pdf/pdf-file.ts';
import { readStructureTree } from '../../src/pdf/structure-tree.ts';
import { structureText } from '../../src/pdf/text-layer.ts';
import { documentWords, lineEnd } from '../../src/stages/6-postprocess/line-ends.ts';
import { postprocessPdf, type PdfMetadata } from '../../src/stages/6-postprocess/postprocess-pdf.ts';
import { pdfOf } from '../helpers/hand-made-pdf.ts';

const words = documentWords(
  '<html><body><p>Hilfe und Foerderung im <b>Gespraechs</b>prozess, Teilzeit- oder Vollzeit: ' +
    'http://www.example.org/a/b</p><p>Ge\u00ADspraech</p></body></html>',
);

/** Four lines of one paragraph, as Chromium draws them: one text object per line, no space at a line end. */
const lines = [
  'Hilfe und',
  'Foerderung im Gespraechspro-',
  'zess, Teilzeit-',
  'oder Vollzeit: http://www.exam',
  'ple.org/a/b',
];

/** A ToUnicode map for one-byte codes that stand for themselves (ASCII). */
const toUnicode = [
  '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
  '1 begincodespacerange <00> <FF> endcodespacerange',
  '1 beginbfrange <20> <7E> <0020> endbfrange',
  'endcmap CMapName currentdict /CMap defineresource pop end end',
].join('\n');

function printed(): Uint8Array {
  const text = lines.map((line, i) => `BT /F1 12 Tf 1 0 0 1 72 ${String(700 - 14 * i)} Tm (${line}) Tj ET`).join('\n');
  const content = `/P <</MCID 0>> BDC\n${text}\nEMC`;
  return pdfOf([
    '<</Type /Catalog\n/Pages 3 0 R\n/MarkInfo <</Marked true>>\n/StructTreeRoot 7 0 R>>',
    '<</Creator (HeadlessChrome)>>',
    '<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>',
    '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 5 0 R>>>>\n/Contents 6 0 R\n/StructParents 0>>',
    '<</Type /Font\n/Subtype /Type1\n/BaseFont /Helvetica\n/ToUnicode 10 0 R>>',
    `<</Length ${String(content.length)}>> stream\n${content}\nendstream`,
    '<</Type /StructTreeRoot\n/K 8 0 R\n/ParentTree 9 0 R>>',
    '<</Type /StructElem\n/S /P\n/P 7 0 R\n/Pg 4 0 R\n/K 0>>',
    '<</Nums [0 [8 0 R]]>>',
    `<</Length ${String(toUnicode.length)}>> stream\n${toUnicode}\nendstream`,
  ]);
}

const metadata: PdfMetadata = {
  title: 'Zeilenenden',
  author: 'Amt',
  subject: undefined,
  language: 'de',
  date: new Date('2013-01-01T00:00:00Z'),
  keywords: [],
  outline: [],
  words,
  cards: [],
  continued: [],
};

function file(bytes: Uint8Array, name: string): string {
  const written = path.join(mkdtempSync(path.join(os.tmpdir(), 'kompendium-line-ends-')), name);
  writeFileSync(written, bytes);
  return written;
}

describe('line ends', () => {
  it('judges each line end by the words of the document', () => {
    expect(lineEnd('und', 'Foerderung', words)).toBe('space');
    expect(lineEnd('Gespraechspro-', 'zess,', words)).toBe('soft hyphen');
    // A hyphen that is the word's own, before a space ("Teilzeit- oder"), keeps the space.
    expect(lineEnd('Teilzeit-', 'oder', words)).toBe('space');
    expect(lineEnd('http://www.exam', 'ple.org/a/b', words)).toBe('joined');
    // A start of a word joins only where the next fragment is no word of its own.
    expect(lineEnd('Hilfe', 'und', words)).toBe('space');
    expect(words.words.has('Gespraech')).toBe(true);
    // Where the document has the word with its hyphen, the hyphen is the word's.
    const both = documentWords('<body><p>Leistungs-berechtigte und Leistungsberechtigte</p></body>');
    expect(lineEnd('Leistungs-', 'berechtigte', both)).toBe('joined');
    // Two words of their own stay two, though the document also writes them as one.
    const paragraph = documentWords('<body><p>§ 45 und §45</p></body>');
    expect(lineEnd('§', '45', paragraph)).toBe('space');
  });

  it('reads as written in structure order and for poppler, and paints the same pixels', async () => {
    const before = printed();
    const { pdf } = await postprocessPdf(before, metadata);
    const read = readPdfFile(pdf);
    const text = structureText(read, readStructureTree(read, catalogOf(read).dict) ?? []);
    expect(text).toBe(
      '\nHilfe und Foerderung im Gespraechspro\u00ADzess, Teilzeit- oder Vollzeit: http://www.example.org/a/b\n',
    );
    const after = file(pdf, 'after.pdf');
    const raw = execFileSync('pdftotext', ['-raw', after, '-'], { encoding: 'utf8' });
    // poppler breaks the lines itself (a space at a line's end is dropped); it reads the soft hyphen.
    expect(raw.split('\n').slice(0, 3)).toEqual(['Hilfe und', 'Foerderung im Gespraechspro\u00AD', 'zess, Teilzeit-']);
    const render = (pdfFile: string): Buffer => {
      const prefix = path.join(path.dirname(pdfFile), path.basename(pdfFile, '.pdf'));
      execFileSync('pdftoppm', ['-r', '72', '-gray', pdfFile, prefix]);
      return readFileSync(`${prefix}-1.pgm`);
    };
    expect(render(after).equals(render(file(before, 'before.pdf')))).toBe(true);
  });
});
