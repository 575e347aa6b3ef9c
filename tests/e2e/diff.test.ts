/**
 * `kompendium diff` as a user runs it, on the 2013 edition and a derived second round: the exit codes (as diff(1)),
 * the report on stdout (JSON: the diff itself; text without colour when not on a terminal), `--pages` and the
 * redline PDF of `--pdf`. What the diff finds, in every format, is tested in-process in
 * tests/unit/diff-editions.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEdition } from '../../src/core/build.ts';
import { diffEditions, type EditionDiff } from '../../src/features/diff/diff-editions.ts';
import type { Edition, PageMap } from '../../src/model/types.ts';
import { allPageTexts, foldSpace } from '../helpers/pdf.ts';
import { projectRoot, runCli, type CliResult } from '../helpers/cli.ts';
import { deriveRoundTwo, roundTwoChanges as expected } from '../helpers/round-two.ts';

const readPageMap = (file: string): PageMap => JSON.parse(readFileSync(file, 'utf8')) as PageMap;

async function loadEdition(dir: string): Promise<Edition> {
  const { edition } = await checkEdition({ entriesDir: dir, displayRoot: projectRoot });
  if (edition === undefined) throw new Error(`${dir} does not validate`);
  return edition;
}

describe('kompendium diff entries/ <second round> --format json --pages --pdf', () => {
  let roundTwo: string;
  let out: string;
  let result: CliResult;
  let diff: EditionDiff;

  beforeAll(() => {
    roundTwo = deriveRoundTwo();
    out = mkdtempSync(path.join(os.tmpdir(), 'kompendium-redline-'));
    // One run for the three: both editions paginated for --pages, the second round rendered as the redline.
    result = runCli([
      'diff',
      'entries',
      roundTwo,
      '--format',
      'json',
      '--pages',
      '--pdf',
      path.join(out, 'redline.pdf'),
    ]);
    expect(result.status, result.stderr).toBe(1);
    diff = JSON.parse(result.stdout) as EditionDiff;
  });

  it('exits 1 and prints the diff of the two editions as JSON', async () => {
    const computed = diffEditions(await loadEdition(path.join(projectRoot, 'entries')), await loadEdition(roundTwo), {
      oldLabel: 'entries',
      newLabel: roundTwo,
      renames: true,
      renameThreshold: 0.6,
    });
    // The diff stands in the JSON envelope every command prints (README, "JSON output"), with the redline as its
    // output. (toEqual takes a property that is undefined as absent: `pages` is what --pages adds.)
    const { command, exitCode, outputs, diagnostics, failures, error, titles, ...report } = diff as EditionDiff &
      Record<'command' | 'exitCode' | 'outputs' | 'diagnostics' | 'failures' | 'error' | 'titles', unknown>;
    // Every card id the report names comes with its title.
    expect(titles).toMatchObject({ [expected.added]: 'Digitale Beratung im Jobcenter' });
    expect({ command, exitCode, diagnostics, failures, error }).toEqual({
      command: 'diff',
      exitCode: 1,
      diagnostics: [],
      failures: [],
      error: null,
    });
    expect(outputs).toEqual([
      { path: path.relative(projectRoot, path.join(out, 'redline.pdf')), pages: expect.any(Number) as unknown },
    ]);
    expect({ ...report, pages: undefined }).toEqual(computed);
    expect(diff.added).toEqual([expected.added]);
    expect(diff.changed.map((card) => card.id)).toEqual([expected.changedCard]);
  });

  it("names the pages to reprint and the cards that moved, from both editions' page maps (--pages)", () => {
    const pages = diff.pages;
    if (pages === undefined) throw new Error('no page comparison');
    // TEIL 1 changed: its pages differ; the first cards (before the changed one) keep their pages.
    expect(pages.differ).toContain(4);
    expect(pages.differ).not.toContain(9);
    // MYKnetz (pp. 62–64) was dropped: every card after it moves three pages up.
    expect(pages.moved).toContainEqual({ id: 'jobschmiede', from: 119, to: 116 });
    expect(pages.moved.some((move) => move.id === 'bg-coaching')).toBe(false);
    expect(pages.newPages).toBeLessThan(pages.oldPages);
  });

  it('marks the changes on the pages of their cards and lists them on a summary page after the cards (--pdf)', () => {
    const pdf = path.join(out, 'redline.pdf');
    const pageMap = readPageMap(path.join(out, 'redline.json'));
    const pages = allPageTexts(pdf);
    const summaryPage = pages.findIndex((text) => foldSpace(text).includes('zeigt jede Änderung'));
    const lastCardPage = Math.max(...pageMap.cards.map((card) => card.lastPage));
    expect(summaryPage + 1).toBe(lastCardPage + 1);
    const summary = foldSpace(pages[summaryPage] ?? '');
    expect(summary).toContain(
      'Änderungen gegenüber der Ausgabe 2013 (Abfrage der AG Eingliederung bei den Jobcentern, 2013)',
    );
    expect(summary).toContain('Neue Karten Digitale Beratung im Jobcenter');
    expect(summary).toContain('Entfallene Karten Netzwerkstelle MYKnetz');
    expect(summary).toContain('BG-Coaching: Telefon, Maßnahmevolumen in Euro');
    const cardText = (id: string): string => {
      const card = pageMap.cards.find((candidate) => candidate.id === id);
      if (card === undefined) throw new Error(`${id} missing from the redline edition`);
      return foldSpace(pages.slice(card.firstPage - 1, card.lastPage).join(' '));
    };
    const coaching = cardText(expected.changedCard);
    expect(coaching).toContain('Geändert: 2 Felder');
    expect(coaching).toContain('89.775,-');
    expect(coaching).toContain('92.100,-');
    expect(cardText(expected.added)).toContain('Neu in');
    expect(cardText(expected.removed)).toContain('Entfallen');
    expect(cardText(expected.renamed.to)).toContain('Umbenannt: Kennung bahn-frei-100-tage, bisher bahn-frei');
    const teil1 = foldSpace(pages.slice(1, 8).join(' '));
    expect(teil1).toMatch(/eine große Hürde darstellt ?bedeutet/);
  });

  it("starts every card of the new round on the page it has in the new round's own PDF", () => {
    const built = runCli(['build', '--entries', roundTwo, '--out', path.join(out, 'new-round')]);
    expect(built.status, built.stderr).toBe(0);
    const [name] = readdirSync(path.join(out, 'new-round')).filter((file) => file.endsWith('.json'));
    const edition = readPageMap(path.join(out, 'new-round', name ?? ''));
    const redline = readPageMap(path.join(out, 'redline.json'));
    const starts = (map: typeof edition, ids: Set<string>): [string, number][] =>
      map.cards.filter((card) => ids.has(card.id)).map((card) => [card.id, card.firstPage]);
    const ids = new Set(edition.cards.map((card) => card.id));
    expect(starts(redline, ids)).toEqual(starts(edition, ids));
    expect(ids.size).toBe(36);
  }, 180_000);
});

describe('kompendium diff entries/ <second round> --pdf --only-changed', () => {
  let result: CliResult;
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'kompendium-redline-'));
    result = runCli(['diff', 'entries', deriveRoundTwo(), '--pdf', path.join(out, 'changes.pdf'), '--only-changed']);
    expect(result.status, result.stderr).toBe(1);
  });

  it('prints the text report without colour when stdout is not a terminal', () => {
    const text = result.stdout;
    expect(text).toContain('Cards: 1 added, 1 removed, 1 renamed, 1 changed, 33 unchanged');
    expect(text).toContain(`+ added    ${expected.added}`);
    expect(text).toContain(`- removed  ${expected.removed}`);
    expect(text).toContain(`~ renamed  ${expected.renamed.from} → ${expected.renamed.to}`);
    expect(text).toContain('[-89.775,--]{+92.100,-+} €');
    expect(text).not.toContain('\u001b[');
  });

  it('leaves unchanged cards out of the redline PDF', () => {
    const pageMap = readPageMap(path.join(out, 'changes.json'));
    expect(pageMap.cards.map((card) => card.id)).toEqual([
      expected.changedCard,
      expected.renamed.to,
      expected.added,
      // After the cards of the new round: pages the new round does not have.
      expected.removed,
    ]);
  });
});

describe('kompendium diff: exit codes', () => {
  it('exits 0 with no differences for the same edition', () => {
    const result = runCli(['diff', 'entries', 'entries', '--format', 'json']);
    expect(result.status).toBe(0);
    const diff = JSON.parse(result.stdout) as EditionDiff;
    expect([diff.added, diff.removed, diff.renamed, diff.changed, diff.parts]).toEqual([[], [], [], [], []]);
    expect(diff.unchanged).toBe(36);
  });

  it('exits 2 for a side that is neither a folder nor a revision', () => {
    const result = runCli(['diff', 'no-such-round', 'entries'], { cwd: projectRoot });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"no-such-round" is neither a folder nor a git revision');
  });

  it('exits 2 with file:line:column for an invalid side', () => {
    const broken = path.join(projectRoot, 'tests/fixtures/validate/broken');
    const result = runCli(['diff', broken, 'entries']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/01-typos\.md:6:1 {2}error {2}Unknown field `titel`/);
  });
});
