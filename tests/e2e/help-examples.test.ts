/**
 * Every example of `kompendium --help` (and of the commands' own help) and of the README, run as written on the
 * shipped edition: in a
 * scratch copy of the project (entries/ as shipped, in a git repository with two commits, so that `HEAD~1` exists),
 * one after another, through bash, with `kompendium` standing for this checkout's CLI. The examples come from the
 * help text at test time: an example added to the help is run too.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../helpers/cli.ts';

const bin = path.join(projectRoot, 'src/bin.js');

/** The example command lines of a help text: `  kompendium …`, without the description after two spaces. */
function examplesOf(help: string): string[] {
  return help
    .split('\n')
    .filter((line) => /^ {2}kompendium /.test(line))
    .map((line) => line.trim().split(/ {2,}/)[0] ?? '');
}

/** The command lines of the README's `sh` blocks, without their comments. */
function readmeExamples(): string[] {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
  return (
    blocks
      .flatMap((block) => block.split('\n'))
      .filter((line) => line.startsWith('kompendium '))
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      // What `verify` prints for a file that breaks a rule: no such file ships.
      .filter((line) => line !== 'kompendium verify other.pdf')
  );
}

const helpTexts = ['--help', 'help build', 'help diff', 'help preview', 'help new', 'help schema', 'help verify'];
const examples = [
  ...new Set([...helpTexts.flatMap((args) => examplesOf(runCli(args.split(' ')).stdout)), ...readmeExamples()]),
];

/**
 * What an example takes for granted: the README's survey round `round-2026/` exists (made by `new edition`, as the
 * README shows), except for the example that makes it.
 */
function prepare(example: string): void {
  const round = path.join(scratch, 'round-2026');
  if (/^kompendium new edition round-2026\//.test(example)) rmSync(round, { recursive: true, force: true });
  else if (example.includes('round-2026/') && !existsSync(round)) {
    const made = runCli(['new', 'edition', 'round-2026/', '--from', 'entries/', '--year', '2026'], { cwd: scratch });
    expect(made.status, made.stderr).toBe(0);
  }
}

/** What an example must end with: diff exits 1 when the editions differ (as diff(1) does). */
const expectedStatus = (example: string): number => (example.startsWith('kompendium diff ') ? 1 : 0);

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'kompendium-help-'));
  cpSync(path.join(projectRoot, 'entries'), path.join(scratch, 'entries'), { recursive: true });
  // Where `kompendium schema > src/model/entry.schema.json` writes; the folder an example builds from.
  mkdirSync(path.join(scratch, 'src/model'), { recursive: true });
  cpSync(path.join(projectRoot, 'entries'), path.join(scratch, 'my-round'), { recursive: true });
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=k', '-c', 'user.email=k@example.org', ...args], { cwd: scratch });
  };
  git('init', '-q');
  git('add', 'entries');
  git('commit', '-q', '-m', 'the edition as shipped');
  // Three more commits, so that HEAD~3 exists, the last of them a change.
  const card = path.join(scratch, 'entries/teil2/03-bg-coaching.md');
  for (const [i, word] of ['Kommunikationstrainings', 'Kommunikationskurs', 'Kommunikationstraining!'].entries()) {
    writeFileSync(card, readFileSync(card, 'utf8').replace(/Kommunikations\S*/, word));
    git('commit', '-q', '-am', `change ${String(i + 1)}`);
  }
}, 60_000);

function runExample(example: string): { status: number | null; output: string } {
  const script = `kompendium() { "${process.execPath}" "${bin}" "$@"; }\n${example}`;
  const result = spawnSync('bash', ['-c', script], { cwd: scratch, encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * A preview and a watch build run until Ctrl-C: they have worked when they print `ready` (the preview its address,
 * the watch build its line after the first build).
 */
async function runUntilReady(example: string, ready: RegExp): Promise<string> {
  const script = `kompendium() { exec "${process.execPath}" "${bin}" "$@"; }\n${example}`;
  const child = spawn('bash', ['-c', script], { cwd: scratch, detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const until = Date.now() + 60_000;
  while (!ready.test(output) && child.exitCode === null && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
  await new Promise((resolve) => child.on('exit', resolve));
  return output;
}

describe('the examples of the help', () => {
  it('are there to run', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  for (const example of examples) {
    it(`runs: ${example}`, async () => {
      prepare(example);
      if (example.startsWith('kompendium preview')) {
        const address = /http:\/\/127\.0\.0\.1:\d+\//;
        expect(await runUntilReady(example, address)).toMatch(address);
        return;
      }
      if (/^kompendium build .*--watch/.test(example)) {
        const watching = /✓ start: .*\n.*Watching /;
        expect(await runUntilReady(example, watching)).toMatch(watching);
        return;
      }
      const { status, output } = runExample(example);
      expect(status, output).toBe(expectedStatus(example));
    }, 300_000);
  }
});
