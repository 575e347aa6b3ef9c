/**
 * The official 2013 edition in entries/: complete, in printed order, equal to the catalogue's measurements, and
 * word for word the printed text (compared with the extracted seed text, tests/fixtures/seed-2013).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { findIndexMarks } from '../../src/index/index-marks.ts';
import { laender } from '../../src/model/laender.ts';
import type { Edition } from '../../src/model/types.ts';
import { plainText, printedCard } from '../helpers/entry-text.ts';
import { projectRoot } from '../helpers/cli.ts';
import { compareWords, seedCards, seedIndex, seedRange, seedWords, words } from '../helpers/seed-2013.ts';

const entriesDir = path.join(projectRoot, 'entries');
describe('the 2013 edition in entries/', () => {
  let edition: Edition;

  beforeAll(async () => {
    const result = await checkEdition({ entriesDir, displayRoot: projectRoot });
    expect(result.diagnostics).toEqual([]);
    if (result.edition === undefined) throw new Error('entries/ does not validate');
    edition = result.edition;
  });

  it('holds TEIL 1 with the Einleitung and nine principles, and TEIL 2 with 36 cards in printed order', () => {
    expect(edition.edition.data).toMatchObject({ year: 2013, publisher: 'Bund-Länder-Ausschuss SGB II' });
    expect(edition.parts.map((part) => part.data.heading)).toEqual(['TEIL 1', 'TEIL 2']);
    expect(edition.principles.map((p) => p.data.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const fold = (title: string): string => title.replace(/\s+/g, ' ');
    expect(edition.cards.map((card) => fold(card.data.title))).toEqual(seedCards.map((card) => fold(card.title)));
  });

  it('records each card as the catalogue measured it: label, variant, contact, Land', () => {
    const variants: Record<string, string> = {
      H: 'handlungsansatz',
      'H (Maßnahme label)': 'handlungsansatz',
      M: 'massnahme',
      'M-short': 'massnahme-kurz',
      'BA-H': 'bundesagentur',
      'BA-M': 'bundesagentur',
    };
    edition.cards.forEach((card, i) => {
      const seed = seedCards[i];
      if (seed === undefined) throw new Error(`no catalogue card ${String(i + 1)}`);
      const { data } = card;
      expect(data.label, card.file.path).toBe(seed.name_label);
      expect(data.variant, card.file.path).toBe(variants[seed.variant]);
      const split = (value: string | null): string[] => (value === null || value === '—' ? [] : value.split('; '));
      expect(data.contact?.persons ?? [], card.file.path).toEqual(split(seed.contact_person));
      expect(data.contact?.emails ?? [], card.file.path).toEqual(split(seed.email));
      expect(data.contact?.phones ?? [], card.file.path).toEqual(split(seed.phone));
      if (seed.organisation !== null && seed.organisation !== '—') {
        expect(data.contact?.organisation, card.file.path).toBe(seed.organisation);
      }
      const lands = data.land.map((land) => laender[land.code]);
      const seedLands = (seed.bundesland ?? '')
        .split(', ')
        .filter((name) => Object.values(laender).includes(name as never));
      expect(lands, card.file.path).toEqual(seedLands);
      const inferred = (seed.bundesland_source ?? '').startsWith('inferred');
      for (const land of data.land) expect(land.basis, card.file.path).toBe(inferred ? 'inferred' : 'stated');
    });
  });

  it("prints each card's fields under their printed headings, in printed order", () => {
    edition.cards.forEach((card, i) => {
      const headings = card.tree.children
        .filter((node) => node.type === 'heading' && node.depth === 2)
        .map((node) => plainText(node).replace(/\s+/g, ' ').trim());
      const printed = (seedCards[i]?.fields ?? []).map((field) => field.label.replace(/\s+/g, ' ').trim());
      expect(headings, card.file.path).toEqual(printed);
    });
  });

  it('records the Träger type with its basis, never a bare guess', () => {
    for (const card of edition.cards) {
      const { traeger } = card.data;
      if (traeger.type === 'unknown') continue;
      expect(traeger.basis, card.file.path).toMatch(/^(stated|inferred)$/);
      expect(traeger.note, card.file.path).toBeTruthy();
    }
  });

  describe('text fidelity: at least 99 % of the printed words, in order', () => {
    it('TEIL 1 and the TEIL 2 introduction', () => {
      const teil1 = [edition.parts[0], ...edition.principles].map((entry) =>
        entry === undefined
          ? ''
          : entry.kind === 'principle'
            ? `${String(entry.data.number)}. ${entry.data.title} ${plainText(entry.tree)}`
            : `${entry.data.heading} ${entry.data.title} ${plainText(entry.tree)}`,
      );
      const teil2 = edition.parts[1];
      const pairs: [string, string[], string][] = [
        ['TEIL 1', seedRange(1, 369), teil1.join(' ')],
        [
          'TEIL 2',
          seedRange(370, 422),
          `${teil2?.data.heading ?? ''} ${teil2?.data.title ?? ''} ${teil2 === undefined ? '' : plainText(teil2.tree)}`,
        ],
      ];
      for (const [name, seed, text] of pairs) {
        const agreement = compareWords(seedWords(seed), words(text));
        expect(agreement.ratio, `${name}: ${agreement.differences.join('\n')}`).toBeGreaterThanOrEqual(0.99);
      }
    });

    it.each(seedCards.map((card) => [card.n, card] as const))('card %i', (n, seed) => {
      const card = edition.cards[n - 1];
      if (card === undefined) throw new Error(`card ${String(n)} missing`);
      let seedText = seedRange(seed.lines[0], seed.lines[1]);
      let text = printedCard(card);
      if (n === 13) {
        // The JUMITA table header was rebuilt from extraction fragments (errata list): compare the rest.
        seedText = seedText.filter((_, i) => i + seed.lines[0] < 3000 || i + seed.lines[0] > 3045);
        text = text.replace(/Maßnahmezeitraum \[gesamt\].*?Sonstiger Verbleib/, '');
      }
      const agreement = compareWords(seedWords(seedText), words(text));
      expect(agreement.ratio, `${card.file.path}:\n${agreement.differences.join('\n')}`).toBeGreaterThanOrEqual(0.99);
    });
  });

  it("marks every register term in the text, or names it as a card's project name", () => {
    const marked = new Set(
      [...edition.parts, ...edition.principles, ...edition.cards].flatMap((entry) =>
        findIndexMarks(entry.tree).map((mark) => (mark.sub === undefined ? mark.term : `${mark.term}!${mark.sub}`)),
      ),
    );
    const projectNames = new Set(edition.cards.map((card) => card.data.indexName).filter(Boolean));
    const unmarked: string[] = [];
    for (const term of edition.register?.data.terms ?? []) {
      if (term.see !== undefined) continue;
      const keys = (term.sub ?? []).map((sub) => `${term.term}!${sub}`);
      const printedPages = seedIndex.find((entry) => entry.term === term.term)?.pages.length ?? 0;
      if (printedPages > 0) keys.push(term.term);
      for (const key of keys) if (!marked.has(key) && !projectNames.has(key)) unmarked.push(key);
    }
    expect(unmarked).toEqual([]);
  });
});
