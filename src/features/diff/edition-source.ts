/**
 * Where an edition to compare comes from: a folder of entries, or a git revision of the repository in which
 * kompendium runs (`v2013`, `HEAD~3`, a branch), meaning its `entries/` at that revision, unpacked into a
 * temporary folder that is removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EditionSourceError } from '../../diagnostics/run-errors.ts';

export interface EditionSource {
  /** The folder holding the entries. */
  dir: string;
  /** How reports name this side: the folder, or the revision with its short commit id. */
  label: string;
  /** Removes a temporary folder made for a revision. */
  cleanup: () => void;
}

export function openEditionSource(spec: string, cwd: string): EditionSource {
  const asFolder = path.resolve(cwd, spec);
  if (isDirectory(asFolder)) return { dir: asFolder, label: spec, cleanup: () => undefined };
  const commit = gitOutput(cwd, ['rev-parse', '--verify', '--quiet', `${spec}^{commit}`]);
  if (commit === undefined) {
    throw new EditionSourceError(
      `"${spec}" is neither a folder nor a git revision of this repository. Give an edition folder (e.g. entries/) or a revision (a tag, branch, or HEAD~3)`,
    );
  }
  const top = gitOutput(cwd, ['rev-parse', '--show-toplevel']) ?? cwd;
  const prefix = path.relative(top, path.resolve(cwd, 'entries')) || 'entries';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-revision-'));
  const archive = spawnSync('git', ['-C', top, 'archive', '--format=tar', commit, prefix], {
    maxBuffer: 256 * 1024 * 1024,
  });
  if (archive.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new EditionSourceError(
      `Revision "${spec}" has no ${prefix}/ folder to compare: ${archive.stderr.toString().trim()}`,
    );
  }
  execFileSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  return {
    dir: path.join(dir, prefix),
    label: `${spec} (${commit.slice(0, 7)})`,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function gitOutput(cwd: string, args: string[]): string | undefined {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
