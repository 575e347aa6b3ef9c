/**
 * What the output folder and its caches can do to a build, with the real CLI: folders where files should be, a
 * path the kernel refuses, kept records damaged or altered on disk, leftovers of a build that was killed. Each case
 * ends with a true message (exit 2 when nothing could be written) and the previous PDF and page map unchanged, or
 * with a PDF equal to a clean build's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixtureEdition, projectRoot, runCli } from '../helpers/cli.ts';

const bin = path.join(projectRoot, 'src/bin.js');
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The hashes of the files a build writes together, by relative path: each output's PDF, page map and record. The
 * laid-out sections and parsed entries are kept for later builds as they are made, whether the output is written
 * or not, and are left out.
 */
function folderHashes(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.kompendium-cache\/(sections|entries)$/.test(entry.parentPath)) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, file)] = sha(file);
  }
  return hashes;
}

/** A fixture edition built once into out/, copied for each test. */
let built: string;
beforeAll(() => {
  built = copyFixtureEdition();
  expect(runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: built }).status).toBe(0);
});

function builtCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-outfaults-'));
  execFileSync('cp', ['-a', `${built}/.`, dir]);
  return dir;
}

function changeCard(dir: string): void {
  const card = path.join(dir, 'entries/teil2/02-amiga.md');
  writeFileSync(card, readFileSync(card, 'utf8').replace('Seit 2005', 'Seit 2006'));
}

/**
 * Builds again after a card changed, where the output folder refuses: exit 2 with the reason, a true message, and
 * the files a build writes together as they were.
 */
function expectRefusedWithFilesKept(dir: string, reason: string): void {
  const before = folderHashes(path.join(dir, 'out'));
  changeCard(dir);
  const result = runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(reason);
  expect(result.stderr).toContain('the previous files there are unchanged');
  expect(folderHashes(path.join(dir, 'out'))).toEqual(before);
}

describe('the output folder', () => {
  it('a path the kernel refuses (/proc) ends in exit 2 within the bound, naming the folder', () => {
    const dir = builtCopy();
    const started = Date.now();
    const result = runCli(['build', '--entries', 'entries', '--out', '/proc/kompendium-out'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Cannot write /proc/kompendium-out: the folder cannot be made there');
  });

  it('a folder the file system refuses to write (/sys): exit 2, permission denied, not a raw EACCES', () => {
    const result = runCli(['build', '--entries', 'entries', '--out', '/sys/kompendium-out'], { cwd: builtCopy() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Cannot write /sys/kompendium-out: permission denied');
  });

  it('a folder where the page map should be: exit 2, and the PDF and page map are the previous ones', () => {
    const dir = builtCopy();
    rmSync(path.join(dir, 'out/fixture-2013.json'));
    mkdirSync(path.join(dir, 'out/fixture-2013.json'));
    expectRefusedWithFilesKept(dir, 'fixture-2013.json: a folder stands where a file is to be written');
  });

  it('a folder where the PDF should be: exit 2 with advice, not a raw EISDIR', () => {
    const dir = copyFixtureEdition();
    mkdirSync(path.join(dir, 'out/fixture-2013.pdf'), { recursive: true });
    const result = runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('fixture-2013.pdf: a folder stands where a file is to be written');
    expect(result.stderr).not.toContain('EISDIR');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['.kompendium-cache', 'fixture-2013.pdf']);
    expect(readdirSync(path.join(dir, 'out/fixture-2013.pdf'))).toEqual([]);
  });

  it('a cache folder that cannot be written: exit 2, and the message about the previous files is true', () => {
    const dir = builtCopy();
    rmSync(path.join(dir, 'out/.kompendium-cache'), { recursive: true });
    writeFileSync(path.join(dir, 'out/.kompendium-cache'), 'not a folder');
    expectRefusedWithFilesKept(dir, '.kompendium-cache: a file stands where a folder should be');
  });

  it('a kept section altered on disk is laid out again: the PDF equals a clean build', () => {
    const dir = builtCopy();
    const sections = path.join(dir, 'out/.kompendium-cache/sections');
    for (const name of readdirSync(sections)) {
      const file = path.join(sections, name);
      // Pages of another layout, shape intact: a reader that checks only the shape prints them.
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"pages":\[/, '"pages":[{"tampered":true},'));
    }
    const clean = copyFixtureEdition();
    expect(runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: clean }).status).toBe(0);
    const result = runCli(['build', '--entries', 'entries', '--out', 'out', '--no-cache'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(sha(path.join(dir, 'out/fixture-2013.pdf'))).toBe(sha(path.join(clean, 'out/fixture-2013.pdf')));
  });

  it('a damaged kept entry tree gives no false errors on valid entries', () => {
    const dir = builtCopy();
    const entries = path.join(dir, 'out/.kompendium-cache/entries');
    for (const name of readdirSync(entries)) {
      const file = path.join(entries, name);
      // A tree of the right shape but the wrong content: an empty document.
      const [seal] = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, `${seal ?? ''}\n{"type":"root","children":[]}`);
    }
    // build, not check: only a build reads the kept trees (from its output folder).
    const build = runCli(['build', '--entries', 'entries', '--out', 'out', '--json'], { cwd: dir });
    expect(build.status).toBe(0);
    expect(JSON.parse(build.stdout)).toMatchObject({ diagnostics: [] });
  });

  it('an output record copied under another output name is not taken for it', () => {
    const dir = builtCopy();
    const cache = path.join(dir, 'out/.kompendium-cache');
    writeFileSync(path.join(cache, 'auswahl-by.json'), readFileSync(path.join(cache, 'fixture-2013.json')));
    const result = runCli(['build', '--entries', 'entries', '--out', 'out', '--land', 'BY', '--json'], {
      cwd: dir,
    });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as { outputs: unknown[] }).outputs).toMatchObject([{ cached: false }]);
  });
});

