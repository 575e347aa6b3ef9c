/**
 * Reading the PDF that Chromium prints, as far as post-processing needs it: the cross-reference table, the
 * trailer, each object's dictionary and where its stream data lies. Chromium (Skia) writes PDF 1.4 with a classic
 * cross-reference table, uncompressed dictionaries and no object streams; a file of another form is reported, not
 * guessed at.
 */

/** A dictionary's entries by key (without the slash), each as the PDF text of its value. */
export type PdfDict = Map<string, string>;

/** The printed file, its text one character per byte (latin1), and what its cross-reference table says. */
export interface PrintedPdf {
  text: string;
  /** Byte offset of each object in use, by object number (generation 0: Chromium writes no others). */
  offsets: Map<number, number>;
  trailer: PdfDict;
  /** Where the cross-reference table starts (an update names it as /Prev). */
  startxref: number;
}

export class PdfFormError extends Error {
  override name = 'PdfFormError';
}

const whitespace = new Set([' ', '\n', '\r', '\t', '\f', '\0']);
const delimiters = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);

export function readPrintedPdf(bytes: Uint8Array): PrintedPdf {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const startxref = lastStartxref(text);
  const { offsets, trailer } = readXrefSection(text, startxref);
  if (trailer.has('Prev')) throw new PdfFormError('the printed PDF was already updated (its trailer has /Prev)');
  return { text, offsets, trailer, startxref };
}

/**
 * Where the last `startxref` says the newest cross-reference section starts: a classic table ("xref") or a
 * cross-reference stream ("n 0 obj"), which only pdf-file.ts reads.
 */
export function lastStartxref(text: string): number {
  const startxrefAt = text.lastIndexOf('startxref');
  const startxref = startxrefAt === -1 ? NaN : Number(/^\s*(\d+)/.exec(text.slice(startxrefAt + 9))?.[1]);
  const section =
    Number.isInteger(startxref) &&
    (text.startsWith('xref', startxref) || /^\d+ \d+ obj/.test(text.slice(startxref, startxref + 30)));
  if (!section) {
    throw new PdfFormError('the printed PDF has no cross-reference table or stream where its startxref says');
  }
  return startxref;
}

/**
 * One classic cross-reference section (at `startxref`, "xref") and the trailer after it: the offset of each object
 * in use, and the numbers it marks free (an update may free an object of the file it updates).
 */
export function readXrefSection(
  text: string,
  startxref: number,
): { offsets: Map<number, number>; free: number[]; trailer: PdfDict } {
  if (!text.startsWith('xref', startxref)) {
    throw new PdfFormError(`the PDF has no cross-reference table at byte ${String(startxref)}`);
  }
  const offsets = new Map<number, number>();
  const free: number[] = [];
  let at = startxref + 4;
  for (;;) {
    const header = /^\s*(\d+) (\d+)\s*?\r?\n/.exec(text.slice(at, at + 40));
    if (header === null) break;
    at += header[0].length;
    const first = Number(header[1]);
    const count = Number(header[2]);
    for (let i = 0; i < count; i++) {
      const entry = text.slice(at, at + 20);
      if (!/^\d{10} \d{5} [nf]/.test(entry))
        throw new PdfFormError(`the printed PDF's cross-reference table is damaged`);
      if (entry[17] === 'n') offsets.set(first + i, Number(entry.slice(0, 10)));
      else free.push(first + i);
      at += 20;
    }
  }
  const trailerAt = text.indexOf('trailer', at);
  if (trailerAt === -1) throw new PdfFormError('the printed PDF has no trailer');
  const trailer = readDict(text, valueStart(text, trailerAt + 7)).dict;
  return { offsets, free, trailer };
}

/** Where the value of object `number` starts (after "n 0 obj"). */
export function objectValueStart(pdf: PrintedPdf, number: number): number {
  const offset = pdf.offsets.get(number);
  const header = offset === undefined ? null : /^(\d+) (\d+) obj/.exec(pdf.text.slice(offset, offset + 30));
  if (offset === undefined || header === null || Number(header[1]) !== number) {
    throw new PdfFormError(`the printed PDF has no object ${String(number)} where its table says`);
  }
  return valueStart(pdf.text, offset + header[0].length);
}

/** Object `number`'s dictionary (of a stream, its dictionary), with where it ends in the text. */
export function objectDict(pdf: PrintedPdf, number: number): { dict: PdfDict; start: number; end: number } | undefined {
  const start = objectValueStart(pdf, number);
  if (!pdf.text.startsWith('<<', start)) return undefined;
  return { start, ...readDict(pdf.text, start) };
}

