/**
 * Skipping outputs that would come out the same: an output's key is a hash of everything its PDF depends on —
 * the composed document (entries, templates and styles are all in it), the files it loads (stylesheets, fonts),
 * the page scripts (Paged.js, kompendium's handler), kompendium's version and code, the document's metadata and the
 * Chromium binary. When the key
 * and the PDF in the output folder are unchanged, the output is not rendered again.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ComposedDocument, PageMap } from '../model/types.ts';
import { keptSections } from './section-cache.ts';
import { cacheDir, KeptRecords, sealRecord } from './store.ts';

/** What the cache keeps per output, beside the output: the key and the page map it produced. */
export interface OutputRecord {
  key: string;
  pdfSha256: string;
  pageMap: PageMap;
  /** The keys of the laid-out sections the PDF was put together from: an unchanged output still uses them. */
  sectionKeys?: string[];
  /** The output name of the edition it was built from: a build of another edition must not replace it. */
  edition?: string;
}

function isOutputRecord(value: unknown): value is OutputRecord {
  const record = value as Partial<OutputRecord> | null;
  return typeof record?.key === 'string' && typeof record.pdfSha256 === 'string' && record.pageMap !== undefined;
}

/** Output records sit directly in the cache folder, named after the output: one per output, never removed. */
function outputRecords(outDir: string): KeptRecords<OutputRecord> {
  return new KeptRecords(cacheDir(outDir), isOutputRecord);
}

export function outputRecordFile(outDir: string, name: string): string {
  return outputRecords(outDir).file(name);
}

/**
 * kompendium's own code as a hash: every file under src/ (post-processing, the PDF writer, the check, the profiles).
 * A change to any of them changes what the same document's PDF looks like inside, so it is part of each output's
 * key (not of the sections' key: the layout depends only on the page scripts, which `dependencyKey` hashes).
 */
export async function codeKey(sourceDir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(sourceDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(`\n${path.relative(sourceDir, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/** The key of an output: it changes whenever anything its PDF depends on changes. */
export function outputKey(dependency: string, document: ComposedDocument): string {
  return createHash('sha256').update(dependency).update(document.html).digest('hex');
}

/**
 * A hash of what a document's layout depends on besides its HTML: the files it loads (stylesheets, fonts), the page
 * scripts, kompendium's version and the browser. Laid-out sections are kept under it (src/cache/section-cache.ts).
 */
export async function dependencyKey(
  document: ComposedDocument,
  engine: { files: readonly string[]; version: string },
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`kompendium ${engine.version}\n`);
  const files = [...document.assets.values(), ...engine.files].sort();
  for (const file of files) {
    hash.update(`\n${file}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

/**
 * The record of an output whose key is unchanged and whose PDF is still the one that was written, else undefined.
 * The sections it was put together from are marked as used: the next change to it needs most of them again.
 */
export async function findUnchangedOutput(
  outDir: string,
  name: string,
  key: string,
): Promise<OutputRecord | undefined> {
  const record = await outputRecords(outDir).read(name);
  if (record?.key !== key) return undefined;
  const pdf = await readFile(path.join(outDir, `${name}.pdf`)).catch(() => undefined);
  if (pdf === undefined || sha256(pdf) !== record.pdfSha256) return undefined;
  await keptSections(outDir).markUsed(record.sectionKeys ?? []);
  return record;
}

/** The edition an output in the folder was built from, as its record says (undefined: no record, or none said). */
export async function recordedEdition(outDir: string, name: string): Promise<string | undefined> {
  return (await outputRecords(outDir).read(name))?.edition;
}

/** The sealed text of an output's record (src/cache/store.ts). */
export function outputRecord(
  name: string,
  record: Omit<OutputRecord, 'pdfSha256' | 'pageMap'>,
  pdf: Uint8Array,
  pageMap: PageMap,
): string {
  const full: OutputRecord = {
    key: record.key,
    pdfSha256: sha256(pdf),
    pageMap,
    sectionKeys: record.sectionKeys ?? [],
    ...(record.edition === undefined ? {} : { edition: record.edition }),
  };
  return sealRecord(name, `${JSON.stringify(full)}\n`);
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
