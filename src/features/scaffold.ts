/**
 * Starting points for authors: a new card with every field of its form under the printed headings, and a new
 * survey round copied from an edition. Placeholders read "[AUSFÜLLEN]" and `kompendium check` warns about each
 * one until it is filled in.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunError } from '../diagnostics/run-errors.ts';
import { cardForms, checklists, placeholder, type CardVariant } from '../model/forms.ts';
import type { LandCode } from '../model/laender.ts';
import { slugify } from '../model/slug.ts';

const defaultChecklist: Record<CardVariant, 'A' | 'B' | 'none'> = {
  handlungsansatz: 'A',
  bundesagentur: 'A',
  massnahme: 'B',
  'massnahme-kurz': 'none',
};

/** Writes a new card after the last one in `entries/teil2/` and returns its path. */
export function newCard(options: {
  entriesDir: string;
  variant: CardVariant;
  land: LandCode | undefined;
  title: string;
}): string {
  const teil2 = path.join(options.entriesDir, 'teil2');
  const existing = existsSync(teil2) ? readdirSync(teil2) : [];
  const ids = new Set(
    existing.map((name) => /^id: (.*)$/m.exec(readFileSync(path.join(teil2, name), 'utf8'))?.[1]?.trim()),
  );
  const base = slugify(options.title) || 'karte';
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${String(n)}`;
  const next = Math.max(0, ...existing.map((name) => Number(/^(\d+)-/.exec(name)?.[1] ?? 0))) + 1;
  const form = cardForms[options.variant];
  const checklist = defaultChecklist[options.variant];
  const frontMatter = [
    '---',
    'kind: card',
    `id: ${id}`,
    `variant: ${options.variant}`,
    `label: ${JSON.stringify(form.labels[0] ?? '')}`,
    `title: ${JSON.stringify(options.title)}`,
    `checklist: ${checklist}`,
    'traeger:',
    '  type: unknown # gE or zkT, with basis: stated | inferred and a note',
    options.land === undefined ? 'land: []' : `land:\n  - code: ${options.land}\n    basis: stated`,
    'contact:',
    '  persons:',
    `    - "${placeholder} Name"`,
    `  organisation: "${placeholder} Jobcenter"`,
    '  emails:',
    `    - "${placeholder} name@example.org"`,
    '  phones:',
    `    - "${placeholder} Telefon"`,
    '---',
  ];
  const body = form.fields.flatMap((field) => {
    const heading = field.headings[0] ?? field.key;
    const lines = [`## ${heading}`, ''];
    if (field.key === 'warum' && checklist !== 'none') {
      lines.push('Zum Beispiel mit Blick auf', '', ...checklists[checklist].map((item) => `- [ ] ${item}`), '');
    }
    lines.push(`${placeholder} ${heading}`, '');
    return lines;
  });
  const file = path.join(teil2, `${String(next).padStart(2, '0')}-${id}.md`);
  writeFileSync(file, `${[...frontMatter, '', ...body].join('\n').trimEnd()}\n`, { flag: 'wx' });
  return file;
}

/** Copies an edition as the start of the next survey round, with the edition metadata reset. */
export function newEdition(options: { from: string; to: string; year: number }): void {
  if (existsSync(options.to) && readdirSync(options.to).length > 0) {
    throw new RunError(`${options.to} exists and is not empty; choose a new folder`);
  }
  cpSync(options.from, options.to, { recursive: true });
  const editionFile = path.join(options.to, 'edition.md');
  const text = readFileSync(editionFile, 'utf8');
  const reset = text
    .replace(/^year: .*$/m, `year: ${String(options.year)}`)
    .replace(/^surveyRound: .*$/m, `surveyRound: "${placeholder} Abfragerunde"`)
    .replace(/^date: .*\n/m, '')
    .replace(/^output: (.*?)(-\d{4})?$/m, (_, name: string) => `output: ${name}-${String(options.year)}`)
    .replace(/^errata:[\s\S]*?(?=^---$)/m, 'errata: []\n');
  writeFileSync(editionFile, reset);
  renameBrochures(path.join(options.to, 'brochures.md'), options.year);
}

/**
 * The brochure ids of the new round carry its year, as its edition's output name does: they name the brochures'
 * files, and a build of the new round must not replace the old round's brochures in a shared output folder.
 */
function renameBrochures(file: string, year: number): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const renamed = text.replace(
    /^(\s*-\s*id:\s*)([a-z0-9]+(?:-[a-z0-9]+)*?)(?:-\d{4})?\s*$/gm,
    (_, lead: string, id: string) => `${lead}${id}-${String(year)}`,
  );
  writeFileSync(file, renamed);
}
