/**
 * Fidelity report: how closely the official edition reproduces the 2013 print, measured on the PDF itself. Per
 * printed page, the share of the print's words on the same page and of its lines set as the same lines; for each
 * card, the page its title is printed on and its last page, against the print's (tests/fixtures/seed-2013); then
 * the totals: cards on the print's start page, cards with the print's page count, index references equal to the
 * print's. Run: `npm run fidelity` (after `npm run build`), or `tsx scripts/fidelity.ts [--readme] FILE.pdf`;
 * `--readme` also writes the totals into the README's block `<!-- fidelity:start -->`, which the end-to-end test
 * of the edition compares with its own measurement.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffArrays } from 'diff';
import { allPageTexts, foldSpace, linesInDrawingOrder, printedLines } from '../tests/helpers/pdf.ts';
import {
  placedWords,
  seedCards,
  seedIndex,
  seedPageLines,
  words,
  type PlacedLine,
} from '../tests/helpers/seed-2013.ts';
import { blockMarkers, writeReadmeBlock } from './readme-block.ts';

export interface CardFidelity {
  n: number;
  title: string;
  printed: [number, number];
  built: [number, number] | undefined;
}

/** One printed page of running text: its words and lines, and how many of them the built PDF reproduces. */
export interface PageFidelity {
  page: number;
  words: number;
  /** The print's words of this page that the built PDF prints on the same page number. */
  wordsOnPage: number;
  lines: number;
  /** The print's lines of this page that the built PDF sets as one line, with the same words first to last. */
  linesReproduced: number;
}

export interface FidelityReport {
  pages: PageFidelity[];
  cards: CardFidelity[];
  startsOnPrintedPage: number;
  samePageCount: number;
  indexReferences: { equal: number; total: number };
  indexStart: { printed: number; built: number };
}

/** Measures a built PDF of the 2013 edition against the print. */
export function measureFidelity(pdf: string): FidelityReport {
  const pages = allPageTexts(pdf).map(foldSpace);
  const indexStart =
    pages.findIndex((text) => text.includes('Stichwortverzeichnis Die Nummern hinter dem Stichwort')) + 1;
  const starts: (number | undefined)[] = [];
  let from = 0;
  for (const card of seedCards) {
    // Each card's title starts a page: the first page, from the previous card's on, that begins with its form.
    const title = foldSpace(card.title).slice(0, 40);
    const found = pages.findIndex(
      (text, i) => i >= from && text.includes('Gemeinsame Einrichtung') && text.includes(title),
    );
    starts.push(found === -1 ? undefined : found + 1);
    if (found !== -1) from = found + 1;
  }
  const cards = seedCards.map((card, i): CardFidelity => {
    const start = starts[i];
    const next = starts.slice(i + 1).find((page) => page !== undefined) ?? indexStart;
    return {
      n: card.n,
      title: card.title,
      printed: card.pages,
      built: start === undefined ? undefined : [start, next - 1],
    };
  });
  const printedIndex = indexLocators(pdf, indexStart, pages.length);
  let equal = 0;
  let total = 0;
  for (const entry of seedIndex) {
    const references: [string, number[]][] = [
      [entry.term, entry.pages],
      ...entry.sub.map((sub): [string, number[]] => [`${entry.term}!${sub.term}`, sub.pages]),
    ];
    for (const [key, printed] of references) {
      const built = printedIndex.get(key) ?? [];
      total += printed.length;
      equal += printed.filter((page) => built.includes(page)).length;
    }
  }
  return {
    pages: measurePages(pdf, indexStart),
    cards,
    startsOnPrintedPage: cards.filter((card) => card.built?.[0] === card.printed[0]).length,
    samePageCount: cards.filter(
      (card) => card.built !== undefined && card.built[1] - card.built[0] === card.printed[1] - card.printed[0],
    ).length,
    indexReferences: { equal, total },
    indexStart: { printed: 123, built: indexStart },
  };
}

/** A page counts as reproduced when it holds this share of the print's words. */
export const pageWordsThreshold = 0.95;

/**
 * Words and lines of the print's running text (pages 2 to the index) against the built PDF's pages before its
 * index, both read the same way: words in order with line-end hyphenation joined, lines as drawn.
 */
