/**
 * The one store under every cache: JSON records in the output folder's `.kompendium-cache/`, each folder of them
 * a `KeptRecords` (records named by a key). Records are written atomically, so a reader sees a whole record or none;
 * and each is sealed: its first line names its key and the SHA-256 of the JSON below it. A record is read back only
 * when the seal fits the key asked for and the text, and the JSON has the expected shape; a record that was damaged
 * or altered on disk, or copied under another name, counts as missing and is made again.
 *
 * What builds keep for later builds (laid-out sections, parsed entries) grows with every edit: each changed card
 * and each new index is kept under a new key, and the old one is never asked for again. A record's modification
 * time says when a build last used it; a build that wrote its outputs removes the records that no build used for
 * two weeks (`removeUnused`).
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { writeFilesAtomically } from '../files/atomic-write.ts';

/** How long a kept file may go unused before a build removes it. */
export const keptForMs = 14 * 24 * 60 * 60 * 1000;

/** The folders of records inside the cache folder. */
export const cacheParts = ['sections', 'entries'] as const;

/** The output folder's cache folder; `part` names a folder of records inside it. */
export function cacheDir(outDir: string, part?: (typeof cacheParts)[number]): string {
  const dir = path.join(outDir, '.kompendium-cache');
  return part === undefined ? dir : path.join(dir, part);
}

const sealMark = 'kompendium-record';

/** A record's text: the seal line (key and the SHA-256 of the JSON), then the JSON. */
export function sealRecord(key: string, json: string): string {
  return `${sealMark} ${key} ${createHash('sha256').update(json).digest('hex')}\n${json}`;
}

/** The JSON of a sealed record, when its seal fits `key` and the text; else undefined. */
export function openSealedRecord(key: string, text: string): string | undefined {
  const end = text.indexOf('\n');
  if (end < 0) return undefined;
  const json = text.slice(end + 1);
  return text.slice(0, end) === sealRecord(key, json).slice(0, end) ? json : undefined;
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

  /** The record under `key`, marked as used; undefined when there is none, or its seal or shape is wrong. */
  async read(key: string): Promise<T | undefined> {
    const file = this.file(key);
    try {
      const json = openSealedRecord(key, await readFile(file, 'utf8'));
      if (json === undefined) return undefined;
      const value: unknown = JSON.parse(json);
      if (!this.accepts(value)) return undefined;
      await markUsed(file);
      return value;
    } catch {
      return undefined;
    }
  }

  /** Writes records given as their JSON text. */
  async write(records: readonly { key: string; json: string }[]): Promise<void> {
    await writeFilesAtomically(records.map(({ key, json }) => ({ path: this.file(key), data: sealRecord(key, json) })));
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
