/**
 * Stage 7: files go into the output folder through temporary files in the same folder and renames, so a build
 * that fails or is interrupted leaves the previous PDF and page map untouched. All temporary files are written
 * before the first rename, so a PDF and its page map are replaced together or not at all.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile {
  path: string;
  data: Uint8Array | string;
}

/** Writing failed for a reason of the environment (no permission, disk full): a clear message, exit code 2. */
export class OutputError extends Error {
  override name = 'OutputError';
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

export async function writeOutputs(files: readonly OutputFile[]): Promise<void> {
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
