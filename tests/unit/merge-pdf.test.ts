/**
 * Merging parts printed in different browser pages (src/stages/merge-pdf.ts) refuses what it cannot carry over,
 * with a message that names it; what it does carry over is tested on real prints in tests/sections.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { mergePrintedParts } from '../../src/pdf/merge-pdf.ts';
import { pdfOf } from '../helpers/hand-made-pdf.ts';

/** A one-page part; `catalog` adds entries to its catalog, `tagged` gives it a structure tree. */
function part(catalog = '', tagged = true): Uint8Array {
  return pdfOf([
    `<</Type /Catalog\n/Pages 3 0 R${tagged ? '\n/StructTreeRoot 5 0 R' : ''}${catalog}>>`,
    '<<>>',
    '<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>',
    '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/StructParents 0>>',
    '<</Type /StructTreeRoot\n/K 6 0 R\n/ParentTreeNextKey 1\n/ParentTree 7 0 R>>',
    '<</Type /StructElem\n/S /Document\n/P 5 0 R\n/K [8 0 R]>>',
    '<</Nums [0 [8 0 R]]>>',
    '<</Type /StructElem\n/S /P\n/P 6 0 R\n/Pg 4 0 R\n/K 0>>',
  ]);
}

describe('merging printed parts', () => {
  it('puts the pages in the places given, with one structure tree', () => {
    const merged = Buffer.from(
      mergePrintedParts([
        { pdf: part(), places: [1] },
        { pdf: part(), places: [0] },
      ]),
    ).toString('latin1');
    expect(merged).toMatch(/\/Type \/Pages\n\/Count 2\n\/Kids \[(\d+) 0 R (\d+) 0 R\]/);
    expect(merged).toContain('/ParentTreeNextKey 2');
    expect(merged).toMatch(/\/Nums \[0 \[\d+ 0 R\] 1 \[\d+ 0 R\]\]/);
    expect(merged.match(/\/S \/Document/g)).toHaveLength(1);
    expect(merged).toContain('/StructParents 1');
  });

  it('refuses parts it cannot carry over, naming what', () => {
    expect(() =>
      mergePrintedParts([
        { pdf: part(), places: [0] },
        { pdf: part('\n/Names <<>>'), places: [1] },
      ]),
    ).toThrow("a printed part's catalog has /Names, which merging cannot carry");
    expect(() =>
      mergePrintedParts([
        { pdf: part('', false), places: [0] },
        { pdf: part(), places: [1] },
      ]),
    ).toThrow('a printed part has no structure tree with one Document element (it is not tagged)');
  });
});
