/**
 * The build's last check before it writes: a post-processed PDF that breaks a rule of PDF/UA-1 or PDF/A-2u is an
 * error (`pdf-conformance`, with checkpoint, page and object), and the PDF already in the output folder stays as
 * it was. The renderer is a stand-in that returns a small PDF with text outside the structure tree, so the test
 * needs no browser; the real renderer's output passes (tests/e2e/edition-2013.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocument } from '../../src/core/build-document.ts';
import { checkEdition } from '../../src/core/build.ts';
import { resolveTargets } from '../../src/core/targets.ts';
import { collectDiagnostics } from '../../src/diagnostics/report.ts';
import { resolveConfig } from '../../src/model/config.ts';
import { noPaginationTime } from '../../src/model/stage-timings.ts';
import type { Renderer } from '../../src/stages/5-paginate/paginate.ts';
import { pdfOf } from '../helpers/hand-made-pdf.ts';
import { projectRoot } from '../helpers/cli.ts';

/** Tagged lines at the top and the bottom of the page, and between them a line Chromium left untagged. */
function printedWithUntaggedText(): Uint8Array {
  const content = [
    '/P <</MCID 0>> BDC BT /F1 12 Tf 72 760 Td (oben) Tj ET EMC',
    'BT /F1 12 Tf 72 500 Td (ohne Tag) Tj ET',
    '/P <</MCID 1>> BDC BT /F1 12 Tf 72 100 Td (unten) Tj ET EMC',
  ].join('\n');
  return pdfOf([
    '<</Type /Catalog\n/Pages 3 0 R\n/MarkInfo <</Marked true>>\n/StructTreeRoot 7 0 R>>',
    '<</Creator (HeadlessChrome)>>',
    '<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>',
    '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 5 0 R>>>>\n/Contents 6 0 R\n/StructParents 0>>',
    '<</Type /Font\n/Subtype /Type1\n/BaseFont /AAAAAA+Arimo-Regular>>',
    `<</Length ${String(content.length)}>> stream\n${content}\nendstream`,
    '<</Type /StructTreeRoot\n/K 8 0 R\n/ParentTree 9 0 R>>',
    '<</Type /StructElem\n/S /Document\n/P 7 0 R\n/K [<</Type /MCR /Pg 4 0 R /MCID 0>> <</Type /MCR /Pg 4 0 R /MCID 1>>]>>',
    '<</Nums [0 [8 0 R 8 0 R]]>>',
  ]);
}

const standIn: Renderer = {
  render: () =>
    Promise.resolve({
      pdf: printedWithUntaggedText(),
      pages: 1,
      cards: [],
      terms: [],
      bookmarks: [],
      continued: [],
      problems: [],
      sections: { total: 1, laidOut: 1, inHelper: 0 },
      sectionKeys: [],
      pageOrigin: 'new',
      steps: noPaginationTime(),
    }),
  close: () => Promise.resolve(),
  dependencyKey: () => Promise.resolve('stand-in'),
  prepare: () => undefined,
  startBuild: () => undefined,
};

describe('the build verifies every PDF before it writes it', () => {
  it('reports a violation as an error with checkpoint, page and object, and keeps the PDF in out/', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'kompendium-conformance-'));
    const config = resolveConfig({ entries: 'tests/fixtures/edition', out, cwd: projectRoot });
    const { edition } = await checkEdition(config);
    if (edition === undefined) throw new Error('the fixture edition does not validate');
    const [target] = resolveTargets(edition, { kind: 'edition' });
    if (target === undefined) throw new Error('no edition target');
    const earlier = path.join(out, `${target.name}.pdf`);
    writeFileSync(earlier, 'the PDF of an earlier build');

    const result = await buildDocument(target, config, standIn, { cache: false });

    expect(result.output).toBeUndefined();
    const reported = collectDiagnostics(result.files).filter((diagnostic) => diagnostic.rule === 'pdf-conformance');
    expect(reported.map((diagnostic) => [diagnostic.severity, diagnostic.message])).toEqual([
      [
        'error',
        'page 1 (object 4 0 R): 01-005 Content is neither marked as Artifact nor tagged as real content (1 painting operator)',
      ],
    ]);
    expect(readFileSync(earlier, 'utf8')).toBe('the PDF of an earlier build');
  });
});
