/**
 * Writing a whole PDF anew from its objects, compactly: every object that is not a stream goes into compressed
 * object streams, and a compressed cross-reference stream replaces the classic table (ISO 32000-1 7.5.7 and
 * 7.5.8; PDF 1.5, which PDF/A-2 and PDF/UA-1 allow). Chromium writes its structure tree as thousands of small
 * uncompressed dictionaries; packed this way they take a fraction of the room. Only the objects reachable from the
 * trailer's /Root and /Info are written, so versions an edit replaced and objects nothing names are left out.
 *
 * The output depends on nothing but the objects: the same objects give the same bytes.
 */
import { deflateSync } from 'node:zlib';
import { dictText, readDict, type PdfDict } from './printed-pdf.ts';

/** An object's value as PDF text; a stream's value is its dictionary, then "stream", the data and "endstream". */
export type ObjectTable = ReadonlyMap<number, string>;

/** How many objects one object stream holds: large enough to compress well, small enough to read quickly. */
const objectsPerStream = 400;

/** The file's header: the version, then a comment of bytes above 127 that marks the file as binary (PDF/A 6.1.2). */
function headerOf(version: PdfVersion): string {
  return `%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`;
}

/** 1.7 by default; PDF/X-4 allows at most 1.6, which has object and cross-reference streams too. */
export type PdfVersion = '1.6' | '1.7';

/** Writes the objects reachable from `trailer`'s /Root and /Info; `trailer` gives Root, Info and ID. */
export function writePdf(objects: ObjectTable, trailer: PdfDict, version: PdfVersion = '1.7'): Buffer {
  const header = headerOf(version);
  const { streams, packed } = reachable(objects, trailer);
  let size = Math.max(0, ...objects.keys()) + 1;

  const chunks: string[] = [header];
  let length = header.length;
  const append = (text: string): void => {
    chunks.push(text);
    length += text.length;
  };
  /** Where each object is: its byte offset, or the object stream holding it and its place there. */
  const places = new Map<number, { offset: number } | { stream: number; index: number }>();
  const writeObject = (number: number, value: string): void => {
    places.set(number, { offset: length });
    append(`${String(number)} 0 obj\n${value}\nendobj\n`);
  };

  for (const number of streams) writeObject(number, objects.get(number) ?? '');
  for (let first = 0; first < packed.length; first += objectsPerStream) {
    const group = packed.slice(first, first + objectsPerStream);
    const stream = size++;
    group.forEach((number, index) => places.set(number, { stream, index }));
    writeObject(stream, objectStream(group.map((number) => [number, objects.get(number) ?? ''])));
  }

  const xrefNumber = size++;
  const xrefOffset = length;
  places.set(xrefNumber, { offset: xrefOffset });
  const entries = Buffer.alloc(size * 7);
  for (let number = 0; number < size; number++) {
    const place = places.get(number);
    const at = number * 7;
    if (place === undefined) {
      // A free entry: type 0; object 0 heads the list of free objects with generation 65535.
      entries.writeUInt8(0, at);
      entries.writeUInt16BE(number === 0 ? 65535 : 0, at + 5);
    } else if ('offset' in place) {
      entries.writeUInt8(1, at);
      entries.writeUInt32BE(place.offset, at + 1);
    } else {
      entries.writeUInt8(2, at);
      entries.writeUInt32BE(place.stream, at + 1);
      entries.writeUInt16BE(place.index, at + 5);
    }
  }
  const data = deflateSync(entries);
  const xref: PdfDict = new Map([
    ['Type', '/XRef'],
    ['Size', String(size)],
    ['W', '[1 4 2]'],
    ['Filter', '/FlateDecode'],
    ['Length', String(data.length)],
    ...trailer,
  ]);
  append(`${String(xrefNumber)} 0 obj\n${dictText(xref)}\nstream\n${data.toString('latin1')}\nendstream\nendobj\n`);
  append(`startxref\n${String(xrefOffset)}\n%%EOF\n`);
  return Buffer.from(chunks.join(''), 'latin1');
}

/** A compressed object stream holding the given objects (none of them a stream). */
function objectStream(group: readonly [number, string][]): string {
  let offsets = '';
  let body = '';
  for (const [number, value] of group) {
    offsets += `${String(number)} ${String(body.length)} `;
    body += `${value}\n`;
  }
  const data = deflateSync(Buffer.from(offsets + body, 'latin1'), { level: 9 });
  const dict: PdfDict = new Map([
    ['Type', '/ObjStm'],
    ['N', String(group.length)],
    ['First', String(offsets.length)],
    ['Filter', '/FlateDecode'],
    ['Length', String(data.length)],
  ]);
  return `${dictText(dict)}\nstream\n${data.toString('latin1')}\nendstream`;
}

/**
 * The objects reachable from the trailer, in ascending order: the streams, which are written as they are, and the
 * others, which are packed. Each value is read once; a stream's data is not searched for references.
 */
function reachable(objects: ObjectTable, trailer: PdfDict): { streams: number[]; packed: number[] } {
  const found = new Set<number>();
  const streams: number[] = [];
  const packed: number[] = [];
  const pending = referencesOf(dictText(trailer));
  for (let number = pending.pop(); number !== undefined; number = pending.pop()) {
    const value = objects.get(number);
    if (found.has(number) || value === undefined) continue;
    found.add(number);
    const dictEnd = value.startsWith('<<') ? readDict(value, 0).end : -1;
    const isStream = dictEnd !== -1 && /^\s*stream\r?\n/.test(value.slice(dictEnd, dictEnd + 10));
    (isStream ? streams : packed).push(number);
    pending.push(...referencesOf(isStream ? value.slice(0, dictEnd) : value));
  }
  const ascending = (a: number, b: number): number => a - b;
  return { streams: streams.sort(ascending), packed: packed.sort(ascending) };
}

function referencesOf(text: string): number[] {
  return [...text.matchAll(/(\d+)\s+(\d+)\s+R\b/g)].map((match) => Number(match[1]));
}

/** A text string: as it is when it is printable ASCII, else UTF-16BE with a byte order mark, in hex. */
export function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, '\\$&')})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}
