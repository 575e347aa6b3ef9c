/**
 * What changed between two editions (survey rounds): cards added, removed, renamed (a new id for the same
 * project) and changed field by field; TEIL 1 and the introductions; the register. Pure: it reads two validated
 * editions and returns data that the report formats and the redline PDF present.
 */
import { diffArrays } from 'diff';
import { movedKeys } from './moved-blocks.ts';
import type { Nodes, RootContent } from 'mdast';
import { suggestClosest } from '../../diagnostics/suggest.ts';
import { splitCardFields } from '../../model/card-fields.ts';
import type { CardEntry, Edition } from '../../model/types.ts';

/** One changed field: its name as printed (a field heading, or a front matter field), and both texts. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface CardChange {
  id: string;
  title: string;
  fields: FieldChange[];
}

export interface Rename {
  from: string;
  to: string;
  /** How close title and organisation are, 0–1 (word overlap, Dice coefficient). */
  similarity: number;
}

export interface EditionDiff {
  old: string;
  new: string;
  added: string[];
  removed: string[];
  renamed: Rename[];
  changed: CardChange[];
  unchanged: number;
  /** TEIL 1 (principles, its opening) and the TEIL 2 introduction. */
  parts: FieldChange[];
  /** The edition's own fields (entries/edition.md): title, subtitle, publisher, year, survey round, date … */
  metadata: FieldChange[];
  /** The named brochures (entries/brochures.md), by id; `changed` are those whose title or selection changed. */
  brochures: { added: string[]; removed: string[]; changed: FieldChange[] };
  register: { added: string[]; removed: string[]; renamed: { from: string; to: string }[] };
  /** With `--pages`: the pages to reprint and the cards that moved. */
  pages?: PageChanges;
}

export interface DiffOptions {
  oldLabel: string;
  newLabel: string;
  /** Detect renames (default true). */
  renames: boolean;
  /** Least similarity of title and organisation for a rename (default 0.6). */
  renameThreshold: number;
}

/** Compares two editions. */
export function diffEditions(before: Edition, after: Edition, options: DiffOptions): EditionDiff {
  const oldCards = new Map(before.cards.map((card) => [card.data.id, card]));
  const newCards = new Map(after.cards.map((card) => [card.data.id, card]));
  let removed = [...oldCards.keys()].filter((id) => !newCards.has(id));
  let added = [...newCards.keys()].filter((id) => !oldCards.has(id));
  const renamed = options.renames ? findRenames(removed, added, oldCards, newCards, options.renameThreshold) : [];
  removed = removed.filter((id) => !renamed.some((rename) => rename.from === id));
  added = added.filter((id) => !renamed.some((rename) => rename.to === id));

  const pairs: [CardEntry, CardEntry][] = [
    ...[...oldCards].flatMap(([id, card]): [CardEntry, CardEntry][] => {
      const next = newCards.get(id);
      return next === undefined ? [] : [[card, next]];
    }),
    ...renamed.map((rename): [CardEntry, CardEntry] => [
      oldCards.get(rename.from) as CardEntry,
      newCards.get(rename.to) as CardEntry,
    ]),
  ];
  const changed: CardChange[] = [];
  let unchanged = 0;
  for (const [oldCard, newCard] of pairs) {
    const fields = compareCards(oldCard, newCard);
    // A renamed card is counted as renamed, not as unchanged too ("1 renamed, 36 unchanged" of 36 cards).
    if (fields.length === 0 && oldCard.data.id === newCard.data.id) unchanged++;
    else if (fields.length > 0) changed.push({ id: newCard.data.id, title: newCard.data.title, fields });
  }
  changed.sort((a, b) => order(after, a.id) - order(after, b.id));
  return {
    old: options.oldLabel,
    new: options.newLabel,
    added,
    removed,
    renamed,
    changed,
    unchanged,
    parts: compareParts(before, after),
    metadata: compareMetadata(before, after),
    brochures: compareBrochures(before, after),
    register: compareRegisters(before, after),
  };
}

/** A value of a front matter field as one line of text, for comparing and reporting. */
function fieldText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The fields of entries/edition.md that differ, in the order the file has them. */
function compareMetadata(before: Edition, after: Edition): FieldChange[] {
  const a = before.edition.data as Record<string, unknown>;
  const b = after.edition.data as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((field) => {
    const x = fieldText(a[field]);
    const y = fieldText(b[field]);
    return x === y ? [] : [{ field, before: x, after: y }];
  });
}

