/**
 * Reading PDFs the way a user's reader does: poppler's pdftotext, pdfinfo and pdffonts.
 */
import { execFileSync } from 'node:child_process';

/**
 * Text of one page (1-based), as a reader's search sees it: a word hyphenated at a line end is joined again, at
 * its soft hyphen (U+00AD, which kompendium's hyphenation hyphens carry as ActualText) or at a hard one. (A
 * compound's own hyphen at a line end before a lower-case word, "Vermittlungs-" / "und", is joined too.)
 */
export function pageText(pdf: string, page: number): string {
  const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-raw', pdf, '-'], {
    encoding: 'utf8',
  });
  return text.replace(/\u00AD\n/g, '').replace(/(\p{Ll})-\n(?=\p{Ll})/gu, '$1');
}

/** Text in the bottom margin of an A4 page (its last 16 mm), where the page number stands. */
export function footerText(pdf: string, page: number): string {
  const crop = ['-x', '0', '-y', '796', '-W', '595', '-H', '46'];
  const args = ['-f', String(page), '-l', String(page), ...crop, pdf, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' }).trim();
}

/** Text of every page, index 0 = page 1. */
export function allPageTexts(pdf: string): string[] {
  const count = pageCount(pdf);
  return Array.from({ length: count }, (_, i) => pageText(pdf, i + 1));
}

export function pageCount(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (match?.[1] === undefined) throw new Error(`pdfinfo printed no page count for ${pdf}`);
  return Number(match[1]);
}

export function pdfInfo(pdf: string): Record<string, string> {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Object.fromEntries(
    info
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1] ?? '', match[2] ?? '']),
  );
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  unicode: boolean;
}

/** The fonts pdffonts lists: name, type, embedded, has a Unicode map. */
export function pdfFonts(pdf: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const columns = line.trim().split(/\s{2,}|\s(?=yes|no)/);
    const flags = line.trim().split(/\s+/).slice(-5);
    return {
      name: columns[0] ?? '',
      type: columns[1] ?? '',
      embedded: flags[0] === 'yes',
      unicode: flags[2] === 'yes',
    };
  });
}

/** Folds white space so that assertions do not depend on line breaks or column layout. */
export function foldSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One printed line of a page, with whether its first word is bold, in reading order (column by column). */
export interface PrintedLine {
  page: number;
  text: string;
  /** The line starts with bold text (a heading, or a project name in the index). */
  bold: boolean;
}

/** A run of text as pdftohtml places it: page, position, and whether it is set in a bold face. */
interface TextPiece {
  page: number;
  /** Half the page's width: pieces left of it stand in the first column. */
  middle: number;
  top: number;
  left: number;
  bold: boolean;
  text: string;
}

/** The text pieces of pages first..last, from one run of poppler's pdftohtml. */
function textPieces(pdf: string, first: number, last: number): TextPiece[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-f', String(first), '-l', String(last), pdf], {
    encoding: 'utf8',
  });
  const pieces: TextPiece[] = [];
  for (const pageMatch of xml.matchAll(/<page number="(\d+)"[^>]*width="(\d+)"[^>]*>([\s\S]*?)<\/page>/g)) {
    const page = Number(pageMatch[1]);
    const middle = Number(pageMatch[2]) / 2;
    for (const m of (pageMatch[3] ?? '').matchAll(/<text top="(\d+)" left="(\d+)"[^>]*>(.*?)<\/text>/g)) {
      const inner = m[3] ?? '';
      pieces.push({
        page,
        middle,
        top: Number(m[1]),
        left: Number(m[2]),
        bold: inner.startsWith('<b>'),
        text: decodeXml(inner.replace(/<[^>]+>/g, '')),
      });
    }
  }
  return pieces;
}

/**
 * Lines of pages first..last as poppler's pdftohtml sees them, two-column pages read left column first. Text
 * pieces on the same baseline are joined; `<b>` marks text set in a bold face.
 */
export function printedLines(pdf: string, first: number, last: number): PrintedLine[] {
  const column = (piece: TextPiece): number => (piece.left < piece.middle ? 0 : 1);
  const pieces = textPieces(pdf, first, last).sort(
    (a, b) => a.page - b.page || column(a) - column(b) || a.top - b.top || a.left - b.left,
  );
  const lines: (PrintedLine & { top: number; column: number })[] = [];
  for (const piece of pieces) {
    const previous = lines.at(-1);
    if (previous?.page === piece.page && previous.top === piece.top && previous.column === column(piece)) {
      previous.text += piece.text;
    } else {
      lines.push({ page: piece.page, text: piece.text, bold: piece.bold, top: piece.top, column: column(piece) });
    }
  }
  return lines.map(({ page, text, bold }) => ({ page, text: text.trim(), bold }));
}

/**
 * The body lines of each page from first to last, top to bottom across the whole width (pieces at the same height
 * joined, whatever their column), without the page number; a line is bold when all of it is.
 */
export function linesTopToBottom(pdf: string, first: number, last: number): Map<number, PrintedLine[]> {
  const byPageAndTop = new Map<number, Map<number, PrintedLine>>();
  for (const piece of textPieces(pdf, first, last)) {
    const lines = byPageAndTop.get(piece.page) ?? new Map<number, PrintedLine>();
    byPageAndTop.set(piece.page, lines);
    const line = lines.get(piece.top) ?? { page: piece.page, text: '', bold: true };
    line.text += piece.text;
    line.bold &&= piece.bold;
    lines.set(piece.top, line);
  }
  const pages = new Map<number, PrintedLine[]>();
  for (const [page, lines] of byPageAndTop) {
    const body = [...lines.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, line]) => ({ ...line, text: line.text.trim() }))
      .filter((line) => line.text !== '' && !/^\d+$/.test(line.text));
    pages.set(page, body);
  }
  return pages;
}

