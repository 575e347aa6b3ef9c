/**
 * The text a PDF's pages show, as a reader extracts it: each text-showing operator's glyph codes decoded through
 * its font's ToUnicode map, with the marked content it is in (MCID, ActualText), the text object it belongs to and
 * the baseline it sits on. Post-processing reads it to mend line ends (text-line-ends.ts), and the tests to read the
 * structure tree's text as a screen reader does. Fonts are read as Chromium writes them: Type0 with two-byte codes,
 * or simple fonts with one-byte codes; a code without a ToUnicode entry reads as U+FFFD.
 */
import { scanOperators } from './content-stream.ts';
import { readDict, referenced, type PdfDict } from './printed-pdf.ts';
import {
  arrayOf,
  dictOf,
  nameOf,
  resolved,
  pageContent,
  pagesOf,
  streamBytes,
  stringText,
  type PdfFile,
  type PdfPage,
} from './pdf-file.ts';
import type { StructElement } from './structure-tree.ts';

/** One text-showing operator (Tj, TJ, ', "). */
export interface ShownText {
  /** Its text, decoded. */
  text: string;
  /** The glyph codes it shows, as written (hex digits, two or four per code). */
  codes: string[];
  /** The font resource name (F4) and its size. */
  font: string;
  /** The MCID of the innermost marked content with one, or undefined (outside tagged content). */
  mcid: number | undefined;
  /** Inside an Artifact. */
  artifact: boolean;
  /** The /ActualText of the innermost marked content that has one (it replaces what is shown), with a number
   * that tells one such span from the next. */
  actualText: { text: string; span: number } | undefined;
  /** Which text object (BT … ET) of the page it is in, counted from 0. */
  textObject: number;
  /** The baseline's y in text space of the page (Tm's f after Td moves). */
  baseline: number;
  /** Offsets in the content: where its operands start, and where the operator ends. */
  start: number;
  end: number;
}

export interface FontText {
  /** Bytes per glyph code: 2 for a Type0 font, 1 for a simple font. */
  codeBytes: 1 | 2;
  /** Unicode text of each code (by code number). */
  unicode: Map<number, string>;
  /**
   * The advance of each code in thousandths of the font size, from a Type0 font's /W (and /DW); undefined for a
   * simple font, whose widths this reader does not need.
   */
  widths: { of: ReadonlyMap<number, number>; default: number } | undefined;
}

/**
 * The page's fonts by resource name, each with its code length and ToUnicode map. Pages share their fonts:
 * `read` keeps each font read once, by its object number.
 */
export function pageFonts(pdf: PdfFile, page: PdfPage, read = new Map<number, FontText>()): Map<string, FontText> {
  const fonts = new Map<string, FontText>();
  const resources = dictOf(pdf, page.resources?.get('Font'));
  for (const [name, value] of resources ?? []) {
    const object = referenced(value);
    const known = object === undefined ? undefined : read.get(object);
    const font = known ?? fontText(pdf, value);
    if (font === undefined) continue;
    if (object !== undefined) read.set(object, font);
    fonts.set(name, font);
  }
  return fonts;
}

function fontText(pdf: PdfFile, value: string): FontText | undefined {
  const font = dictOf(pdf, value);
  if (font === undefined) return undefined;
  const map = referenced(font.get('ToUnicode'));
  const cmap = map === undefined ? undefined : streamBytes(pdf, map)?.toString('latin1');
  const type0 = nameOf(pdf, font.get('Subtype')) === 'Type0';
  return {
    codeBytes: type0 ? 2 : 1,
    unicode: cmap === undefined ? new Map<number, string>() : readToUnicode(cmap),
    widths: type0 ? cidWidths(pdf, arrayOf(pdf, font.get('DescendantFonts'))[0]) : undefined,
  };
}

/** A CIDFont's widths (ISO 32000-1 9.7.4.3): /W as `c [w1 w2 …]` and `c_first c_last w`, and /DW (1000). */
function cidWidths(pdf: PdfFile, value: string | undefined): { of: Map<number, number>; default: number } {
  const font = dictOf(pdf, value);
  const of = new Map<number, number>();
  const entries = arrayOf(pdf, font?.get('W'));
  for (let i = 0; i < entries.length;) {
    const first = Number(entries[i]);
    const next = entries[i + 1] ?? '';
    if (next.startsWith('[')) {
      arrayOf(pdf, next).forEach((width, k) => of.set(first + k, Number(width)));
      i += 2;
    } else {
      const last = Number(next);
      const width = Number(entries[i + 2]);
      for (let code = first; code <= last && code - first < 65536; code++) of.set(code, width);
      i += 3;
    }
  }
  return { of, default: Number(resolved(pdf, font?.get('DW')) ?? 1000) };
}

