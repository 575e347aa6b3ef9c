/**
 * A page's content stream, tallied for the conformance check: which painting operators are in marked content
 * with an MCID (tagged, real content), which in an Artifact, and which in neither (Matterhorn 01-005); where an
 * Artifact sits inside tagged content or tagged content inside an Artifact (01-003, 01-004); and whether the page
 * paints in a device colour space (PDF/A-2 6.2.4.3). Operands are kept only as far as BDC needs them.
 */
import { readDict, type PdfDict } from './printed-pdf.ts';

export interface ContentTally {
  /** Painting operators neither in marked content with an MCID nor in an Artifact. */
  untagged: number;
  /** Artifacts begun inside marked content with an MCID. */
  artifactsInTagged: number;
  /** Marked content with an MCID begun inside an Artifact. */
  taggedInArtifacts: number;
  /** Device colour spaces set by operator (rg RG, k K) or by name (cs CS /DeviceRGB). */
  deviceColour: Set<'DeviceRGB' | 'DeviceCMYK' | 'DeviceGray'>;
}

/**
 * Operators that paint: text showing, path painting (not `n`, which ends a path without painting), shadings,
 * XObjects and inline images. `Do` of a form XObject counts as painting as a whole: the check does not descend
 * into forms (Chromium draws none of its own page content through them; a form's inner marks would be judged by
 * the marked content around the `Do`, as a reader does).
 */
const painting = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'EI']);

interface MarkedContent {
  tagged: boolean;
  artifact: boolean;
}

/** Tallies one page's content (its streams joined); `properties` is the page's /Resources /Properties. */
export function tallyContent(content: string, properties: PdfDict | undefined): ContentTally {
  const tally: ContentTally = { untagged: 0, artifactsInTagged: 0, taggedInArtifacts: 0, deviceColour: new Set() };
  const stack: MarkedContent[] = [];
  scanOperators(content, (operator, operands) => {
    apply(operator, operands, stack, tally, properties);
  });
  return tally;
}

/**
 * Called for each operator of a content stream, in order, with its operands and where they start (`start`, the
 * first operand's offset, or the operator's when it has none) and where the operator ends (`end`).
 */
export type OperatorVisitor = (operator: string, operands: readonly string[], start: number, end: number) => void;

/**
 * Walks a content stream's operators. Operands are kept as written for numbers, names and dictionaries; a string
 * stands as "()" or "<>" and an array's brackets are dropped (no caller reads TJ's operand). An inline image
 * (BI … ID data EI) is reported as one operator, EI, starting at BI.
 */
export function scanOperators(content: string, visit: OperatorVisitor): void {
  let operands: string[] = [];
  let start = -1;
  // Scanned by character code, and regular tokens with a sticky expression: the edition has 6 MB of content.
  const regular = /[^\s\0()<>[\]{}/%]+/y;
  for (let i = 0; i < content.length;) {
    const code = content.charCodeAt(i);
    if (isWhitespace(code)) {
      i++;
      continue;
    }
    if (start === -1 && code !== 0x25) start = i;
    if (code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d || code === 0x29) {
      i++;
    } else if (code === 0x25) {
      while (i < content.length && content.charCodeAt(i) !== 0x0a && content.charCodeAt(i) !== 0x0d) i++;
    } else if (code === 0x28) {
      i = literalStringEnd(content, i);
      operands.push('()');
    } else if (code === 0x3c && content.charCodeAt(i + 1) === 0x3c) {
      const end = readDict(content, i).end;
      operands.push(content.slice(i, end));
      i = end;
    } else if (code === 0x3c || code === 0x3e) {
      const close = code === 0x3c ? content.indexOf('>', i) : i;
      i = close === -1 ? content.length : close + 1;
      operands.push('<>');
    } else {
      regular.lastIndex = code === 0x2f ? i + 1 : i;
      const token = (code === 0x2f ? '/' : '') + (regular.exec(content)?.[0] ?? '');
      i += Math.max(token.length, 1);
      if (code === 0x2f || isNumberStart(code)) operands.push(token);
      else {
        // An inline image's entries (which may hold any value) and data run from BI through ID up to EI.
        if (token === 'BI') i = inlineImageEnd(content, i);
        visit(token === 'BI' ? 'EI' : token, operands, start, i);
        operands = [];
        start = -1;
      }
    }
  }
}

