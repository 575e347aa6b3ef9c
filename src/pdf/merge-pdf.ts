/**
 * One PDF from the parts of a document that were printed in different browser pages at the same time (each part a
 * set of the document's pages). The parts' objects are renumbered into one file; their page trees, structure trees
 * (one Document element whose children are the pages' content in the document's order, one parent tree, one ID
 * tree) and catalogs become one. A part's font subsets stay its own, renamed so that no two subsets share a name.
 * The result has the form Chromium prints (PDF 1.4, a classic cross-reference table), so post-processing takes it
 * as it takes a print.
 */
import {
  arrayValues,
  dictText,
  endOfValue,
  objectDict,
  objectValueStart,
  PdfFormError,
  readPrintedPdf,
  referenced,
  referencesIn,
  streamData,
  type PdfDict,
  type PrintedPdf,
} from './printed-pdf.ts';

/** A part: its PDF, and for each of its pages in order, the page's place in the document (0-based). */
export interface PrintedPart {
  pdf: Uint8Array;
  places: number[];
}

/** What merging needs to know of a part. */
interface PartInfo {
  /** The part's position among the parts: the first keeps its font names and its document information. */
  index: number;
  pdf: PrintedPdf;
  places: number[];
  catalog: PdfDict;
  pages: number[];
  /** Objects that the merged file replaces by its own (catalog, page tree nodes, structure tree root, …). */
  dropped: Set<number>;
  /** References to dropped objects that point at the merged file's replacement instead. */
  aliases: Map<number, 'pages' | 'structTreeRoot' | 'document'>;
  documentKids: { number: number; place: number }[];
  parentTree: [number, string][];
  parentTreeNextKey: number;
  ids: [string, string][];
  /** Added to the part's structure ids (node00001234) to keep them apart from other parts'. */
  idOffset: number;
  /** Added to the part's parent tree keys (StructParents, StructParent). */
  keyOffset: number;
  /** The number each kept object gets in the merged file. */
  numbers: Map<number, number>;
}

/** Keys of a catalog that merging cannot carry over from a part (nothing kompendium prints has them). */
const unsupportedCatalogKeys = ['Names', 'Dests', 'Outlines', 'AcroForm', 'Metadata'];

