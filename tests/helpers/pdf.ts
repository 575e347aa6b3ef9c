/**
 * Reading PDFs the way a user's reader does: poppler's pdftotext, pdfinfo and pdffonts.
 */
import { execFileSync } from 'node:child_process';

/**
 * Text of one page (1-based), as a reader's search sees it: a word hyphenated at a line end is joined again. (A
 * compound's own hyphen at a line end before a lower-case word, "Vermittlungs-" / "und", is joined too; readers
 * cannot tell them apart either.)
 */
export function pageText(pdf: string, page: number): string {
  const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-raw', pdf, '-'], {
    encoding: 'utf8',
  });
  return text.replace(/(\p{Ll})-\n(?=\p{Ll})/gu, '$1');
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

/**
 * Lines of pages first..last as poppler's pdftohtml sees them, two-column pages read left column first. Text
 * pieces on the same baseline are joined; `<b>` marks text set in a bold face.
 */
export function printedLines(pdf: string, first: number, last: number): PrintedLine[] {
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-f', String(first), '-l', String(last), pdf], {
    encoding: 'utf8',
  });
  const lines: PrintedLine[] = [];
  for (const pageMatch of xml.matchAll(/<page number="(\d+)"[^>]*width="(\d+)"[^>]*>([\s\S]*?)<\/page>/g)) {
    const page = Number(pageMatch[1]);
    const middle = Number(pageMatch[2]) / 2;
    const pieces = [...(pageMatch[3] ?? '').matchAll(/<text top="(\d+)" left="(\d+)"[^>]*>(.*?)<\/text>/g)].map(
      (m) => ({
        top: Number(m[1]),
        column: Number(m[2]) < middle ? 0 : 1,
        left: Number(m[2]),
        bold: (m[3] ?? '').startsWith('<b>'),
        text: decodeXml((m[3] ?? '').replace(/<[^>]+>/g, '')),
      }),
    );
    pieces.sort((a, b) => a.column - b.column || a.top - b.top || a.left - b.left);
    for (const piece of pieces) {
      const previous = lines.at(-1) as (PrintedLine & { top?: number; column?: number }) | undefined;
      if (previous?.page === page && previous.top === piece.top && previous.column === piece.column) {
        previous.text += piece.text;
      } else {
        lines.push({ page, text: piece.text, bold: piece.bold, top: piece.top, column: piece.column } as PrintedLine);
      }
    }
  }
  return lines.map(({ page, text, bold }) => ({ page, text: text.trim(), bold }));
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
