/**
 * The edition diff on the 2013 edition and a derived second round: each known change found, nothing else, in
 * every format; identical editions are equal; a git revision works as input.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EditionDiff } from '../src/features/diff/diff-editions.ts';
import type { PageMap } from '../src/model/types.ts';
import { allPageTexts, foldSpace } from './helpers/pdf.ts';
import { fixtureEdition, projectRoot, runCli } from './helpers/cli.ts';
import { deriveRoundTwo, roundTwoChanges as expected } from './helpers/round-two.ts';

describe('kompendium diff entries/ <second round>', () => {
  let roundTwo: string;
  let diff: EditionDiff;

  beforeAll(() => {
    roundTwo = deriveRoundTwo();
    const result = runCli(['diff', 'entries', roundTwo, '--format', 'json']);
    expect(result.status, result.stderr).toBe(1);
    diff = JSON.parse(result.stdout) as EditionDiff;
  });

  it('finds the added, removed and renamed cards, and nothing else', () => {
    expect(diff.added).toEqual([expected.added]);
    expect(diff.removed).toEqual([expected.removed]);
    expect(diff.renamed).toEqual([{ from: expected.renamed.from, to: expected.renamed.to, similarity: 1 }]);
    expect(diff.unchanged).toBe(34);
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
    const text = runCli(['diff', 'entries', roundTwo]).stdout;
    expect(text).toContain('Cards: 1 added, 1 removed, 1 renamed, 1 changed, 34 unchanged');
    expect(text).toContain(`+ added    ${expected.added}`);
    expect(text).toContain(`- removed  ${expected.removed}`);
    expect(text).toContain(`~ renamed  ${expected.renamed.from} → ${expected.renamed.to}`);
    expect(text).toContain('[-89.775,--]{+92.100,-+} €');
    expect(text).not.toContain('\u001b[');
    const markdown = runCli(['diff', 'entries', roundTwo, '--format', 'md']).stdout;
    expect(markdown).toContain('## Neu');
    expect(markdown).toContain('<del>89.775,-</del><ins>92.100,-</ins> €');
    expect(markdown).toContain('- Digitalisierung');
    const html = runCli(['diff', 'entries', roundTwo, '--format', 'html']).stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('089 – <del>6221-4505</del><ins>6221-4599</ins>');
    expect(html).not.toMatch(/<(script|link)\b/);
  });

  it('reports a removal and an addition instead of a rename with --no-renames', () => {
    const result = runCli(['diff', 'entries', roundTwo, '--format', 'json', '--no-renames']);
    const plain = JSON.parse(result.stdout) as EditionDiff;
    expect(plain.renamed).toEqual([]);
    expect(plain.removed.sort()).toEqual([expected.renamed.from, expected.removed].sort());
    expect(plain.added.sort()).toEqual([expected.renamed.to, expected.added].sort());
  });
});

describe('kompendium diff on identical editions and git revisions', () => {
  it('exits 0 with no differences for the same edition', () => {
    const result = runCli(['diff', 'entries', 'entries', '--format', 'json']);
    expect(result.status).toBe(0);
    const diff = JSON.parse(result.stdout) as EditionDiff;
    expect([diff.added, diff.removed, diff.renamed, diff.changed, diff.parts]).toEqual([[], [], [], [], []]);
    expect(diff.unchanged).toBe(36);
  });

  it('compares entries/ at a git revision with the working tree', () => {
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
    writeFileSync(card, execFileSync('cat', [card], { encoding: 'utf8' }).replace('89.775,- €', '90.000,- €'));
    const result = runCli(['diff', 'v1', 'entries', '--format', 'json'], { cwd: repo });
    expect(result.status, result.stderr).toBe(1);
    const diff = JSON.parse(result.stdout) as EditionDiff;
    expect(diff.old).toMatch(/^v1 \([0-9a-f]{7}\)$/);
    expect(diff.changed.map((change) => change.id)).toEqual(['bg-coaching']);
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

describe('kompendium diff --pdf: the redline edition', () => {
  it('marks the changes on the pages of their cards and lists them on a summary page', () => {
    const roundTwo = deriveRoundTwo();
    const out = mkdtempSync(path.join(os.tmpdir(), 'kompendium-redline-'));
    const pdf = path.join(out, 'redline.pdf');
    const result = runCli(['diff', 'entries', roundTwo, '--pdf', pdf]);
    expect(result.status, result.stderr).toBe(1);
    const pageMap = JSON.parse(readFileSync(path.join(out, 'redline.json'), 'utf8')) as PageMap;
    const pages = allPageTexts(pdf);
    const summary = foldSpace(pages[1] ?? '');
    expect(summary).toContain('Änderungen gegenüber entries');
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
    const teil1 = foldSpace(pages.slice(2, 7).join(' '));
    expect(teil1).toMatch(/eine große Hürde darstellt ?bedeutet/);
  });

  it('leaves unchanged cards out with --only-changed', () => {
    const roundTwo = deriveRoundTwo();
    const out = mkdtempSync(path.join(os.tmpdir(), 'kompendium-redline-'));
    const result = runCli(['diff', 'entries', roundTwo, '--pdf', path.join(out, 'changes.pdf'), '--only-changed']);
    expect(result.status, result.stderr).toBe(1);
    const pageMap = JSON.parse(readFileSync(path.join(out, 'changes.json'), 'utf8')) as PageMap;
    expect(pageMap.cards.map((card) => card.id)).toEqual([
      expected.changedCard,
      expected.renamed.to,
      expected.removed,
      expected.added,
    ]);
  });
});

describe('kompendium diff --pages', () => {
  it("names the pages to reprint and the cards that moved, from both editions' page maps", () => {
    const roundTwo = deriveRoundTwo();
    const result = runCli(['diff', 'entries', roundTwo, '--format', 'json', '--pages']);
    expect(result.status, result.stderr).toBe(1);
    const diff = JSON.parse(result.stdout) as EditionDiff;
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
});
