/**
 * (Arimo's subsets have no arrows, so the wording avoids "→": a character without a glyph fails the build.)
 *
 * The redline edition: NEW in the print layout with every change marked. Changed fields show their words
 * inserted (underlined) and deleted (struck through); changed, renamed, added and removed cards carry a banner;
 * the summary follows the cards, and the removed cards (struck through) stand after NEW's cards: every card of NEW
 * starts on the page it has in NEW, and banners stand in the top margin, out of the text's flow.
 */
import { renderMarkdown } from '../../stages/3-render/render-markdown.ts';
import type { CardEntry, Edition, RenderedCard, RenderedEdition } from '../../model/types.ts';
import type { EditionDiff, FieldChange } from './diff-editions.ts';
import { escapeHtml, insertionsAndDeletions } from './diff-report.ts';
import { htmlDiff } from './html-diff.ts';

export interface RedlineOptions {
  /** Leave cards without changes out. */
  onlyChanged: boolean;
}

/** Renders the redline edition, ready for composition. */
export function renderRedline(
  diff: EditionDiff,
  before: Edition,
  after: Edition,
  options: RedlineOptions,
): RenderedEdition {
  const states = cardStates(diff);
  const cards = withRemovedCards(before, after, diff).filter(
    (card) => !options.onlyChanged || states.has(card.data.id),
  );
  const rendered = renderMarkdown({ ...after, cards });
  // OLD as it renders, so that a changed field is compared with its structure (lists, tables), not as flat text.
  const renderedBefore = renderMarkdown(before);
  const oldHtml = oldFieldHtml(renderedBefore, diff);
  const oldPrinciples = new Map(renderedBefore.principles.map((p) => [p.entry.data.number, p.html]));
  const changes = new Map(diff.changed.map((change) => [change.id, change.fields]));
  const partChanges = new Map(diff.parts.map((part) => [part.field, part]));
  return {
    ...rendered,
    principles: rendered.principles.map((principle) => {
      const number = principle.entry.data.number;
      const change = partChanges.get(`TEIL 1, Grundsatz ${String(number)}`);
      if (change === undefined) return principle;
      const old = oldPrinciples.get(number);
      return {
        ...principle,
        html: old === undefined ? `<p>${inlineRedline(change)}</p>` : htmlDiff(old, principle.html),
      };
    }),
    cards: rendered.cards.map((card) =>
      markCard(card, states.get(card.entry.data.id), changes.get(card.entry.data.id) ?? [], diff, oldHtml, {
        after: editionName(after),
      }),
    ),
    summary: summaryHtml(diff, before, after),
  };
}

type CardState = NonNullable<RenderedCard['redline']>['state'];

function cardStates(diff: EditionDiff): Map<string, CardState> {
  const states = new Map<string, CardState>();
  for (const change of diff.changed) states.set(change.id, 'changed');
  for (const rename of diff.renamed) states.set(rename.to, 'renamed');
  for (const id of diff.added) states.set(id, 'added');
  for (const id of diff.removed) states.set(id, 'removed');
  return states;
}

/**
 * NEW's cards, then the cards OLD had and NEW has not, in OLD's order. The removed cards stand after NEW's, with the
 * summary: pages NEW does not have, so that every card of NEW starts on the page it starts on in NEW.
 */
function withRemovedCards(before: Edition, after: Edition, diff: EditionDiff): CardEntry[] {
  return [...after.cards, ...before.cards.filter((card) => diff.removed.includes(card.data.id))];
}

/** OLD's rendered fields by NEW's card id (a renamed card under its new id) and printed heading. */
function oldFieldHtml(rendered: RenderedEdition, diff: EditionDiff): Map<string, Map<string, string>> {
  const newId = (id: string): string => diff.renamed.find((rename) => rename.from === id)?.to ?? id;
  return new Map(
    rendered.cards.map((card) => [
      newId(card.entry.data.id),
      new Map(card.fields.map((field) => [field.heading, field.html])),
    ]),
  );
}

