/**
 * Stage 1: read every entry file under the entries folder into a VFile, its YAML front matter (as a YAML document
 * that keeps node ranges) and its Markdown tree. Nothing is stripped, so every position is a real file position.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { glob } from 'tinyglobby';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { LineCounter, parseDocument, visit, YAMLParseError, type Alias, type Document } from 'yaml';
import { addDiagnostic, pointAfter } from '../../diagnostics/report.ts';
import { EntriesFolderError } from '../../diagnostics/run-errors.ts';
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

/**
 * The entries folder's real path. A folder that is not there, or not a folder, is a mistake in the call (exit 2,
 * one line), not a problem of an entry.
 */
async function entriesFolder(entriesDir: string, displayRoot: string): Promise<string> {
  const shown = path.relative(displayRoot, entriesDir) || '.';
  const stats = await stat(entriesDir).catch(() => undefined);
  if (stats === undefined)
    throw new EntriesFolderError(
      `The entries folder ${shown}/ does not exist. Give the edition's folder with --entries DIR (default entries/), or start one with \`kompendium new edition DIR --from entries/\``,
    );
  if (!stats.isDirectory())
    throw new EntriesFolderError(
      `${shown} is a file, not a folder of entries. Give the edition's folder with --entries DIR`,
    );
  return realpath(entriesDir);
}

/** Loads all `*.md` files below `entriesDir`, sorted by path so that file names fix the printed order. */
export async function loadEntries(options: LoadOptions): Promise<LoadedEntry[]> {
  const root = await entriesFolder(options.entriesDir, options.displayRoot);
  const paths = await entryFiles(options.entriesDir);
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

/**
 * The entry files: regular files (or links to them) named `*.md`, sorted by path. The glob also yields the files
 * inside a folder whose own name ends in `.md` (a PNG in `bilder.md/`); those are not entries. Special files (a FIFO
 * named `x.md`, which would block the read) are left out too.
 */
async function entryFiles(entriesDir: string): Promise<string[]> {
  const paths = await glob('**/*.md', { cwd: entriesDir, absolute: true });
  const files: string[] = [];
  for (const file of paths) {
    if (!file.endsWith('.md')) continue;
    const stats = await stat(file).catch(() => undefined);
    if (stats?.isFile() === true) files.push(file);
  }
  return files.sort((a, b) => a.localeCompare(b, 'en'));
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
 * Entries must be UTF-8. A BOM is dropped; CRLF line ends are accepted as they are. Other text is decoded as well as
 * it can be, so that the entry's fields and marks still count (no cascade of errors about what seems missing) and
 * positions still work, and reported once with the encoding it is in:
 * - UTF-16 (a byte-order mark, or NUL bytes between ASCII letters): decoded as UTF-16;
 * - UTF-8 with a few bytes that are not (text pasted from another file): decoded as UTF-8, the bad bytes as U+FFFD,
 *   reported at the first of them;
 * - no UTF-8 sequence at all, but bytes above 127: Windows-1252, what Word on Windows writes.
 */
function decodeEntryText(bytes: Uint8Array, file: VFile): string {
  const utf16 = utf16Order(bytes);
  if (utf16 !== undefined) {
    const text = new TextDecoder(utf16).decode(bytes);
    addDiagnostic(file, {
      reason: `The file is ${utf16 === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'}, not UTF-8 (e.g. saved as "Unicode" on Windows). Save it as UTF-8, e.g. \`iconv -f ${utf16} -t utf-8\``,
      rule: 'file-encoding',
      place: { line: 1, column: 1 },
    });
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    if (hasUtf8Sequence(bytes)) {
      const text = new TextDecoder('utf-8').decode(bytes);

      addDiagnostic(file, {
        reason: `The file is UTF-8 except for ${invalidByteCount(bytes)} here: text pasted from a file in another encoding. Retype the characters here (they print as "\uFFFD"), and save the file as UTF-8`,
        rule: 'file-encoding',
        place: pointAfter(new TextDecoder('utf-8').decode(bytes.subarray(0, offset))),
      });
      return text.startsWith('\uFEFF') ? text.slice(1) : text;
    }
    const text = new TextDecoder('windows-1252').decode(bytes);
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

/** UTF-16 by its byte-order mark, or by NUL bytes beside ASCII in the first line (a `---` opens every entry). */
function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) return 'utf-16le';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0) return 'utf-16be';
  return undefined;
}

/** Whether the bytes hold at least one well-formed UTF-8 sequence of two or more bytes (e.g. "ä" as C3 A4). */
function hasUtf8Sequence(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    const lead = bytes[i] ?? 0;
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) continue;
    const tail = bytes.subarray(i + 1, i + length);
    if (tail.length === length - 1 && tail.every((byte) => byte >= 0x80 && byte <= 0xbf)) return true;
  }
  return false;
}

function invalidByteCount(bytes: Uint8Array): string {
  // U+FFFD that the file itself holds as UTF-8 counts too: it is as damaged.
  const replaced = new TextDecoder('utf-8').decode(bytes).split('\uFFFD').length - 1;
  return replaced === 1 ? 'one character' : `${String(replaced)} characters, the first`;
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
