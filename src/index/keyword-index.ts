/**
 * The Stichwortverzeichnis as a model: register terms, their sub-entries and "siehe"/"siehe auch" references, and
 * the project names of the cards, sorted in German order and grouped by letter. Page numbers are not part of the
 * model: each entry carries the key that the pagination script uses to fill in the pages where its marks landed.
 * Only what is marked in the document is listed, so an index over a subset of the cards (a regional brochure)
 * keeps only its own terms, and drops the references that would lead nowhere.
 */
import type { CardEntry, RegisterEntry } from '../model/types.ts';
import { markKey } from './index-marks.ts';

export type IndexCollation = 'din-5007-1' | 'din-5007-2';

export interface IndexSubEntry {
  label: string;
  key: string;
  isProject: boolean;
}

export interface IndexEntry {
  label: string;
  /** Key of the term's own locators: the `data-term` of its marks. */
  key: string;
  /** Project names print in bold and cite the card's first page. */
  isProject: boolean;
  /** True when the term's own marks landed somewhere (a parent of sub-entries may have none). */
  hasPages: boolean;
  see: string | undefined;
  seeAlso: string[];
  subs: IndexSubEntry[];
}

export interface IndexGroup {
  heading: string;
  entries: IndexEntry[];
}

export interface KeywordIndexOptions {
  collation: IndexCollation;
  /** Keys (`Term`, `Term!Sub`) that have at least one mark in the document. */
  markedKeys: ReadonlySet<string>;
}

/** Builds the sorted, grouped index from the register and the cards' project names. */
export function buildKeywordIndex(
  register: RegisterEntry | undefined,
  cards: readonly CardEntry[],
  options: KeywordIndexOptions,
): IndexGroup[] {
  const entries = new Map<string, IndexEntry>();
  for (const term of register?.data.terms ?? []) {
    entries.set(term.term, {
      label: term.term,
      key: term.term,
      isProject: false,
      hasPages: false,
      see: term.see,
      seeAlso: term.seeAlso ?? [],
      subs: (term.sub ?? []).map((sub) => ({ label: sub, key: markKey({ term: term.term, sub }), isProject: false })),
    });
  }
  for (const card of cards) {
    if (card.data.indexName !== undefined) addProjectName(entries, splitIndexName(card.data.indexName));
  }
  const listed = [...entries.values()]
    .map((entry) => ({
      ...entry,
      hasPages: options.markedKeys.has(entry.key),
      subs: entry.subs.filter((sub) => options.markedKeys.has(sub.key)),
    }))
    .filter((entry) => entry.hasPages || entry.subs.length > 0 || entry.see !== undefined);
  const present = new Set(listed.filter((entry) => entry.see === undefined).map((entry) => entry.label));
  const resolved = listed
    .filter((entry) => entry.see === undefined || present.has(entry.see))
    .map((entry) => ({ ...entry, seeAlso: entry.seeAlso.filter((target) => present.has(target)) }));
  return groupByLetter(resolved, germanCollator(options.collation));
}

function addProjectName(entries: Map<string, IndexEntry>, name: { term: string; sub: string | undefined }): void {
  const existing = entries.get(name.term);
  if (name.sub === undefined) {
    if (existing === undefined) {
      entries.set(name.term, {
        label: name.term,
        key: name.term,
        isProject: true,
        hasPages: false,
        see: undefined,
        seeAlso: [],
        subs: [],
      });
    } else existing.isProject = true;
    return;
  }
  // A project name printed as a sub-entry ("Arbeitgeberzuschuss → Pauschaler") goes under its main entry, which
  // has no pages of its own unless the register gives it marks.
  const main = existing ?? {
    label: name.term,
    key: name.term,
    isProject: false,
    hasPages: false,
    see: undefined,
    seeAlso: [],
    subs: [],
  };
  main.subs.push({ label: name.sub, key: markKey(name), isProject: true });
  entries.set(name.term, main);
}

function groupByLetter(entries: readonly IndexEntry[], collator: Intl.Collator): IndexGroup[] {
  const sorted = [...entries].sort((a, b) => collator.compare(sortKey(a.label), sortKey(b.label)));
  const groups: IndexGroup[] = [];
  for (const entry of sorted) {
    const heading = groupHeading(entry.label);
    const group = groups.at(-1);
    if (group?.heading === heading) group.entries.push(entry);
    else groups.push({ heading, entries: [entry] });
  }
  return groups;
}

/** `Term!Sub` (the index-mark notation) as term and sub-entry. */
export function splitIndexName(name: string): { term: string; sub: string | undefined } {
  const [term = name, sub] = name.split('!').map((part) => part.trim());
  return { term, sub: sub === '' ? undefined : sub };
}

/**
 * DIN 5007-1 (dictionaries, indexes: ä sorts as a, ß as ss) or DIN 5007-2 (phone book: ä as ae). ICU's default
 * order already puts "§" and digits before letters, as the 2013 print does; numeric ordering makes "§ 2" precede
 * "§ 12".
 */
export function germanCollator(collation: IndexCollation): Intl.Collator {
  return new Intl.Collator(collation === 'din-5007-2' ? 'de-u-co-phonebk' : 'de', { numeric: true });
}

/**
 * What sorting compares: leading quotation marks do not count („Neustart“ sorts under N), and hyphens are ignored
 * (the 2013 print puts "Rehabilitanden" before "Reha-Teams", as DIN 5007 letter-by-letter order does).
 */
function sortKey(label: string): string {
  return label.replace(/^[„“”"‚‘’'»«]+/, '').replace(/[-‐]/g, '');
}

/** Letter-group heading: the base letter (umlauts under their vowel), or the leading character (§, digits). */
export function groupHeading(label: string): string {
  const first = label.replace(/^[„“”"‚‘’'»«]+/, '').charAt(0);
  const base = first.normalize('NFD').charAt(0).toUpperCase();
  return /\p{L}/u.test(base) ? base : first;
}
