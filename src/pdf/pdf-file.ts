/**
 * Reading a finished PDF, for `kompendium verify`: kompendium's own (one cross-reference stream, objects packed in
 * object streams) and others' (classic tables, incremental updates whose trailers name the section before as /Prev;
 * the newest version of an object wins). Objects are read with the same functions
 * post-processing uses (printed-pdf.ts); this module adds what checking needs on top: following /Prev, resolving
 * references, the page tree, strings, inflating FlateDecode streams, and the cross-reference and object streams
 * (PDF 1.5) in which kompendium's post-processing packs the finished file.
 */
import { inflateSync } from 'node:zlib';
import {
  arrayValues,
  endOfValue,
  lastStartxref,
  nameText,
  objectDict,
  objectValueStart,
  PdfFormError,
  readDict,
  readXrefSection,
  referenced,
  streamData,
  type PdfDict,
  type PrintedPdf,
} from './printed-pdf.ts';

/** A finished PDF: every object at its newest offset, and the newest trailer. */
export type PdfFile = PrintedPdf;

/**
 * Reads the cross-reference sections from the newest back along /Prev: classic tables and cross-reference streams.
 * An object kept in an object stream is copied out, as "n 0 obj … endobj", to the end of the file's text, so that
 * every object has an offset and is read by the same functions. Throws `PdfFormError` for a file it cannot read.
 */
export function readPdfFile(bytes: Uint8Array): PdfFile {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!text.startsWith('%PDF-')) throw new PdfFormError('the file does not start with %PDF-');
  const offsets = new Map<number, number>();
  const packed = new Map<number, number>();
  const decided = new Set<number>();
  let trailer: PdfDict | undefined;
  const seen = new Set<number>();
  const startxref = lastStartxref(text);
  for (let at: number | undefined = startxref; at !== undefined;) {
    // A /Prev that points back to a section already read would loop for ever.
    if (seen.has(at)) throw new PdfFormError('the PDF has a /Prev chain that loops');
    seen.add(at);
    const section: XrefSection = text.startsWith('xref', at) ? readXrefSection(text, at) : readXrefStream(text, at);
    trailer ??= section.trailer;
    for (const [number, offset] of section.offsets) {
      if (!decided.has(number)) offsets.set(number, offset);
      decided.add(number);
    }
    for (const [number, stream] of section.packed ?? []) {
      if (!decided.has(number)) packed.set(number, stream);
      decided.add(number);
    }
    for (const number of section.free) decided.add(number);
    const prev = section.trailer.get('Prev');
    at = prev === undefined ? undefined : Number(prev);
    if (at !== undefined && !Number.isInteger(at)) throw new PdfFormError('the PDF has an unreadable /Prev');
  }
  const pdf: PdfFile = { text, offsets, trailer: trailer ?? new Map<string, string>(), startxref };
  if (packed.size === 0) return pdf;
  let appended = '';
  for (const [number, value] of unpacked(pdf, packed)) {
    offsets.set(number, text.length + appended.length);
    appended += `${String(number)} 0 obj\n${value}\nendobj\n`;
  }
  text += appended;
  return { ...pdf, text };
}

/** One cross-reference section: a classic table has no objects in object streams (`packed`). */
interface XrefSection {
  offsets: Map<number, number>;
  packed?: Map<number, number>;
  free: number[];
  trailer: PdfDict;
}

/**
 * A cross-reference stream (ISO 32000-1 7.5.8) at `at`: its dictionary is the trailer; its entries give offsets
 * (type 1), objects in object streams (type 2, by the stream's number) and free numbers (type 0).
 */
