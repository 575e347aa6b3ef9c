/**
 * Selections for brochures: Land in any spelling, Träger type, index term, card ids, variants; filters narrow
 * down; cards keep their printed order; bad values are reported with the valid ones.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { buildRequest, type BuildOptions } from '../../src/commands/build.ts';
import { resolveTargets } from '../../src/core/targets.ts';
import { exitCodes, SelectionError } from '../../src/diagnostics/run-errors.ts';
import {
  parseLand,
  resolveSelection,
  selectCards,
  selectionName,
  selectSubset,
} from '../../src/subset/select-subset.ts';
import type { Edition } from '../../src/model/types.ts';
import { projectRoot } from '../helpers/cli.ts';

let edition: Edition;

beforeAll(async () => {
  const result = await checkEdition({ entriesDir: path.join(projectRoot, 'entries'), displayRoot: projectRoot });
  if (result.edition === undefined) throw new Error('entries/ does not validate');
  edition = result.edition;
});

const ids = (input: Parameters<typeof resolveSelection>[0]): string[] => {
  const { selection, problems } = resolveSelection(input, edition);
  expect(problems).toEqual([]);
  return selectCards(edition.cards, selection).map((card) => card.data.id);
};

describe('parseLand', () => {
  it('accepts codes with or without DE-, and names, in any case', () => {
    expect(['BY', 'by', 'DE-BY', 'Bayern', 'bayern'].map(parseLand)).toEqual(Array(5).fill('DE-BY'));
    expect(parseLand('Thüringen')).toBe('DE-TH');
    expect(parseLand('Bavaria')).toBeUndefined();
  });
});

describe('selecting cards from the 2013 edition', () => {
  it('selects the four Bayern cards, in printed order', () => {
    expect(ids({ land: ['BY'] })).toEqual([
      'spezialisierung-alleinerziehende-aufstocker',
      'zielgruppenspezifische-beratung',
      'bg-coaching',
      'reduzierung-lzb-ergaenzer',
    ]);
  });

  it('takes any value within a filter and narrows down across filters', () => {
    const either = ids({ land: ['SL', 'Sachsen'] });
    expect(either).toContain('nullprozent-jugendarbeitslosigkeit');
    expect(either).toContain('arbeitserprobung-120-tage');
    const both = ids({ land: ['NW'], traeger: ['zkT'] });
    expect(both).toEqual(['duale-ausbildung-plus', 'minijob-umwandlung']);
  });

  it('selects by index term, case-insensitively, including project names', () => {
    const withTerm = ids({ terms: ['alleinerziehende'] });
    expect(withTerm.length).toBeGreaterThan(2);
    for (const id of withTerm)
      expect(edition.cards.find((card) => card.data.id === id)?.file.value).toMatch(/\\index\{Alleinerziehende\}/);
    expect(ids({ terms: ['JUMITA'] })).toEqual(['jumita']);
  });

  it('keeps TEIL 1 unless asked to leave it out', () => {
    const { selection } = resolveSelection({ land: ['BY'], teil1: false }, edition);
    const subset = selectSubset(edition, selection);
    expect(subset.principles).toEqual([]);
    expect(subset.parts.map((part) => part.data.part)).toEqual([2]);
    expect(selectSubset(edition, resolveSelection({ land: ['BY'] }, edition).selection).principles).toHaveLength(9);
    expect(edition.principles).toHaveLength(9);
  });

  it('names an ad-hoc selection after its filters', () => {
    expect(selectionName(resolveSelection({ land: ['BY'], traeger: ['zkT'] }, edition).selection)).toBe(
      'auswahl-by-zkt',
    );
  });

  it('selects the cards whose Träger type the card leaves open (--traeger unknown)', () => {
    const unknown = ids({ traeger: ['unknown'] });
    expect(unknown).toHaveLength(edition.cards.filter((card) => card.data.traeger.type === 'unknown').length);
    expect(unknown.length).toBeGreaterThan(0);
  });

  it('reports unknown values with the valid ones', () => {
    const { problems } = resolveSelection(
      { land: ['Bavaria'], traeger: ['gEE'], terms: ['Alleinerziehnde'], cards: ['x'] },
      edition,
    );
    expect(problems.map((problem) => problem.filter)).toEqual(['land', 'traeger', 'terms', 'cards']);
    expect(problems[0]?.message).toContain('BY (Bayern)');
    expect(problems[1]?.message).toContain('Use gE (gemeinsame Einrichtung), zkT');
    expect(problems[2]?.message).toContain('Alleinerziehende');
    expect(problems[3]?.message).toContain('bg-coaching');
  });
});

describe('resolveTargets', () => {
  it('builds the edition and every named brochure with --all: one per Land with cards, one for the Bundesagentur', () => {
    const names = resolveTargets(edition, { kind: 'all' }).map((target) => target.name);
    expect(names[0]).toBe('handlungsansaetze-2013');
    expect(names).toContain('regionalausgabe-bayern');
    expect(names).toContain('bundesagentur');
    expect(names).toHaveLength(13);
  });

  it('refuses an unknown brochure and an empty selection, naming what exists', () => {
    expect(() => resolveTargets(edition, { kind: 'brochures', ids: ['bavaria'] })).toThrow(SelectionError);
    expect(() => resolveTargets(edition, { kind: 'brochures', ids: ['bavaria'] })).toThrow(/regionalausgabe-bayern/);
    expect(() => resolveTargets(edition, { kind: 'selection', input: { land: ['BY'], traeger: ['gE'] } })).toThrow(
      /holds no cards/,
    );
  });
});

describe('selections given on the command line', () => {
  // What `kompendium build` makes of its flags (src/commands/build.ts), checked before anything is built; the
  // command's exit code 2 and that it writes nothing are tested in tests/e2e/brochures.test.ts.
  it.each<[BuildOptions, string]>([
    [{ land: ['Bavaria'] }, 'BY (Bayern)'],
    [{ term: ['Alleinerziehnde'] }, 'Alleinerziehende'],
    [{ brochure: ['bavaria'] }, 'regionalausgabe-bayern'],
    [{ land: ['BY'], traeger: ['gE'] }, 'holds no cards'],
    [{ traeger: ['kommunal'] }, 'Use gE (gemeinsame Einrichtung), zkT'],
    [{ cards: ['bg-coachin'] }, 'Did you mean "bg-coaching"?'],
    [{ land: ['HB'] }, 'Cards per Land: BY (4)'],
  ])('refuses %j with a usage error (exit 2), naming the valid values', (options, hint) => {
    let error: unknown;
    try {
      resolveTargets(edition, buildRequest(options));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SelectionError);
    expect((error as SelectionError).message).toContain(hint);
    expect((error as SelectionError).exitCode).toBe(exitCodes.usageOrEnvironment);
  });
});