export function measurePages(pdf: string, indexStart: number): PageFidelity[] {
  const printed = seedPageLines();
  const built: PlacedLine[] = linesInDrawingOrder(pdf, 2, indexStart - 1);
  const wordsOnPage = matchesByPrintedPage(placedWords(printed), placedWords(built), (placed) => placed.word, true);
  const linesReproduced = matchesByPrintedPage(printed, built, (line) => lineKey(line.text), false);
  const pages = [...new Set(printed.map((line) => line.page))];
  return pages.map((page) => ({
    page,
    words: placedWords(printed.filter((line) => line.page === page)).length,
    wordsOnPage: wordsOnPage.get(page) ?? 0,
    lines: printed.filter((line) => line.page === page).length,
    linesReproduced: linesReproduced.get(page) ?? 0,
  }));
}

/** A line's words first to last, and whether it ends in a hyphen (a hyphenated word is part of the line). */
function lineKey(text: string): string {
  return words(text).join(' ') + (/\p{L}[-\u00AD]$/u.test(text.trimEnd()) ? '-' : '');
}

/**
 * Pairs the print's items with the built PDF's along their longest common subsequence (by key) and counts, per
 * printed page, the print's items that found a partner (on the same page number, when `samePage`).
 */
function matchesByPrintedPage<T extends { page: number }>(
  printed: readonly T[],
  built: readonly T[],
  key: (item: T) => string,
  samePage: boolean,
): Map<number, number> {
  const counts = new Map<number, number>();
  let p = 0;
  let b = 0;
  for (const part of diffArrays(printed.map(key), built.map(key))) {
    const length = part.value.length;
    if (part.removed) p += length;
    else if (part.added) b += length;
    else {
      for (let i = 0; i < length; i++) {
        const page = printed[p + i]?.page ?? 0;
        if (!samePage || page === built[b + i]?.page) counts.set(page, (counts.get(page) ?? 0) + 1);
      }
      p += length;
      b += length;
    }
  }
  return counts;
}

/**
 * The index as printed: term (or `term!sub`) → page numbers, read from the PDF's index pages. The entries are
 * found in the print's order (which the end-to-end tests check), each label followed by its numbers.
 */
export function indexLocators(pdf: string, first: number, last: number): Map<string, number[]> {
  const text = printedLines(pdf, first, last)
    .map((line) => line.text)
    .join(' ')
    .replace(/\s+/g, ' ');
  const locators = new Map<string, number[]>();
  let position = 0;
  for (const entry of seedIndex) {
    const keys: [string, string][] = [
      [entry.term, entry.term],
      ...entry.sub.map((sub): [string, string] => [`${entry.term}!${sub.term}`, sub.term]),
    ];
    for (const [key, label] of keys) {
      const at = text.indexOf(`${label} `, position);
      if (at === -1) continue;
      position = at + label.length;
      const numbers = /^ ((?:\d+(?:–\d+)?(?:, )?)+)/.exec(text.slice(position));
      locators.set(
        key,
        (numbers?.[1] ?? '')
          .split(', ')
          .map((page) => Number(page.split('–')[0]))
          .filter((page) => page > 0),
      );
    }
  }
  return locators;
}

