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

/**
 * Words of printed text as extracted: drops link annotations (`mailto:`, `http://` lines) and `Seite NN` labels,
 * joins line-end hyphenation where the next line starts lower-case (not after "/", as in "Teilnehmer/-innen").
 */
export function seedWords(lines: readonly string[]): string[] {
  const kept = lines
    .map((line) => line.trim().replace(/^(o|•)\s+/, ''))
    .filter((line) => line !== '' && !/^(mailto:|http:\/\/)\S*$/.test(line) && !/^Seite \d+$/.test(line));
  let text = '';
  kept.forEach((line, i) => {
    const next = kept[i + 1] ?? '';
    // "arbeits-" + "und": a suspended compound keeps its hyphen.
    const softBreak =
      /\p{L}-$/u.test(line) && /^\p{Ll}/u.test(next) && !/\/-$/.test(line) && !/^(und|oder) /.test(next);
    text += softBreak ? line.slice(0, -1) : `${line} `;
  });
  return words(text);
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