/** A ToUnicode CMap's bfchar and bfrange entries (ISO 32000-1 9.10.3), code to text. */
export function readToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of (section[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      map.set(parseInt(entry[1] ?? '0', 16), utf16Text(entry[2] ?? ''));
    }
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = section[1] ?? '';
    for (const entry of body.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const low = parseInt(entry[1] ?? '0', 16);
      const high = parseInt(entry[2] ?? '0', 16);
      const target = entry[3] ?? '';
      if (target.startsWith('[')) {
        [...target.matchAll(/<([0-9a-fA-F]*)>/g)].forEach((item, i) => map.set(low + i, utf16Text(item[1] ?? '')));
      } else {
        const first = target.slice(1, -1);
        const base = parseInt(first.slice(-4) || '0', 16);
        const prefix = utf16Text(first.slice(0, -4));
        for (let code = low; code <= high && code - low < 65536; code++) {
          map.set(code, prefix + String.fromCharCode(base + code - low));
        }
      }
    }
  }
  return map;
}

/** UTF-16BE hex digits as text. */
function utf16Text(hex: string): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return text;
}

interface Marked {
  mcid: number | undefined;
  artifact: boolean;
  actualText: ShownText['actualText'];
}

/** Every text-showing operator of a page's content, in content order. */
export function shownTexts(content: string, fonts: ReadonlyMap<string, FontText>, properties?: PdfDict): ShownText[] {
  const shown: ShownText[] = [];
  const stack: Marked[] = [];
  let font = '';
  let textObject = -1;
  let lineY = 0;
  let leading = 0;
  let spans = 0;
  scanOperators(content, (operator, operands, start, end) => {
    const marked: Marked = stack.at(-1) ?? { mcid: undefined, artifact: false, actualText: undefined };
    switch (operator) {
      case 'BDC':
      case 'BMC': {
        const list = operator === 'BDC' ? propertyList(operands.at(-1), properties) : undefined;
        const mcid = list?.get('MCID');
        const actualText = stringText(list?.get('ActualText'));
        stack.push({
          mcid: mcid === undefined ? marked.mcid : Number(mcid),
          artifact: marked.artifact || operands.at(operator === 'BDC' ? -2 : -1) === '/Artifact',
          actualText: actualText === undefined ? marked.actualText : { text: actualText, span: spans++ },
        });
        return;
      }
      case 'EMC':
        stack.pop();
        return;
      case 'BT':
        textObject++;
        lineY = 0;
        return;
      case 'Tf':
        font = (operands.at(-2) ?? '').slice(1);
        return;
      case 'Tm':
        lineY = Number(operands.at(-1));
        return;
      case 'Td':
      case 'TD':
        lineY += Number(operands.at(-1));
        if (operator === 'TD') leading = -Number(operands.at(-1));
        return;
      case 'TL':
        leading = Number(operands.at(-1));
        return;
      case 'T*':
      case "'":
      case '"':
        lineY -= leading;
        break;
      default:
        break;
    }
    if (operator !== 'Tj' && operator !== 'TJ' && operator !== "'" && operator !== '"') return;
    const codes = glyphCodes(content.slice(start, end), fonts.get(font)?.codeBytes ?? 1);
    const unicode = fonts.get(font)?.unicode;
    shown.push({
      text: codes.map((code) => unicode?.get(parseInt(code, 16)) ?? '\uFFFD').join(''),
      codes,
      font,
      mcid: marked.mcid,
      artifact: marked.artifact,
      actualText: marked.actualText,
      textObject,
      baseline: lineY,
      start,
      end,
    });
  });
  return shown;
}

/** BDC's property list: inline, or named in the page's /Properties. */
function propertyList(operand: string | undefined, properties: PdfDict | undefined): PdfDict | undefined {
  if (operand?.startsWith('<<') === true) return readDict(operand, 0).dict;
  const named = operand?.startsWith('/') === true ? properties?.get(operand.slice(1)) : undefined;
  return named?.startsWith('<<') === true ? readDict(named, 0).dict : undefined;
}

