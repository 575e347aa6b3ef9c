/**
 * The command line's contract for scripts and CI, with the real CLI: one JSON envelope for every command and every
 * outcome, `--timings` beside the normal report, progress on stderr off a terminal, all problems in one run.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixtureEdition, runCli } from '../helpers/cli.ts';

interface Envelope {
  command: string;
  exitCode: number;
  outputs: unknown[];
  diagnostics: { file: string; line: number; column: number; rule: string }[];
  failures: unknown[];
  error: string | null;
}

const envelopeKeys = ['command', 'diagnostics', 'error', 'exitCode', 'failures', 'outputs'];

function envelopeOf(stdout: string): Envelope {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const value = JSON.parse(lines[0] ?? '') as Envelope;
  for (const key of envelopeKeys) expect(Object.keys(value)).toContain(key);
  return value;
}

function brokenCopy(): string {
  const dir = copyFixtureEdition();
  const card = path.join(dir, 'entries/teil2/01-bg-coaching.md');
  writeFileSync(card, '---\nkind: card\ntitle: [kaputt\n---\n');
  return dir;
}

describe('one JSON envelope, whatever the outcome', () => {
  it('build --json with an option commander refuses: exit 2, the error in the envelope', () => {
    const result = runCli(['build', '--json', '--bogus'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(2);
    expect(envelopeOf(result.stdout)).toMatchObject({
      command: 'build',
      exitCode: 2,
      error: "unknown option '--bogus'",
    });
  });

  it('build --json with a Land that does not exist: exit 2, failures and outputs empty, the error named', () => {
    const result = runCli(['build', '--json', '--land', 'XX'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(2);
    const envelope = envelopeOf(result.stdout);
    expect(envelope).toMatchObject({ command: 'build', exitCode: 2, outputs: [], failures: [] });
    expect(envelope.error).toContain('"XX" is not a Land');
  });

  it('build --json on broken entries: exit 1, the diagnostics with positions, nothing written', () => {
    const dir = brokenCopy();
    const result = runCli(['build', '--json', '--out', 'out'], { cwd: dir });
    expect(result.status).toBe(1);
    const envelope = envelopeOf(result.stdout);
    expect(envelope).toMatchObject({ command: 'build', exitCode: 1, outputs: [], error: null });
    expect(envelope.diagnostics).toContainEqual(
      expect.objectContaining({ file: 'entries/teil2/01-bg-coaching.md', line: 3, rule: 'yaml-syntax' }),
    );
    expect(() => readdirSync(path.join(dir, 'out'))).toThrow();
  });

  it('check --json: the same envelope, outputs empty (check writes nothing)', () => {
    const result = runCli(['check', '--json'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(0);
    expect(envelopeOf(result.stdout)).toEqual({
      command: 'check',
      exitCode: 0,
      outputs: [],
      diagnostics: [],
      failures: [],
      error: null,
    });
  });

  it('diff --format json against an invalid edition: exit 2, its diagnostics and the error on stdout', () => {
    const dir = brokenCopy();
    const result = runCli(['diff', 'entries', 'entries', '--format', 'json'], { cwd: dir });
    expect(result.status).toBe(2);
    const envelope = envelopeOf(result.stdout);
    expect(envelope).toMatchObject({ command: 'diff', exitCode: 2, error: 'entries is not a valid edition' });
    expect(envelope.diagnostics.map((d) => d.rule)).toContain('yaml-syntax');
  });

  it('diff --format json against a side that does not exist: exit 2, the error on stdout', () => {
    const result = runCli(['diff', 'entries', 'no-such-round/', '--format', 'json'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(2);
    expect(envelopeOf(result.stdout)).toMatchObject({ command: 'diff', exitCode: 2 });
  });

  it('verify --json on a file that is no PDF: exit 2, the error in the envelope', () => {
    const dir = copyFixtureEdition();
    writeFileSync(path.join(dir, 'not.pdf'), 'no PDF');
    const result = runCli(['verify', '--json', 'not.pdf'], { cwd: dir });
    expect(result.status).toBe(2);
    const envelope = envelopeOf(result.stdout);
    expect(envelope).toMatchObject({ command: 'verify', exitCode: 2 });
    expect(envelope.error).toContain('not.pdf');
  });
});

describe('reports beside each other', () => {
  it('build --timings on broken entries prints the diagnostics and the timing table', () => {
    const result = runCli(['build', '--timings', '--out', 'out'], { cwd: brokenCopy() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^entries\/teil2\/01-bg-coaching\.md:3:\d+ {2}error .* yaml-syntax$/m);
    expect(result.stderr).toContain('Time per stage (all outputs):');
  });

  it('off a terminal, build reports its progress on stderr, a line per output, and lists each output once on stdout', () => {
    const result = runCli(['build', '--out', 'out'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('cards checked; building 1 output(s)');
    expect(result.stderr).toMatch(/^✓ out\/fixture-2013\.pdf {2}\d+ pages$/m);
    expect(result.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^out\/fixture-2013\.pdf {2}\d+ pages$/)]);
  });

  it('diff --pages says on stderr what it paginates while it does', () => {
    const result = runCli(['diff', 'entries', 'entries', '--pages'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Paginating the old edition (entries)');
    expect(result.stderr).toContain('Paginating the new edition (entries)');
  });
});

describe('an edition that goes to print', () => {
  const withPlaceholder = (final: boolean): string => {
    const dir = copyFixtureEdition();
    const card = path.join(dir, 'entries/teil2/02-amiga.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('Seit 2005, unbefristet.', '[AUSFÜLLEN] Handlungszeitraum'));
    if (final) {
      const edition = path.join(dir, 'entries/edition.md');
      writeFileSync(edition, readFileSync(edition, 'utf8').replace('year: 2013', 'year: 2013\nstatus: final'));
    }
    return dir;
  };

  it('check --strict turns the warning of a placeholder left into an error (exit 1)', () => {
    const dir = withPlaceholder(false);
    expect(runCli(['check'], { cwd: dir }).status).toBe(0);
    const strict = runCli(['check', '--strict'], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/02-amiga\.md:32:1 {2}error .*\(an error: --strict\) {2}placeholder$/m);
  });

  it('build of an edition marked status: final stops at a placeholder, writing nothing', () => {
    const dir = withPlaceholder(true);
    const result = runCli(['build', '--out', 'out'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('(an error: the edition is marked status: final)');
    expect(() => readdirSync(path.join(dir, 'out'))).toThrow();
  });
});

describe('layout problems at the entry', () => {
  it("reports content of a TEIL 1 principle that does not fit at the principle's line, naming the output", () => {
    const dir = copyFixtureEdition();
    const principle = path.join(dir, 'entries/teil1/01-personal.md');
    const text = readFileSync(principle, 'utf8').trimEnd();
    writeFileSync(principle, `${text}\n\nDie Nummer ${'0123456789'.repeat(20)} passt nicht.\n`);
    const line = text.split('\n').length + 2;
    const result = runCli(['build', '--out', 'out'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^entries/teil1/01-personal\\.md:${String(line)}:1 {2}error {2}In fixture-2013\\.pdf: Content on page \\d+ .* {2}content-overflow$`,
        'm',
      ),
    );
  });
});

describe('input checked where it is typed', () => {
  it('refuses --brochure with a filter beside it (the filter would be ignored)', () => {
    const result = runCli(['build', '--brochure', 'bayern', '--land', 'NW'], { cwd: copyFixtureEdition() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("option '--brochure <id>' cannot be used with option '--land <land>'");
  });

  it('refuses new edition --year 20x6 and writes nothing', () => {
    const dir = copyFixtureEdition();
    const result = runCli(['new', 'edition', 'round-2026', '--from', 'entries', '--year', '20x6'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected a four-digit year from 2000 to 2100');
    expect(readdirSync(dir)).toEqual(['entries']);
  });
});
