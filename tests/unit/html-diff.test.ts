/**
 * The redline's structured diff of a field (src/features/diff/html-diff.ts): NEW's structure kept, changed words
 * marked where they stand, OLD's words that NEW dropped struck through inside a place that takes text.
 */
import { describe, expect, it } from 'vitest';
import { htmlDiff } from '../../src/features/diff/html-diff.ts';

describe('htmlDiff', () => {
  it('marks a changed word inside a list item, keeping the items and their levels', () => {
    const before = '<ul><li>Klärung</li><li>Analyse<ul><li>Einschätzung</li></ul></li></ul>';
    const after = '<ul><li>Klärung</li><li>Potenzialanalyse<ul><li>Einschätzung</li></ul></li></ul>';
    expect(htmlDiff(before, after)).toBe(
      '<ul><li>Klärung</li><li><del>Analyse</del><ins class="after-deletion">Potenzialanalyse</ins><ul><li>Einschätzung</li></ul></li></ul>',
    );
  });

  it('marks a changed cell inside its table', () => {
    const row = (cells: string[]): string => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    const before = `<table><tbody>${row(['I', '4 Wochen'])}${row(['II', '18 Monate'])}</tbody></table>`;
    const after = `<table><tbody>${row(['I', '4 Wochen'])}${row(['II', '24 Monate'])}</tbody></table>`;
    expect(htmlDiff(before, after)).toBe(
      `<table><tbody>${row(['I', '4 Wochen'])}<tr><td>II</td><td><del>18</del><ins class="after-deletion">24</ins> Monate</td></tr></tbody></table>`,
    );
  });

  it('shows an added item as inserted, in a list item of its own', () => {
    expect(htmlDiff('<ul><li>eins</li></ul>', '<ul><li>eins</li><li>zwei</li></ul>')).toBe(
      '<ul><li>eins</li><li><ins>zwei</ins></li></ul>',
    );
  });

  it("puts a removed item's words into the next place that takes text, never between rows or items", () => {
    const html = htmlDiff('<ul><li>eins</li><li>zwei</li><li>drei</li></ul>', '<ul><li>eins</li><li>drei</li></ul>');
    expect(html).toContain('<del>zwei</del>');
    expect(html).not.toMatch(/<\/li><del>|<\/li>\s*<del>/);
    expect(html.match(/<li>/g)).toHaveLength(2);
  });

  it('keeps paragraphs apart, and changes nothing in unchanged text', () => {
    const same = '<p>Erster Absatz.</p><p>Zweiter Absatz.</p>';
    expect(htmlDiff(same, same)).toBe(same);
    expect(htmlDiff('<p>Ein Absatz.</p>', '<p>Ein Absatz.</p><p>Neu.</p>')).toBe(
      '<p>Ein Absatz.</p><p><ins>Neu.</ins></p>',
    );
  });

  it('shows a moved paragraph as moved: struck where it stood, marked where it stands, the rest untouched', () => {
    const first = '<p>Die Maßnahme beinhaltet eine Analyse.</p>';
    const second = '<p>Darüber hinaus werden Inhalte angeboten:</p>';
    const third = '<p>Dritter Absatz.</p>';
    expect(htmlDiff(first + second + third, second + third + first)).toBe(
      '<p class="moved-from"><span class="moved-label">[nach unten verschoben]</span> <del class="moved">Die Maßnahme beinhaltet eine Analyse.</del></p>' +
        second +
        third +
        '<p><span class="moved-label">[von oben hierher verschoben]</span> <ins class="moved">Die Maßnahme beinhaltet eine Analyse.</ins></p>',
    );
  });

  it('shows a list item moved up as moved, each place a list item of its own list', () => {
    const html = htmlDiff(
      '<ul><li>Klärung des Umfeldes</li><li>Analyse</li><li>Kommunikationstraining</li></ul>',
      '<ul><li>Kommunikationstraining</li><li>Klärung des Umfeldes</li><li>Analyse</li></ul>',
    );
    expect(html).toBe(
      '<ul><li><span class="moved-label">[von unten hierher verschoben]</span> <ins class="moved">Kommunikationstraining</ins></li>' +
        '<li>Klärung des Umfeldes</li><li>Analyse</li>' +
        '<li class="moved-from"><span class="moved-label">[nach oben verschoben]</span> <del class="moved">Kommunikationstraining</del></li></ul>',
    );
  });

  it('does not call a changed or a repeated block moved', () => {
    // Reworded on the way: a deletion and an insertion, as before.
    const reworded = htmlDiff('<p>Alpha Beta.</p><p>Gamma.</p>', '<p>Gamma.</p><p>Alpha Delta.</p>');
    expect(reworded).not.toContain('moved');
    // The same item twice in OLD: which one moved is not known, so none is shown as moved.
    const repeated = htmlDiff('<ul><li>ja</li><li>nein</li><li>ja</li></ul>', '<ul><li>nein</li><li>ja</li></ul>');
    expect(repeated).not.toContain('moved');
    // A list item with a nested list moves only with its items; the nested items in order are not moved.
    const nested = '<ul><li>Eins<ul><li>a</li><li>b</li></ul></li></ul>';
    expect(htmlDiff(nested, nested)).toBe(nested);
  });
});
