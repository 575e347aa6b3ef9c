/**
 * Reading PDFs the way a user's reader does: poppler's pdftotext, pdfinfo and pdffonts.
 */
import { execFileSync } from 'node:child_process';

/** Text of one page (1-based), soft hyphens removed. */
export function pageText(pdf: string, page: number): string {
  const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-raw', pdf, '-'], {
    encoding: 'utf8',
  });
  return text.replaceAll('\u00ad', '');
}

/** Text in the bottom margin of an A4 page (below 270 mm), where the page number stands. */
export function footerText(pdf: string, page: number): string {
  const crop = ['-x', '0', '-y', '765', '-W', '595', '-H', '77'];
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
