/**
 * Subsets of an edition for regional brochures: the cards a selection names, in printed order, with TEIL 1 kept
 * unless left out. Pure: it returns a new edition and never changes the one it is given. The index needs nothing
 * here: it lists only what is marked in the entries it receives.
 */
import { findIndexMarks } from '../index/index-marks.ts';
import { splitIndexName } from '../index/keyword-index.ts';
import { laender, type LandCode } from '../model/laender.ts';
import { slugify } from '../model/slug.ts';
import { cardVariants, traegerTypes, type CardVariant, type TraegerType } from '../model/forms.ts';
import { didYouMean } from '../diagnostics/suggest.ts';
import type { CardEntry, Edition } from '../model/types.ts';

/** A selection as resolved: every value already checked against the edition. Empty lists do not filter. */
export interface Selection {
  laender: LandCode[];
  traeger: TraegerType[];
  terms: string[];
  cards: string[];
  variants: CardVariant[];
  /** Leave TEIL 1 (the principles) out. */
  withoutTeil1: boolean;
}

/** The cards that match every filter of the selection (within a filter, any of its values). */
export function selectCards(cards: readonly CardEntry[], selection: Selection): CardEntry[] {
  return cards.filter(
    (card) =>
      matchesAny(selection.laender, (code) => card.data.land.some((land) => land.code === code)) &&
      matchesAny(selection.traeger, (type) => card.data.traeger.type === type) &&
      matchesAny(selection.terms, (term) => cardHasTerm(card, term)) &&
      matchesAny(selection.cards, (id) => card.data.id === id) &&
      matchesAny(selection.variants, (variant) => card.data.variant === variant),
  );
}

/** The edition reduced to the selected cards; parts, principles and register as needed. */
export function selectSubset(edition: Edition, selection: Selection): Edition {
  return {
    ...edition,
    principles: selection.withoutTeil1 ? [] : [...edition.principles],
    parts: edition.parts.filter((part) => !(selection.withoutTeil1 && part.data.part === 1)),
    cards: selectCards(edition.cards, selection),
  };
}

function matchesAny<T>(values: readonly T[], test: (value: T) => boolean): boolean {
  return values.length === 0 || values.some(test);
}

/** A card has a term when its text marks it or when it is the card's project name. */
export function cardHasTerm(card: CardEntry, term: string): boolean {
  const wanted = term.toLocaleLowerCase('de');
  const name = card.data.indexName === undefined ? undefined : splitIndexName(card.data.indexName);
  if (name !== undefined && [name.term, name.sub].some((part) => part?.toLocaleLowerCase('de') === wanted)) return true;
  return findIndexMarks(card.tree).some(
    (mark) => mark.term.toLocaleLowerCase('de') === wanted || mark.sub?.toLocaleLowerCase('de') === wanted,
  );
}

/**
 * A Land as users write it: `BY`, `DE-BY`, `Bayern`, any case. Returns undefined for anything else, so the caller
 * can name the valid values.
 */
export function parseLand(input: string): LandCode | undefined {
  const wanted = input.trim().toLocaleLowerCase('de');
  for (const [code, name] of Object.entries(laender) as [LandCode, string][]) {
    if ([code, code.slice(3), name].some((form) => form.toLocaleLowerCase('de') === wanted)) return code;
  }
  return undefined;
}

/** A file-name-safe description of an ad-hoc selection, e.g. `auswahl-by-zkt`. */
export function selectionName(selection: Selection): string {
  const parts = [
    ...selection.laender.map((code) => code.slice(3)),
    ...selection.traeger,
    ...selection.variants,
    ...selection.terms,
    ...selection.cards,
    ...(selection.withoutTeil1 ? ['ohne-teil1'] : []),
  ];
  const slug = slugify(parts.join('-'), 60);
  return `auswahl-${slug === '' ? 'alle' : slug}`;
}

/**
 * What a selection holds, in German, for its cover ("Auswahl: Bayern, zugelassene kommunale Träger") and its PDF
 * title: Länder by name, Träger types spelled out, then terms, card ids and form variants as given.
 */
export function describeSelection(selection: Selection): string {
  return [
    ...selection.laender.map((code) => laender[code]),
    ...selection.traeger.map((type) => (type === 'gE' ? 'gemeinsame Einrichtungen' : 'zugelassene kommunale Träger')),
    ...selection.terms,
    ...selection.cards,
    ...selection.variants,
  ].join(', ');
}