/** One hex string and its operator, as Chromium writes each glyph: `<0044> Tj`. */
const singleHexString = /^<([0-9A-Fa-f]*)>\s*Tj$/;

/** The glyph codes in an operator's string operands (hex or literal), as hex digits. */
function glyphCodes(operation: string, codeBytes: 1 | 2): string[] {
  const width = codeBytes * 2;
  const single = singleHexString.exec(operation)?.[1];
  if (single !== undefined && single.length === width) return [single.toUpperCase()];
  let hex = '';
  for (const match of operation.matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\[\s\S]|[^\\)])*)\)/g)) {
    if (match[1] !== undefined) hex += match[1].replace(/\s/g, '');
    else hex += literalBytes(match[2] ?? '');
  }
  const codes: string[] = [];
  for (let i = 0; i + width <= hex.length; i += width) codes.push(hex.slice(i, i + width).toUpperCase());
  return codes;
}

/** A literal string's bytes as hex digits (escapes decoded; nested parentheses are not expected in glyph codes). */
function literalBytes(body: string): string {
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
  let hex = '';
  for (let i = 0; i < body.length; i++) {
    let code = body.charCodeAt(i);
    if (body.charAt(i) === '\\') {
      const next = body.charAt(i + 1);
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
      if (octal !== null) {
        code = parseInt(octal[0], 8);
        i += octal[0].length;
      } else {
        code = escapes[next] ?? next.charCodeAt(0);
        i++;
      }
    }
    hex += code.toString(16).padStart(2, '0');
  }
  return hex;
}

/** Structure types that are blocks: a reader starts a new line for each. */
const blockTypes = new Set([
  'Document',
  'Part',
  'Art',
  'Sect',
  'Div',
  'P',
  'H',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'L',
  'LI',
  'Lbl',
  'LBody',
  'Table',
  'TR',
  'TH',
  'TD',
  'Caption',
  'BlockQuote',
  'TOC',
  'TOCI',
  'Index',
  'Note',
]);

/**
 * The document's text as a screen reader that follows the structure tree reads it: each element's marked content
 * and children in the order of /K, the text of marked content with /ActualText replaced by it, a Figure read as
 * its /Alt (set apart by spaces), and a line break before and after each block element. Nothing is added at a line end within a block:
 * what is not in the content is not read.
 */
export function structureText(pdf: PdfFile, elements: readonly StructElement[]): string {
  const pages = new Map(pagesOf(pdf).map((page) => [page.object, page]));
  const fonts = new Map<number, FontText>();
  const byPage = new Map<number, Map<number, ShownText[]>>();
  const textsOf = (page: number, mcid: number): ShownText[] => {
    let marked = byPage.get(page);
    if (marked === undefined) {
      marked = new Map();
      const pdfPage = pages.get(page);
      if (pdfPage !== undefined) {
        const properties = dictOf(pdf, pdfPage.resources?.get('Properties'));
        for (const shown of shownTexts(pageContent(pdf, pdfPage), pageFonts(pdf, pdfPage, fonts), properties)) {
          if (shown.mcid === undefined || shown.artifact) continue;
          marked.set(shown.mcid, [...(marked.get(shown.mcid) ?? []), shown]);
        }
      }
      byPage.set(page, marked);
    }
    return marked.get(mcid) ?? [];
  };
  let text = '';
  let lastSpan = -1;
  const read = (element: StructElement): void => {
    const block = blockTypes.has(element.type);
    if (block) text += '\n';
    // A Figure is announced as one thing, by its alternative text.
    if (element.type === 'Figure' && element.alt !== undefined) text += ` ${element.alt} `;
    else if (element.actualText !== undefined) text += element.actualText;
    else {
      for (const kid of element.kids) {
        if ('type' in kid) {
          read(kid);
          continue;
        }
        for (const shown of kid.page === undefined ? [] : textsOf(kid.page, kid.mcid)) {
          if (shown.actualText === undefined) text += shown.text;
          else if (shown.actualText.span !== lastSpan) text += shown.actualText.text;
          lastSpan = shown.actualText?.span ?? lastSpan;
        }
      }
    }
    if (block) text += '\n';
  };
  elements.forEach(read);
  return text;
}
