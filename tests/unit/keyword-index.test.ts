/**
 * German index order: DIN 5007-1 by default (ä as a, ß as ss), DIN 5007-2 on request (ä as ae), "§" and digits
 * before letters, letter groups with umlauts under their base letter.
 */
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { buildKeywordIndex, germanCollator, groupHeading } from '../../src/index/keyword-index.ts';
import type { RegisterTerm } from '../../src/model/schema.ts';
import type { RegisterEntry } from '../../src/model/types.ts';

function register(terms: string[]): RegisterEntry {
  return registerOf(terms.map((term) => ({ term })));
}

function registerOf(terms: RegisterTerm[]): RegisterEntry {
  return {
    kind: 'register',
    data: { kind: 'register', terms },
    file: new VFile({ path: 'register.md' }),
    frontMatter: undefined as never,
    tree: { type: 'root', children: [] },
  };
}

describe('germanCollator', () => {
  const sortWith = (words: string[], collation: 'din-5007-1' | 'din-5007-2'): string[] =>
    [...words].sort(germanCollator(collation).compare);

  it('sorts umlauts as their base letter and ß as ss (DIN 5007-1)', () => {
    expect(sortWith(['Ärger', 'Affe', 'Äpfel', 'Apfel', 'Zucker', 'Maße', 'Masse'], 'din-5007-1')).toEqual([
      'Affe',
      'Apfel',
      'Äpfel',
      'Ärger',
      'Masse',
      'Maße',
      'Zucker',
    ]);
  });

  it('sorts umlauts as vowel + e in phone-book order (DIN 5007-2)', () => {
    expect(sortWith(['Müller', 'Muller', 'Mueller', 'Mühle'], 'din-5007-2')).toEqual([
      'Mühle',
      'Mueller',
      'Müller',
      'Muller',
    ]);
  });

  it('puts "§" and digits first, numbers in numeric order, case-insensitively', () => {
    expect(
      sortWith(['alpha', '§ 16e SGB II', 'Beta', '5 Prozent', '§ 2 SGB II', 'Alpha', '10 Prozent'], 'din-5007-1'),
    ).toEqual(['§ 2 SGB II', '§ 16e SGB II', '5 Prozent', '10 Prozent', 'alpha', 'Alpha', 'Beta']);
  });
});

describe('buildKeywordIndex', () => {
  it('groups by base letter, with "§" and digits as their own groups', () => {
    const terms = ['Ärztlicher Dienst', 'Alleinerziehende', '§ 16e SGB II', '„Neustart“', 'Netzwerk'];
    const groups = buildKeywordIndex(register(terms), [], { collation: 'din-5007-1', markedKeys: new Set(terms) });
    expect(groups.map((group) => [group.heading, group.entries.map((entry) => entry.label)])).toEqual([
      ['§', ['§ 16e SGB II']],
      ['A', ['Alleinerziehende', 'Ärztlicher Dienst']],
      ['N', ['Netzwerk', '„Neustart“']],
    ]);
  });

  it('names the group of an umlaut by its base letter', () => {
    expect(groupHeading('Übergang')).toBe('U');
    expect(groupHeading('5 Prozent')).toBe('5');
  });

  it('lists only what is marked, and drops "siehe" references whose target is not listed (subsets)', () => {
    const terms = registerOf([
      { term: 'Fallmanagement', sub: ['beschäftigungsorientiertes', 'gesundheitsbezogenes'] },
      { term: 'Coaching', seeAlso: ['Fallmanagement', 'Mentoring'] },
      { term: 'Mentoring' },
      { term: 'Case Management', see: 'Fallmanagement' },
      { term: 'Lotsen', see: 'Mentoring' },
    ]);
    const marked = new Set(['Fallmanagement!gesundheitsbezogenes', 'Coaching']);
    const groups = buildKeywordIndex(terms, [], { collation: 'din-5007-1', markedKeys: marked });
    const entries = groups.flatMap((group) => group.entries);
    expect(entries.map((entry) => entry.label)).toEqual(['Case Management', 'Coaching', 'Fallmanagement']);
    const fallmanagement = entries.find((entry) => entry.label === 'Fallmanagement');
    expect(fallmanagement?.hasPages).toBe(false);
    expect(fallmanagement?.subs.map((sub) => sub.label)).toEqual(['gesundheitsbezogenes']);
    expect(entries.find((entry) => entry.label === 'Coaching')?.seeAlso).toEqual(['Fallmanagement']);
  });

  it('sorts with DIN 5007-2 when the edition asks for it', () => {
    const terms = ['Müller', 'Mueller', 'Muller'];
    const order = (collation: 'din-5007-1' | 'din-5007-2'): string[] =>
      buildKeywordIndex(register(terms), [], { collation, markedKeys: new Set(terms) }).flatMap((group) =>
        group.entries.map((entry) => entry.label),
      );
    expect(order('din-5007-1')).toEqual(['Mueller', 'Muller', 'Müller']);
    expect(order('din-5007-2')).toEqual(['Mueller', 'Müller', 'Muller']);
  });
});