function isCardVariant(value: string): value is CardVariant {
  return (cardVariants as readonly string[]).includes(value);
}

/** A selection as written by users (CLI flags or a brochure entry), before it is checked. */
export interface SelectionInput {
  land?: readonly string[] | undefined;
  traeger?: readonly string[] | undefined;
  terms?: readonly string[] | undefined;
  cards?: readonly string[] | undefined;
  variant?: readonly string[] | undefined;
  teil1?: boolean | undefined;
}

/** A problem with one value of a selection: which filter, which value, and a message naming the valid values. */
export interface SelectionProblem {
  filter: keyof SelectionInput;
  index: number;
  message: string;
}

/** Checks a selection against the edition and resolves its values (Land names to codes, terms case-insensitively). */
export function resolveSelection(
  input: SelectionInput,
  edition: Pick<Edition, 'cards' | 'register'>,
): { selection: Selection; problems: SelectionProblem[] } {
  const problems: SelectionProblem[] = [];
  const laenderCodes: LandCode[] = [];
  (input.land ?? []).forEach((value, index) => {
    const code = parseLand(value);
    if (code === undefined) {
      const names = Object.entries(laender).map(([c, name]) => `${c.slice(3)} (${name})`);
      problems.push({
        filter: 'land',
        index,
        message: `"${value}" is not a Land. Use a code or name: ${names.join(', ')}`,
      });
    } else laenderCodes.push(code);
  });
  const traeger: Selection['traeger'] = [];
  (input.traeger ?? []).forEach((value, index) => {
    const type = traegerTypes.find((t) => t.toLowerCase() === value.trim().toLowerCase());
    if (type === undefined)
      problems.push({
        filter: 'traeger',
        index,
        message: `"${value}" is not a Träger type. Use gE (gemeinsame Einrichtung), zkT (zugelassener kommunaler Träger) or unknown (the card does not say)`,
      });
    else traeger.push(type);
  });
  const knownTerms = edition.cards.length === 0 ? [] : allTerms(edition);
  const terms: string[] = [];
  (input.terms ?? []).forEach((value, index) => {
    const term = knownTerms.find((known) => known.toLocaleLowerCase('de') === value.trim().toLocaleLowerCase('de'));
    if (term === undefined)
      problems.push({
        filter: 'terms',
        index,
        message: `"${value}" is not an index term of this edition.${closeTerms(value, knownTerms)}`,
      });
    else terms.push(term);
  });
  const ids = edition.cards.map((card) => card.data.id);
  const cards: string[] = [];
  (input.cards ?? []).forEach((value, index) => {
    if (ids.includes(value.trim())) cards.push(value.trim());
    else
      problems.push({
        filter: 'cards',
        index,
        message: `"${value}" is not a card id.${didYouMean(value.trim(), ids)} Card ids: ${ids.join(', ')}`,
      });
  });
  const variants: CardVariant[] = [];
  (input.variant ?? []).forEach((value, index) => {
    if (isCardVariant(value)) variants.push(value);
    else
      problems.push({
        filter: 'variant',
        index,
        message: `"${value}" is not a form variant. Use one of: ${cardVariants.join(', ')}`,
      });
  });
  return {
    selection: { laender: laenderCodes, traeger, terms, cards, variants, withoutTeil1: input.teil1 === false },
    problems,
  };
}

/** Register terms, their sub-entries and the project names: everything a `--term` selection may name. */
function allTerms(edition: Pick<Edition, 'cards' | 'register'>): string[] {
  const terms = (edition.register?.data.terms ?? []).flatMap((term) => [term.term, ...(term.sub ?? [])]);
  for (const card of edition.cards) {
    if (card.data.indexName === undefined) continue;
    const name = splitIndexName(card.data.indexName);
    terms.push(name.term, ...(name.sub === undefined ? [] : [name.sub]));
  }
  return [...new Set(terms)];
}

function closeTerms(value: string, terms: readonly string[]): string {
  const start = value.trim().slice(0, 4).toLocaleLowerCase('de');
  const close = terms.filter((term) => term.toLocaleLowerCase('de').startsWith(start)).slice(0, 8);
  return close.length > 0
    ? ` Terms that start alike: ${close.join(', ')}`
    : ' The register (entries/register.md) lists the terms';
}
