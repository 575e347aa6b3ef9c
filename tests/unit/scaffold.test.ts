/**
 * The scaffolds of `kompendium new` (src/features/scaffold.ts), in-process: a new card of each form variant and a
 * new survey round, accepted by the validation apart from the placeholder warnings that mark what is still to be
 * written. tests/e2e/scaffold.test.ts runs the same through the real command.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { RunError } from '../../src/diagnostics/run-errors.ts';
import { newCard, newEdition } from '../../src/features/scaffold.ts';
import { cardForms, cardVariants } from '../../src/model/forms.ts';
import { copyFixtureEdition } from '../helpers/cli.ts';

async function diagnosticsOf(entriesDir: string) {
  return (await checkEdition({ entriesDir, displayRoot: entriesDir })).diagnostics;
}

describe('newCard', () => {
  it.each(cardVariants.map((variant) => [variant]))(
    'writes a %s card with every field of its form, only placeholders to fill',
    async (variant) => {
      const entriesDir = path.join(copyFixtureEdition(), 'entries');
      const file = newCard({ entriesDir, variant, land: 'DE-BY', title: 'Neues Projekt' });
      expect(path.basename(file)).toBe('04-neues-projekt.md');
      const text = readFileSync(file, 'utf8');
      const headings = [...text.matchAll(/^## (.*)$/gm)].map((match) => match[1]);
      expect(headings).toEqual(cardForms[variant].fields.map((field) => field.headings[0]));
      expect(text).toContain('code: DE-BY');
      const diagnostics = await diagnosticsOf(entriesDir);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(
        diagnostics.every(
          (d) => d.severity === 'warning' && d.rule === 'placeholder' && d.file.endsWith('04-neues-projekt.md'),
        ),
      ).toBe(true);
    },
  );

  it('gives a second card of the same title a fresh id', () => {
    const entriesDir = path.join(copyFixtureEdition(), 'entries');
    const file = newCard({ entriesDir, variant: 'massnahme', land: undefined, title: 'BG-Coaching' });
    expect(readFileSync(file, 'utf8')).toContain('id: bg-coaching-2');
  });
});

describe('newEdition', () => {
  it('copies the edition with its metadata reset for the next survey round', async () => {
    const dir = copyFixtureEdition();
    const from = path.join(dir, 'entries');
    const to = path.join(dir, 'round-2026');
    newEdition({ from, to, year: 2026 });
    const edition = readFileSync(path.join(to, 'edition.md'), 'utf8');
    expect(edition).toContain('year: 2026');
    expect(edition).toContain('output: fixture-2026');
    expect((await diagnosticsOf(to)).filter((d) => d.severity === 'error')).toEqual([]);
    expect(() => {
      newEdition({ from, to, year: 2027 });
    }).toThrow(RunError);
  });
});
