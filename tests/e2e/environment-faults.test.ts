/**
 * Environment faults, with the real CLI: an interrupted build, a Chromium that dies mid-render, two builds into
 * the same folder at once, an output folder that cannot be written. Each ends with a clear message, the previous
 * PDF intact, and no leftover process, temporary file or profile folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixtureEdition, projectRoot, runCli, writeTwoBrochures } from '../helpers/cli.ts';
import { pageCount } from '../helpers/pdf.ts';

const bin = path.join(projectRoot, 'src/bin.js');
const hash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Each build gets a temporary folder of its own (TMPDIR), where its Chromium keeps its profile: the processes
 * and folders a test looks at are then its build's, whatever else runs on the machine (other test files too).
 */
function ownTemporaryFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kompendium-faults-'));
}

/** The Chromium processes whose profile lies in `tmp`. */
function chromiumPids(tmp: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(path.join(tmp, 'kompendium-chromium-')))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function profileFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('kompendium-chromium-'));
}

/** Starts a build and returns a promise of its exit, plus the child to signal. */
function startBuild(cwd: string, tmp: string, args: string[] = []) {
  const child = spawn(process.execPath, [bin, 'build', '--entries', 'entries', '--out', 'out', ...args], {
    cwd,
    env: { ...process.env, TMPDIR: tmp },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal, stderr });
    });
  });
  return { child, exit, stdout: () => stdout };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('environment faults', () => {
  it('an interrupted build (SIGTERM while Chromium renders) keeps the previous PDF and leaves nothing behind', async () => {
    const dir = copyFixtureEdition();
    expect(runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir }).status).toBe(0);
    const before = hash(path.join(dir, 'out/fixture-2013.pdf'));
    const tmp = ownTemporaryFolder();
    const card = path.join(dir, 'entries/teil2/02-amiga.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('Seit 2005', 'Seit 2006'));
    const build = startBuild(dir, tmp);
    expect(await waitFor(() => chromiumPids(tmp).length > 0, 20_000)).toBe(true);
    build.child.kill('SIGTERM');
    const result = await build.exit;
    expect(result.code).toBe(143);
    expect(hash(path.join(dir, 'out/fixture-2013.pdf'))).toBe(before);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual([
      '.kompendium-cache',
      'fixture-2013.json',
      'fixture-2013.pdf',
    ]);
    expect(await waitFor(() => chromiumPids(tmp).length === 0, 5_000)).toBe(true);
    expect(profileFolders(tmp)).toEqual([]);
  });

  it('a Chromium killed mid-render ends the build with a clear error, within seconds', async () => {
    const dir = copyFixtureEdition();
    const tmp = ownTemporaryFolder();
    const build = startBuild(dir, tmp);
    expect(await waitFor(() => chromiumPids(tmp).length > 0, 20_000)).toBe(true);
    for (const pid of chromiumPids(tmp)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    const started = Date.now();
    const result = await build.exit;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /Chromium stopped during the render|Chromium at .* did not start|Target closed|Protocol error/,
    );
    expect(() => readdirSync(path.join(dir, 'out'))).toThrow();
    expect(await waitFor(() => chromiumPids(tmp).length === 0, 5_000)).toBe(true);
    expect(profileFolders(tmp)).toEqual([]);
  });

  it('two builds into the same folder at the same time both write a complete PDF', async () => {
    const dir = copyFixtureEdition();
    const [first, second] = [startBuild(dir, ownTemporaryFolder()), startBuild(dir, ownTemporaryFolder())];
    const results = await Promise.all([first.exit, second.exit]);
    expect(results.map((result) => result.code)).toEqual([0, 0]);
    expect(pageCount(path.join(dir, 'out/fixture-2013.pdf'))).toBeGreaterThan(5);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual([
      '.kompendium-cache',
      'fixture-2013.json',
      'fixture-2013.pdf',
    ]);
  });

  it('a render that times out during --all: every output ends, each failure says why, the build exits, no Chromium is left', async () => {
    const dir = copyFixtureEdition();
    writeTwoBrochures(path.join(dir, 'entries'));
    const tmp = ownTemporaryFolder();
    // A limit no render meets: the watchdog kills the browser that two outputs share, again and again.
    const build = startBuild(dir, tmp, ['--all', '--no-cache', '--timeout', '0.3', '--json']);
    const started = Date.now();
    const result = await build.exit;
    expect(Date.now() - started).toBeLessThan(90_000);
    expect(result.code).toBe(2);
    const failures = (JSON.parse(build.stdout()) as { failures: { name: string; message: string }[] }).failures;
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.message).toMatch(/did not finish within 0.3 s|was stopped with another output's/);
    }
    expect(chromiumPids(tmp)).toEqual([]);
    expect(profileFolders(tmp)).toEqual([]);
  });

  it('an output folder that cannot be made is a clear error (exit 2)', () => {
    const dir = copyFixtureEdition();
    writeFileSync(path.join(dir, 'blocked'), 'a file where the output folder should be');
    const result = runCli(['build', '--entries', 'entries', '--out', 'blocked/out'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Cannot write blocked: a file stands where a folder should be');
  });
});
