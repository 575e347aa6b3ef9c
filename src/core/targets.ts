/**
 * Which outputs a build makes: the edition, an ad-hoc selection, named brochures, or all of them. A request is
 * checked against the edition before anything is rendered: an unknown brochure or Land, or a selection without
 * cards, is a `SelectionError` naming the valid values.
 */
import { SelectionError } from '../diagnostics/run-errors.ts';
import type { BrochuresData } from '../model/schema.ts';
import type { Edition } from '../model/types.ts';
import {
  describeSelection,
  resolveSelection,
  selectCards,
  selectionName,
  selectSubset,
  type SelectionInput,
} from '../subset/select-subset.ts';
import type { BuildTarget } from './build-document.ts';

/** A named brochure of entries/brochures.md. */
type BrochureData = BrochuresData['brochures'][number];

/** Which outputs to build. */
export type BuildRequest =
  | { kind: 'edition' }
  | { kind: 'selection'; input: SelectionInput }
  | { kind: 'brochures'; ids: string[] }
  | { kind: 'all' };

/** The print-shop variant of a target: its own file, `<name>-print.pdf`, post-processed for print. */
export function printTarget(target: BuildTarget): BuildTarget {
  return { ...target, name: `${target.name}-print`, variant: 'print' };
}

/** The outputs a request asks for, checked against the edition. */
export function resolveTargets(edition: Edition, request: BuildRequest): BuildTarget[] {
  const brochures = edition.brochures?.data.brochures ?? [];
  switch (request.kind) {
    case 'edition':
      return [editionTarget(edition)];
    case 'all':
      return [editionTarget(edition), ...brochures.map((brochure) => brochureTarget(edition, brochure))];
    case 'brochures':
      return request.ids.map((id) => brochureTarget(edition, findBrochure(brochures, id)));
    case 'selection':
      return [selectionTarget(edition, request.input)];
  }
}

/** The edition's output name, which also tells editions apart in an output folder: `output`, else edition-YEAR. */
export function editionOutputName(edition: Edition): string {
  const data = edition.edition.data;
  return data.output ?? `edition-${String(data.year)}`;
}

function editionTarget(edition: Edition): BuildTarget {
  const data = edition.edition.data;
  return {
    name: editionOutputName(edition),
    edition,
    cover: { title: data.title, subtitle: data.subtitle },
    pdfTitle: data.title,
  };
}

function brochureTarget(edition: Edition, brochure: BrochureData): BuildTarget {
  const title = brochure.title ?? edition.edition.data.title;
  return {
    name: brochure.id,
    edition: selectSubset(edition, resolveSelection(brochure.select, edition).selection),
    cover: { title, subtitle: brochure.subtitle },
    pdfTitle: `${title} – ${brochure.subtitle}`,
  };
}

function findBrochure(brochures: readonly BrochureData[], id: string): BrochureData {
  const brochure = brochures.find((candidate) => candidate.id === id);
  if (brochure !== undefined) return brochure;
  const known = brochures.map((candidate) => candidate.id);
  throw new SelectionError(
    `There is no brochure "${id}". ${known.length > 0 ? `Brochures: ${known.join(', ')}` : 'The edition defines no brochures (entries/brochures.md)'}`,
  );
}

/** The Länder and Träger types that have cards in the edition, with how many: what a selection can ask for. */
function whatHasCards(edition: Edition): string {
  const count = (values: string[]): string =>
    [...new Map(values.map((value) => [value, values.filter((v) => v === value).length]))]
      .map(([value, n]) => `${value} (${String(n)})`)
      .join(', ');
  const landCodes = edition.cards.flatMap((card) => card.data.land.map((land) => land.code.slice(3)));
  const types = edition.cards.map((card) => card.data.traeger.type);
  return `Cards per Land: ${count(landCodes) || 'none'}; per Träger type: ${count(types)}`;
}

function selectionTarget(edition: Edition, input: SelectionInput): BuildTarget {
  const { selection, problems } = resolveSelection(input, edition);
  if (problems.length > 0) throw new SelectionError(problems.map((problem) => problem.message).join('\n'));
  if (selectCards(edition.cards, selection).length === 0) {
    throw new SelectionError(
      `The selection holds no cards: every filter must match a card. Widen it. ${whatHasCards(edition)}`,
    );
  }
  const title = edition.edition.data.title;
  const described = describeSelection(selection);
  return {
    name: selectionName(selection),
    edition: selectSubset(edition, selection),
    cover: { title, subtitle: `Auswahl: ${described}` },
    pdfTitle: `${title} – Auswahl: ${described}`,
  };
}
