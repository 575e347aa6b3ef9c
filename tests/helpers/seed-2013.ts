/**
 * The 2013 print as extracted text (tests/fixtures/seed-2013), and the word-level comparison the edition tests use:
 * both sides are normalised (hyphenation joined, extraction artefacts dropped, bullets and white space folded) and
 * compared as word sequences.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diffArrays } from 'diff';
import { projectRoot } from './cli.ts';

const fixtureDir = path.join(projectRoot, 'tests/fixtures/seed-2013');

export interface SeedCard {
  n: number;
  name_label: string;
  title: string;
  variant: string;
  contact_person: string | null;
  organisation: string | null;
  email: string | null;
  phone: string | null;
  bundesland: string | null;
  bundesland_source: string | null;
  lines: [number, number];
  pages: [number, number];
  checklist: string;
  fields: { label: string; line: number; empty: boolean }[];
}

export interface SeedIndexEntry {
  term: string;
  pages: number[];
  sub: { term: string; pages: number[] }[];
  see: string | null;
  likely_project_name?: boolean;
}

export const seedLines = readFileSync(path.join(fixtureDir, 'seed.txt'), 'utf8').split('\n');
export const seedCards = JSON.parse(readFileSync(path.join(fixtureDir, 'cards.json'), 'utf8')) as SeedCard[];
export const seedIndex = JSON.parse(readFileSync(path.join(fixtureDir, 'index.json'), 'utf8')) as SeedIndexEntry[];

/** Seed lines first..last (1-based, inclusive). */
export function seedRange(first: number, last: number): string[] {
  return seedLines.slice(first - 1, last);
}

/** A line of printed text, with the page it stands on. */
export interface PlacedLine {
  page: number;
  text: string;
}

/** A word of printed text, with the page it starts on. */
export interface PlacedWord {
  page: number;
  word: string;
}

/** The print's pages of running text (2–122, without the blank page 30), each with its seed lines. */
export const seedPages = JSON.parse(readFileSync(path.join(fixtureDir, 'pages.json'), 'utf8')) as {
  page: number;
  lines: [number, number];
}[];

/**
 * The print's lines of running text as extracted, each with its printed page; without link annotations, `Seite NN`
 * labels, bullets and empty lines (see `textLines`).
 */
export function seedPageLines(): PlacedLine[] {
  return seedPages.flatMap(({ page, lines: [first, last] }) =>
    textLines(seedRange(first, last)).map((text) => ({ page, text })),
  );
}

/**
 * Lines of printed text that carry words: drops link annotations (`mailto:`, `http://` lines), `Seite NN` labels
 * and empty lines, and strips a leading bullet.
 */
export function textLines(lines: readonly string[]): string[] {
  return lines
    .map((line) => line.trim().replace(/^(o|•)\s+/, ''))
    .filter((line) => line !== '' && !/^(mailto:|http:\/\/)\S*$/.test(line) && !/^Seite \d+$/.test(line));
}

/** Words of printed text as extracted (`textLines`), with line-end hyphenation joined (`placedWords`). */
export function seedWords(lines: readonly string[]): string[] {
  return placedWords(textLines(lines).map((text) => ({ page: 0, text }))).map((placed) => placed.word);
}

/**
 * The words of printed lines in order, each on the page where it starts. Line-end hyphenation is joined where the
 * next line starts lower-case (not after "/", as in "Teilnehmer/-innen", and not before "und"/"oder", where a
 * suspended compound keeps its hyphen: "arbeits-" + "und").
 */
export function placedWords(lines: readonly PlacedLine[]): PlacedWord[] {
  const placed: PlacedWord[] = [];
  let joinNext = false;
  lines.forEach((line, i) => {
    const next = lines[i + 1]?.text ?? '';
    const text = line.text.trimEnd();
    const softBreak =
      /\p{L}[-\u00AD]$/u.test(text) && /^\p{Ll}/u.test(next) && !/\/-$/.test(text) && !/^(und|oder) /.test(next);
    const lineWords = words(softBreak ? text.slice(0, -1) : text);
    const [first, ...rest] = lineWords;
    const previous = placed.at(-1);
    if (joinNext && first !== undefined && previous !== undefined) {
      previous.word += first;
      placed.push(...rest.map((word) => ({ page: line.page, word })));
    } else {
      placed.push(...lineWords.map((word) => ({ page: line.page, word })));
    }
    joinNext = softBreak;
  });
  return placed;
}

/** Lower-cased runs of letters and digits: punctuation, bullets and white space do not count. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface Agreement {
  ratio: number;
  matched: number;
  total: number;
  /** Differing passages, with a few words of context, for the failure message. */
  differences: string[];
}

/** Share of words in common (longest common subsequence) relative to the longer side. */
export function compareWords(expected: readonly string[], actual: readonly string[]): Agreement {
  const parts = diffArrays([...expected], [...actual]);
  let matched = 0;
  const differences: string[] = [];
  parts.forEach((part, i) => {
    if (!part.added && !part.removed) {
      matched += part.value.length;
      return;
    }
    const before = parts[i - 1];
    const context = before !== undefined && !before.added && !before.removed ? before.value.slice(-4).join(' ') : '';
    differences.push(`${part.added ? '+' : '-'} …${context} [${part.value.join(' ')}]`);
  });
  const total = Math.max(expected.length, actual.length);
  return { ratio: total === 0 ? 1 : matched / total, matched, total, differences };
}
