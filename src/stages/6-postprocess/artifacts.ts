/**
 * Page furniture as Artifacts (ISO 32000-1 14.8.2.2; Matterhorn 01-005). Chromium tags the content it can tie to
 * the document (marked content with an MCID) and leaves the rest outside any marked content: the page number that
 * Paged.js draws in a margin box, and every CSS border (card rules, the form's checkbox outlines, table borders).
 * Post-processing marks that rest:
 *
 * - a path painted outside marked content (a border, a rule, a box outline) becomes a Layout artifact;
 * - text outside marked content that lies above or below every line of tagged text in the document (in a page
 *   margin: the page number, a running head) becomes a Pagination artifact, Footer or Header;
 * - anything else outside marked content (text within the text area, an image) stays as it is: it is real content
 *   missing from the structure tree, and `kompendium verify` reports it rather than have it hidden here.
 *
 * Only whole graphics objects are wrapped (a path from its first construction operator to its painting operator,
 * a text object from BT to ET), so an artifact never cuts a q/Q or BT/ET pair.
 */
import { scanOperators } from '../../pdf/content-stream.ts';

/** What marking did to one page. */
export interface MarkedPage {
  /** The page's new content; the same string when nothing was marked. */
  content: string;
  layoutArtifacts: number;
  paginationArtifacts: number;
}

/** A text object outside marked content: where it lies in the stream and the height of its first line on the page. */
interface UntaggedText {
  start: number;
  end: number;
  y: number;
}

/** What one reading of a page finds. */
interface PageSurvey {
  paths: { start: number; end: number }[];
  texts: UntaggedText[];
  /** The lowest and highest first line of a tagged text object (user space, from the page's bottom). */
  lowestTagged: number;
  highestTagged: number;
}

type Matrix = [number, number, number, number, number, number];

const identity: Matrix = [1, 0, 0, 1, 0, 0];
const pathConstruction = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const pathPainting = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const textShowing = new Set(['Tj', 'TJ', "'", '"']);

const layoutArtifact = '/Artifact <</Type /Layout>> BDC\n';
const artifactEnd = '\nEMC';

/** Marks the furniture of every page of a document; pages are judged together, as tagged text spans them all. */
export function markArtifacts(pages: readonly string[]): MarkedPage[] {
  const surveys = pages.map((content) => surveyPage(content));
  const lowest = Math.min(...surveys.map((survey) => survey.lowestTagged));
  const highest = Math.max(...surveys.map((survey) => survey.highestTagged));
  return pages.map((content, i) => {
    const survey = surveys[i] ?? { paths: [], texts: [], lowestTagged: Infinity, highestTagged: -Infinity };
    // A document without tagged text has no text area to measure against: nothing is taken for furniture.
    const furniture = Number.isFinite(lowest) ? survey.texts.filter((text) => text.y < lowest || text.y > highest) : [];
    const wraps = [
      ...survey.paths.map((path) => ({ ...path, open: layoutArtifact })),
      ...furniture.map((text) => ({
        start: text.start,
        end: text.end,
        open: `/Artifact <</Type /Pagination /Subtype /${text.y < lowest ? 'Footer' : 'Header'}>> BDC\n`,
      })),
    ].sort((a, b) => a.start - b.start);
    return {
      content: wrapped(content, wraps),
      layoutArtifacts: survey.paths.length,
      paginationArtifacts: furniture.length,
    };
  });
}

/** The content with each span wrapped in its artifact's BDC and an EMC; spans do not overlap. */
function wrapped(content: string, wraps: readonly { start: number; end: number; open: string }[]): string {
  if (wraps.length === 0) return content;
  let out = '';
  let at = 0;
  for (const wrap of wraps) {
    out += content.slice(at, wrap.start) + wrap.open + content.slice(wrap.start, wrap.end) + artifactEnd;
    at = wrap.end;
  }
  return out + content.slice(at);
}

/**
 * One reading of a page's operators: the paths and text objects painted outside marked content, and where tagged
 * text lines lie. Tracks the marked-content depth, the current transformation matrix (q, Q, cm) and the text line
 * matrix (Tm, Td, TD) as far as a text object's first line needs it.
 */
function surveyPage(content: string): PageSurvey {
  const survey: PageSurvey = { paths: [], texts: [], lowestTagged: Infinity, highestTagged: -Infinity };
  let depth = 0;
  let ctm: Matrix = identity;
  const saved: Matrix[] = [];
  let pathStart: number | undefined;
  let text: { start: number; depth: number; marked: boolean; painted: boolean; y: number | undefined } | undefined;
  let line: Matrix = identity;
  scanOperators(content, (operator, operands, start, end) => {
    if (operator === 'BDC' || operator === 'BMC') {
      depth++;
      if (text !== undefined) text.marked = true;
    } else if (operator === 'EMC') depth--;
    else if (operator === 'q') saved.push(ctm);
    else if (operator === 'Q') ctm = saved.pop() ?? identity;
    else if (operator === 'cm') ctm = multiply(matrixOf(operands), ctm);
    else if (pathConstruction.has(operator)) pathStart ??= start;
    else if (operator === 'n') pathStart = undefined;
    else if (pathPainting.has(operator)) {
      if (depth === 0 && pathStart !== undefined) survey.paths.push({ start: pathStart, end });
      pathStart = undefined;
    } else if (operator === 'BT') {
      text = { start, depth, marked: false, painted: false, y: undefined };
      line = identity;
    } else if (operator === 'ET' && text !== undefined) {
      // A text object with marked content inside is judged by that content; only a wholly unmarked one is wrapped.
      if (text.depth === 0 && !text.marked && text.painted && text.y !== undefined) {
        survey.texts.push({ start: text.start, end, y: text.y });
      }
      text = undefined;
    } else if (text !== undefined && textShowing.has(operator)) {
      text.painted = true;
      text.y ??= multiply(line, ctm)[5];
      if (depth > 0) {
        survey.lowestTagged = Math.min(survey.lowestTagged, text.y);
        survey.highestTagged = Math.max(survey.highestTagged, text.y);
      }
    } else if (text !== undefined && text.y === undefined) {
      // Only the line a text object starts on is placed: what moves it later (Chromium writes a Td per glyph) is
      // not followed.
      if (operator === 'Tm') line = matrixOf(operands);
      else if (operator === 'Td' || operator === 'TD') {
        line = multiply([1, 0, 0, 1, Number(operands[0]), Number(operands[1])], line);
      }
    }
  });
  return survey;
}

/** The six numbers of a cm or Tm operator. */
function matrixOf(operands: readonly string[]): Matrix {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = operands.slice(-6).map(Number);
  return [a, b, c, d, e, f];
}

/** The product m × n, as PDF composes matrices (a point goes through m first, then n). */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}