/** Pages that hold at least `pageWordsThreshold` of the print's words on the print's page number. */
export function pagesHoldingWords(report: FidelityReport): number {
  return report.pages.filter((page) => page.wordsOnPage >= pageWordsThreshold * page.words).length;
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** The README's block of fidelity figures. */
export const fidelityMarkers = blockMarkers('fidelity');

/** The totals of a report, each as the README and the console print it. */
export interface FidelitySummary {
  pagesHolding: number;
  pages: number;
  words: number;
  wordsOnPage: number;
  lines: number;
  linesReproduced: number;
  /** The pages holding the smallest share of their printed words, fewest first. */
  worst: PageFidelity[];
}

export function summarise(report: FidelityReport): FidelitySummary {
  return {
    pagesHolding: pagesHoldingWords(report),
    pages: report.pages.length,
    words: sum(report.pages, (page) => page.words),
    wordsOnPage: sum(report.pages, (page) => page.wordsOnPage),
    lines: sum(report.pages, (page) => page.lines),
    linesReproduced: sum(report.pages, (page) => page.linesReproduced),
    worst: [...report.pages]
      .sort((a, b) => a.wordsOnPage / a.words - b.wordsOnPage / b.words || a.page - b.page)
      .slice(0, 12),
  };
}

function share(part: number, whole: number): string {
  return `${((100 * part) / Math.max(whole, 1)).toFixed(1)} %`;
}

/** The figures as a Markdown list, for the README. */
export function renderFidelityBlock(report: FidelityReport): string {
  const summary = summarise(report);
  const count = (n: number): string => n.toLocaleString('en');
  const worst = summary.worst.map((page) => `${String(page.page)} (${share(page.wordsOnPage, page.words)})`).join(', ');
  return [
    `- pages holding at least ${String(pageWordsThreshold * 100)} % of the print's words on the print's page: ` +
      `${String(summary.pagesHolding)} of ${String(summary.pages)};`,
    `- words on the print's page: ${share(summary.wordsOnPage, summary.words)} of ${count(summary.words)};`,
    `- lines set as the print sets them (the same words first to last): ` +
      `${share(summary.linesReproduced, summary.lines)} of ${count(summary.lines)};`,
    `- cards starting on the print's page: ${String(report.startsOnPrintedPage)} of ${String(report.cards.length)}; ` +
      `with the print's page count: ${String(report.samePageCount)} of ${String(report.cards.length)};`,
    `- index references equal to the print's: ${String(report.indexReferences.equal)} of ` +
      `${String(report.indexReferences.total)}; the index starts on page ${String(report.indexStart.built)} ` +
      `(print: ${String(report.indexStart.printed)});`,
    `- the pages holding the smallest share of their printed words: ${worst}.`,
  ].join('\n');
}

function printReport(report: FidelityReport): void {
  const rows = report.cards.map((card) => {
    const built = card.built === undefined ? 'not found' : `${String(card.built[0])}–${String(card.built[1])}`;
    const mark = card.built?.[0] === card.printed[0] ? ' ' : '≠';
    return `${mark} ${String(card.n).padStart(2)}  print ${String(card.printed[0])}–${String(card.printed[1])}  built ${built}  ${card.title.slice(0, 60)}`;
  });
  const summary = summarise(report);
  const worst = summary.worst.map(
    (page) =>
      `  p. ${String(page.page).padStart(3)}  words ${share(page.wordsOnPage, page.words).padStart(7)}  lines ${share(page.linesReproduced, page.lines).padStart(7)}`,
  );
  process.stdout.write(
    [
      'Fidelity of the built 2013 edition against the print (measured on the PDF)',
      ...rows,
      '',
      `Pages holding ≥ ${String(pageWordsThreshold * 100)} % of the print's words: ${String(summary.pagesHolding)} of ${String(summary.pages)}`,
      `Words on the print's page: ${share(summary.wordsOnPage, summary.words)} of ${String(summary.words)}`,
      `Lines reproduced as printed: ${share(summary.linesReproduced, summary.lines)} of ${String(summary.lines)}`,
      'Pages that differ most:',
      ...worst,
      '',
      `Cards starting on the print's page: ${String(report.startsOnPrintedPage)} of ${String(report.cards.length)}`,
      `Cards with the print's page count:  ${String(report.samePageCount)} of ${String(report.cards.length)}`,
      `Index references equal to the print: ${String(report.indexReferences.equal)} of ${String(report.indexReferences.total)}`,
      `Index starts on page ${String(report.indexStart.built)} (print: ${String(report.indexStart.printed)})`,
      '',
    ].join('\n'),
  );
}

const usage = `Usage: tsx scripts/fidelity.ts [--readme] [FILE.pdf]

Measures a built PDF of the 2013 edition (default out/handlungsansaetze-2013.pdf) against the print.
  --readme  also write the figures into README.md, between <!-- fidelity:start --> and <!-- fidelity:end -->

Examples:
  npm run build && npm run fidelity
  npm run fidelity -- --readme
`;

function main(args: readonly string[]): number {
  const options = args.filter((arg) => arg.startsWith('-'));
  const files = args.filter((arg) => !arg.startsWith('-'));
  if (options.includes('--help') || options.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const unknown = options.filter((option) => option !== '--readme');
  if (unknown.length > 0 || files.length > 1) {
    const problem = unknown.length > 0 ? `unknown option ${unknown.join(' ')}` : 'give one PDF';
    process.stderr.write(`fidelity: ${problem}\n\n${usage}`);
    return 2;
  }
  const pdf = files[0] ?? 'out/handlungsansaetze-2013.pdf';
  if (!existsSync(pdf)) {
    process.stderr.write(`fidelity: ${pdf} does not exist; build the edition first (npm run build)\n`);
    return 2;
  }
  const report = measureFidelity(pdf);
  printReport(report);
  if (options.includes('--readme')) {
    writeReadmeBlock(fidelityMarkers, renderFidelityBlock(report));
    process.stdout.write(`Wrote the figures into README.md (${fidelityMarkers.start})\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
