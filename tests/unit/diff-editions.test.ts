/**
 * The edition diff on the 2013 edition and a derived second round, in-process (src/features/diff): each known
 * change found, nothing else, in every report format; identical editions are equal; a git revision works as input;
 * a side that is neither is refused. The command itself (exit codes, JSON on stdout, `--pages`, `--pdf`) is tested
 * in tests/e2e/diff.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { formatDiagnostic } from '../../src/diagnostics/report.ts';
import { EditionSourceError, exitCodes } from '../../src/diagnostics/run-errors.ts';
import {
  comparePageMaps,
  diffEditions,
  hasDifferences,
  wordChanges,
  type EditionDiff,
} from '../../src/features/diff/diff-editions.ts';
import { formatDiff } from '../../src/features/diff/diff-report.ts';
import { openEditionSource, type EditionSource } from '../../src/features/diff/edition-source.ts';
import type { Edition } from '../../src/model/types.ts';
import { fixtureEdition, projectRoot } from '../helpers/cli.ts';
import { deriveRoundTwo, roundTwoChanges as expected } from '../helpers/round-two.ts';

/** Loads and validates an edition as `kompendium diff` does (names relative to the project). */
async function loadEdition(dir: string): Promise<Edition> {
  const { edition, diagnostics } = await checkEdition({ entriesDir: dir, displayRoot: projectRoot });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (edition === undefined) throw new Error(`${dir} does not validate`);
  return edition;
}

/** The command's defaults: renames detected at 0.6 similarity of title and organisation. */
const compare = (before: Edition, after: Edition, oldLabel: string, newLabel: string, renames = true): EditionDiff =>
  diffEditions(before, after, { oldLabel, newLabel, renames, renameThreshold: 0.6 });

let entries: Edition;

beforeAll(async () => {
  entries = await loadEdition(path.join(projectRoot, 'entries'));
});

describe('diffEditions: entries/ and a second round', () => {
  let roundTwoDir: string;
  let roundTwo: Edition;
  let diff: EditionDiff;
  let titles: Map<string, string>;

  beforeAll(async () => {
    roundTwoDir = deriveRoundTwo();
    roundTwo = await loadEdition(roundTwoDir);
    diff = compare(entries, roundTwo, 'entries', roundTwoDir);
    titles = new Map([...entries.cards, ...roundTwo.cards].map((card) => [card.data.id, card.data.title]));
  });

  it('finds the added, removed and renamed cards, and nothing else', () => {
    expect(hasDifferences(diff)).toBe(true);
    expect(diff.added).toEqual([expected.added]);
    expect(diff.removed).toEqual([expected.removed]);
    expect(diff.renamed).toEqual([{ from: expected.renamed.from, to: expected.renamed.to, similarity: 1 }]);
    // 36 cards: one removed, one renamed, one changed; the renamed one is not counted as unchanged too.
    expect(diff.unchanged).toBe(33);
  });

  it('finds the changed figure and contact of one card', () => {
    expect(diff.changed.map((card) => card.id)).toEqual([expected.changedCard]);
    const fields = diff.changed[0]?.fields ?? [];
    expect(fields.map((field) => field.field).sort()).toEqual([...expected.changedFields].sort());
    expect(fields.find((field) => field.field === 'Telefon')).toMatchObject({
      before: '089 – 6221-4505',
      after: '089 – 6221-4599',
    });
    expect(fields.find((field) => field.field === 'Maßnahmevolumen in Euro')?.after).toContain('92.100,- €');
  });

  it('finds the reworded sentence of TEIL 1 and the new register term', () => {
    expect(diff.parts.map((part) => part.field)).toEqual([expected.changedPrinciple]);
    expect(diff.parts[0]?.after).toContain('eine große Hürde bedeutet');
    expect(diff.register).toEqual({
      added: [expected.addedTerm],
      removed: [],
      renamed: [{ from: 'Selbständige', to: 'Selbstständige' }],
    });
  });

  it('reports the same changes as text, Markdown and HTML', () => {
    const text = formatDiff(diff, 'text', { titles, color: false });
    expect(text).toContain('Cards: 1 added, 1 removed, 1 renamed, 1 changed, 33 unchanged');
    expect(text).toContain(`+ added    ${expected.added}`);
    expect(text).toContain(`- removed  ${expected.removed}`);
    expect(text).toContain(`~ renamed  ${expected.renamed.from} → ${expected.renamed.to}`);
    expect(text).toContain('[-89.775,--]{+92.100,-+} €');
    expect(text).not.toContain('\u001b[');
    const markdown = formatDiff(diff, 'md', { titles, color: false });
    expect(markdown).toContain('## Neu');
    expect(markdown).toContain('<del>89.775,-</del><ins>92.100,-</ins> €');
    expect(markdown).toContain('- Digitalisierung');
    const html = formatDiff(diff, 'html', { titles, color: false });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('089 – <del>6221-4505</del><ins>6221-4599</ins>');
    expect(html).not.toMatch(/<(script|link)\b/);
    // JSON is the diff itself.
    expect(JSON.parse(formatDiff(diff, 'json', { titles, color: false }))).toEqual(diff);
  });

  it('reports a removal and an addition instead of a rename without rename detection (--no-renames)', () => {
    const plain = compare(entries, roundTwo, 'entries', roundTwoDir, false);
    expect(plain.renamed).toEqual([]);
    expect(plain.removed.sort()).toEqual([expected.renamed.from, expected.removed].sort());
    expect(plain.added.sort()).toEqual([expected.renamed.to, expected.added].sort());
  });
});

