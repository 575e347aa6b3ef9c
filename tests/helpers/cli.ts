/**
 * Runs the real `kompendium` command in a child process, as a user would.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtureEdition = path.join(projectRoot, 'tests/fixtures/edition');
const bin = path.join(projectRoot, 'src/bin.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch copy of the fixture edition that a test may change. */
export function copyFixtureEdition(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-test-'));
  const entries = path.join(dir, 'entries');
  cpSync(fixtureEdition, entries, { recursive: true });
  return dir;
}

/** Two named brochures of the fixture edition, one Bavarian card and one from Brandenburg. */
export function writeTwoBrochures(entriesDir: string): void {
  writeFileSync(
    path.join(entriesDir, 'brochures.md'),
    [
      '---',
      'kind: brochures',
      'brochures:',
      '  - id: bayern',
      '    subtitle: Regionalausgabe Bayern',
      '    select: { land: [BY] }',
      '  - id: brandenburg',
      '    subtitle: Regionalausgabe Brandenburg',
      '    select: { land: [BB] }',
      '---',
      '',
    ].join('\n'),
  );
}