function compareBrochures(before: Edition, after: Edition): EditionDiff['brochures'] {
  const brochures = (edition: Edition): Map<string, string> =>
    new Map(
      (edition.brochures?.data.brochures ?? []).map((brochure) => [
        brochure.id,
        fieldText({ title: brochure.title, subtitle: brochure.subtitle, select: brochure.select }),
      ]),
    );
  const a = brochures(before);
  const b = brochures(after);
  return {
    added: [...b.keys()].filter((id) => !a.has(id)),
    removed: [...a.keys()].filter((id) => !b.has(id)),
    changed: [...b].flatMap(([id, text]) => {
      const old = a.get(id);
      return old === undefined || old === text ? [] : [{ field: id, before: old, after: text }];
    }),
  };
}

/** The edition fields the cover prints (templates/partials/cover.hbs): a change to one reprints page 1. */
export const coverFields: readonly string[] = ['title', 'subtitle', 'publisher', 'year'];

function order(edition: Edition, id: string): number {
  return edition.cards.findIndex((card) => card.data.id === id);
}

/** Pairs removed and added cards whose title and organisation are close: the same project under a new id. */
function findRenames(
  removed: readonly string[],
  added: readonly string[],
  oldCards: Map<string, CardEntry>,
  newCards: Map<string, CardEntry>,
  threshold: number,
): Rename[] {
  const candidates = removed.flatMap((from) =>
    added.map((to) => ({ from, to, similarity: projectSimilarity(oldCards.get(from), newCards.get(to)) })),
  );
  candidates.sort((a, b) => b.similarity - a.similarity);
  const renames: Rename[] = [];
  for (const candidate of candidates) {
    if (candidate.similarity < threshold) break;
    if (renames.some((r) => r.from === candidate.from || r.to === candidate.to)) continue;
    renames.push({ ...candidate, similarity: Math.round(candidate.similarity * 100) / 100 });
  }
  return renames;
}

function projectSimilarity(a: CardEntry | undefined, b: CardEntry | undefined): number {
  if (a === undefined || b === undefined) return 0;
  const title = dice(a.data.title, b.data.title);
  const organisation = dice(a.data.contact?.organisation ?? '', b.data.contact?.organisation ?? '');
  return (title + organisation) / 2;
}

/** Dice coefficient of the two texts' word sets, lower-cased (1 = same words). */
export function dice(a: string, b: string): number {
  const words = (text: string): Set<string> => new Set(text.toLocaleLowerCase('de').match(/[\p{L}\p{N}]+/gu) ?? []);
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  const common = [...x].filter((word) => y.has(word)).length;
  return (2 * common) / (x.size + y.size);
}

/** Every front matter field and every body field of two versions of a card, in printed order. */
function compareCards(before: CardEntry, after: CardEntry): FieldChange[] {
  const a = cardFields(before);
  const b = cardFields(after);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names.flatMap((field) => {
    const x = a.get(field) ?? '';
    const y = b.get(field) ?? '';
    return x === y ? [] : [{ field, before: x, after: y }];
  });
}

/** A card as named texts: front matter fields by their key, body fields by their printed heading. */
export function cardFields(card: CardEntry): Map<string, string> {
  const { data } = card;
  const fields = new Map<string, string>([
    ['Name/Bezeichnung', data.title],
    ['Form', data.variant],
    ['Bezeichnungsfeld', data.label],
    ['Träger', data.traeger.type],
    ['Bundesland', data.land.map((land) => land.code).join(', ')],
    ['Projektname im Index', data.indexName ?? ''],
    ['Ansprechpartner', (data.contact?.persons ?? []).join('; ')],
    ['Organisation', data.contact?.organisation ?? ''],
    ['Email', (data.contact?.emails ?? []).join('; ')],
    ['Telefon', (data.contact?.phones ?? []).join('; ')],
    ['Checkliste', data.checklist],
  ]);
  for (const field of splitCardFields(card.tree, card.data.variant)) fields.set(field.heading, blocksText(field.nodes));
  return fields;
}

/** The text of Markdown blocks, one block per line, index marks removed: what a reader sees, as plain text. */
/**
 * A body as text to compare and report: a line per paragraph, per list item (indented by its level, with its bullet
 * or box) and per table row (cells between `|`), so that a report shows a list as a list and a table as rows.
 */
export function blocksText(nodes: readonly RootContent[]): string {
  return nodes.flatMap((node) => blockLines(node, 0)).join('\n');
}

