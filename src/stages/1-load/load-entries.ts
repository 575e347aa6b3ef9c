/**
 * Stage 1: read every entry file under the entries folder into a VFile, its YAML front matter (as a YAML document
 * that keeps node ranges) and its Markdown tree. Nothing is stripped, so every position is a real file position.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { glob } from 'tinyglobby';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { LineCounter, parseDocument, visit, YAMLParseError, type Alias, type Document } from 'yaml';
import { addDiagnostic } from '../../diagnostics/report.ts';
import type { FrontMatter, LoadedEntry } from '../../model/types.ts';
import { noteParsedTree, readKeptTree, type EntryCache } from '../../cache/entry-cache.ts';

export interface LoadOptions {
  /** Folder holding the entry files. */
  entriesDir: string;
  /** Paths in diagnostics are shown relative to this folder (the working directory by default). */
  displayRoot: string;
  /** Parsed trees kept by earlier runs (a build's output folder); entries whose text is unchanged are not parsed. */
  entryCache?: EntryCache | undefined;
}

const markdownParser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']);

/** Loads all `*.md` files below `entriesDir`, sorted by path so that file names fix the printed order. */
export async function loadEntries(options: LoadOptions): Promise<LoadedEntry[]> {
  const paths = await glob('**/*.md', {
    cwd: options.entriesDir,
    absolute: true,
  });
  paths.sort((a, b) => a.localeCompare(b, 'en'));
  const root = await realpath(options.entriesDir);
  const entries: LoadedEntry[] = [];
  for (const file of paths) {
    // A link that leads out of the entries folder is not read: entries must not pull in other files.
    const target = await realpath(file).catch(() => undefined);
    entries.push(
      target === undefined || !target.startsWith(`${root}${path.sep}`)
        ? outsideLink(file, options.displayRoot)
        : await loadEntry(file, options.displayRoot, options.entryCache),
    );
    // Parsing is synchronous: between entries, other work of the process gets its turn (Chromium, which starts
    // meanwhile, waits for answers to its start-up messages).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return entries;
}

function outsideLink(file: string, displayRoot: string): LoadedEntry {
  const vfile = new VFile({ path: path.relative(displayRoot, file) || file, cwd: displayRoot, value: '' });
  addDiagnostic(vfile, {
    reason:
      'The entry is a link to a file outside the entries folder (or to nothing); it was not read. Copy the file into the entries folder instead',
    rule: 'outside-link',
    place: { line: 1, column: 1 },
  });
  return { file: vfile, frontMatter: undefined, tree: { type: 'root', children: [] } };
}

/** Reads one entry. Encoding problems and missing front matter become diagnostics on its file. */
export async function loadEntry(
  absolutePath: string,
  displayRoot: string,
  entryCache?: EntryCache,
): Promise<LoadedEntry> {
  const bytes = await readFile(absolutePath);
  const file = new VFile({
    path: path.relative(displayRoot, absolutePath) || absolutePath,
    cwd: displayRoot,
  });
  const text = decodeEntryText(bytes, file);
  file.value = text;
  if (entryCache === undefined) return parseEntryText(file);
  const kept = await readKeptTree(entryCache, text);
  if (kept !== undefined) return { file, frontMatter: readFrontMatter(kept, file), tree: kept };
  const parsed = parseEntryText(file);
  noteParsedTree(entryCache, text, parsed.tree);
  return parsed;
}

/** Parses an entry whose text is already in `file.value` (tests and preview use this directly). */
export function parseEntryText(file: VFile): LoadedEntry {
  const tree = markdownParser.parse(file);
  const frontMatter = readFrontMatter(tree, file);
  return { file, frontMatter, tree };
}

/**
 * Entries must be UTF-8. A BOM is dropped; CRLF line ends are accepted as they are. Text that is not valid UTF-8
 * is decoded as Windows-1252 (what Word on Windows writes) so that positions still work, and reported.
 */
function decodeEntryText(bytes: Uint8Array, file: VFile): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    const text = new TextDecoder('windows-1252').decode(bytes);
    const offset = firstInvalidUtf8Offset(bytes);
    const line = text.slice(0, offset).split('\n').length;
    addDiagnostic(file, {
      reason:
        'The file is not UTF-8; it looks like Latin-1/Windows-1252 (e.g. saved from Word on Windows). Save it as UTF-8, e.g. `iconv -f windows-1252 -t utf-8`',
      rule: 'file-encoding',
      place: { line, column: 1 },
    });
    return text;
  }
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // Binary search for the longest valid prefix; a cut in the middle of a character counts as invalid too.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, middle));
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}

function readFrontMatter(tree: Root, file: VFile): FrontMatter | undefined {
  const first = tree.children[0];
  if (first?.type !== 'yaml' || first.position === undefined) {
    addDiagnostic(file, {
      reason:
        'The entry has no front matter. Start the file with a `---` line, the YAML fields (at least `kind:`), and a closing `---` line',
      rule: 'missing-front-matter',
      place: { line: 1, column: 1 },
    });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(first.value, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  rejectAliases(document);
  return { document, lineCounter, firstLine: first.position.start.line + 1 };
}

/**
 * Entries have no use for YAML anchors and aliases (`&name`, `*name`), and an alias is where YAML can crash a reader:
 * one without its anchor cannot be resolved, and aliases of aliases multiply a few lines into millions of values.
 * Each alias becomes a YAML error at its position, so the entry is reported and never expanded.
 */
function rejectAliases(document: Document.Parsed): void {
  const aliases: Alias[] = [];
  visit(document, {
    Alias(_key, alias) {
      aliases.push(alias);
    },
  });
  const [first] = aliases;
  if (first === undefined) return;
  // One error per entry: a bomb holds thousands of aliases, and the first shows what to fix.
  const start = first.range?.[0] ?? 0;
  const more = aliases.length > 1 ? ` (and ${String(aliases.length - 1)} more aliases in this entry)` : '';
  document.errors.push(
    new YAMLParseError(
      [start, first.range?.[1] ?? start],
      'BAD_ALIAS',
      `The alias *${first.source}${more} repeats another value; entries do not use YAML anchors and aliases. Write the value out in full`,
    ),
  );
}
