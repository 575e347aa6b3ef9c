/**
 * Writing files so that a reader never sees half of them: each goes to a temporary file in its folder, and only
 * when all are written are they renamed into place, so files written together are replaced together or not at
 * all, and a build that fails or is interrupted leaves the previous ones untouched.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../diagnostics/run-errors.ts';

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
  EEXIST: 'a file stands where the output folder should be',
};

export async function writeFilesAtomically(files: readonly OutputFile[]): Promise<void> {
  // Unique per call: outputs written at the same time may share a file (a font of `--all --html`).
  const suffix = `${String(process.pid)}-${randomUUID().slice(0, 8)}.tmp`;
  const temporaries = files.map((file) => ({
    ...file,
    temporary: path.join(path.dirname(file.path), `.${path.basename(file.path)}.${suffix}`),
  }));
  // An interrupted build (Ctrl-C, SIGTERM) exits through 'exit': remove what was only half written.
  const removeTemporaries = (): void => {
    for (const file of temporaries) {
      try {
        rmSync(file.temporary, { force: true });
      } catch {
        // The folder itself is unusable; there is nothing to remove.
      }
    }
  };
  process.once('exit', removeTemporaries);
  try {
    for (const file of temporaries) {
      await mkdir(path.dirname(file.path), { recursive: true });
      await writeFile(file.temporary, file.data);
    }
    for (const file of temporaries) await rename(file.temporary, file.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = reasons[code];
    if (reason === undefined) throw error;
    const where = path.dirname(files[0]?.path ?? '.');
    throw new OutputError(
      `Cannot write the output into ${where}: ${reason}. Choose another folder with --out (or free space, if the disk is full); the previous files there are unchanged`,
    );
  } finally {
    process.removeListener('exit', removeTemporaries);
    await Promise.all(temporaries.map((file) => rm(file.temporary, { force: true }).catch(() => undefined)));
  }
}