/** The stream data of an object whose dictionary ends at `dictEnd`, or undefined when it has none. */
export function streamData(
  pdf: PrintedPdf,
  dict: PdfDict,
  dictEnd: number,
): { start: number; end: number } | undefined {
  const at = valueStart(pdf.text, dictEnd);
  if (!pdf.text.startsWith('stream', at)) return undefined;
  const start = at + (pdf.text.startsWith('stream\r\n', at) ? 8 : 7);
  const length = dict.get('Length') ?? '';
  const ref = referenced(length);
  const bytes = ref === undefined ? Number(length) : Number(numberAt(pdf.text, objectValueStart(pdf, ref)));
  if (!Number.isInteger(bytes)) throw new PdfFormError('a stream of the printed PDF has no length');
  return { start, end: start + bytes };
}

function numberAt(text: string, at: number): string | undefined {
  const number = /\d+/y;
  number.lastIndex = at;
  return number.exec(text)?.[0];
}

/** A dictionary as PDF text, one entry per line. */
export function dictText(dict: PdfDict): string {
  return `<<${[...dict].map(([key, value]) => `/${key} ${value}`).join('\n')}>>`;
}

/** The object number of a reference ("12 0 R"), or undefined for any other value. */
export function referenced(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^(\d+) \d+ R$/.exec(value);
  return match === null ? undefined : Number(match[1]);
}

/** The numbers of the references in an array value ("[1 0 R 2 0 R]"). */
export function referencesIn(array: string): number[] {
  return [...array.matchAll(/(\d+)\s+\d+\s+R/g)].map((match) => Number(match[1]));
}

/** The values of an array value ("[0 12 0 R (a) <</K 1>>]"), each as its PDF text. */
export function arrayValues(array: string): string[] {
  const values: string[] = [];
  let i = valueStart(array, 1);
  while (i < array.length && array.charAt(i) !== ']') {
    const end = endOfValue(array, i);
    values.push(array.slice(i, end));
    i = valueStart(array, end);
  }
  return values;
}

/** A name value ("/AAAAAA+Arimo-Regular") as text, its #xx escapes decoded. */
export function nameText(value: string | undefined): string | undefined {
  if (value?.startsWith('/') !== true) return undefined;
  return value.slice(1).replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function valueStart(text: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < text.length && whitespace.has(text.charAt(i))) i++;
    if (text.charAt(i) !== '%') return i;
    while (i < text.length && text.charAt(i) !== '\n' && text.charAt(i) !== '\r') i++;
  }
}

/** Reads the dictionary that starts at `start` ("<<"). */
export function readDict(text: string, start: number): { dict: PdfDict; end: number } {
  const dict: PdfDict = new Map();
  let i = valueStart(text, start + 2);
  while (!text.startsWith('>>', i)) {
    if (text.charAt(i) !== '/')
      throw new PdfFormError(`the printed PDF has a dictionary without a key at byte ${String(i)}`);
    const keyEnd = endOfValue(text, i);
    const key = text.slice(i + 1, keyEnd);
    const from = valueStart(text, keyEnd);
    const to = endOfValue(text, from);
    dict.set(key, text.slice(from, to));
    i = valueStart(text, to);
  }
  return { dict, end: i + 2 };
}

/** Where the value that starts at `start` ends. */
export function endOfValue(text: string, start: number): number {
  const first = text.charAt(start);
  if (text.startsWith('<<', start)) return readDict(text, start).end;
  if (first === '<') return text.indexOf('>', start) + 1;
  if (first === '[') {
    let i = valueStart(text, start + 1);
    while (text.charAt(i) !== ']') {
      if (i >= text.length) throw new PdfFormError('the printed PDF has an unclosed array');
      i = valueStart(text, endOfValue(text, i));
    }
    return i + 1;
  }
  if (first === '(') {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const character = text.charAt(i);
      if (character === '\\') i++;
      else if (character === '(') depth++;
      else if (character === ')' && --depth === 0) return i + 1;
    }
    throw new PdfFormError('the printed PDF has an unclosed string');
  }
  let i = first === '/' ? start + 1 : start;
  while (i < text.length && !whitespace.has(text.charAt(i)) && !delimiters.has(text.charAt(i))) i++;
  if (i === start) throw new PdfFormError(`the printed PDF has an unreadable value at byte ${String(start)}`);
  // A number may be the first of a reference: "12 0 R".
  const reference = first === '/' ? null : /^\s+\d+\s+R(?![^\s/<>[\]()])/.exec(text.slice(i, i + 16));
  return reference === null ? i : i + reference[0].length;
}
