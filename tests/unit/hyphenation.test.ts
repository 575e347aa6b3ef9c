import { describe, expect, it } from 'vitest';
import { hyphenateText, hyphenateTree, softHyphen } from '../../src/stages/3-render/hyphenation.ts';
import type { Root } from 'hast';

const shown = (text: string): string => text.replaceAll(softHyphen, '|');

describe('German hyphenation', () => {
  it('marks the break points of long German words with soft hyphens', () => {
    expect(shown(hyphenateText('Langzeitleistungsbeziehenden'))).toBe('Lang|zeit|leis|tungs|be|zie|hen|den');
    expect(shown(hyphenateText('Vermittlungshemmnissen'))).toBe('Ver|mitt|lungs|hemm|nis|sen');
    expect(hyphenateText('Langzeitleistungsbeziehenden').replaceAll(softHyphen, '')).toBe(
      'Langzeitleistungsbeziehenden',
    );
  });

  it('leaves short words, acronyms and the last letters of a word whole', () => {
    expect(hyphenateText('Die Arbeit im SGB II und JOBSTARTER')).toBe('Die Arbeit im SGB II und JOBSTARTER');
    // "Jugendliche" may not end in a two-letter piece ("…li|che" is fine, "…liche|n" never comes).
    for (const piece of shown(hyphenateText('Arbeitsgelegenheiten')).split('|').slice(-1))
      expect(piece.length).toBeGreaterThanOrEqual(3);
  });

  it('breaks words at letters only: numbers, hyphens and slashes stay as written', () => {
    expect(shown(hyphenateText('Teilnehmer/-innen, U25-Teams, 2.000 Bedarfsgemeinschaften'))).toBe(
      'Teil|neh|mer/-innen, U25-Teams, 2.000 Be|darfs|ge|mein|schaf|ten',
    );
  });

  it('hyphenates running text but not headings, links or addresses', () => {
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'h4',
          properties: {},
          children: [{ type: 'text', value: 'Zielgruppenbeschreibung' }],
        },
        {
          type: 'element',
          tagName: 'p',
          properties: {},
          children: [
            {
              type: 'text',
              value: 'Kontakt: beratungsstelle@jobcenter-landkreis.de oder www.arbeitsfoerderung.de, Beratungsstelle',
            },
            {
              type: 'element',
              tagName: 'a',
              properties: { href: '#x' },
              children: [{ type: 'text', value: 'Eingliederungsvereinbarung' }],
            },
          ],
        },
      ],
    };
    const text = JSON.stringify(hyphenateTree(tree));
    expect(text).toContain('"Zielgruppenbeschreibung"');
    expect(text).toContain('beratungsstelle@jobcenter-landkreis.de');
    expect(text).toContain('www.arbeitsfoerderung.de');
    expect(text).toContain('"Eingliederungsvereinbarung"');
    expect(text).toContain(`Be${softHyphen}ra${softHyphen}tungs${softHyphen}stelle`);
  });
});
