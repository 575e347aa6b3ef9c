/**
 * Validation: every problem of every entry in one run, each as `file:line:column` with what is wrong and a fix.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdition } from '../src/build.ts';
import { formatDiagnostic } from '../src/diagnostics/report.ts';
import { projectRoot } from './helpers/cli.ts';

const brokenEdition = path.join(projectRoot, 'tests/fixtures/validate/broken');

async function diagnosticsOf(entriesDir: string): Promise<string[]> {
  const { diagnostics } = await checkEdition({ entriesDir, displayRoot: entriesDir });
  return diagnostics.map(formatDiagnostic);
}

describe('validateEntries', () => {
  it('accepts the fixture edition without any diagnostic', async () => {
    expect(await diagnosticsOf(path.join(projectRoot, 'tests/fixtures/edition'))).toEqual([]);
  });

  it('reports every problem of a broken edition at once, with positions', async () => {
    const lines = await diagnosticsOf(brokenEdition);
    const positions = lines.map((line) => line.split('  ')[0]);
    expect(positions).toEqual([
      'register.md:8:10',
      'teil2/01-typos.md:2:1',
      'teil2/01-typos.md:6:1',
      'teil2/01-typos.md:10:11',
      'teil2/01-typos.md:13:1',
      'teil2/01-typos.md:15:17',
      'teil2/01-typos.md:15:59',
      'teil2/02-yaml.md:4:17',
      'teil2/03-duplicate.md:3:5',
      'teil2/04-no-front-matter.md:1:1',
      'teil2/05-duplicate-key.md:4:1',
    ]);
  });

  it('says what is wrong and how to fix it, with "did you mean" where a name is close', async () => {
    const text = (await diagnosticsOf(brokenEdition)).join('\n');
    expect(text).toContain('Unknown field `titel`. Did you mean "title"?');
    expect(text).toContain('`land.0.code` is "DE-XX", which is not allowed. Use one of: DE-BW, DE-BY');
    expect(text).toContain('The required field `title` is missing.');
    expect(text).toContain('"Zielgrupe" is not a field heading of the massnahme form. Did you mean "Zielgruppe"?');
    expect(text).toContain(
      'The index mark names "Alleinerziehnde", which is not in the register. Did you mean "Alleinerziehende"?',
    );
    expect(text).toContain('"gesundheitliches" is not a sub-entry of "Fallmanagement"');
    expect(text).toContain('The card id "typos" is already used by teil2/01-typos.md');
    expect(text).toContain('The entry has no front matter.');
    expect(text).toContain('not valid YAML');
    expect(text).toContain('refers to "IMBUS" (siehe), which is neither a register term nor a project name');
  });
});
