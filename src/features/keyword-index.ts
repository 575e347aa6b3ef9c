/**
 * The Stichwortverzeichnis as a model: register terms, their sub-entries and "siehe" references, and the project
 * names of the cards, sorted in German order and grouped by letter. Page numbers are not part of the model: each
 * entry carries the key that the pagination script uses to fill in the pages where its marks landed.
 */
import type { CardEntry, RegisterEntry } from '../types.ts';

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
  see: string | undefined;
  subs: IndexSubEntry[];
}

export interface IndexGroup {
  heading: string;
  entries: IndexEntry[];
}

/** Builds the sorted, grouped index from the register and the cards' project names. */
export function buildKeywordIndex(
  register: RegisterEntry | undefined,
  cards: readonly CardEntry[],
  collation: IndexCollation = 'din-5007-1',
): IndexGroup[] {
  const entries: IndexEntry[] = (register?.data.terms ?? []).map((term) => ({
    label: term.term,
    key: term.term,
    isProject: false,
    see: term.see,
    subs: (term.sub ?? []).map((sub) => ({ label: sub, key: subKey(term.term, sub), isProject: false })),
  }));
  for (const card of cards) {
    const name = card.data.indexName;
    if (name === undefined) continue;
    entries.push({
      label: name,
      key: name,
      isProject: true,
      see: undefined,
      subs: [],
    });
  }
  const collator = germanCollator(collation);
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

/** The key under which a sub-entry's marks are collected. */
export function subKey(term: string, sub: string): string {
  return `${term}!${sub}`;
}

/**
 * DIN 5007-1 (dictionaries, indexes: ä sorts as a, ß as ss) or DIN 5007-2 (phone book: ä as ae). ICU's default
 * order already puts "§" and digits before letters, as the 2013 print does; numeric ordering makes "§ 2" precede
 * "§ 12".
 */
export function germanCollator(collation: IndexCollation): Intl.Collator {
  return new Intl.Collator(collation === 'din-5007-2' ? 'de-u-co-phonebk' : 'de', { numeric: true });
}

/** Leading quotation marks do not count for sorting: „Neustart“ sorts under N. */
function sortKey(label: string): string {
  return label.replace(/^[„“”"‚‘’'»«]+/, '');
}

/** Letter-group heading: the base letter (umlauts under their vowel), or the leading character (§, digits). */
export function groupHeading(label: string): string {
  const first = sortKey(label).charAt(0);
  const base = first.normalize('NFD').charAt(0).toUpperCase();
  return /\p{L}/u.test(base) ? base : first;
}