function markCard(
  card: RenderedCard,
  state: CardState | undefined,
  fields: FieldChange[],
  diff: EditionDiff,
  oldHtml: ReadonlyMap<string, ReadonlyMap<string, string>>,
  names: { after: string },
): RenderedCard {
  if (state === undefined) return card;
  const headings = new Set(card.fields.map((field) => field.heading));
  const frontMatterChanges = fields.filter((field) => !headings.has(field.field));
  const bodyChanges = new Map(fields.filter((field) => headings.has(field.field)).map((field) => [field.field, field]));
  const rename = diff.renamed.find((r) => r.to === card.entry.data.id);
  const lines: string[] = [];
  if (state === 'added') lines.push(`Neu in der ${escapeHtml(names.after)}`);
  if (state === 'removed') lines.push(`Entfallen: in der ${escapeHtml(names.after)} nicht mehr enthalten`);
  if (rename !== undefined)
    lines.push(`Umbenannt: Kennung ${escapeHtml(rename.to)}, bisher ${escapeHtml(rename.from)}`);
  if (fields.length > 0) lines.push(`Geändert: ${String(fields.length)} ${fields.length === 1 ? 'Feld' : 'Felder'}`);
  const list =
    frontMatterChanges.length === 0
      ? ''
      : `<ul>${frontMatterChanges.map((field) => `<li>${escapeHtml(field.field)}: ${inlineRedline(field)}</li>`).join('')}</ul>`;
  return {
    ...card,
    fields: card.fields.map((field) => {
      const change = bodyChanges.get(field.heading);
      if (change === undefined) return field;
      const old = oldHtml.get(card.entry.data.id)?.get(field.heading);
      // A field OLD did not have at all is new text, marked as a whole in its structure.
      return { ...field, html: htmlDiff(old ?? '', field.html) };
    }),
    redline: { state, banner: `${lines.join('<br>')}${list}` },
  };
}

/** A field's change as HTML: `<ins>` and `<del>` around changed words, line breaks kept. */
export function inlineRedline(field: FieldChange): string {
  return (
    insertionsAndDeletions(field, escapeHtml, '<br>')
      // A class instead of the selector `del + ins`: Paged.js rewrites sibling selectors into per-run attributes,
      // which would keep the document from being laid out in sections (src/browser/section-layout.js).
      .replaceAll('</del><ins>', '</del><ins class="after-deletion">')
  );
}

/** An edition as the redline names it: "Ausgabe 2013 (Abfragerunde 2012)", from entries/edition.md. */
export function editionName(edition: Edition): string {
  const { year, surveyRound } = edition.edition.data;
  return `Ausgabe ${String(year)}${surveyRound === undefined ? '' : ` (${surveyRound})`}`;
}

/** "1 Karte", "2 Karten". */
function karten(count: number): string {
  return `${String(count)} ${count === 1 ? 'Karte' : 'Karten'}`;
}

function summaryHtml(diff: EditionDiff, before: Edition, after: Edition): string {
  const title = (id: string): string =>
    escapeHtml([...after.cards, ...before.cards].find((card) => card.data.id === id)?.data.title ?? id);
  const list = (heading: string, items: string[]): string =>
    items.length === 0 ? '' : `<h2>${heading}</h2><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  return [
    `<h1>Änderungen gegenüber der ${escapeHtml(editionName(before))}</h1>`,
    `<p>Diese Fassung der ${escapeHtml(editionName(after))} zeigt jede Änderung: eingefügte Wörter unterstrichen, gestrichene durchgestrichen. ${karten(diff.added.length)} neu, ${String(diff.removed.length)} entfallen, ${String(diff.renamed.length)} umbenannt, ${String(diff.changed.length)} geändert, ${String(diff.unchanged)} unverändert.</p>`,
    list('Neue Karten', diff.added.map(title)),
    list('Entfallene Karten', diff.removed.map(title)),
    list(
      'Umbenannte Karten',
      diff.renamed.map((r) => `${title(r.to)} (Kennung ${escapeHtml(r.to)}, bisher ${escapeHtml(r.from)})`),
    ),
    list(
      'Geänderte Karten',
      diff.changed.map((change) => `${title(change.id)}: ${change.fields.map((f) => escapeHtml(f.field)).join(', ')}`),
    ),
    list(
      'TEIL 1 und Einleitungen',
      diff.parts.map((part) => escapeHtml(part.field)),
    ),
    list('Stichwortverzeichnis', [
      ...diff.register.added.map((term) => `neu: ${escapeHtml(term)}`),
      ...diff.register.removed.map((term) => `entfallen: ${escapeHtml(term)}`),
      ...diff.register.renamed.map((r) => `umbenannt: ${escapeHtml(r.from)}, jetzt ${escapeHtml(r.to)}`),
    ]),
  ].join('\n');
}
