/**
 * Post-processing on small PDFs of the form Chromium prints (a classic cross-reference table, uncompressed
 * dictionaries): the update a reader sees (metadata, outline, page labels, language), the font check, and the
 * in-place replacements that make the bytes reproducible without touching stream data.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/model/config.ts';
import { verifyPdf } from '../../src/pdf/conformance.ts';
import { catalogOf, pageContent, pagesOf, readPdfFile } from '../../src/pdf/pdf-file.ts';
import { objectDict } from '../../src/pdf/printed-pdf.ts';
import { allElements, readStructureTree, type StructElement } from '../../src/pdf/structure-tree.ts';
import { postprocessPdf, type PdfMetadata } from '../../src/stages/6-postprocess/postprocess-pdf.ts';
import { pdfOf } from '../helpers/hand-made-pdf.ts';
import { pageText, pdfInfo } from '../helpers/pdf.ts';

/** Two pages, the first with text in a font named `font`, a structure element named by a node id. */
function printed(font: string, printedAt = '20261201083126'): Uint8Array {
  const content = 'BT /F1 12 Tf 72 720 Td (Seite eins (node00000007)) Tj ET';
  return pdfOf([
    `<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 9 0 R\n/Lang (en)>>`,
    `<</Creator (HeadlessChrome)\n/CreationDate (D:${printedAt}+00'00')>>`,
    '<</Type /Pages\n/Count 2\n/Kids [4 0 R 5 0 R]>>',
    '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 7 0 R>>>>\n/Contents 6 0 R>>',
    '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Annots [10 0 R]>>',
    `<</Length ${String(content.length)}>> stream\n${content}\nendstream`,
    `<</Type /Font\n/Subtype /Type1\n/BaseFont /${font}>>`,
    '<</Type /StructElem\n/S /P\n/ID (node00004711)\n/P 9 0 R>>',
    '<</Type /StructTreeRoot\n/K 8 0 R\n/IDTree <</Names [(node00004711) 8 0 R]>>>>',
    '<</Type /Annot\n/Subtype /Link\n/Rect [72 700 200 712]\n/A <</Type /Action\n/S /URI\n/URI (http://www.example.org/a\\(b\\))>>>>',
  ]);
}

const metadata: PdfMetadata = {
  title: 'Handlungsansätze – Auswahl',
  author: 'Bund-Länder-Ausschuss SGB II',
  subject: 'Regionalausgabe Bayern',
  language: 'de',
  date: new Date('2013-06-01T00:00:00Z'),
  keywords: ['SGB II', 'Langzeitleistungsbezug'],
  outline: [
    { level: 1, title: 'TEIL 2', page: 1 },
    { level: 2, title: 'Übergänge', page: 2 },
  ],
  words: { words: new Set(), starts: new Set() },
  cards: [],
  continued: [],
};

function written(pdf: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kompendium-post-')), 'document.pdf');
  writeFileSync(file, pdf);
  return file;
}

/** A content stream's object body, uncompressed. */
function stream(content: string): string {
  return `<</Length ${String(content.length)}>> stream\n${content}\nendstream`;
}

/** One tagged line of text (MCID 0), as a page of the structure tests holds it. */
function taggedLine(text: string): string {
  return `/P <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td (${text}) Tj ET EMC`;
}

/** A page of the structure tests: its content object, its parent-tree key and its font object. */
function pageWith(contents: number, key: number, font: number): string {
  return `<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 ${String(font)} 0 R>>>>\n/Contents ${String(contents)} 0 R\n/StructParents ${String(key)}>>`;
}