/** What one operator does to the tally and the marked-content stack. */
function apply(
  operator: string,
  operands: readonly string[],
  stack: MarkedContent[],
  tally: ContentTally,
  properties: PdfDict | undefined,
): void {
  const current = stack.at(-1) ?? { tagged: false, artifact: false };
  if (operator === 'BDC' || operator === 'BMC') {
    const tag = operands.at(operator === 'BDC' ? -2 : -1);
    const hasMcid = operator === 'BDC' && propertiesHaveMcid(operands.at(-1), properties);
    const artifact = tag === '/Artifact';
    if (artifact && current.tagged) tally.artifactsInTagged++;
    if (hasMcid && current.artifact) tally.taggedInArtifacts++;
    stack.push({ tagged: current.tagged || hasMcid, artifact: current.artifact || artifact });
  } else if (operator === 'EMC') {
    stack.pop();
  } else if (painting.has(operator)) {
    if (!current.tagged && !current.artifact) tally.untagged++;
  } else if (operator === 'rg' || operator === 'RG') tally.deviceColour.add('DeviceRGB');
  else if (operator === 'k' || operator === 'K') tally.deviceColour.add('DeviceCMYK');
  else if (operator === 'g' || operator === 'G') tally.deviceColour.add('DeviceGray');
  else if (operator === 'cs' || operator === 'CS') {
    const space = operands.at(-1);
    if (space === '/DeviceRGB' || space === '/DeviceCMYK' || space === '/DeviceGray') {
      tally.deviceColour.add(space.slice(1) as 'DeviceRGB' | 'DeviceCMYK' | 'DeviceGray');
    }
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0;
}

/** A digit, sign or decimal point: the start of a number operand. */
function isNumberStart(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2d || code === 0x2e;
}

/** Where a literal string that starts at `start` ("(") ends; nested parentheses and escapes followed. */
function literalStringEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5c) i++;
    else if (code === 0x28) depth++;
    else if (code === 0x29 && --depth === 0) return i + 1;
  }
  return text.length;
}

/** After BI: the image's entries end with ID; its data is binary and runs up to whitespace and EI. */
function inlineImageEnd(text: string, at: number): number {
  const data = /\sID\s/g;
  data.lastIndex = at;
  const found = data.exec(text);
  const end = /\sEI(?=[\s\0]|$)/g;
  end.lastIndex = found === null ? at : found.index + found[0].length;
  const ended = end.exec(text);
  return ended === null ? text.length : ended.index + ended[0].length;
}

/** BDC's property list: an inline dictionary, or the name of one in the page's /Properties. Does it give an MCID? */
function propertiesHaveMcid(operand: string | undefined, properties: PdfDict | undefined): boolean {
  if (operand === undefined) return false;
  if (operand.startsWith('<<')) return readDict(operand, 0).dict.has('MCID');
  if (operand.startsWith('/')) {
    const named = properties?.get(operand.slice(1));
    return named?.startsWith('<<') === true && readDict(named, 0).dict.has('MCID');
  }
  return false;
}

/** A change to a content stream: the text from `start` up to `end` becomes `text` (`start === end` inserts). */
export interface ContentEdit {
  start: number;
  end: number;
  text: string;
}

/** The content with each edit's range replaced, in the order of the content (edits do not overlap). */
export function replaceRanges(content: string, edits: readonly ContentEdit[]): string {
  if (edits.length === 0) return content;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  for (const edit of sorted) {
    out += content.slice(last, edit.start) + edit.text;
    last = edit.end;
  }
  return out + content.slice(last);
}