describe('diffEditions: what else prints', () => {
  let round: Edition;
  let diff: EditionDiff;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-round-'));
    cpSync(path.join(projectRoot, 'entries'), dir, { recursive: true });
    const edition = path.join(dir, 'edition.md');
    writeFileSync(
      edition,
      readFileSync(edition, 'utf8')
        .replace('year: 2013', 'year: 2014')
        .replace(/^surveyRound: .*$/m, 'surveyRound: "Abfragerunde 2014"'),
    );
    const brochures = path.join(dir, 'brochures.md');
    writeFileSync(
      brochures,
      readFileSync(brochures, 'utf8').replace(
        'subtitle: Regionalausgabe Bayern',
        'subtitle: Regionalausgabe Freistaat Bayern',
      ),
    );
    round = await loadEdition(dir);
    diff = compare(entries, round, 'entries', dir);
  });

  it("sees the edition's own fields and the brochures, in every format", () => {
    expect(hasDifferences(diff)).toBe(true);
    expect(diff.metadata.map((change) => change.field)).toEqual(['year', 'surveyRound']);
    expect(diff.metadata[0]).toEqual({ field: 'year', before: '2013', after: '2014' });
    expect(diff.brochures.changed.map((change) => change.field)).toEqual(['regionalausgabe-bayern']);
    expect([diff.added, diff.removed, diff.changed, diff.parts]).toEqual([[], [], [], []]);
    const context = { titles: new Map<string, string>(), color: false };
    expect(formatDiff(diff, 'text', context)).toMatch(/Edition \(edition\.md\)\n {2}year: \[-2013-\]\{\+2014\+\}/);
    expect(formatDiff(diff, 'text', context)).toContain('* regionalausgabe-bayern:');
    expect(formatDiff(diff, 'md', context)).toContain('**year**: <del>2013</del><ins>2014</ins>');
    expect(formatDiff(diff, 'html', context)).toContain('<h2>Ausgabe (edition.md)</h2>');
    expect(formatDiff(diff, 'html', context)).toContain('<h2>Broschüren (brochures.md)</h2>');
  });

  it('counts the cover as a page to reprint when a field it prints changed (--pages)', () => {
    const map = { pages: 10, cards: [{ id: 'bg-coaching', firstPage: 5, lastPage: 6 }], terms: [] };
    expect(comparePageMaps(diff, map, map).differ).toEqual([1]);
    const sameCover = { ...diff, metadata: diff.metadata.filter((change) => change.field !== 'year') };
    expect(comparePageMaps(sameCover, map, map).differ).toEqual([]);
  });
});

describe('the text report of a changed list and table', () => {
  it('prints list items and table rows as lines, and only the lines that changed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-lists-'));
    cpSync(fixtureEdition, dir, { recursive: true });
    const card = path.join(dir, 'teil2/01-bg-coaching.md');
    writeFileSync(
      card,
      readFileSync(card, 'utf8')
        .replace('  - Stärkung der Eigeninitiative\n', '  - Stärkung der Eigeninitiative\n  - Bewerbungstraining\n')
        .replace('| II | Handlungsphase (6 – 18 Monate) |', '| II | Handlungsphase (6 – 24 Monate) |'),
    );
    const diff = compare(await loadEdition(fixtureEdition), await loadEdition(dir), 'a', 'b');
    const text = formatDiff(diff, 'text', { titles: new Map(), color: false });
    expect(text).toContain(
      '    …\n    {+  - Bewerbungstraining+}\n    …\n    | II | Handlungsphase (6 – [-18-]{+24+} Monate) |',
    );
    expect(text).not.toContain('Klärung des psychosozialen Umfeldes');
  });
});

