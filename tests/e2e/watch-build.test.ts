/**
 * `kompendium build --watch`, driven as an editor uses it: the real CLI builds a scratch copy of the fixture
 * edition and keeps running; the test saves entry files on disk (in place and through a rename, as sed -i and
 * many editors do) and reads the PDFs it writes with poppler.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixtureEdition, projectRoot, runCli } from '../helpers/cli.ts';
import { allPageTexts } from '../helpers/pdf.ts';

const bin = path.join(projectRoot, 'src/bin.js');
const pdfName = 'fixture-2013.pdf';

interface WatchProcess {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  /** Resolves when stderr, from `from` on, matches; rejects if the process ends first or the time is up. */
  waitFor: (pattern: RegExp, from?: number) => Promise<string>;
}

function startWatch(cwd: string): WatchProcess {
  // Its own process group: the test can tell afterwards that no process of it (Chromium's included) is left.
  const child = spawn(process.execPath, [bin, 'build', '--watch', '--entries', 'entries', '--out', 'out'], {
    cwd,
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const waitFor = async (pattern: RegExp, from = 0): Promise<string> => {
    const until = Date.now() + 60_000;
    for (;;) {
      const match = pattern.exec(stderr.slice(from));
      if (match !== null) return match[0];
      if (child.exitCode !== null) throw new Error(`the watch ended (${String(child.exitCode)}):\n${stderr}`);
      if (Date.now() > until) throw new Error(`no ${String(pattern)} within 60 s:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, stderr: () => stderr, waitFor };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Saves through a temporary file and a rename, as sed -i and many editors do. */
function saveByRename(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.save-${String(process.pid)}`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** The process group is gone: no process of the watch, Chromium's included, is left. */
function groupIsGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('kompendium build --watch', () => {
  let dir: string;
  let card: string;
  let original: string;
  let pdf: string;
  let watch: WatchProcess;

  beforeAll(async () => {
    dir = copyFixtureEdition();
    card = path.join(dir, 'entries/teil2/01-bg-coaching.md');
    original = readFileSync(card, 'utf8');
    pdf = path.join(dir, 'out', pdfName);
    watch = startWatch(dir);
    await watch.waitFor(/Watching .*Ctrl-C stops\./);
  });

  afterAll(() => {
    if (watch.child.exitCode === null && watch.child.pid !== undefined) process.kill(-watch.child.pid, 'SIGKILL');
  });

  it('builds at the start, then rewrites the PDF after each save with the bytes a new build writes', async () => {
    expect(allPageTexts(pdf).join('\n')).toContain('89.775,- €');
    for (const [i, amount] of ['90.000,- €', '91.500,- €'].entries()) {
      const from = watch.stderr().length;
      // The second save replaces the file: a watch that followed the file, not its folder, would miss it.
      const text = original.replace('89.775,- €', amount);
      if (i === 0) writeFileSync(card, text);
      else saveByRename(card, text);
      await watch.waitFor(/✓ entries\/teil2\/01-bg-coaching\.md: 1 of 1 PDF\(s\) written/, from);
      expect(allPageTexts(pdf).join('\n')).toContain(amount);
    }
    const cold = runCli(['build', '--no-cache', '--entries', 'entries', '--out', 'cold'], { cwd: dir });
    expect(cold.status, cold.stderr).toBe(0);
    expect(sha256(pdf)).toBe(sha256(path.join(dir, 'cold', pdfName)));
  });

  it('reports a broken save as check does and keeps the previous PDF', async () => {
    const before = sha256(pdf);
    const from = watch.stderr().length;
    writeFileSync(card, original.replace('\ntitle: BG-Coaching\n', '\ntitel: BG-Coaching\n'));
    const line = await watch.waitFor(/✗ entries\/teil2\/01-bg-coaching\.md: not built \(2 errors.*/, from);
    expect(line).toContain('the previous PDFs are kept');
    const report = watch.stderr().slice(from);
    expect(report).toMatch(/entries\/teil2\/01-bg-coaching\.md:2:1 {2}error {2}The required field `title` is missing/);
    expect(report).toMatch(/entries\/teil2\/01-bg-coaching\.md:6:1 {2}error {2}Unknown field `titel`/);
    expect(sha256(pdf)).toBe(before);
  });

  it('does not lose a save made while a build runs: the newest text is built', async () => {
    const from = watch.stderr().length;
    writeFileSync(card, original.replace('89.775,- €', '92.000,- €'));
    // The round has read the entries once it reports them checked; the next save comes while it builds.
    await watch.waitFor(/cards checked; building/, from);
    saveByRename(card, original.replace('89.775,- €', '93.250,- €'));
    const rounds =
      /✓ entries\/teil2\/01-bg-coaching\.md: 1 of 1 PDF\(s\) written[^\n]*\n[\s\S]*✓ entries\/teil2\/01-bg-coaching\.md: 1 of 1 PDF\(s\) written/;
    await watch.waitFor(rounds, from);
    const text = allPageTexts(pdf).join('\n');
    expect(text).toContain('93.250,- €');
    expect(text).not.toContain('92.000,- €');
  });

  it('stops on Ctrl-C, also during a build, and leaves no process and no half-written file', async () => {
    const from = watch.stderr().length;
    writeFileSync(card, original.replace('89.775,- €', '94.000,- €'));
    await watch.waitFor(/cards checked; building/, from);
    const pid = watch.child.pid ?? 0;
    const exited = new Promise<number | null>((resolve) => watch.child.on('exit', resolve));
    process.kill(pid, 'SIGINT');
    expect(await exited).toBe(130);
    // Chromium's processes are killed on exit; give the kernel a moment to reap them.
    const until = Date.now() + 5_000;
    while (!groupIsGone(pid) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(groupIsGone(pid)).toBe(true);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['.kompendium-cache', 'fixture-2013.json', pdfName]);
    const leftovers = (folder: string): string[] =>
      readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.includes('.tmp'));
    expect(leftovers(path.join(dir, 'out'))).toEqual([]);
    expect(statSync(pdf).size).toBeGreaterThan(1000);
  });
});

describe('an entries folder that is not there', () => {
  it('is refused with one line and exit 2 by build, build --watch and check', () => {
    const dir = copyFixtureEdition();
    for (const command of [['build'], ['build', '--watch'], ['check']]) {
      const result = runCli([...command, '--entries', 'missing/'], { cwd: dir });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toBe(
        "kompendium: The entries folder missing/ does not exist. Give the edition's folder with --entries DIR (default entries/), or start one with `kompendium new edition DIR --from entries/`\n",
      );
    }
    const file = runCli(['check', '--entries', 'entries/edition.md'], { cwd: dir });
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('entries/edition.md is a file, not a folder of entries');
  });
});
