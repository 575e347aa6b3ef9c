/**
 * Stage 6: the printed PDF gets its document metadata, and its fonts are checked: every font in it must be an
 * embedded Arimo face. Any other font means some text fell back (a missing @font-face, a glyph Arimo lacks, a
 * synthesised bold or italic), which must never pass silently.
 */
import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFRef } from 'pdf-lib';

/** An outline entry: level 1 at the top (TEIL 1, TEIL 2, the index), level 2 below (principles, cards). */
export interface OutlineItem {
  level: number;
  title: string;
  /** 1-based page number. */
  page: number;
}

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string | undefined;
  language: string;
  /** Creation and modification date: fixed, so that output is reproducible. */
  date: Date;
  keywords: readonly string[];
  outline: readonly OutlineItem[];
}

export interface PostprocessResult {
  pdf: Uint8Array;
  /** Names of fonts that are not Arimo (Type 3 fonts, which have no name, appear as "Type 3 font"). */
  foreignFonts: string[];
}

export async function postprocessPdf(printed: Uint8Array, metadata: PdfMetadata): Promise<PostprocessResult> {
  // pdf-lib yields to the event loop every 100 objects by default (a timer each time): 0.5 s of a 125-page PDF's
  // 0.6 s went to waiting. Parsing and writing in one go is what a batch tool wants.
  const document = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const date = metadata.date;
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  if (metadata.subject !== undefined) document.setSubject(metadata.subject);
  document.setCreator('kompendium');
  document.setProducer('kompendium (Paged.js, Chromium, pdf-lib)');
  document.setLanguage(metadata.language);
  if (metadata.keywords.length > 0) document.setKeywords([...metadata.keywords]);
  addOutline(document, metadata.outline);
  renumberStructureIds(document);
  // Page labels as printed: decimal numbers from 1 (the cover is page 1, unnumbered in print).
  document.catalog.set(PDFName.of('PageLabels'), document.context.obj({ Nums: [0, { S: 'D' }] }));
  document.setCreationDate(date);
  document.setModificationDate(date);
  const foreignFonts = listFonts(document).filter(
    (name) => !/^([A-Z]{6}\+)?Arimo-(Regular|Bold|Italic|BoldItalic)$/.test(name),
  );
  const pdf = await document.save({ useObjectStreams: false, objectsPerTick: Infinity });
  return { pdf, foreignFonts };
}

/** Base font names of all top-level font dictionaries in the file. */
export function listFonts(document: PDFDocument): string[] {
  const names = new Set<string>();
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('CIDFontType2') || subtype === PDFName.of('CIDFontType0')) continue;
    if (subtype === PDFName.of('Type3')) {
      names.add('Type 3 font');
      continue;
    }
    const base = object.get(PDFName.of('BaseFont'));
    names.add(base instanceof PDFName ? base.decodeText() : 'unnamed font');
  }
  return [...names];
}

/**
 * Writes the outline (bookmarks) as a two-level tree. Each item points at the top of its page; the tree is built
 * with pdf-lib's low-level objects, since pdf-lib has no outline API.
 */
function addOutline(document: PDFDocument, items: readonly OutlineItem[]): void {
  if (items.length === 0) return;
  const { context } = document;
  const pages = document.getPages();
  const outlinesRef = context.nextRef();
  interface Node {
    ref: PDFRef;
    item: OutlineItem;
    children: Node[];
  }
  const roots: Node[] = [];
  for (const item of items) {
    const node: Node = { ref: context.nextRef(), item, children: [] };
    const parent = roots.at(-1);
    if (item.level > 1 && parent !== undefined) parent.children.push(node);
    else roots.push(node);
  }
  const write = (siblings: Node[], parentRef: PDFRef): void => {
    siblings.forEach((node, i) => {
      const page = pages[Math.min(Math.max(node.item.page, 1), pages.length) - 1];
      if (page === undefined) return;
      const entries: Record<string, unknown> = {
        Title: PDFHexString.fromText(node.item.title),
        Parent: parentRef,
        Dest: [page.ref, 'XYZ', null, null, null],
      };
      const previous = siblings[i - 1];
      const next = siblings[i + 1];
      if (previous !== undefined) entries.Prev = previous.ref;
      if (next !== undefined) entries.Next = next.ref;
      const first = node.children[0];
      const last = node.children.at(-1);
      if (first !== undefined && last !== undefined) {
        entries.First = first.ref;
        entries.Last = last.ref;
        entries.Count = -node.children.length;
      }
      context.assign(node.ref, context.obj(entries as Parameters<typeof context.obj>[0]));
      write(node.children, node.ref);
    });
  };
  write(roots, outlinesRef);
  const first = roots[0];
  const last = roots.at(-1);
  if (first === undefined || last === undefined) return;
  context.assign(outlinesRef, context.obj({ Type: 'Outlines', First: first.ref, Last: last.ref, Count: roots.length }));
  document.catalog.set(PDFName.of('Outlines'), outlinesRef);
}

/**
 * Chromium names the tagged PDF's structure elements after DOM node ids ("node00001845"), which shift between
 * runs. Renumbering them by rank keeps their order (the ID tree stays sorted, table header references stay
 * valid) and makes the same document give the same bytes.
 */
function renumberStructureIds(document: PDFDocument): void {
  const found: { holder: PDFDict | PDFArray; key: PDFName | number; id: number }[] = [];
  const visit = (value: unknown, holder: PDFDict | PDFArray | undefined, key: PDFName | number | undefined): void => {
    if (value instanceof PDFString && holder !== undefined && key !== undefined) {
      const match = /^node(\d+)$/.exec(value.asString());
      if (match?.[1] !== undefined) found.push({ holder, key, id: Number(match[1]) });
    } else if (value instanceof PDFDict) {
      for (const [name, child] of value.entries()) visit(child, value, name);
    } else if (value instanceof PDFArray) {
      value.asArray().forEach((child, index) => {
        visit(child, value, index);
      });
    }
  };
  for (const [, object] of document.context.enumerateIndirectObjects()) visit(object, undefined, undefined);
  const ranks = new Map(
    [...new Set(found.map((entry) => entry.id))].sort((a, b) => a - b).map((id, rank) => [id, rank + 1]),
  );
  for (const entry of found) {
    const renamed = PDFString.of(`node${String(ranks.get(entry.id) ?? 0).padStart(8, '0')}`);
    if (entry.holder instanceof PDFDict && entry.key instanceof PDFName) entry.holder.set(entry.key, renamed);
    else if (entry.holder instanceof PDFArray && typeof entry.key === 'number') entry.holder.set(entry.key, renamed);
  }
}
