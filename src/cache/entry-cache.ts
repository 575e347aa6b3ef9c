/**
 * Parsed entries, kept for later runs. Parsing the Markdown of every entry is a large part of every build's start,
 * while reading a kept tree costs next to nothing; an editor who changed one card should wait only for that card.
 * A tree is kept in the output folder under a hash of the entry's text and of the parser: its source file and the
 * installed packages (package-lock.json), so that an upgrade of remark parses everything again.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import { kompendiumVersion, projectRoot } from '../model/config.ts';
import { cacheDir, KeptRecords } from './store.ts';

/**
 * Where parsed trees are kept, and the hash of the parser they were made with. Trees parsed in this run wait in
 * `parsed` (as JSON, before later stages touch them) until the build has written its outputs: a build that fails
 * or finds problems writes nothing, not even its cache.
 */
export interface EntryCache {
  trees: KeptRecords<Root>;
  parserKey: string;
  parsed: Map<string, string>;
}

function isTree(value: unknown): value is Root {
  const tree = value as Partial<Root> | null;
  return tree?.type === 'root' && Array.isArray(tree.children);
}

/** The cache in an output folder, or undefined when the parser's identity cannot be read (then nothing is kept). */
export async function openEntryCache(outDir: string): Promise<EntryCache | undefined> {
  try {
    const hash = createHash('sha256').update(`kompendium ${kompendiumVersion}\n`);
    for (const file of ['package-lock.json', 'src/stages/1-load/load-entries.ts']) {
      hash.update(await readFile(path.join(projectRoot, file)));
    }
    return {
      trees: new KeptRecords(cacheDir(outDir, 'entries'), isTree),
      parserKey: hash.digest('hex'),
      parsed: new Map(),
    };
  } catch {
    return undefined;
  }
}

function treeKey(cache: EntryCache, text: string): string {
  return createHash('sha256').update(`${cache.parserKey}\n`).update(text).digest('hex');
}

/** The kept tree of an entry with exactly this text, or undefined. */
export async function readKeptTree(cache: EntryCache, text: string): Promise<Root | undefined> {
  return cache.trees.read(treeKey(cache, text));
}

/** Notes a tree parsed in this run, to be kept by `keepParsedTrees`. */
export function noteParsedTree(cache: EntryCache, text: string, tree: Root): void {
  cache.parsed.set(treeKey(cache, text), JSON.stringify(tree));
}

/** Keeps the trees parsed in this run for later runs. */
export async function keepParsedTrees(cache: EntryCache): Promise<void> {
  await cache.trees.write([...cache.parsed].map(([key, json]) => ({ key, json })));
  cache.parsed.clear();
}
