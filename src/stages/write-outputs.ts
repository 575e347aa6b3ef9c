/**
 * Stage 7: files go into the output folder through temporary files in the same folder and renames, so a build
 * that fails or is interrupted leaves the previous PDF and page map untouched. All temporary files are written
 * before the first rename, so a PDF and its page map are replaced together or not at all.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile {
  path: string;
  data: Uint8Array | string;
}

export async function writeOutputs(files: readonly OutputFile[]): Promise<void> {
  const temporaries = files.map((file) => ({
    ...file,
    temporary: path.join(path.dirname(file.path), `.${path.basename(file.path)}.${String(process.pid)}.tmp`),
  }));
  try {
    for (const file of temporaries) {
      await mkdir(path.dirname(file.path), { recursive: true });
      await writeFile(file.temporary, file.data);
    }
    for (const file of temporaries) await rename(file.temporary, file.path);
  } finally {
    await Promise.all(temporaries.map((file) => rm(file.temporary, { force: true })));
  }
}