function blockLines(node: RootContent, depth: number): string[] {
  const flat = (content: Nodes): string => inlineText(content).replace(/\s+/g, ' ').trim();
  if (node.type === 'list') {
    return node.children.flatMap((item) => {
      const bullet = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '- ';
      const [first, ...rest] = item.children;
      const head = first === undefined || first.type === 'list' ? '' : flat(first);
      const nested = (first?.type === 'list' ? item.children : rest).flatMap((child) =>
        child.type === 'list' ? blockLines(child, depth + 1) : [`${'  '.repeat(depth + 1)}${flat(child)}`],
      );
      return [`${'  '.repeat(depth)}${bullet}${head}`, ...nested];
    });
  }
  if (node.type === 'table') {
    return node.children.map((row) => `| ${row.children.map((cell) => flat(cell)).join(' | ')} |`);
  }
  return [flat(node)];
}

function inlineText(node: Nodes): string {
  if (node.type === 'yaml' || node.type === 'html') return '';
  if ('value' in node) return node.value.replace(/\\index\{[^{}]*\}/g, '');
  if (!('children' in node)) return '';
  const block = ['list', 'listItem', 'table', 'tableRow', 'tableCell', 'blockquote'].includes(node.type);
  const prefix =
    node.type === 'listItem' ? (node.checked === true ? '[x] ' : node.checked === false ? '[ ] ' : '- ') : '';
  return prefix + node.children.map((child) => inlineText(child as Nodes)).join(block ? ' ' : '');
}

function compareParts(before: Edition, after: Edition): FieldChange[] {
  const texts = (edition: Edition): Map<string, string> =>
    new Map([
      ...edition.parts.map((part): [string, string] => [
        `${part.data.heading}: ${part.data.title}`,
        blocksText(part.tree.children),
      ]),
      ...edition.principles.map((principle): [string, string] => [
        `TEIL 1, Grundsatz ${String(principle.data.number)}`,
        `${principle.data.title}\n${blocksText(principle.tree.children)}`,
      ]),
    ]);
  const a = texts(before);
  const b = texts(after);
  return [...new Set([...a.keys(), ...b.keys()])].flatMap((field) => {
    const x = a.get(field) ?? '';
    const y = b.get(field) ?? '';
    return x === y ? [] : [{ field, before: x, after: y }];
  });
}

function compareRegisters(before: Edition, after: Edition): EditionDiff['register'] {
  const terms = (edition: Edition): Set<string> =>
    new Set(
      (edition.register?.data.terms ?? []).flatMap((term) => [
        term.term,
        ...(term.sub ?? []).map((sub) => `${term.term} → ${sub}`),
      ]),
    );
  const a = terms(before);
  const b = terms(after);
  let added = [...b].filter((term) => !a.has(term));
  let removed = [...a].filter((term) => !b.has(term));
  // A term spelled differently ("Selbständige" → "Selbstständige") is a rename, not a removal plus an addition.
  const renamed: { from: string; to: string }[] = [];
  for (const from of removed) {
    const to = suggestClosest(
      from,
      added.filter((term) => !renamed.some((r) => r.to === term)),
    );
    if (to !== undefined) renamed.push({ from, to });
  }
  added = added.filter((term) => !renamed.some((r) => r.to === term));
  removed = removed.filter((term) => !renamed.some((r) => r.from === term));
  return { added, removed, renamed };
}

/** True when the two editions differ in anything this diff compares. */
export function hasDifferences(diff: EditionDiff): boolean {
  return (
    diff.added.length + diff.removed.length + diff.renamed.length + diff.changed.length + diff.parts.length > 0 ||
    diff.register.added.length + diff.register.removed.length + diff.register.renamed.length > 0 ||
    diff.metadata.length > 0 ||
    diff.brochures.added.length + diff.brochures.removed.length + diff.brochures.changed.length > 0
  );
}

/**
 * Words as German prose has them: numbers with their separators ("89.775,-", "6221-4505", "1.300"), words with
 * umlauts, ß, § and inner hyphens ("Reha-Teams"), and every other character (spaces, punctuation) on its own.
 */