describe('diffEditions on identical editions, and the sides it compares', () => {
  const sources: EditionSource[] = [];
  afterAll(() => {
    for (const source of sources) source.cleanup();
  });

  it('finds no differences in the same edition (exit 0)', () => {
    const diff = compare(entries, entries, 'entries', 'entries');
    expect(hasDifferences(diff)).toBe(false);
    expect([diff.added, diff.removed, diff.renamed, diff.changed, diff.parts]).toEqual([[], [], [], [], []]);
    expect(diff.unchanged).toBe(36);
  });

  it('compares entries/ at a git revision with the working tree', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'kompendium-git-'));
    const git = (...args: string[]): void => {
      execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        stdio: 'ignore',
      });
    };
    cpSync(fixtureEdition, path.join(repo, 'entries'), { recursive: true });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'round 1');
    git('tag', 'v1');
    const card = path.join(repo, 'entries/teil2/01-bg-coaching.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('89.775,- €', '90.000,- €'));
    // As `kompendium diff v1 entries` run in the repository: both sides are resolved from its folder.
    const [old, current] = ['v1', 'entries'].map((spec) => openEditionSource(spec, repo)) as [
      EditionSource,
      EditionSource,
    ];
    sources.push(old, current);
    expect(old.dir).not.toBe(path.join(repo, 'entries'));
    expect(current.dir).toBe(path.join(repo, 'entries'));
    const diff = compare(await loadEdition(old.dir), await loadEdition(current.dir), old.label, current.label);
    expect(diff.old).toMatch(/^v1 \([0-9a-f]{7}\)$/);
    expect(diff.changed.map((change) => change.id)).toEqual(['bg-coaching']);
  });

  it('refuses a side that is neither a folder nor a revision (exit 2)', () => {
    let error: unknown;
    try {
      sources.push(openEditionSource('no-such-round', projectRoot));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(EditionSourceError);
    expect((error as EditionSourceError).exitCode).toBe(exitCodes.usageOrEnvironment);
    expect((error as EditionSourceError).message).toContain('"no-such-round" is neither a folder nor a git revision');
  });

  it('reports an invalid side with file:line:column', async () => {
    const broken = path.join(projectRoot, 'tests/fixtures/validate/broken');
    const { diagnostics } = await checkEdition({ entriesDir: broken, displayRoot: projectRoot });
    expect(diagnostics.map(formatDiagnostic).join('\n')).toMatch(/01-typos\.md:6:1 {2}error {2}Unknown field `titel`/);
  });
});

describe('wordChanges on a moved line', () => {
  const before = 'Erster Absatz mit Text.\nZweiter Absatz.\n- Punkt eins\n- Punkt zwei';
  const after = 'Zweiter Absatz.\nErster Absatz mit Text.\n- Punkt eins\n- Punkt zwei geändert';

  it('gives the line one change at each place, marked as moved, and diffs the rest word by word', () => {
    const parts = wordChanges(before, after);
    const moved = parts.filter((part) => part.moved !== undefined);
    expect(moved).toEqual([
      { value: 'Erster Absatz mit Text.', added: false, removed: true, moved: { down: true } },
      { value: 'Erster Absatz mit Text.', added: true, removed: false, moved: { down: true } },
    ]);
    expect(
      parts
        .filter((part) => part.added && part.moved === undefined)
        .map((part) => part.value.trim())
        .filter((word) => word !== ''),
    ).toEqual(['geändert']);
  });

  it('prints the move in the text report as a note at both places', () => {
    const diff: EditionDiff = {
      old: 'alt',
      new: 'neu',
      added: [],
      removed: [],
      renamed: [],
      unchanged: 0,
      parts: [],
      metadata: [],
      brochures: { added: [], removed: [], changed: [] },
      register: { added: [], removed: [], renamed: [] },
      changed: [{ id: 'karte', title: 'Karte', fields: [{ field: 'Beschreibung', before, after }] }],
    };
    const text = formatDiff(diff, 'text', { titles: new Map(), color: false });
    expect(text).toContain('[moved down] Erster Absatz mit Text.');
    expect(text).toContain('[moved here from above] Erster Absatz mit Text.');
    expect(text).not.toMatch(/\[-Erster|\{\+Erster/u);
  });
});