export function mergePrintedParts(parts: readonly PrintedPart[]): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0].pdf;
  const infos = parts.map((part, index) => partInfo(index, readPrintedPdf(part.pdf), part.places));
  let idOffset = 0;
  let keyOffset = 0;
  for (const info of infos) {
    info.idOffset = idOffset;
    info.keyOffset = keyOffset;
    idOffset += 1 + Math.max(0, ...structureIdsIn(info.pdf));
    keyOffset += info.parentTreeNextKey;
  }
  let next = 1;
  for (const info of infos) {
    for (const number of [...info.pdf.offsets.keys()].sort((a, b) => a - b)) {
      if (!info.dropped.has(number)) info.numbers.set(number, next++);
    }
  }
  const first = infos[0];
  if (first === undefined) throw new PdfFormError('there is nothing to merge');
  const own = {
    catalog: next++,
    pages: next++,
    structTreeRoot: next++,
    document: next++,
    parentTree: next++,
    idTree: next++,
  };
  const refTo = (number: number): string => `${String(number)} 0 R`;

  let text = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  const write = (number: number, body: string): void => {
    offsets[number] = text.length;
    text += `${String(number)} 0 obj\n${body}\nendobj\n`;
  };
  const pageOrder: { number: number; place: number }[] = [];
  for (const info of infos) {
    const rewrite = rewriter(info, own);
    for (const [old, number] of info.numbers) {
      const object = objectDict(info.pdf, old);
      let value: string;
      if (object !== undefined) {
        const { dict, end } = object;
        const rewritten: PdfDict = new Map();
        for (const [key, raw] of dict) rewritten.set(key, rewrite(raw));
        for (const key of ['StructParents', 'StructParent']) {
          const parentKey = rewritten.get(key);
          if (parentKey !== undefined) rewritten.set(key, String(Number(parentKey) + info.keyOffset));
        }
        value = dictText(rewritten);
        const stream = streamData(info.pdf, dict, end);
        if (stream !== undefined) {
          const close = info.pdf.text.indexOf('endstream', stream.end);
          value += info.pdf.text.slice(end, close + 'endstream'.length);
        }
      } else {
        const start = objectValueStart(info.pdf, old);
        value = rewrite(info.pdf.text.slice(start, endOfValue(info.pdf.text, start)));
      }
      write(number, value);
    }
    info.pages.forEach((page, i) => {
      const number = info.numbers.get(page);
      const place = info.places[i];
      if (number === undefined || place === undefined) throw new PdfFormError('a part has more pages than places');
      pageOrder.push({ number, place });
    });
  }
  pageOrder.sort((a, b) => a.place - b.place);

  const catalog: PdfDict = new Map();
  const rewriteFirst = rewriter(first, own);
  for (const [key, raw] of first.catalog) catalog.set(key, rewriteFirst(raw));
  catalog.set('Pages', refTo(own.pages));
  catalog.set('StructTreeRoot', refTo(own.structTreeRoot));
  write(own.catalog, dictText(catalog));
  write(
    own.pages,
    dictText(
      new Map([
        ['Type', '/Pages'],
        ['Count', String(pageOrder.length)],
        ['Kids', `[${pageOrder.map((page) => refTo(page.number)).join(' ')}]`],
      ]),
    ),
  );
  write(
    own.structTreeRoot,
    dictText(
      new Map([
        ['Type', '/StructTreeRoot'],
        ['K', refTo(own.document)],
        ['ParentTreeNextKey', String(keyOffset)],
        ['ParentTree', refTo(own.parentTree)],
        ['IDTree', refTo(own.idTree)],
      ]),
    ),
  );
  const kids = infos
    .flatMap((info) => info.documentKids.map((kid) => ({ ...kid, number: info.numbers.get(kid.number) ?? 0 })))
    .sort((a, b) => a.place - b.place);
  write(
    own.document,
    dictText(
      new Map([
        ['Type', '/StructElem'],
        ['S', '/Document'],
        ...documentExtras(first),
        ['P', refTo(own.structTreeRoot)],
        ['K', `[${kids.map((kid) => refTo(kid.number)).join(' ')}]`],
      ]),
    ),
  );
  const nums = infos.flatMap((info) => {
    const rewrite = rewriter(info, own);
    return info.parentTree.map(([key, value]) => `${String(key + info.keyOffset)} ${rewrite(value)}`);
  });
  write(own.parentTree, dictText(new Map([['Nums', `[${nums.join(' ')}]`]])));
  const names = infos.flatMap((info) => {
    const rewrite = rewriter(info, own);
    return info.ids.map(([id, value]) => `${rewrite(id)} ${rewrite(value)}`);
  });
  write(own.idTree, dictText(new Map([['Names', `[${names.join(' ')}]`]])));

  const xref = text.length;
  text += `xref\n0 ${String(next)}\n0000000000 65535 f \n`;
  for (let number = 1; number < next; number++) {
    const offset = offsets[number];
    if (offset === undefined) throw new PdfFormError(`merging wrote no object ${String(number)}`);
    text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  }
  const trailer: PdfDict = new Map([
    ['Size', String(next)],
    ['Root', refTo(own.catalog)],
  ]);
  const firstInfo = referenced(first.pdf.trailer.get('Info'));
  const infoNumber = firstInfo === undefined ? undefined : first.numbers.get(firstInfo);
  if (infoNumber !== undefined) trailer.set('Info', refTo(infoNumber));
  text += `trailer\n${dictText(trailer)}\nstartxref\n${String(xref)}\n%%EOF`;
  return Buffer.from(text, 'latin1');
}