export const wordPattern =
  /\d+(?:[.,]\d+)*(?:-\d+(?:[.,]\d+)*)*(?:,-)?|[\p{L}\p{N}\u00AD§]+(?:[-‐'’][\p{L}\p{N}\u00AD]+)*/u;
const tokenPattern = new RegExp(`${wordPattern.source}|\\s+|[^]`, 'gu');

/** One run of a word diff. `moved`: a whole line found word for word in the other text, at another place. */
export interface WordChange {
  value: string;
  added: boolean;
  removed: boolean;
  /** Set on both places of a moved line: `down` when it now stands lower than it did. */
  moved?: { down: boolean };
}

/** Where a moved line stood (`from`) or stands (`to`): one token, so the word diff cannot split it. */
const movedLineMark = { from: '\uE000from\uE001', to: '\uE000to\uE001' } as const;

/**
 * A word-level diff of two texts, numbers and words kept whole, runs of the same kind joined. A line (paragraph,
 * list item, table row) that moved is one change at each of its places, marked as moved (src/features/diff/
 * moved-blocks.ts), not a deletion here and an unrelated insertion there.
 */
export function wordChanges(before: string, after: string): WordChange[] {
  const key = (line: string): string => line.trim();
  const keys = (text: string): string[] =>
    text
      .split('\n')
      .map(key)
      .filter((line) => line !== '');
  const moved = movedKeys(keys(before), keys(after));
  const tokens = (text: string, mark: string): string[] => {
    // Without a move, tokens across line ends as they always were: the same diff as before moves were shown.
    if (moved.size === 0) return text.match(tokenPattern) ?? [];
    return text
      .split('\n')
      .flatMap((line, index) => [
        ...(index > 0 ? ['\n'] : []),
        ...(moved.has(key(line)) ? [`${mark}${line}`] : (line.match(tokenPattern) ?? [])),
      ]);
  };
  const parts: WordChange[] = [];
  for (const part of diffArrays(tokens(before, movedLineMark.from), tokens(after, movedLineMark.to))) {
    const { added, removed } = part;
    for (const token of part.value) {
      const mark = token.startsWith(movedLineMark.from) ? movedLineMark.from : movedLineMark.to;
      if (token.startsWith(mark)) {
        const line = token.slice(mark.length);
        parts.push({ value: line, added, removed, moved: { down: moved.get(key(line)) ?? false } });
        continue;
      }
      const last = parts.at(-1);
      if (last !== undefined && last.moved === undefined && last.added === added && last.removed === removed) {
        last.value += token;
      } else parts.push({ value: token, added, removed });
    }
  }
  return parts;
}

/** For the print shop: which pages of NEW must be reprinted, and where cards moved. */
export interface PageChanges {
  /** Pages of NEW whose content is not the same as on that page of OLD. */
  differ: number[];
  /** Cards that start on another page in NEW (renamed cards under their new id). */
  moved: { id: string; from: number; to: number }[];
  oldPages: number;
  newPages: number;
}

/**
 * Compares both editions' page maps: a page of NEW is the same as in OLD only if it belongs to an unchanged card
 * at the same place, or to an unchanged TEIL 1/introduction at the same place; the index's pages differ when any
 * locator differs. Everything else is reprinted.
 */
export function comparePageMaps(diff: EditionDiff, before: PageMapLike, after: PageMapLike): PageChanges {
  const renamedTo = new Map(diff.renamed.map((rename) => [rename.from, rename.to]));
  const changed = new Set([...diff.changed.map((change) => change.id), ...diff.added]);
  const oldCards = new Map(before.cards.map((card) => [renamedTo.get(card.id) ?? card.id, card]));
  const moved = after.cards.flatMap((card) => {
    const old = oldCards.get(card.id);
    return old !== undefined && old.firstPage !== card.firstPage
      ? [{ id: card.id, from: old.firstPage, to: card.firstPage }]
      : [];
  });
  const same = new Set<number>();
  for (const card of after.cards) {
    const old = oldCards.get(card.id);
    const unchanged =
      !changed.has(card.id) && old !== undefined && old.firstPage === card.firstPage && old.lastPage === card.lastPage;
    if (unchanged) for (let page = card.firstPage; page <= card.lastPage; page++) same.add(page);
  }
  const firstCard = Math.min(...after.cards.map((card) => card.firstPage), after.pages + 1);
  const oldFirstCard = Math.min(...before.cards.map((card) => card.firstPage), before.pages + 1);
  if (diff.parts.length === 0 && firstCard === oldFirstCard)
    for (let page = 1; page < firstCard; page++) same.add(page);
  // The cover prints the edition's title, subtitle, publisher and year.
  if (diff.metadata.some((change) => coverFields.includes(change.field))) same.delete(1);
  const lastCard = Math.max(0, ...after.cards.map((card) => card.lastPage));
  const oldLastCard = Math.max(0, ...before.cards.map((card) => card.lastPage));
  const locators = (map: PageMapLike): string =>
    JSON.stringify([...map.terms].map((t) => [t.term, t.sub ?? '', t.pages]).sort());
  if (lastCard === oldLastCard && after.pages === before.pages && locators(before) === locators(after)) {
    for (let page = lastCard + 1; page <= after.pages; page++) same.add(page);
  }
  const differ = Array.from({ length: after.pages }, (_, i) => i + 1).filter((page) => !same.has(page));
  return { differ, moved, oldPages: before.pages, newPages: after.pages };
}

/** The parts of a page map this comparison reads. */
export interface PageMapLike {
  pages: number;
  cards: { id: string; firstPage: number; lastPage: number }[];
  terms: { term: string; sub?: string; pages: number[] }[];
}
