/**
 * A second survey round derived from the 2013 edition, with known changes, for the diff tests. It is made from
 * entries/ at test time, so it always matches the edition it is compared with.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './cli.ts';

/** What the derived round changes, for the assertions. */
export const roundTwoChanges = {
  removed: 'myknetz',
  added: 'digitale-beratung',
  renamed: { from: 'bahn-frei', to: 'bahn-frei-100-tage' },
  changedCard: 'bg-coaching',
  changedFields: ['Telefon', 'Maßnahmevolumen in Euro'],
  changedPrinciple: 'TEIL 1, Grundsatz 3',
  addedTerm: 'Digitalisierung',
  renamedTerm: { from: 'Selbständige', to: 'Selbstständige' },
} as const;

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** Writes the second round into a new folder and returns its entries folder. */
export function deriveRoundTwo(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'kompendium-round2-')), 'entries');
  cpSync(path.join(projectRoot, 'entries'), dir, { recursive: true });
  const teil2 = path.join(dir, 'teil2');
  // Dropped: the MYKnetz card.
  rmSync(path.join(teil2, '17-myknetz.md'));
  // Renamed: BAHN FREI gets a new id and file name; the project is the same.
  renameSync(path.join(teil2, '08-bahn-frei.md'), path.join(teil2, '08-bahn-frei-100-tage.md'));
  edit(path.join(teil2, '08-bahn-frei-100-tage.md'), 'id: bahn-frei\n', 'id: bahn-frei-100-tage\n');
  // Changed: a figure and a contact.
  const coaching = path.join(teil2, '03-bg-coaching.md');
  edit(coaching, '89.775,- €', '92.100,- €');
  edit(coaching, '"089 – 6221-4505"', '"089 – 6221-4599"');
  // Reworded: a sentence of principle 3.
  edit(path.join(dir, 'teil1/03-passgenaue-angebote.md'), 'eine Hürde darstellt', 'eine große Hürde bedeutet');
  // Renamed in the register: a term's spelling (its marks follow).
  for (const file of [
    path.join(dir, 'register.md'),
    ...readdirSync(path.join(dir, 'teil1')).map((f) => path.join(dir, 'teil1', f)),
    ...readdirSync(teil2).map((f) => path.join(teil2, f)),
  ]) {
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/"Selbständige"/g, '"Selbstständige"')
        .replace(/\\index\{Selbständige\}/g, '\\index{Selbstständige}'),
    );
  }
  // Added: a new card, with a new register term.
  edit(path.join(dir, 'register.md'), 'terms:\n', 'terms:\n  - term: "Digitalisierung"\n');
  writeFileSync(
    path.join(teil2, '37-digitale-beratung.md'),
    [
      '---',
      'kind: card',
      'id: digitale-beratung',
      'variant: handlungsansatz',
      'label: "Name/Bezeichnung des Handlungsansatzes:"',
      'title: "Digitale Beratung im Jobcenter"',
      'traeger:',
      '  type: gE',
      '  basis: stated',
      '  note: "Neue Meldung der zweiten Abfragerunde"',
      'land:',
      '  - code: DE-HB',
      'contact:',
      '  organisation: "Jobcenter Bremen"',
      '---',
      '',
      '## Ziel des Handlungsansatzes und Zielgruppe',
      '',
      'Videoberatung für Langzeitleistungsbeziehende im ländlichen Raum\\index{Digitalisierung}.',
      '',
      '## Handlungszeitraum',
      '',
      'Seit 2015',
      '',
    ].join('\n'),
  );
  return dir;
}