describe('post-processing', () => {
  it('adds metadata, outline, page labels and language that readers see', async () => {
    const { pdf, foreignFonts } = await postprocessPdf(printed('AAAAAA+Arimo-Regular'), metadata);
    expect(foreignFonts).toEqual([]);
    const file = written(pdf);
    expect(pdfInfo(file)).toMatchObject({
      Title: 'Handlungsansätze – Auswahl',
      Author: 'Bund-Länder-Ausschuss SGB II',
      Subject: 'Regionalausgabe Bayern',
      Keywords: 'SGB II Langzeitleistungsbezug',
      Creator: 'kompendium',
      Pages: '2',
    });
    expect(pdfInfo(file).CreationDate).toContain('2013');
    expect(pageText(file, 1)).toContain('Seite eins');
    const document = await getDocumentProxy(new Uint8Array(pdf));
    const outline = (await document.getOutline()) as unknown as {
      title: string;
      dest: [object];
      items: { title: string; dest: [object] }[];
    }[];
    expect(outline.map((item) => item.title)).toEqual(['TEIL 2']);
    expect(outline[0]?.items.map((item) => item.title)).toEqual(['Übergänge']);
    expect(await document.getPageIndex(outline[0]?.items[0]?.dest[0] as never)).toBe(1);
    expect(await document.getPageLabels()).toEqual(['1', '2']);
    expect(catalogOf(readPdfFile(pdf)).dict.get('Lang')).toBe('(de)');
  });

  it('adds the XMP packet, the sRGB output intent, a file identifier and link descriptions that readers see', async () => {
    const { pdf } = await postprocessPdf(printed('AAAAAA+Arimo-Regular'), metadata);
    const file = written(pdf);
    // The packet as poppler reads it, and as pdf.js parses it: the same values as the Info dictionary.
    const packet = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    expect(packet).toContain('<rdf:li xml:lang="x-default">Handlungsansätze – Auswahl</rdf:li>');
    expect(packet).toContain('<pdfaid:part>2</pdfaid:part>');
    const document = await getDocumentProxy(new Uint8Array(pdf));
    const { metadata: xmp } = (await document.getMetadata()) as unknown as {
      metadata: { get: (name: string) => unknown };
    };
    expect(xmp.get('dc:title')).toBe('Handlungsansätze – Auswahl');
    expect(xmp.get('dc:creator')).toEqual(['Bund-Länder-Ausschuss SGB II']);
    expect(xmp.get('dc:description')).toBe('Regionalausgabe Bayern');
    expect(xmp.get('pdf:keywords')).toBe('SGB II Langzeitleistungsbezug');
    expect(xmp.get('xmp:createdate')).toBe('2013-06-01T00:00:00Z');
    expect(xmp.get('xmp:creatortool')).toBe('kompendium');
    // The identification as PDF/A-2u and PDF/UA-1, and the extension schema that PDF/A asks for pdfuaid.
    expect([xmp.get('pdfaid:part'), xmp.get('pdfaid:conformance'), xmp.get('pdfuaid:part')]).toEqual(['2', 'U', '1']);
    expect(packet).toContain('<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>');
    // The link's description, as pdf.js gives it to a screen reader.
    const annotations = (await (await document.getPage(2)).getAnnotations()) as { contentsObj: { str: string } }[];
    expect(annotations.map((annotation) => annotation.contentsObj.str)).toEqual([
      'Link zu http://www.example.org/a(b)',
    ]);
    // The output intent embeds the sRGB profile unchanged; the trailer names the file. The objects are read as
    // the reader unpacks them from their object streams.
    const text = readPdfFile(pdf).text;
    expect(text).toMatch(
      /\/OutputIntents \[<<\/Type \/OutputIntent\n\/S \/GTS_PDFA1\n\/OutputConditionIdentifier \(sRGB IEC61966-2\.1\)/,
    );
    const profile = /\/N 3\n\/Filter \/FlateDecode\n\/Length (\d+)>>\nstream\n/.exec(text);
    const start = (profile?.index ?? 0) + (profile?.[0].length ?? 0);
    const embedded = inflateSync(Buffer.from(text, 'latin1').subarray(start, start + Number(profile?.[1])));
    expect(embedded.equals(readFileSync(path.join(projectRoot, 'src/stages/6-postprocess/sRGB.icc')))).toBe(true);
    expect(readPdfFile(pdf).trailer.get('ID')).toMatch(/^\[<([0-9A-F]{32})> <\1>\]$/);
  });

  it('gives each list item one body (LBody) after its label, with the text runs Chromium tagged one by one', async () => {
    const content = 'BT /F1 12 Tf /Lbl <</MCID 0>> BDC (-) Tj EMC /Span <</MCID 1>> BDC (eins) Tj EMC ET';
    const list = pdfOf([
      '<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 9 0 R>>',
      '<</Creator (HeadlessChrome)>>',
      '<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>',
      '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 5 0 R>>>>\n/Contents 6 0 R>>',
      '<</Type /Font\n/Subtype /Type1\n/BaseFont /AAAAAA+Arimo-Regular>>',
      `<</Length ${String(content.length)}>> stream\n${content}\nendstream`,
      '<</Type /StructElem\n/S /L\n/P 9 0 R\n/K [8 0 R 12 0 R]>>',
      '<</Type /StructElem\n/S /LI\n/P 7 0 R\n/K [10 0 R 11 0 R]>>',
      '<</Type /StructTreeRoot\n/K 7 0 R>>',
      '<</Type /StructElem\n/S /Lbl\n/P 8 0 R\n/Pg 4 0 R\n/K 0>>',
      '<</Type /StructElem\n/S /NonStruct\n/P 8 0 R\n/Pg 4 0 R\n/K 1>>',
      // An item whose content Chromium put right into it (an MCID): left as it is.
      '<</Type /StructElem\n/S /LI\n/P 7 0 R\n/Pg 4 0 R\n/K [2]>>',
    ]);
    const { pdf } = await postprocessPdf(list, metadata);
    const file = readPdfFile(pdf);
    const tree = readStructureTree(file, catalogOf(file).dict) ?? [];
    const shape = (element: StructElement): unknown =>
      element.children.length === 0 ? element.type : { [element.type]: element.children.map(shape) };
    // The run moved into the new body, and dissolved there (it was a NonStruct): the body holds its content.
    expect(tree.map(shape)).toEqual([{ L: [{ LI: ['Lbl', 'LBody'] }, 'LI'] }]);
    const body = allElements(tree).find((element) => element.type === 'LBody');
    expect(body?.mcids).toEqual([{ mcid: 1, page: 4 }]);
    expect(objectDict(file, body?.object ?? 0)?.dict.get('P')).toBe('8 0 R');
  });

  it('dissolves NonStruct elements into their nearest other ancestor, content, pages and parent tree kept', async () => {
    const page = taggedLine;
    const nested = pdfOf([
      '<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 9 0 R>>',
      '<</Creator (HeadlessChrome)>>',
      '<</Type /Pages\n/Count 2\n/Kids [4 0 R 5 0 R]>>',
      '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 8 0 R>>>>\n/Contents 6 0 R\n/StructParents 0>>',
      '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 8 0 R>>>>\n/Contents 7 0 R\n/StructParents 1\n/Annots [13 0 R]>>',
      stream(page('eins')),
      stream(page('zwei')),
      '<</Type /Font\n/Subtype /Type1\n/BaseFont /AAAAAA+Arimo-Regular>>',
      '<</Type /StructTreeRoot\n/K 10 0 R\n/ParentTree 14 0 R>>',
      '<</Type /StructElem\n/S /Document\n/P 9 0 R\n/K [11 0 R]>>',
      // A page box holding the paragraph and an empty wrapper.
      '<</Type /StructElem\n/S /NonStruct\n/P 10 0 R\n/K [12 0 R 15 0 R]>>',
      '<</Type /StructElem\n/S /P\n/P 11 0 R\n/K [16 0 R 17 0 R]>>',
      '<</Type /Annot\n/Subtype /Link\n/Rect [0 0 10 10]\n/StructParent 2>>',
      '<</Nums [0 [16 0 R] 1 [17 0 R] 2 17 0 R]>>',
      '<</Type /StructElem\n/S /NonStruct\n/P 11 0 R\n/K []>>',
      // Two runs of the paragraph, one on each page; the second also owns the annotation.
      '<</Type /StructElem\n/S /NonStruct\n/P 12 0 R\n/Pg 4 0 R\n/K 0>>',
      '<</Type /StructElem\n/S /NonStruct\n/P 12 0 R\n/Pg 5 0 R\n/K [0 <</Type /OBJR /Obj 13 0 R>>]>>',
    ]);
    const { pdf } = await postprocessPdf(nested, metadata);
    const file = readPdfFile(pdf);
    const tree = readStructureTree(file, catalogOf(file).dict) ?? [];
    const shape = (element: StructElement): unknown =>
      element.children.length === 0 ? element.type : { [element.type]: element.children.map(shape) };
    expect(tree.map(shape)).toEqual([{ Document: ['P'] }]);
    const paragraph = allElements(tree).find((element) => element.type === 'P');
    expect(paragraph?.mcids).toEqual([
      { mcid: 0, page: 4 },
      { mcid: 0, page: 5 },
    ]);
    expect(paragraph?.objects).toEqual([13]);
    expect(objectDict(file, 12)?.dict.get('P')).toBe('10 0 R');
    expect(objectDict(file, 14)?.dict.get('Nums')).toBe('[0 [12 0 R] 1 [12 0 R] 2 12 0 R]');
    // A second reader finds the paragraph's text on both pages, under the document, with nothing in between.
    const document = await getDocumentProxy(new Uint8Array(pdf));
    for (const number of [1, 2]) {
      const root = (await (await document.getPage(number)).getStructTree()) as {
        children: { role: string; children: { role: string; children: { type: string }[] }[] }[];
      };
      expect(root.children[0]?.role).toBe('Document');
      expect(root.children[0]?.children.map((child) => child.role)).toEqual(['P']);
      expect(root.children[0]?.children[0]?.children[0]?.type).toBe('content');
    }
  });

  it('makes one Art of the articles of a card on consecutive pages, by the page map', async () => {
    const page = taggedLine;
    const pageDict = (contents: number, key: number): string => pageWith(contents, key, 7);
    const articles = pdfOf([
      '<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 8 0 R>>',
      '<</Creator (HeadlessChrome)>>',
      '<</Type /Pages\n/Count 3\n/Kids [4 0 R 5 0 R 6 0 R]>>',
      pageDict(10, 0),
      pageDict(11, 1),
      pageDict(12, 2),
      '<</Type /Font\n/Subtype /Type1\n/BaseFont /AAAAAA+Arimo-Regular>>',
      '<</Type /StructTreeRoot\n/K 9 0 R\n/ParentTree 13 0 R>>',
      '<</Type /StructElem\n/S /Document\n/P 8 0 R\n/K [14 0 R 15 0 R 16 0 R]>>',
      stream(page('eins')),
      stream(page('zwei')),
      stream(page('drei')),
      '<</Nums [0 [14 0 R] 1 [15 0 R] 2 [16 0 R]]>>',
      // A card on pages 1 and 2, another on page 3.
      '<</Type /StructElem\n/S /Art\n/P 9 0 R\n/Pg 4 0 R\n/K 0>>',
      '<</Type /StructElem\n/S /Art\n/P 9 0 R\n/Pg 5 0 R\n/K 0>>',
      '<</Type /StructElem\n/S /Art\n/P 9 0 R\n/Pg 6 0 R\n/K 0>>',
    ]);
    const cards = [
      { firstPage: 1, lastPage: 2 },
      { firstPage: 3, lastPage: 3 },
    ];
    const { pdf } = await postprocessPdf(articles, { ...metadata, cards });
    const file = readPdfFile(pdf);
    const tree = readStructureTree(file, catalogOf(file).dict) ?? [];
    const [first, second] = tree[0]?.children ?? [];
    expect(tree[0]?.children.map((element) => element.type)).toEqual(['Art', 'Art']);
    expect(first?.mcids).toEqual([
      { mcid: 0, page: 4 },
      { mcid: 0, page: 5 },
    ]);
    expect(second?.mcids).toEqual([{ mcid: 0, page: 6 }]);
    expect(objectDict(file, 13)?.dict.get('Nums')).toBe('[0 [14 0 R] 1 [14 0 R] 2 [16 0 R]]');
  });

  it('makes one element of a paragraph and of a list item that a page break cut in two', async () => {
    const content = (first: string, second: string): string =>
      `/P <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td (${first}) Tj ET EMC /P <</MCID 1>> BDC BT /F1 12 Tf 72 700 Td (${second}) Tj ET EMC`;
    const pageDict = (contents: number, key: number): string => pageWith(contents, key, 6);
    const split = pdfOf([
      '<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 7 0 R>>',
      '<</Creator (HeadlessChrome)>>',
      '<</Type /Pages\n/Count 2\n/Kids [4 0 R 5 0 R]>>',
      pageDict(9, 0),
      pageDict(10, 1),
      '<</Type /Font\n/Subtype /Type1\n/BaseFont /AAAAAA+Arimo-Regular>>',
      '<</Type /StructTreeRoot\n/K 8 0 R\n/ParentTree 11 0 R>>',
      '<</Type /StructElem\n/S /Document\n/P 7 0 R\n/K [12 0 R 13 0 R 14 0 R 15 0 R]>>',
      stream(content('erster Teil', 'Punkt eins')),
      stream(content('zweiter Teil', 'weiter')),
      '<</Nums [0 [12 0 R 17 0 R] 1 [13 0 R 19 0 R]]>>',
      // A paragraph on page 1 and its rest on page 2; a list with one item whose body goes on on page 2.
      '<</Type /StructElem\n/S /P\n/P 8 0 R\n/Pg 4 0 R\n/K 0>>',
      '<</Type /StructElem\n/S /P\n/P 8 0 R\n/Pg 5 0 R\n/K 0>>',
      '<</Type /StructElem\n/S /L\n/P 8 0 R\n/K [16 0 R]>>',
      '<</Type /StructElem\n/S /L\n/P 8 0 R\n/K [18 0 R]>>',
      '<</Type /StructElem\n/S /LI\n/P 14 0 R\n/K [17 0 R]>>',
      '<</Type /StructElem\n/S /LBody\n/P 16 0 R\n/Pg 4 0 R\n/K 1>>',
      '<</Type /StructElem\n/S /LI\n/P 15 0 R\n/K [19 0 R]>>',
      '<</Type /StructElem\n/S /LBody\n/P 18 0 R\n/Pg 5 0 R\n/K 1>>',
    ]);
    // Page 2 goes on with the paragraph; in the content order of the tree the list comes later, so a second
    // record says page 2 goes on with the list's item too (pagination reports one chain per page).
    const continued = [
      { page: 2, elements: ['article', 'p'] },
      { page: 2, elements: ['ul', 'li'] },
    ];
    const { pdf } = await postprocessPdf(split, { ...metadata, continued });
    const file = readPdfFile(pdf);
    const tree = readStructureTree(file, catalogOf(file).dict) ?? [];
    const shape = (element: StructElement): unknown =>
      element.children.length === 0 ? element.type : { [element.type]: element.children.map(shape) };
    expect(tree.map(shape)).toEqual([{ Document: ['P', { L: [{ LI: ['LBody'] }] }] }]);
    const elements = allElements(tree);
    expect(elements.find((element) => element.type === 'P')?.mcids).toEqual([
      { mcid: 0, page: 4 },
      { mcid: 0, page: 5 },
    ]);
    expect(elements.find((element) => element.type === 'LBody')?.mcids).toEqual([
      { mcid: 1, page: 4 },
      { mcid: 1, page: 5 },
    ]);
    expect(objectDict(file, 11)?.dict.get('Nums')).toBe('[0 [12 0 R 17 0 R] 1 [12 0 R 17 0 R]]');
  });

  it('reports every font that is not an Arimo face', async () => {
    expect((await postprocessPdf(printed('Helvetica'), metadata)).foreignFonts).toEqual(['Helvetica']);
    expect((await postprocessPdf(printed('BAAAAA+DejaVuSans-Bold'), metadata)).foreignFonts).toEqual([
      'BAAAAA+DejaVuSans-Bold',
    ]);
  });

  it('gives the same bytes for prints made at other times with other node ids, and leaves streams alone', async () => {
    const later = Buffer.from(printed('AAAAAA+Arimo-Regular', '20270315101010')).toString('latin1');
    const renamed = Buffer.from(later.replaceAll('(node00004711)', '(node00009999)'), 'latin1');
    const first = await postprocessPdf(printed('AAAAAA+Arimo-Regular'), metadata);
    const second = await postprocessPdf(renamed, metadata);
    expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);
    const text = readPdfFile(first.pdf).text;
    expect(text).toContain('/ID (node00000001)');
    expect(text).toContain('(Seite eins (node00000007))');
    expect(text).not.toContain('HeadlessChrome');
    expect(text).not.toContain('20261201');
  });

  it('refuses a file of another form with a message that says what is wrong', async () => {
    const updated = pdfOf(['<</Type /Catalog>>', '<<>>'], '\n/Prev 9');
    await expect(postprocessPdf(updated, metadata)).rejects.toThrow(
      'Post-processing failed: the printed PDF was already updated (its trailer has /Prev)',
    );
    await expect(postprocessPdf(Buffer.from('%PDF-1.4\nnot a pdf'), metadata)).rejects.toThrow(
      'the printed PDF has no cross-reference table',
    );
  });
});

