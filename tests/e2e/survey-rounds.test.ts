/**
 * Two survey rounds side by side in one output folder, with the real CLI: `new edition` names the new round's
 * outputs after its year, so building one round never replaces the other's files; an output name both rounds
 * would use (an ad-hoc selection) is refused for the second, with the first's files untouched.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixtureEdition, runCli, writeTwoBrochures } from '../helpers/cli.ts';

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function pdfHashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith('.pdf') || name.endsWith('.json'))
      .map((name) => [name, sha(path.join(dir, name))]),
  );
}

describe('two survey rounds built into one out/', () => {
  let dir: string;
  let firstRound: Record<string, string>;

  beforeAll(() => {
    dir = copyFixtureEdition();
    writeTwoBrochures(path.join(dir, 'entries'));
    expect(runCli(['build', '--all', '--out', 'out'], { cwd: dir }).status).toBe(0);
    firstRound = pdfHashes(path.join(dir, 'out'));
    const created = runCli(['new', 'edition', 'round-2014', '--from', 'entries', '--year', '2014'], { cwd: dir });
    expect(created.status, created.stderr).toBe(0);
  });

  it('keeps every file of the first round when the second builds --all, and adds its own', () => {
    const result = runCli(['build', '--all', '--entries', 'round-2014', '--out', 'out'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    const after = pdfHashes(path.join(dir, 'out'));
    expect(after).toMatchObject(firstRound);
    expect(Object.keys(after).sort()).toEqual(
      [
        ...Object.keys(firstRound),
        'fixture-2014.pdf',
        'fixture-2014.json',
        'bayern-2014.pdf',
        'bayern-2014.json',
        'brandenburg-2014.pdf',
        'brandenburg-2014.json',
      ].sort(),
    );
  });

  it("refuses an output name the other round's file has, before rendering, and leaves that file as it was", () => {
    expect(runCli(['build', '--land', 'BY', '--out', 'out'], { cwd: dir }).status).toBe(0);
    const before = pdfHashes(path.join(dir, 'out'));
    const result = runCli(['build', '--land', 'BY', '--entries', 'round-2014', '--out', 'out'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'out/auswahl-by.pdf was built from another edition ("fixture-2013"; this one is "fixture-2014")',
    );
    expect(pdfHashes(path.join(dir, 'out'))).toEqual(before);
  });
});
