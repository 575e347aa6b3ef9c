/**
 * The redline as a proof, with the real CLI: a second round of the fixture edition with a list item reworded, a
 * nested item added, a table cell changed and a paragraph moved. The redline PDF, read with pdftotext -layout, keeps the list items on
 * their own lines and the table's cells in their rows, with the changed words only where they changed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixtureEdition, runCli } from '../helpers/cli.ts';

describe('kompendium diff --pdf on a round with a changed list and table', () => {
  let layout: string;
  let dir: string;

  beforeAll(() => {
    dir = copyFixtureEdition();
    cpSync(path.join(dir, 'entries'), path.join(dir, 'round-2'), { recursive: true });
    const card = path.join(dir, 'round-2/teil2/01-bg-coaching.md');
    writeFileSync(
      card,
      readFileSync(card, 'utf8')
        .replace('- Stärken-/ Schwächenanalyse', '- Stärken-/ Schwächen- und Potenzialanalyse')
        .replace('  - Stärkung der Eigeninitiative\n', '  - Stärkung der Eigeninitiative\n  - Bewerbungstraining\n')
        .replace('| II | Handlungsphase (6 – 18 Monate) |', '| II | Handlungsphase (6 – 24 Monate) |')
        // The two paragraphs before the list change places: the first one moved down, word for word.
        .replace(
          /(Die Maßnahme beinhaltet:[^]*?Motivation\.)\n\n(Darüber hinaus werden noch folgende Inhalte angeboten:)/u,
          '$2\n\n$1',
        ),
    );
    const result = runCli(['diff', 'entries', 'round-2', '--pdf', 'redline.pdf'], { cwd: dir });
    expect(result.status, result.stderr).toBe(1);
    layout = execFileSync('pdftotext', ['-layout', path.join(dir, 'redline.pdf'), '-'], { encoding: 'utf8' });
  });

  it('prints the list items on their own lines, the nested ones under their item', () => {
    const lines = layout.split('\n').map((line) => line.trim());
    const at = (start: string): number => lines.findIndex((line) => line.startsWith(start));
    const items = [
      'Klärung des psychosozialen Umfeldes',
      'Stärken-/ Schwächenanalyse Schwächen- und Potenzialanalyse',
      'o Einschätzung der eigenen Leistung',
      'o Stärkung der Eigeninitiative',
      'o Bewerbungstraining',
      'Kommunikationstraining',
    ];
    const found = items.map(at);
    expect(
      found.every((index) => index >= 0),
      layout,
    ).toBe(true);
    expect([...found].sort((a, b) => a - b)).toEqual(found);
    // No item ran into another: the list is not flattened into running text.
    expect(layout).not.toMatch(/Umfeldes[ \t]+-?[ \t]*Stärken/);
  });

  it('shows the paragraph that moved as moved: struck where it stood, marked where it stands, words as written', () => {
    const flat = layout.replaceAll('\u00AD', '').replace(/\s+/gu, ' ');
    const from = flat.indexOf('[nach unten verschoben] Die Maßnahme beinhaltet: Analyse der Situation');
    const before = flat.indexOf('Darüber hinaus werden noch folgende Inhalte angeboten:');
    const to = flat.indexOf('[von oben hierher verschoben] Die Maßnahme beinhaltet: Analyse der Situation');
    expect(
      [from, before, to].every((index) => index >= 0),
      flat,
    ).toBe(true);
    expect(from).toBeLessThan(before);
    expect(before).toBeLessThan(to);
  });

  it('passes verify: the moved marks keep the redline PDF/UA-1 and PDF/A-2u', () => {
    const result = runCli(['verify', 'redline.pdf'], { cwd: dir });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("prints the table's cells in their rows, the changed cell with the old and the new figure", () => {
    expect(layout).toMatch(/^\s*I\s{2,}Eingangsphase \(1 – 4 Wochen\)\s*$/m);
    expect(layout).toMatch(/^\s*II\s{2,}Handlungsphase \(6 – 18 24 Monate\)\s*$/m);
  });

  it('gives the HTML report the same structure: the list and the table, the changes inside them', () => {
    const result = runCli(['diff', 'entries', 'round-2', '--format', 'html'], { cwd: dir });
    expect(result.status).toBe(1);
    const html = result.stdout.replaceAll('\u00AD', '');
    expect(html).toMatch(/<li>\s*<ins>Bewerbungstraining<\/ins><\/li>/);
    expect(html).toMatch(/<del class="moved">Die Maßnahme beinhaltet:/u);
    expect(html).toMatch(/<ins class="moved">Die Maßnahme beinhaltet:/u);
    expect(html).not.toMatch(/<(?:ins|del)>Die Maßnahme beinhaltet/u);
    expect(html).toMatch(
      /<td>\s*Handlungsphase \(6 – <del>18<\/del><ins class="after-deletion">24<\/ins> Monate\)<\/td>/,
    );
  });
});
