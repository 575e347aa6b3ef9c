/**
 * Writing files so that a reader never sees half of them: each goes to a temporary file in its folder, and only
 * when all are written are they renamed into place. Files written together are replaced together or not at all:
 * the files they replace are kept under a second name until every rename has succeeded, and put back when one
 * fails. A build that fails or is interrupted leaves the previous files untouched.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../diagnostics/run-errors.ts';
import { processIsAlive } from './process-alive.ts';

export interface OutputFile {
  path: string;
  data: Uint8Array | string;
}

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file stands where a folder should be',
  EISDIR: 'a folder stands where a file is to be written',
  ENOENT: 'the folder cannot be made there',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path loops through symbolic links',
  EIO: 'the disk reported an input/output error',
};

/** A failure of the file system, turned into the one line the user reads (exit 2). */
class FolderProblem extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

function problemOf(error: unknown, file: string): FolderProblem {
  if (error instanceof FolderProblem) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = reasons[code] ?? (code === '' ? String(error) : `the file system refused (${code})`);
  return new FolderProblem(file, reason);
}

/**
 * Makes a folder and its parents one level at a time. Node's `mkdir(…, { recursive: true })` spins forever on a path
 * the kernel refuses without an error it expects (under /proc); here each level is tried once.
 */
async function makeFolder(dir: string): Promise<void> {
  // stat follows a link: a link to a folder is a folder to write into.
  const stats = await stat(dir).catch(() => undefined);
  if (stats?.isDirectory() === true) return;
  if (stats !== undefined) throw new FolderProblem(dir, 'a file stands where a folder should be');
  const parent = path.dirname(dir);
  if (parent !== dir) await makeFolder(parent);
  try {
    await mkdir(dir);
  } catch (error) {
    // Another build may have made it meanwhile.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await lstat(dir)).isDirectory()) return;
    throw problemOf(error, dir);
  }
}

/** Refuses before anything is written when a folder stands where one of the files should go. */
async function refuseFoldersInTheWay(files: readonly OutputFile[]): Promise<void> {
  for (const file of files) {
    const stats = await lstat(file.path).catch(() => undefined);
    if (stats?.isDirectory() === true)
      throw new FolderProblem(file.path, 'a folder stands where a file is to be written');
  }
}

/** A path as the user gave it: relative to the working folder when inside it. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

interface Placement {
  path: string;
  temporary: string;
  /** The file this one replaces, kept under a second name until all are in place; undefined for a new file. */
  backup: string | undefined;
  placed: boolean;
}

/** Keeps the file at `file` under `backup` (a second link, or a copy where the file system has no links). */
async function keepPrevious(file: string, backup: string): Promise<string | undefined> {
  const exists = await lstat(file).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  await link(file, backup).catch(async () => copyFile(file, backup));
  return backup;
}

/** Puts back what was replaced before a rename failed, and removes what was new. */
async function restore(placements: readonly Placement[]): Promise<void> {
  for (const placement of placements) {
    if (!placement.placed) continue;
    if (placement.backup !== undefined) await rename(placement.backup, placement.path);
    else await rm(placement.path, { force: true });
  }
}

/** The names this module gives temporaries and kept previous files: `.<name>.<pid>-<8 hex>.tmp[.previous]`. */
const temporaryName = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp(?:\.previous)?$/;

/**
 * Removes what a build that was killed (SIGKILL, a power cut) left half written in these folders: temporaries of a
 * process that no longer runs. Those of a build still running beside this one stay. Returns how many were removed.
 */
export async function removeLeftoverTemporaries(folders: readonly string[]): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const pid = temporaryName.exec(name)?.[1];
      if (pid === undefined || processIsAlive(Number(pid))) continue;
      await rm(path.join(folder, name), { force: true }).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}

export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  // Unique per call: outputs written at the same time may share a file (a font of `--all --html`).
  const suffix = `${String(process.pid)}-${randomUUID().slice(0, 8)}`;
  const placements: Placement[] = files.map((file) => ({
    path: file.path,
    temporary: path.join(path.dirname(file.path), `.${path.basename(file.path)}.${suffix}.tmp`),
    backup: undefined,
    placed: false,
  }));
  const leftovers = (): string[] =>
    placements.flatMap((placement) => [placement.temporary, ...(placement.backup ? [placement.backup] : [])]);
  // An interrupted build (Ctrl-C, SIGTERM) exits through 'exit': remove what was only half written.
  const removeLeftovers = (): void => {
    for (const file of leftovers()) {
      try {
        rmSync(file, { force: true });
      } catch {
        // The folder itself is unusable; there is nothing to remove.
      }
    }
  };
  process.once('exit', removeLeftovers);
  let step = files[0]?.path ?? '.';
  // Set when a rename failed and what it replaced could not all be put back: the message must then say so.
  const outcome = { putBack: true };
  try {
    for (const dir of new Set(files.map((file) => path.dirname(file.path)))) await makeFolder(dir);
    await refuseFoldersInTheWay(files);
    for (const [i, placement] of placements.entries()) {
      step = placement.path;
      await writeFile(placement.temporary, files[i]?.data ?? '');
    }
    for (const placement of placements) {
      step = placement.path;
      placement.backup = await keepPrevious(placement.path, `${placement.temporary}.previous`);
    }
    for (const placement of placements) {
      step = placement.path;
      try {
        await rename(placement.temporary, placement.path);
        placement.placed = true;
      } catch (error) {
        outcome.putBack = await restore(placements).then(
          () => true,
          () => false,
        );
        throw error;
      }
    }
  } catch (error) {
    const problem = problemOf(error, step);
    const previous = outcome.putBack
      ? 'the previous files there are unchanged'
      : 'some files could not be put back; build again once the folder can be written';
    throw new OutputError(
      `Cannot write ${shownPath(problem.file)}: ${problem.reason}. Choose another folder with --out, or fix this one (free space, permissions); ${previous}`,
    );
  } finally {
    process.removeListener('exit', removeLeftovers);
    await Promise.all(leftovers().map((file) => rm(file, { force: true }).catch(() => undefined)));
  }
}
