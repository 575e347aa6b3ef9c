/**
 * Skipping outputs that would come out the same: an output's key is a hash of everything its PDF depends on —
 * the composed document (entries, templates and styles are all in it), the files it loads (stylesheets, fonts),
 * the page scripts (Paged.js, kompendium's handler), kompendium's version and the Chromium binary. When the key
 * and the PDF in the output folder are unchanged, the output is not rendered again.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ComposedDocument, PageMap } from '../model/types.ts';

/** What the cache keeps per output, beside the output: the key and the page map it produced. */
export interface CacheRecord {
  key: string;
  pdfSha256: string;
  pageMap: PageMap;
  /** The keys of the laid-out sections the PDF was put together from: an unchanged output still uses them. */
  sectionKeys?: string[];
}

export function cacheFile(outDir: string, name: string): string {
  return path.join(outDir, '.kompendium-cache', `${name}.json`);
}

/** The key of an output: it changes whenever anything its PDF depends on changes. */
export function outputKey(dependency: string, document: ComposedDocument): string {
  return createHash('sha256').update(dependency).update(document.html).digest('hex');
}

/**
 * A hash of what a document's layout depends on besides its HTML: the files it loads (stylesheets, fonts), the page
 * scripts, kompendium's version and the browser. Laid-out sections are kept under it (src/stages/paginate.ts).
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

/** The cached page map when the key matches and the PDF is still the one that was written; else undefined. */
export async function readCache(outDir: string, name: string, key: string): Promise<CacheRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(cacheFile(outDir, name), 'utf8')) as CacheRecord;
    if (record.key !== key) return undefined;
    const pdf = path.join(outDir, `${name}.pdf`);
    await stat(pdf);
    const sha = createHash('sha256')
      .update(await readFile(pdf))
      .digest('hex');
    return sha === record.pdfSha256 ? record : undefined;
  } catch {
    return undefined;
  }
}

export function cacheRecord(key: string, pdf: Uint8Array, pageMap: PageMap, sectionKeys: string[] = []): string {
  const record: CacheRecord = {
    key,
    pdfSha256: createHash('sha256').update(pdf).digest('hex'),
    pageMap,
    sectionKeys,
  };
  return `${JSON.stringify(record)}\n`;
}