/**
 * The lines of pages first..last in the order the page draws them (a table row's cells one after the other, as an
 * extraction reads the print), pieces on the same baseline drawn one after another joined; without the page
 * number and blank pieces (a bullet's glyph).
 */
export function linesInDrawingOrder(pdf: string, first: number, last: number): PrintedLine[] {
  const lines: (PrintedLine & { top: number })[] = [];
  for (const piece of textPieces(pdf, first, last)) {
    const previous = lines.at(-1);
    if (previous?.page === piece.page && previous.top === piece.top) {
      previous.text += piece.text;
      previous.bold &&= piece.bold;
    } else {
      lines.push({ page: piece.page, text: piece.text, bold: piece.bold, top: piece.top });
    }
  }
  return lines
    .map(({ page, text, bold }) => ({ page, text: text.trim(), bold }))
    .filter((line) => line.text !== '' && line.text !== String(line.page));
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A line as pdftotext -bbox-layout boxes it: its page, its horizontal extent, its bottom edge, its words. */
interface LineBox {
  page: number;
  /** Half the page's width. */
  middle: number;
  xMin: number;
  xMax: number;
  /** The bottom of the line's box: lines of one font and size share it exactly when they share a baseline. */
  yMax: number;
  text: string;
}

function lineBoxes(pdf: string, first: number, last: number): LineBox[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', '-f', String(first), '-l', String(last), pdf, '-'], {
    encoding: 'utf8',
  });
  const boxes: LineBox[] = [];
  let page = first - 1;
  for (const pageMatch of xml.matchAll(/<page width="([\d.]+)"[^>]*>([\s\S]*?)<\/page>/g)) {
    page += 1;
    const middle = Number(pageMatch[1]) / 2;
    for (const m of (pageMatch[2] ?? '').matchAll(
      /<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g,
    )) {
      const text = [...(m[4] ?? '').matchAll(/<word[^>]*>(.*?)<\/word>/g)].map((word) => decodeXml(word[1] ?? ''));
      boxes.push({ page, middle, xMin: Number(m[1]), xMax: Number(m[2]), yMax: Number(m[3]), text: text.join(' ') });
    }
  }
  return boxes;
}

/**
 * How the two columns of index pages first..last miss a common grid of lines, one problem per line off it (empty
 * when they share it). On each page the columns are the lines below the last line that spans the middle (the
 * index's heading and note), less the page number; both columns must start at the same height, and every line's
 * bottom must lie a whole number of line pitches below that start. The pitch is measured: the steps between
 * consecutive lines of a column, summed, over the number of lines they span (the smallest step is one line;
 * Chromium snaps lines to whole device pixels, so single steps differ by up to a point). `tolerance` is in PDF
 * points.
 */
export function offIndexGrid(pdf: string, first: number, last: number, tolerance = 1): string[] {
  const problems: string[] = [];
  const byPage = new Map<number, LineBox[]>();
  for (const box of lineBoxes(pdf, first, last)) byPage.set(box.page, [...(byPage.get(box.page) ?? []), box]);
  for (const [page, boxes] of byPage) {
    const body = boxes.filter((box) => !/^\d+$/.test(box.text));
    const spanning = body.filter((box) => box.xMin < box.middle && box.xMax > box.middle);
    const below = Math.max(0, ...spanning.map((box) => box.yMax));
    const lines = body.filter((box) => box.yMax > below);
    const columns = [0, 1].map((column) =>
      lines.filter((box) => (box.xMin < box.middle ? 0 : 1) === column).sort((a, b) => a.yMax - b.yMax),
    );
    const [left = [], right = []] = columns;
    const start = left[0]?.yMax;
    if (start === undefined) {
      problems.push(`page ${String(page)}: no index lines in the left column`);
      continue;
    }
    const lower = (right[0]?.yMax ?? start) - start;
    if (Math.abs(lower) > tolerance)
      problems.push(
        `page ${String(page)}: the right column starts ${Math.abs(lower).toFixed(2)} pt ${lower > 0 ? 'below' : 'above'} the left`,
      );
    // Two boxes at one height in a column are one line that pdftotext split; they take no step.
    const steps = columns
      .flatMap((column) => column.slice(1).map((box, i) => box.yMax - (column[i]?.yMax ?? 0)))
      .filter((step) => step > tolerance);
    if (steps.length === 0) continue;
    const single = Math.min(...steps);
    const pitch =
      steps.reduce((sum, step) => sum + step, 0) / steps.reduce((sum, step) => sum + Math.round(step / single), 0);
    for (const [column, boxes] of columns.entries()) {
      for (const box of boxes) {
        const lines = (box.yMax - start) / pitch;
        const off = Math.abs(lines - Math.round(lines)) * pitch;
        if (off > tolerance)
          problems.push(
            `page ${String(page)}, ${column === 0 ? 'left' : 'right'} column: "${box.text}" is ${off.toFixed(2)} pt off the grid (pitch ${pitch.toFixed(2)} pt)`,
          );
      }
    }
  }
  return problems;
}