/** The first part's Document element's entries other than its type, role, parent and children (its /Lang). */
function documentExtras(first: PartInfo): [string, string][] {
  const root = objectDict(first.pdf, referenced(first.catalog.get('StructTreeRoot')) ?? 0);
  const document = objectDict(first.pdf, referenced(root?.dict.get('K')) ?? 0);
  return [...(document?.dict ?? [])].filter(([key]) => !['Type', 'S', 'P', 'K'].includes(key));
}

/** The numbers of the structure ids anywhere in the part's dictionaries (table cells name their headers by id). */
function structureIdsIn(pdf: PrintedPdf): number[] {
  return [...pdf.text.matchAll(/\(node(\d+)\)/g)].map((match) => Number(match[1]));
}

function partInfo(index: number, pdf: PrintedPdf, places: number[]): PartInfo {
  const catalogNumber = referenced(pdf.trailer.get('Root'));
  const catalog = catalogNumber === undefined ? undefined : objectDict(pdf, catalogNumber)?.dict;
  if (catalogNumber === undefined || catalog === undefined) throw new PdfFormError('a printed part has no catalog');
  for (const key of unsupportedCatalogKeys) {
    if (catalog.has(key)) throw new PdfFormError(`a printed part's catalog has /${key}, which merging cannot carry`);
  }
  const dropped = new Set<number>([catalogNumber]);
  const aliases: PartInfo['aliases'] = new Map();
  const pages: number[] = [];
  const visit = (number: number): void => {
    const node = objectDict(pdf, number);
    if (node?.dict.get('Type') === '/Page') {
      pages.push(number);
      return;
    }
    dropped.add(number);
    aliases.set(number, 'pages');
    for (const kid of referencesIn(node?.dict.get('Kids') ?? '')) visit(kid);
  };
  visit(referenced(catalog.get('Pages')) ?? 0);
  const rootNumber = referenced(catalog.get('StructTreeRoot'));
  const root = rootNumber === undefined ? undefined : objectDict(pdf, rootNumber)?.dict;
  const documentNumber = referenced(root?.get('K'));
  const document = documentNumber === undefined ? undefined : objectDict(pdf, documentNumber)?.dict;
  if (rootNumber === undefined || root === undefined || documentNumber === undefined || document === undefined) {
    throw new PdfFormError('a printed part has no structure tree with one Document element (it is not tagged)');
  }
  dropped.add(rootNumber).add(documentNumber);
  aliases.set(rootNumber, 'structTreeRoot').set(documentNumber, 'document');
  const pagePlace = new Map(pages.map((page, i) => [page, places[i] ?? 0]));
  let lastPlace = places[0] ?? 0;
  const documentKids = referencesIn(document.get('K') ?? '').map((number) => {
    lastPlace = firstPageIn(pdf, number, pagePlace) ?? lastPlace;
    return { number, place: lastPlace };
  });
  const parentTree: [number, string][] = [];
  collectTree(pdf, referenced(root.get('ParentTree')), 'Nums', dropped, (key, value) =>
    parentTree.push([Number(key), value]),
  );
  const ids: [string, string][] = [];
  collectTree(pdf, referenced(root.get('IDTree')), 'Names', dropped, (key, value) => ids.push([key, value]));
  for (const key of root.keys()) {
    if (!['Type', 'K', 'ParentTree', 'ParentTreeNextKey', 'IDTree'].includes(key)) {
      throw new PdfFormError(`a printed part's structure tree has /${key}, which merging cannot carry`);
    }
  }
  // Only the first part's document information is kept (post-processing replaces it anyway).
  const info = referenced(pdf.trailer.get('Info'));
  if (index > 0 && info !== undefined) dropped.add(info);
  return {
    index,
    pdf,
    places,
    catalog,
    pages,
    dropped,
    aliases,
    documentKids,
    parentTree,
    parentTreeNextKey: Number(root.get('ParentTreeNextKey') ?? 0),
    ids,
    idOffset: 0,
    keyOffset: 0,
    numbers: new Map(),
  };
}