function readXrefStream(text: string, at: number): Required<XrefSection> {
  const header = /^(\d+) (\d+) obj/.exec(text.slice(at, at + 30));
  if (header === null) throw new PdfFormError(`the PDF has no cross-reference stream at byte ${String(at)}`);
  const number = Number(header[1]);
  const single: PdfFile = { text, offsets: new Map([[number, at]]), trailer: new Map(), startxref: at };
  const dict = objectDict(single, number)?.dict;
  const data = streamBytes(single, number);
  if (dict === undefined || data === undefined || dict.get('Type') !== '/XRef') {
    throw new PdfFormError(`object ${String(number)} 0 R, where startxref points, is not a cross-reference stream`);
  }
  const widths = arrayValues(dict.get('W') ?? '[]').map(Number);
  const [typeWidth = 1, fieldWidth = 0, lastWidth = 0] = widths;
  const rowWidth = typeWidth + fieldWidth + lastWidth;
  const index = arrayValues(dict.get('Index') ?? `[0 ${dict.get('Size') ?? '0'}]`).map(Number);
  if (widths.length !== 3 || rowWidth === 0 || widths.some((width) => !Number.isInteger(width) || width < 0)) {
    throw new PdfFormError('the cross-reference stream has an unreadable /W');
  }
  const field = (row: number, from: number, width: number): number => {
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 256 + (data[row * rowWidth + from + i] ?? 0);
    return value;
  };
  const offsets = new Map<number, number>();
  const packed = new Map<number, number>();
  const free: number[] = [];
  let row = 0;
  for (let i = 0; i + 1 < index.length; i += 2) {
    const first = index[i] ?? 0;
    for (let n = 0; n < (index[i + 1] ?? 0); n++, row++) {
      if ((row + 1) * rowWidth > data.length) throw new PdfFormError('the cross-reference stream is cut short');
      // A missing type field means type 1 (ISO 32000-1 table 17).
      const type = typeWidth === 0 ? 1 : field(row, 0, typeWidth);
      const second = field(row, typeWidth, fieldWidth);
      if (type === 1) offsets.set(first + n, second);
      else if (type === 2) packed.set(first + n, second);
      else if (type === 0) free.push(first + n);
    }
  }
  return { offsets, packed, free, trailer: dict };
}

/** The values of the objects kept in object streams, read from each stream once. */
function unpacked(pdf: PdfFile, packed: ReadonlyMap<number, number>): Map<number, string> {
  const values = new Map<number, string>();
  for (const stream of new Set(packed.values())) {
    const dict = objectDict(pdf, stream)?.dict;
    const data = streamBytes(pdf, stream)?.toString('latin1');
    if (dict?.get('Type') !== '/ObjStm' || data === undefined) {
      throw new PdfFormError(`object ${String(stream)} 0 R is named as an object stream but is none`);
    }
    const first = Number(dict.get('First'));
    const count = Number(dict.get('N'));
    const numbers = data.slice(0, first).trim().split(/\s+/).map(Number);
    if (!Number.isInteger(first) || numbers.length < 2 * count || numbers.some((value) => !Number.isInteger(value))) {
      throw new PdfFormError(`object stream ${String(stream)} 0 R has an unreadable header`);
    }
    for (let i = 0; i < count; i++) {
      const number = numbers[2 * i] ?? 0;
      if (packed.get(number) !== stream) continue;
      const start = first + (numbers[2 * i + 1] ?? 0);
      values.set(number, data.slice(start, endOfValue(data, start)));
    }
  }
  return values;
}

/** The PDF text of object `number`'s value, or undefined when the file has no such object (a free one). */
export function objectText(pdf: PdfFile, number: number): string | undefined {
  if (!pdf.offsets.has(number)) return undefined;
  const start = objectValueStart(pdf, number);
  return pdf.text.slice(start, endOfValue(pdf.text, start));
}

/** A value with a reference followed to the object's value (once: PDF has no references to references). */
export function resolved(pdf: PdfFile, value: string | undefined): string | undefined {
  const number = referenced(value);
  return number === undefined ? value : objectText(pdf, number);
}

/** A dictionary value, direct or referenced; undefined for anything else. */
export function dictOf(pdf: PdfFile, value: string | undefined): PdfDict | undefined {
  const number = referenced(value);
  // A referenced dictionary is read where it lies, once (not cut out first and read again).
  if (number !== undefined) return pdf.offsets.has(number) ? objectDict(pdf, number)?.dict : undefined;
  const text = value;
  return text?.startsWith('<<') === true ? readDict(text, 0).dict : undefined;
}

/**
 * An array value, direct or referenced, as its values. A single value counts as an array of one, and stays as
 * written: a reference to a dictionary (a /K of one kid, a /Contents of one stream) is kept as the reference.
 */
export function arrayOf(pdf: PdfFile, value: string | undefined): string[] {
  const text = resolved(pdf, value);
  if (value === undefined || text === undefined) return [];
  return text.startsWith('[') ? arrayValues(text) : [value];
}

/** A name value, direct or referenced, as text. */
export function nameOf(pdf: PdfFile, value: string | undefined): string | undefined {
  return nameText(resolved(pdf, value));
}

/** A number value, direct or referenced. */
export function numberOf(pdf: PdfFile, value: string | undefined): number | undefined {
  const text = resolved(pdf, value);
  const number = text === undefined || text === '' ? NaN : Number(text);
  return Number.isFinite(number) ? number : undefined;
}