describe('page furniture', () => {
  /** One page: tagged lines at 700 and 100, a page number at 20, a border, and an untagged line within the text area. */
  function furnished(): Uint8Array {
    const content = [
      '/P <</MCID 0>> BDC BT /F1 12 Tf 1 0 0 1 72 700 Tm (Text) Tj ET EMC',
      'q 0 0 0 RG 72 500 m 300 500 l S Q',
      'BT /F1 9 Tf 1 0 0 1 290 20 Tm (2) Tj ET',
      'BT /F1 12 Tf 1 0 0 1 72 400 Tm (G) Tj ET',
      '/P <</MCID 1>> BDC BT /F1 12 Tf 1 0 0 1 72 100 Tm (Ende) Tj ET EMC',
    ].join('\n');
    return pdfOf([
      '<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 7 0 R\n/MarkInfo <</Marked true>>>>',
      '<<>>',
      '<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>',
      '<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 595 842]\n/Resources <</Font <</F1 6 0 R>>>>\n/Contents 5 0 R\n/StructParents 0>>',
      `<</Length ${String(content.length)}>> stream\n${content}\nendstream`,
      '<</Type /Font\n/Subtype /Type1\n/BaseFont /AAAAAA+Arimo-Regular>>',
      '<</Type /StructTreeRoot\n/K 8 0 R>>',
      '<</Type /StructElem\n/S /P\n/P 7 0 R\n/Pg 4 0 R\n/K [0 1]>>',
    ]);
  }

  it('marks the page number and borders as artifacts, and leaves untagged text in the text area to be reported', async () => {
    const { pdf } = await postprocessPdf(furnished(), metadata);
    const file = readPdfFile(pdf);
    const [page] = pagesOf(file);
    const content = page === undefined ? '' : pageContent(file, page);
    expect(content).toContain('/Artifact <</Type /Layout>> BDC\n72 500 m 300 500 l S\nEMC');
    expect(content).toContain(
      '/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nBT /F1 9 Tf 1 0 0 1 290 20 Tm (2) Tj ET\nEMC',
    );
    expect(content).toContain('\nBT /F1 12 Tf 1 0 0 1 72 400 Tm (G) Tj ET');
    expect(content).not.toMatch(/BDC\nBT \/F1 12 Tf 1 0 0 1 72 400/);
    const untagged = verifyPdf(pdf).filter((violation) => violation.checkpoint === '01-005');
    expect(untagged).toEqual([
      {
        checkpoint: '01-005',
        page: 1,
        object: 4,
        message: 'Content is neither marked as Artifact nor tagged as real content (1 painting operator)',
      },
    ]);
  });

  it('packs the objects into object streams with a cross-reference stream that poppler reads', async () => {
    const { pdf } = await postprocessPdf(furnished(), metadata);
    const text = Buffer.from(pdf).toString('latin1');
    expect(text.startsWith('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')).toBe(true);
    expect(text).toContain('/Type /ObjStm');
    expect(text).toContain('/Type /XRef');
    expect(text).not.toMatch(/^xref$/m);
    expect(pageText(written(pdf), 1)).toContain('Text');
  });
});