/** The place of the first page that a structure element's content is on (depth first), if any. */
function firstPageIn(pdf: PrintedPdf, number: number, pagePlace: Map<number, number>): number | undefined {
  const element = objectDict(pdf, number)?.dict;
  if (element === undefined) return undefined;
  const page = referenced(element.get('Pg'));
  if (page !== undefined && pagePlace.has(page)) return pagePlace.get(page);
  const kids = element.get('K') ?? '';
  for (const kid of kids.startsWith('[') ? referencesIn(kids) : [referenced(kids)].filter((n) => n !== undefined)) {
    const place = firstPageIn(pdf, kid, pagePlace);
    if (place !== undefined) return place;
  }
  return undefined;
}

/** Walks a number or name tree (its /Kids and leaves), reporting each key and value; its nodes are dropped. */
function collectTree(
  pdf: PrintedPdf,
  number: number | undefined,
  entries: 'Nums' | 'Names',
  dropped: Set<number>,
  found: (key: string, value: string) => void,
): void {
  if (number === undefined) return;
  dropped.add(number);
  const node = objectDict(pdf, number)?.dict;
  for (const kid of referencesIn(node?.get('Kids') ?? '')) collectTree(pdf, kid, entries, dropped, found);
  const values = arrayValues(node?.get(entries) ?? '[]');
  for (let k = 0; k + 1 < values.length; k += 2) found(values[k] ?? '', values[k + 1] ?? '');
}

/**
 * Rewrites a value of a part for the merged file: references to the part's objects get their new numbers (or the
 * merged file's replacement), structure ids are moved by the part's offset (same width), and font subset names
 * of parts after the first get a tag of their own (the subset tag's last letter: B for the second part, …).
 */
function rewriter(
  info: PartInfo,
  own: { pages: number; structTreeRoot: number; document: number },
): (value: string) => string {
  // Chromium's subset tags are AAAAAA, BAAAAA, …: their last letter tells the parts apart.
  const letter = String.fromCharCode(65 + Math.min(25, info.index));
  const tag = (name: string): string =>
    info.index === 0 || !/^\/[A-Z]{5}A\+/.test(name) ? name : `${name.slice(0, 6)}${letter}${name.slice(7)}`;
  return (value) => {
    let out = '';
    let i = 0;
    while (i < value.length) {
      const character = value.charAt(i);
      if (character === '(') {
        const end = endOfValue(value, i);
        const string = value.slice(i, end);
        const id = /^\(node(\d+)\)$/.exec(string);
        out +=
          id?.[1] === undefined || info.idOffset === 0
            ? string
            : `(node${String(Number(id[1]) + info.idOffset).padStart(Math.max(8, id[1].length), '0')})`;
        i = end;
      } else if (value.startsWith('<<', i) || value.startsWith('>>', i)) {
        out += value.slice(i, i + 2);
        i += 2;
      } else if (character === '<') {
        const end = value.indexOf('>', i) + 1;
        out += value.slice(i, end);
        i = end;
      } else if (character === '/') {
        const end = endOfValue(value, i);
        out += tag(value.slice(i, end));
        i = end;
      } else if (/\d/.test(character) && !/[\d.+-]/.test(value.charAt(i - 1))) {
        const reference = /(\d+)\s+(\d+)\s+R(?![^\s/<>[\]()%])/y;
        reference.lastIndex = i;
        const match = reference.exec(value);
        if (match === null) {
          const number = /[\d.]+/y;
          number.lastIndex = i;
          const digits = number.exec(value)?.[0] ?? character;
          out += digits;
          i += digits.length;
          continue;
        }
        const old = Number(match[1]);
        const alias = info.aliases.get(old);
        const target = alias === undefined ? info.numbers.get(old) : own[alias];
        if (target === undefined)
          throw new PdfFormError(`a printed part refers to object ${String(old)}, which it lacks`);
        out += `${String(target)} 0 R`;
        i += match[0].length;
      } else {
        out += character;
        i++;
      }
    }
    return out;
  };
}
