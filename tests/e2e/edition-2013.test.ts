/**
 * The official 2013 edition, built with the real CLI and read back with poppler: every card where the page map
 * says, only Arimo, and a Stichwortverzeichnis with all the print's entries in the print's order, bold project
 * names, and locators on pages that contain the term.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageMap } from '../../src/model/types.ts';
import { projectRoot, runCli } from '../helpers/cli.ts';
import { readPdfFile } from '../../src/pdf/pdf-file.ts';
import { getDocumentProxy } from 'unpdf';
import {
  allPageTexts,
  foldSpace,
  linesTopToBottom,
  offIndexGrid,
  pdfFonts,
  pdfInfo,
  printedLines,
  type PrintedLine,
} from '../helpers/pdf.ts';
import { fidelityMarkers, measureFidelity, renderFidelityBlock, summarise } from '../../scripts/fidelity.ts';
import { blockText, readBlock } from '../../scripts/readme-block.ts';
import { compareWords, seedIndex, words } from '../helpers/seed-2013.ts';
import { editionName, sharedBuild } from '../helpers/shared-build.ts';
import { plainText, printedCard } from '../helpers/entry-text.ts';
import { catalogOf, pagesOf } from '../../src/pdf/pdf-file.ts';
import { readStructureTree, type StructElement } from '../../src/pdf/structure-tree.ts';
import { structureText } from '../../src/pdf/text-layer.ts';
import { checkEdition } from '../../src/core/build.ts';
import { boxStates } from '../../src/model/forms.ts';

/** The structure tree's text, soft hyphens dropped (as a reader drops them where it joins a word's parts). */
function readAsScreenReader(file: ReturnType<typeof readPdfFile>, elements: readonly StructElement[]): string {
  return structureText(file, elements).replace(/[\u00AD\u200B]/g, '');
}

