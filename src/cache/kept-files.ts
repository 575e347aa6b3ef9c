/**
 * What builds keep for later builds in the output folder (laid-out sections, parsed entries) grows with every edit:
 * each changed card and each new index is kept under a new name, and the old one is never asked for again. A kept
 * file's modification time says when a build last used it; a build that wrote its outputs removes the files that
 * no build used for two weeks.
 */
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';

/** How long a kept file may go unused before a build removes it. */
export const keptForMs = 14 * 24 * 60 * 60 * 1000;

/** Marks a kept file as used now. A file that is gone meanwhile needs no mark. */
export async function markUsed(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
}

/** Removes the files in these folders not used since `now - keptForMs`; returns how many. A missing folder holds nothing. */
export async function removeUnused(folders: readonly string[], now = Date.now()): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(folder, name);
      const lastUsed = await stat(file).then(
        (stats) => (stats.isFile() ? stats.mtimeMs : now),
        () => now,
      );
      if (now - lastUsed <= keptForMs) continue;
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