describe('leftovers', () => {
  it("the folder of a SIGKILLed build is removed by the next build, Chromium's own temporary files with it", () => {
    const dir = builtCopy();
    // Short: Chromium's socket path under it must stay within 107 bytes (src/browser/chromium.ts).
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'kl-'));
    // A build that died: its pid is gone (a child that has exited), its folder holds a profile and Chromium's files.
    const dead = spawnSync('true').pid;
    const stale = path.join(tmp, `kompendium-chromium-${String(dead)}-AbC123`);
    mkdirSync(path.join(stale, 'profile'), { recursive: true });
    mkdirSync(path.join(stale, 'org.chromium.Chromium.xyz'));
    changeCard(dir);
    const result = runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(
      readdirSync(tmp).filter((name) => name.startsWith('kompendium-chromium-') || name.startsWith('org.chromium')),
    ).toEqual([]);
  });
});

describe('half-written files of a killed build', () => {
  it('are removed by the next build; those of a build that still runs are left alone', () => {
    const dir = builtCopy();
    const dead = spawnSync('true').pid;
    const leftovers = [
      `out/.fixture-2013.pdf.${String(dead)}-0123abcd.tmp`,
      `out/.fixture-2013.json.${String(dead)}-0123abcd.tmp.previous`,
      `out/.kompendium-cache/sections/.x.json.${String(dead)}-89abcdef.tmp`,
    ];
    const running = `out/.fixture-2013.pdf.${String(process.pid)}-fedcba98.tmp`;
    for (const file of [...leftovers, running]) writeFileSync(path.join(dir, file), 'half');
    changeCard(dir);
    const result = runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(leftovers.filter((file) => existsSync(path.join(dir, file)))).toEqual([]);
    expect(existsSync(path.join(dir, running))).toBe(true);
  });
});

describe('a closed pipe', () => {
  for (const args of [['schema'], ['help', 'build'], ['check', '--json'], ['diff', 'entries', 'entries']]) {
    it(`kompendium ${args.join(' ')} | true ends quietly`, () => {
      const dir = builtCopy();
      const result = spawnSync('bash', ['-c', `node ${bin} ${args.join(' ')} | true; echo "\${PIPESTATUS[0]}"`], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
      expect(['0', '141']).toContain(result.stdout.trim());
    });
  }
});
