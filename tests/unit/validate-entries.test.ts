/**
 * Validation: every problem of every entry in one run, each as `file:line:column` with what is wrong and a fix.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { formatDiagnostic } from '../../src/diagnostics/report.ts';
import { projectRoot } from '../helpers/cli.ts';

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
      'register.md:4:11',
      'register.md:5:11',
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

  it('checks the index: ranges, modifiers, "siehe" cycles and targets, near-duplicates, unmarked terms', async () => {
    const lines = await diagnosticsOf(path.join(projectRoot, 'tests/fixtures/validate/broken-index'));
    expect(lines).toEqual([
      expect.stringMatching(
        /^register\.md:5:11 {2}warning {2}The sub-entry "Fallmanagement → gesundheitsbezogenes" is never marked.* {2}unmarked-term$/,
      ),
      expect.stringMatching(
        /^register\.md:6:11 {2}warning {2}"Fall-Management" differs from "Fallmanagement" only in case, hyphens or ß\/ss\..* {2}near-duplicate-term$/,
      ),
      expect.stringMatching(
        /^register\.md:8:10 {2}error {2}The "siehe" references go in a circle: Lotse → Mentor → Lotse\..* {2}see-cycle$/,
      ),
      expect.stringMatching(
        /^register\.md:10:10 {2}error {2}The "siehe" references go in a circle: Mentor → Lotse → Mentor\..* {2}see-cycle$/,
      ),
      expect.stringMatching(
        /^register\.md:13:9 {2}error {2}"Strasse" refers to "Weg" \(siehe auch\), which is neither a register term nor a project name\..* {2}missing-see-target$/,
      ),
      expect.stringMatching(
        /^register\.md:14:11 {2}warning {2}"Unbenutzt" is never marked in the text.* {2}unmarked-term$/,
      ),
      expect.stringMatching(
        /^teil1\/01-eins\.md:7:5 {2}error {2}The page range for "Fallmanagement" is never closed in this entry\..* {2}index-range$/,
      ),
      expect.stringMatching(
        /^teil1\/01-eins\.md:9:5 {2}error {2}"\|x" is not an index mark modifier\..* {2}index-mark-syntax$/,
      ),
      expect.stringMatching(
        /^teil1\/01-eins\.md:11:5 {2}error {2}This closes a page range for "Strasse" that was never opened\..* {2}index-range$/,
      ),
    ]);
  });
});
