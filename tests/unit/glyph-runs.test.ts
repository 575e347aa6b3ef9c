/**
 * Glyph runs (src/stages/6-postprocess/glyph-runs.ts): Chromium's one Tj and one Td per glyph become one TJ per
 * run, each glyph where it was. Checked on the operators and, through poppler, on where the words stand.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactGlyphRuns } from '../../src/stages/6-postprocess/glyph-runs.ts';
import type { FontText } from '../../src/pdf/text-layer.ts';
import { pdfOf } from '../helpers/hand-made-pdf.ts';

/** Widths of A, B, C (codes 0024-0026) as a CIDFont's /W gives them. */
const font: FontText = {
  codeBytes: 2,
  unicode: new Map([
    [0x24, 'A'],
    [0x25, 'B'],
    [0x26, 'C'],
  ]),
  widths: {
    of: new Map([
      [0x24, 600],
      [0x25, 700],
      [0x26, 500],
    ]),
    default: 1000,
  },
};

// Glyphs 7.2 and 8.5 apart at 12 pt (the widths would give 7.2 and 8.4), then, after a marked-content boundary,
// a glyph 6.0 on from the last: a kept move, written from where the line started.
const chromium = [
  'BT /F1 12 Tf 1 0 0 1 72 700 Tm <0024> Tj',
  '7.2 0 Td <0025> Tj',
  '8.5 0 Td <0026> Tj',
  'EMC /P <</MCID 1>> BDC',
  '6 0 Td <0024> Tj ET',
].join('\n');

describe('glyph runs', () => {
  it('writes a run of glyphs as one TJ with the moves that differ from the widths', () => {
    const { content, runs } = compactGlyphRuns(chromium, new Map([['F1', font]]));
    expect(runs).toBe(1);
    expect(content).toBe(
      [
        'BT /F1 12 Tf 1 0 0 1 72 700 Tm [<0024> <0025> -8.33333 <0026>] TJ',
        'EMC /P <</MCID 1>> BDC',
        '21.7 0 Td <0024> Tj ET',
      ].join('\n'),
    );
  });

  it('leaves glyphs where they were, as poppler places them', () => {
    const { content } = compactGlyphRuns(chromium, new Map([['F1', font]]));
    const toUnicode =
      '/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0024> <0026> <0041> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end';
    const document = (text: string): Uint8Array =>
      pdfOf([
        '<</Type /Catalog /Pages 3 0 R>>',
        '<<>>',
        '<</Type /Pages /Count 1 /Kids [4 0 R]>>',
        '<</Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources <</Font <</F1 5 0 R>>>> /Contents 6 0 R>>',
        '<</Type /Font /Subtype /Type0 /BaseFont /Probe /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R>>',
        `<</Length ${String(`/P <</MCID 0>> BDC ${text}`.length)}>> stream\n/P <</MCID 0>> BDC ${text}\nendstream`,
        '<</Type /Font /Subtype /CIDFontType2 /BaseFont /Probe /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /W [36 [600 700 500]] /DW 1000>>',
        `<</Length ${String(toUnicode.length)}>> stream\n${toUnicode}\nendstream`,
      ]);
    const boxes = (bytes: Uint8Array): string => {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kompendium-runs-')), 'runs.pdf');
      writeFileSync(file, bytes);
      const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
      return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</g)]
        .map((match) => `${String(match[3])} ${String(match[1])}-${String(match[2])}`)
        .join(', ');
    };
    const before = boxes(document(chromium));
    expect(before).toBe('ABCA 72.000000-100.900000');
    expect(boxes(document(content))).toBe(before);
  });
});