/** The decoded data of stream object `number`: FlateDecode inflated, unfiltered as it is; undefined if not a stream. */
export function streamBytes(pdf: PdfFile, number: number): Buffer | undefined {
  const object = objectDict(pdf, number);
  if (object === undefined) return undefined;
  const at = streamData(pdf, object.dict, object.end);
  if (at === undefined) return undefined;
  const raw = Buffer.from(pdf.text.slice(at.start, at.end), 'latin1');
  const filters = arrayOf(pdf, object.dict.get('Filter')).map((filter) => nameText(filter));
  let data = raw;
  for (const filter of filters) {
    if (filter !== 'FlateDecode') {
      throw new PdfFormError(`stream ${String(number)} 0 R has the filter ${String(filter)}, which is not read`);
    }
    try {
      data = inflateSync(data);
    } catch {
      throw new PdfFormError(`stream ${String(number)} 0 R does not inflate (damaged FlateDecode data)`);
    }
  }
  return data;
}

/**
 * A string value (literal or hex) as text: UTF-16BE when it starts with the byte order mark, else one character
 * per byte (PDFDocEncoding agrees with Latin-1 for the characters kompendium writes).
 */
export function stringText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let bytes: Buffer;
  if (value.startsWith('(')) bytes = Buffer.from(literalStringBytes(value), 'latin1');
  else if (value.startsWith('<') && !value.startsWith('<<')) {
    const hex = value.slice(1, -1).replace(/\s/g, '');
    bytes = Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex');
  } else return undefined;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('latin1');
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The bytes (as latin1 text) of a literal string "(…)", its escapes decoded. */
function literalStringBytes(value: string): string {
  const body = value.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const character = body.charAt(i);
    if (character !== '\\') {
      out += character;
      continue;
    }
    const next = body.charAt(++i);
    const octal = /^[0-7]{1,3}/.exec(body.slice(i, i + 3));
    if (octal !== null) {
      out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else if (next === '\r') {
      if (body.charAt(i + 1) === '\n') i++;
    } else if (next !== '\n') out += escapes[next] ?? next;
  }
  return out;
}

/** A page of the file: its object number, its dictionary, and its inherited /Resources. */
export interface PdfPage {
  /** 1-based, in page-tree order. */
  index: number;
  object: number;
  dict: PdfDict;
  resources: PdfDict | undefined;
}

/** The catalog (/Root) dictionary. */
export function catalogOf(pdf: PdfFile): { object: number; dict: PdfDict } {
  const object = referenced(pdf.trailer.get('Root'));
  const dict = object === undefined ? undefined : dictOf(pdf, `${String(object)} 0 R`);
  if (object === undefined || dict === undefined) throw new PdfFormError('the PDF has no catalog (/Root)');
  return { object, dict };
}

/** The pages in order, walking the page tree from the catalog's /Pages (a loop in the tree is an error). */
export function pagesOf(pdf: PdfFile): PdfPage[] {
  const pages: PdfPage[] = [];
  const visited = new Set<number>();
  const walk = (value: string, inherited: PdfDict | undefined): void => {
    const object = referenced(value);
    if (object === undefined) throw new PdfFormError('the page tree has a kid that is not a reference');
    if (visited.has(object)) throw new PdfFormError(`the page tree reaches object ${String(object)} twice`);
    visited.add(object);
    const dict = dictOf(pdf, value);
    if (dict === undefined) throw new PdfFormError(`page tree node ${String(object)} 0 R is not a dictionary`);
    const resources = dict.has('Resources') ? dictOf(pdf, dict.get('Resources')) : inherited;
    if (nameOf(pdf, dict.get('Type')) === 'Pages' || dict.has('Kids')) {
      for (const kid of arrayOf(pdf, dict.get('Kids'))) walk(kid, resources);
    } else pages.push({ index: pages.length + 1, object, dict, resources });
  };
  const root = catalogOf(pdf).dict.get('Pages');
  if (root === undefined) throw new PdfFormError('the catalog has no /Pages');
  walk(root, undefined);
  return pages;
}

/**
 * A page's content: its content streams decoded and joined by a newline (each stream holds whole tokens, as PDF
 * requires). /Contents is a stream, or an array of streams, itself perhaps referenced.
 */
export function pageContent(pdf: PdfFile, page: PdfPage): string {
  return arrayOf(pdf, page.dict.get('Contents'))
    .map((value) => {
      const number = referenced(value);
      return number === undefined ? '' : (streamBytes(pdf, number)?.toString('latin1') ?? '');
    })
    .join('\n');
}
