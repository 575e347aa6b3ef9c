/**
 * `kompendium new` through the real command: a new card and a new survey round, accepted by `check` apart from the
 * placeholder warnings that mark what is still to be written. Every form variant is checked in-process
 * (tests/unit/scaffold.test.ts); here one stands for the command's wiring.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardForms, cardVariants } from '../../src/model/forms.ts';
import { copyFixtureEdition, runCli } from '../helpers/cli.ts';

interface CheckJson {
  diagnostics: { file: string; line: number; severity: string; rule: string }[];
}

describe('kompendium new card', () => {
  it.each([[cardVariants[0]]])(
    'writes a %s card with every field of its form, only placeholders to fill',
    (variant) => {
      const dir = copyFixtureEdition();
      const result = runCli(
        ['new', 'card', '--variant', variant, '--land', 'Bayern', '--title', 'Neues Projekt', '--entries', 'entries'],
        { cwd: dir },
      );
      expect(result.status, result.stderr).toBe(0);
      const file = path.join(dir, result.stdout.trim());
      expect(path.basename(file)).toBe('04-neues-projekt.md');
      const text = readFileSync(file, 'utf8');
      const headings = [...text.matchAll(/^## (.*)$/gm)].map((match) => match[1]);
      expect(headings).toEqual(cardForms[variant].fields.map((field) => field.headings[0]));
      expect(text).toContain('code: DE-BY');
      const check = runCli(['check', '--entries', 'entries', '--json'], { cwd: dir });
      expect(check.status).toBe(0);
      const { diagnostics } = JSON.parse(check.stdout) as CheckJson;
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(
        diagnostics.every(
          (d) => d.severity === 'warning' && d.rule === 'placeholder' && d.file.endsWith('04-neues-projekt.md'),
        ),
      ).toBe(true);
    },
  );

  it('gives a second card of the same title a fresh id', () => {
    const dir = copyFixtureEdition();
    const args = ['new', 'card', '--variant', 'massnahme', '--title', 'BG-Coaching', '--entries', 'entries'];
    const result = runCli(args, { cwd: dir });
    expect(readFileSync(path.join(dir, result.stdout.trim()), 'utf8')).toContain('id: bg-coaching-2');
  });
});

describe('kompendium new edition', () => {
  it('copies the edition with its metadata reset for the next survey round', () => {
    const dir = copyFixtureEdition();
    const result = runCli(['new', 'edition', 'round-2026', '--from', 'entries', '--year', '2026'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const edition = readFileSync(path.join(dir, 'round-2026/edition.md'), 'utf8');
    expect(edition).toContain('year: 2026');
    expect(edition).toContain('output: fixture-2026');
    const check = runCli(['check', '--entries', 'round-2026', '--json'], { cwd: dir });
    expect(check.status).toBe(0);
    expect((JSON.parse(check.stdout) as CheckJson).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(runCli(['new', 'edition', 'round-2026', '--from', 'entries'], { cwd: dir }).status).toBe(2);
  });
});
