/**
 * The one store under every cache: JSON records in the output folder's `.kompendium-cache/`, each folder of them
 * a `KeptRecords` (records named by a key, read back only when they still have the expected shape). Records are
 * written atomically, so a reader sees a whole record or none.
 *
 * What builds keep for later builds (laid-out sections, parsed entries) grows with every edit: each changed card
 * and each new index is kept under a new key, and the old one is never asked for again. A record's modification
 * time says when a build last used it; a build that wrote its outputs removes the records that no build used for
 * two weeks (`removeUnused`).
 */
import { readFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomically } from '../files/atomic-write.ts';

/** How long a kept file may go unused before a build removes it. */
export const keptForMs = 14 * 24 * 60 * 60 * 1000;

/** The output folder's cache folder; `part` names a folder of records inside it. */
export function cacheDir(outDir: string, part?: 'sections' | 'entries'): string {
  const dir = path.join(outDir, '.kompendium-cache');
  return part === undefined ? dir : path.join(dir, part);
}

/** A folder of JSON records named by key. `accepts` says whether a parsed record has the shape of one. */
export class KeptRecords<T> {
  constructor(
    readonly dir: string,
    private readonly accepts: (value: unknown) => value is T,
  ) {}

  file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  /** The record under `key`, marked as used; undefined when there is none, or it cannot be read or is not one. */
  async read(key: string): Promise<T | undefined> {
    const file = this.file(key);
    try {
      const value: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (!this.accepts(value)) return undefined;
      await markUsed(file);
      return value;
    } catch {
      return undefined;
    }
  }

  /** Writes records given as their JSON text. */
  async write(records: readonly { key: string; json: string }[]): Promise<void> {
    await writeFilesAtomically(records.map(({ key, json }) => ({ path: this.file(key), data: json })));
  }

  /** Marks records as used now, so that cleaning up keeps them. */
  async markUsed(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => markUsed(this.file(key))));
  }
}

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

/** After a build that wrote its outputs: removes the sections and parsed entries no build used for long. */
export async function removeUnusedRecords(outDir: string): Promise<void> {
  await removeUnused([cacheDir(outDir, 'sections'), cacheDir(outDir, 'entries')]);
}