describe('kompendium build on entries/ (the 2013 edition)', () => {
  let pdf: string;
  let pageMap: PageMap;
  let pages: string[];
  let indexLines: PrintedLine[];

  // poppler's structure-tree text, read once: it takes over a minute for the edition, whose cards and split
  // paragraphs are elements that span pages (poppler reads each element's pages again).
  let structText: string | undefined;
  const popplerStructText = (): string =>
    (structText ??= execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

  beforeAll(() => {
    // The edition as `kompendium build --all` writes it, built once for the run (the last test checks that a
    // build of the edition alone gives the same bytes).
    const shared = sharedBuild();
    expect(shared.result.status, shared.result.stderr).toBe(0);
    pdf = shared.pdf(editionName);
    pageMap = shared.pageMap(editionName);
    pages = allPageTexts(pdf);
    const first = Math.max(...pageMap.cards.map((card) => card.lastPage)) + 1;
    expect(pages[first - 1]).toContain('Stichwortverzeichnis');
    indexLines = printedLines(pdf, first, pages.length).filter((line) => !/^\d+$/.test(line.text));
  });

  it('prints all 36 cards, each starting on the page the page map names', () => {
    expect(pageMap.cards).toHaveLength(36);
    for (const card of pageMap.cards) {
      const start = foldSpace(card.title).slice(0, 40);
      expect(foldSpace(pages[card.firstPage - 1] ?? ''), card.id).toContain(start);
    }
    expect(pdfFonts(pdf).every((font) => /\+Arimo-(Regular|Bold|Italic|BoldItalic)$/.test(font.name))).toBe(true);
  });

  it('lists every main entry, sub-entry and "Siehe" of the 2013 index, in the print\'s order', () => {
    const expected = seedIndex.flatMap((entry) => [entry.term, ...entry.sub.map((sub) => sub.term)]);
    expect(expected).toHaveLength(136 + 15);
    // The "Siehe" entry wraps over two lines: it is checked in the joined text below.
    expected.splice(expected.indexOf('Informieren-Motivieren für Berufsausbildung durch Umschulung'), 1);
    const texts = indexLines.map((line) => line.text);
    let position = 0;
    const missing: string[] = [];
    for (const term of expected) {
      const found = texts.findIndex((text, i) => i >= position && text.startsWith(term));
      if (found === -1) missing.push(term);
      else position = found + 1;
    }
    expect(missing, texts.join('\n')).toEqual([]);
    expect(foldSpace(texts.join(' '))).toContain(
      'Informieren-Motivieren für Berufsausbildung durch Umschulung Siehe IMBUS',
    );
  });

  it('prints the project names in bold, and only them', () => {
    const projectNames = new Set(
      seedIndex.flatMap((entry) =>
        entry.likely_project_name === true
          ? entry.sub.length > 0
            ? entry.sub.map((sub) => sub.term)
            : [entry.term]
          : [],
      ),
    );
    const boldEntries = indexLines
      .filter((line) => line.bold && line.text.length > 1 && line.text !== 'Stichwortverzeichnis')
      .map((line) => line.text.replace(/[\d,\s–]+$/, ''));
    expect(new Set(boldEntries)).toEqual(projectNames);
  });

  it('cites only pages whose text contains the term', () => {
    const misses: string[] = [];
    for (const term of pageMap.terms) {
      const words = (term.sub ?? term.term).toLowerCase();
      const longest = words.split(/[\s/-]+/).sort((a, b) => b.length - a.length)[0] ?? words;
      const stem = longest.slice(0, Math.max(4, longest.length - 3));
      for (const page of term.pages) {
        const text = (pages[page - 1] ?? '').toLowerCase().replace(/-\n/g, '');
        if (!text.includes(stem))
          misses.push(`${term.term}${term.sub === undefined ? '' : ` → ${term.sub}`} ${String(page)}`);
      }
    }
    const references = pageMap.terms.reduce((sum, term) => sum + term.pages.length, 0);
    // Synonyms the marks stand on where the print's page has no other form of the word (see the issue note).
    expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(Math.ceil(references * 0.02));
  });

  it('prints every word of every card: nothing lost to pagination', async () => {
    const { edition } = await checkEdition({ entriesDir: path.join(projectRoot, 'entries'), displayRoot: projectRoot });
    const cards = edition?.cards ?? [];
    expect(cards).toHaveLength(36);
    for (const card of cards) {
      const placed = pageMap.cards.find((candidate) => candidate.id === card.data.id);
      if (placed === undefined) throw new Error(`${card.data.id} is not in the page map`);
      // The page number, the ticked box's "X" and the second-level bullets ("o") are the layout's, not the entry's.
      const printed = pages
        .slice(placed.firstPage - 1, placed.lastPage)
        .map((text, i) =>
          text
            .split('\n')
            .filter((line) => line.trim() !== String(placed.firstPage + i))
            .join('\n')
            .replace(/X (?=Gemeinsame Einrichtung|Zugelassener kommunaler Träger)/g, '')
            .replace(/^o\s+/gm, ''),
        )
        .join(' ');
      // Letters, not words: a narrow table column may break a word without a hyphen.
      const letters = (text: string): string[] => Array.from(words(text).join(''));
      const agreement = compareWords(letters(printedCard(card)), letters(printed));
      expect(agreement.ratio, `${card.data.id}:\n${agreement.differences.join('\n')}`).toBeGreaterThanOrEqual(0.995);
    }
  });

  it('hyphenates a German word only where it would leave a wide gap, as a soft hyphen, and its text holds it whole', () => {
    const flowing = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    const layout = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // A hyphen added by hyphenation reads as a soft hyphen (ActualText U+00AD), and only at a line's end; no
    // non-breaking hyphens: copy and search see the words as written.
    expect(flowing).not.toMatch(/\u00ad(?!\n)|\u2011/);
    // The hyphenation zone is wide (styles/print.css): only a word that would leave a wide gap is broken. Each such
    // break is a soft hyphen at a line's end, and joined there, as a reader's search joins it, the word is whole.
    const layoutLines = layout.split('\n');
    const broken = layoutLines.flatMap((line, i) => {
      const head = /(\p{L}+)\u00ad\s*$/u.exec(line)?.[1];
      const tail = /^\s*(\p{L}+)/u.exec(layoutLines[i + 1] ?? '')?.[1];
      return head === undefined || tail === undefined ? [] : [head + tail];
    });
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.length).toBeLessThan(40);
    const joined = flowing.replace(/\u00ad\n/g, '');
    for (const word of broken) expect(joined, word).toContain(word);
  });

  it('never ends a page with a heading, and keeps two lines of a field with its heading', () => {
    const firstCard = Math.min(...pageMap.cards.map((card) => card.firstPage));
    const lastCardPage = Math.max(...pageMap.cards.map((card) => card.lastPage));
    const cardEnds = new Set(pageMap.cards.map((card) => card.lastPage));
    const problems: string[] = [];
    const linesOf = linesTopToBottom(pdf, 2, lastCardPage + 1);
    for (let page = 2; page <= lastCardPage; page++) {
      // The heading of an empty closing field is the last line of its card: nothing to keep it with.
      if (cardEnds.has(page) || page === firstCard - 1) continue;
      const lines = linesOf.get(page) ?? [];
      const lastHeading = lines.findLastIndex((line) => line.bold);
      if (lastHeading === -1) continue;
      const after = lines.length - 1 - lastHeading;
      // Fewer than two lines after the last heading are fine when that was all of its text: the next page then
      // starts with a heading of its own.
      const continues = linesOf.get(page + 1)?.[0]?.bold === false;
      if (after < 2 && continues)
        problems.push(
          `page ${String(page)}: "${lines[lastHeading]?.text ?? ''}" with ${String(after)} line(s) after it`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('reproduces the print page for page: fidelity measured on the PDF, as the README reports it', () => {
    const report = measureFidelity(pdf);
    const summary = summarise(report);
    // Floors just under what the layout reaches (README, "Fidelity to the 2013 print"): a change that loses a
    // page, a card start or a reference fails here.
    expect(summary.pages).toBe(120);
    expect(summary.pagesHolding).toBeGreaterThanOrEqual(75);
    expect(summary.wordsOnPage / summary.words).toBeGreaterThanOrEqual(0.92);
    expect(summary.linesReproduced / summary.lines).toBeGreaterThanOrEqual(0.81);
    expect(report.indexStart.built).toBe(report.indexStart.printed);
    expect(report.startsOnPrintedPage).toBeGreaterThanOrEqual(35);
    expect(report.samePageCount).toBeGreaterThanOrEqual(33);
    expect(report.indexReferences.equal).toBeGreaterThanOrEqual(265);
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readBlock(readme, fidelityMarkers), "README.md's fidelity figures: run `npm run fidelity -- --readme`").toBe(
      blockText(renderFidelityBlock(report)),
    );
  });

  it('sets both columns of the index on one grid of lines', () => {
    const first = Math.max(...pageMap.cards.map((card) => card.lastPage)) + 1;
    expect(offIndexGrid(pdf, first, pages.length)).toEqual([]);
  });

  it('has bookmarks for TEIL 1 with its principles, TEIL 2 with every card, and the index', async () => {
    const document = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    interface OutlineNode {
      title: string;
      dest: unknown;
      items: OutlineNode[];
    }
    const outline = (await document.getOutline()) as OutlineNode[];
    expect(outline.map((item) => item.title)).toEqual(['TEIL 1', 'TEIL 2', 'Stichwortverzeichnis']);
    expect(outline[0]?.items.map((item) => item.title)).toHaveLength(9);
    expect(outline[0]?.items[0]?.title).toBe('1. Speziell geschultes Personal');
    const cards = outline[1]?.items ?? [];
    expect(cards.map((item) => item.title)).toEqual(pageMap.cards.map((card) => foldSpace(card.title)));
    for (const [i, item] of cards.entries()) {
      const dest = item.dest as [{ num: number; gen: number }, ...unknown[]];
      expect(await document.getPageIndex(dest[0]), item.title).toBe((pageMap.cards[i]?.firstPage ?? 0) - 1);
    }
    expect(await document.getPageLabels()).toEqual(Array.from({ length: pages.length }, (_, i) => String(i + 1)));
  });

  it('carries title, author, keywords and language in its metadata, as a tagged PDF', () => {
    const info = pdfInfo(pdf);
    expect(info.Title).toBe(
      'Handlungsansätze zur Unterstützung und Förderung von Langzeitleistungsbeziehenden im SGB II',
    );
    expect(info.Author).toBe('Bund-Länder-Ausschuss SGB II');
    expect(info.Keywords).toContain('Langzeitleistungsbezug');
    expect(info.Tagged).toBe('yes');
    expect(readPdfFile(readFileSync(pdf)).text.includes('/Lang (de)')).toBe(true);
  });

  it('carries the same in its XMP packet, an sRGB output intent and a description of each link', async () => {
    const document = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    const { info, metadata } = (await document.getMetadata()) as unknown as {
      info: { Title: string; Author: string; Keywords: string };
      metadata: { get: (name: string) => unknown };
    };
    expect(metadata.get('dc:title')).toBe(info.Title);
    expect(metadata.get('dc:creator')).toEqual([info.Author]);
    expect(metadata.get('pdf:keywords')).toBe(info.Keywords);
    expect(metadata.get('dc:language')).toBe('de');
    expect([metadata.get('pdfaid:part'), metadata.get('pdfaid:conformance'), metadata.get('pdfuaid:part')]).toEqual([
      '2',
      'U',
      '1',
    ]);
    const text = readPdfFile(readFileSync(pdf)).text;
    expect(text).toContain('/OutputIntents [<</Type /OutputIntent\n/S /GTS_PDFA1');
    // The edition's two web addresses, each announced by its address.
    const descriptions: string[] = [];
    for (let page = 1; page <= document.numPages; page++) {
      const annotations = (await (await document.getPage(page)).getAnnotations()) as {
        subtype: string;
        url?: string;
        contentsObj: { str: string };
      }[];
      for (const link of annotations.filter((annotation) => annotation.subtype === 'Link'))
        descriptions.push(`${link.url ?? ''} ${link.contentsObj.str}`);
    }
    expect(descriptions).toEqual([
      'http://www.myknetz.de/ Link zu http://www.myknetz.de/',
      'http://www.iab.de/185/section.aspx/Publikation/k120327n09 Link zu http://www.iab.de/185/section.aspx/Publikation/k120327n09',
    ]);
  });

  it('passes every checkpoint of kompendium verify, in the edition and in a brochure', () => {
    // The build verifies each PDF before it writes it; the real command, run again on the files in out/, agrees.
    const brochure = sharedBuild().pdf('regionalausgabe-bayern');
    const result = runCli(['verify', pdf, brochure, '--json'], { cwd: projectRoot });
    expect(result.status, result.stderr).toBe(0);
    const { files } = JSON.parse(result.stdout) as { files: { file: string; violations: { checkpoint: string }[] }[] };
    expect(files.map((file) => path.basename(file.file))).toEqual([
      'handlungsansaetze-2013.pdf',
      'regionalausgabe-bayern.pdf',
    ]);
    for (const file of files) {
      expect(file.violations, file.file).toEqual([]);
    }
  });

  it('tags each list item as label and body, each card as one Art, nothing as NonStruct, as pdf.js and poppler see it', async () => {
    const document = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    interface Node {
      role?: string;
      type?: string;
      children?: Node[];
    }
    const shapes = new Map<string, number>();
    const roles = new Set<string>();
    const visit = (node: Node): void => {
      const children = node.children ?? [];
      if (node.role !== undefined) roles.add(node.role);
      if (node.role === 'LI') {
        const shape = children.map((child) => child.role ?? child.type ?? '').join(',');
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      }
      children.forEach(visit);
    };
    for (let page = 1; page <= document.numPages; page++) visit(await (await document.getPage(page)).getStructTree());
    // An item on a page either starts there (label and body) or continues from the page before (its body only).
    expect([...shapes.keys()].sort()).toEqual(['LBody', 'Lbl,LBody']);
    expect(shapes.get('Lbl,LBody')).toBeGreaterThan(400);
    // Chromium's NonStruct wrappers (page boxes, sections, runs of text) are dissolved into what holds them.
    expect(roles.has('NonStruct')).toBe(false);
    expect(roles.has('P')).toBe(true);
    // One article per card, however many pages it is on, as poppler reads the tree.
    const tree = popplerStructText();
    expect(tree.split('\n').filter((line) => line === '  Art').length).toBe(pageMap.cards.length);
  }, 300_000);

  it('has no text outside marked content, and headings that never skip a level, as pdf.js and poppler read it', async () => {
    // pdf.js: every text item of every page is inside tagged content or an Artifact.
    const document = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    const outside: string[] = [];
    for (let page = 1; page <= document.numPages; page++) {
      const content = await (await document.getPage(page)).getTextContent({ includeMarkedContent: true });
      let depth = 0;
      for (const item of content.items as { type?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') depth++;
        else if (item.type === 'endMarkedContent') depth--;
        else if (depth === 0 && (item.str ?? '').trim() !== '') outside.push(`page ${String(page)}: ${item.str ?? ''}`);
      }
    }
    expect(outside).toEqual([]);
    // poppler: the numbered headings in the order of the structure tree start at H1 and never skip a level.
    const tree = popplerStructText();
    const levels = [...tree.matchAll(/^\s*H(\d) /gm)].map((match) => Number(match[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level, i) => i > 0 && level > (levels[i - 1] ?? 0) + 1)).toEqual([]);
    expect(levels.length).toBeGreaterThan(400);
  }, 300_000);

  it('names every box by its state, as a second reader (pdf.js) gives it to a screen reader', async () => {
    const { edition } = await checkEdition({ entriesDir: path.join(projectRoot, 'entries'), displayRoot: projectRoot });
    const cards = edition?.cards ?? [];
    const bodies = cards.map((card) => String(card.file.value)).join('\n');
    // Two Träger boxes per card, one ticked when the Träger type is known; and the task-list boxes of the fields.
    const traegerTicked = cards.filter((card) => card.data.traeger.type !== 'unknown').length;
    const expected = {
      angekreuzt: traegerTicked + (bodies.match(/^\s*[-*] \[x\]/gim)?.length ?? 0),
      'nicht angekreuzt': 2 * cards.length - traegerTicked + (bodies.match(/^\s*[-*] \[ \]/gm)?.length ?? 0),
    };
    const document = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    interface Node {
      role?: string;
      type?: string;
      alt?: string;
      children?: Node[];
    }
    const named = new Map<string, number>();
    // pdf.js gives a page the elements around its content, a list's other items too: a box counts on the page
    // that holds its content.
    const visit = (node: Node): void => {
      const here = (node.children ?? []).some((child) => child.type === 'content');
      if (node.role === 'Figure' && here) named.set(node.alt ?? '', (named.get(node.alt ?? '') ?? 0) + 1);
      (node.children ?? []).forEach(visit);
    };
    for (let page = 1; page <= document.numPages; page++) visit(await (await document.getPage(page)).getStructTree());
    expect(Object.fromEntries(named)).toEqual(expected);
    expect(expected['nicht angekreuzt']).toBeGreaterThan(200);
  });

  it('reads as written in structure order: at most 0.5 % of its words glued or split', async () => {
    // What a screen reader that follows the structure tree gets (ActualText applied, a box read as its state),
    // word by word against the words of the entries: a soft line end without its space glues two words, a
    // hyphenation hyphen read as "-" splits one.
    const { edition } = await checkEdition({ entriesDir: path.join(projectRoot, 'entries'), displayRoot: projectRoot });
    if (edition === undefined) throw new Error('the edition does not validate');
    const strings = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.flatMap(strings)
          : typeof value === 'object' && value !== null
            ? Object.values(value).flatMap(strings)
            : [];
    const entries = [
      edition.edition,
      ...edition.parts,
      ...edition.principles,
      ...(edition.register ? [edition.register] : []),
    ];
    const source = [
      ...edition.cards.map(printedCard),
      ...entries.flatMap((entry) => [plainText(entry.tree), ...strings(entry.data)]),
      'Stichwortverzeichnis',
      ...Object.values(boxStates),
    ].join(' ');
    const known = new Set(source.split(/\s+/));
    const file = readPdfFile(readFileSync(pdf));
    const read = readAsScreenReader(file, readStructureTree(file, catalogOf(file).dict) ?? []);
    const tokens = read.split(/\s+/).filter((token) => token !== '');
    // Page numbers and the index's letters and locators are the layout's; a bullet is a list label.
    const layout = (token: string): boolean => /^(\d+[,.]?|\p{Lu}|[o•–-])$/u.test(token);
    const wrong = tokens.filter((token) => !known.has(token) && !layout(token));
    expect(tokens.length).toBeGreaterThan(25_000);
    expect(wrong.length / tokens.length, wrong.join(' | ')).toBeLessThanOrEqual(0.005);
  });

  it('reads every card in structure order word for word as its entry prints it', async () => {
    const { edition } = await checkEdition({ entriesDir: path.join(projectRoot, 'entries'), displayRoot: projectRoot });
    const file = readPdfFile(readFileSync(pdf));
    const pageNumbers = new Map(pagesOf(file).map((page) => [page.object, page.index]));
    const [documentElement] = readStructureTree(file, catalogOf(file).dict) ?? [];
    const firstPage = (element: StructElement): number | undefined => {
      for (const kid of element.kids) {
        const page = 'type' in kid ? firstPage(kid) : kid.page === undefined ? undefined : pageNumbers.get(kid.page);
        if (page !== undefined) return page;
      }
      return undefined;
    };
    // A bullet is the layout's, and the entry's text has none; an ordered list's number is in both.
    const bullet = (element: StructElement): boolean =>
      element.type === 'Lbl' && !/\d/.test(structureText(file, [element]));
    const withoutLabels = (element: StructElement): StructElement => ({
      ...element,
      kids: element.kids.flatMap((kid): StructElement['kids'] => {
        if (!('type' in kid)) return [kid];
        return bullet(kid) ? [] : [withoutLabels(kid)];
      }),
    });
    const ids = edition?.cards.map((card) => card.data.id) ?? [];
    expect(ids).toHaveLength(36);
    for (const id of ids) {
      const card = edition?.cards.find((candidate) => candidate.data.id === id);
      const placed = pageMap.cards.find((candidate) => candidate.id === id);
      if (card === undefined || placed === undefined) throw new Error(`no card ${id}`);
      const articles = (documentElement?.children ?? []).filter((element) => {
        const page = firstPage(element);
        return element.type === 'Art' && page !== undefined && page >= placed.firstPage && page <= placed.lastPage;
      });
      const read = readAsScreenReader(file, articles.map(withoutLabels)).replace(/(nicht )?angekreuzt/g, ' ');
      expect(read.split(/\s+/).filter(Boolean), id).toEqual(printedCard(card).split(/\s+/).filter(Boolean));
    }
  });

  it('is written as PDF 1.7 with object streams: the edition is at most 0.75 MB', () => {
    expect(statSync(pdf).size).toBeLessThanOrEqual(750_000);
    expect(readFileSync(pdf).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
  });

  it('is reproducible: a second build (of the edition alone) gives the same bytes', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'kompendium-2013-again-'));
    const result = runCli(['build', '--out', out], { cwd: projectRoot });
    expect(result.status, result.stderr).toBe(0);
    const hash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(hash(path.join(out, 'handlungsansaetze-2013.pdf'))).toBe(hash(pdf));
  });
});
