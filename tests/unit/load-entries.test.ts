/**
 * Loading: front matter and Markdown with real file positions, whatever the file's line ends or BOM.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepParsedTrees, openEntryCache } from '../../src/cache/entry-cache.ts';
import { loadEntry } from '../../src/stages/1-load/load-entries.ts';
import { validateEntry } from '../../src/stages/2-validate/validate-entries.ts';

const principle = [
  '---',
  'kind: principle',
  'number: 1',
  'title: Speziell geschultes Personal',
  '---',
  '',
  'Text.',
  '',
];

function writeEntry(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-load-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('loadEntry', () => {
  it('keeps the front matter as YAML whose positions are file positions', async () => {
    const file = writeEntry('a.md', principle.join('\n'));
    const entry = await loadEntry(file, path.dirname(file));
    expect(entry.frontMatter?.firstLine).toBe(2);
    expect(entry.tree.children.at(-1)?.position?.start.line).toBe(7);
    expect(validateEntry(entry)?.kind).toBe('principle');
  });

  it('accepts CRLF line ends and a byte order mark', async () => {
    const file = writeEntry('crlf.md', `\uFEFF${principle.join('\r\n')}`);
    const entry = await loadEntry(file, path.dirname(file));
    expect(entry.file.messages).toEqual([]);
    expect(validateEntry(entry)?.data).toMatchObject({ number: 1, title: 'Speziell geschultes Personal' });
  });

  it('reports a Latin-1 file from Windows with the line of the first bad byte', async () => {
    const text = principle.join('\n').replace('Text.', 'Maßnahme für Ältere.');
    const latin1 = Uint8Array.from(Array.from(text, (character) => character.charCodeAt(0)));
    const file = writeEntry('latin1.md', latin1);
    const entry = await loadEntry(file, path.dirname(file));
    expect(entry.file.messages.map(String)).toEqual([
      expect.stringMatching(/^latin1\.md:7:1: The file is not UTF-8; it looks like Latin-1\/Windows-1252/),
    ]);
    expect(String(entry.file.value)).toContain('Maßnahme für Ältere.');
  });

  it('reports a file without front matter at 1:1', async () => {
    const file = writeEntry('bare.md', '# Nur Text\n');
    const entry = await loadEntry(file, path.dirname(file));
    expect(entry.frontMatter).toBeUndefined();
    expect(entry.file.messages.map(String)[0]).toMatch(/^bare\.md:1:1: The entry has no front matter/);
  });
});

describe('kept parsed entries', () => {
  it('reuses a tree only for the same text, and parses a changed entry again', async () => {
    const file = writeEntry('a.md', principle.join('\n'));
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-kept-'));
    const cache = await openEntryCache(outDir);
    if (cache === undefined) throw new Error('the parser identity (package-lock.json) could not be read');
    const fresh = await loadEntry(file, path.dirname(file));
    const first = await loadEntry(file, path.dirname(file), cache);
    expect(existsSync(cache.trees.dir)).toBe(false);
    await keepParsedTrees(cache);
    expect(readdirSync(cache.trees.dir)).toHaveLength(1);
    const kept = await loadEntry(file, path.dirname(file), cache);
    expect(kept.tree).toEqual(JSON.parse(JSON.stringify(fresh.tree)));
    expect(kept.tree).not.toBe(first.tree);
    expect(validateEntry(kept)?.kind).toBe('principle');

    writeFileSync(file, principle.join('\n').replace('Text.', 'Neuer Text.'));
    const changed = await loadEntry(file, path.dirname(file), cache);
    expect(JSON.stringify(changed.tree)).toContain('Neuer Text.');
    await keepParsedTrees(cache);
    expect(readdirSync(cache.trees.dir)).toHaveLength(2);
  });

  it('parses again when a kept tree cannot be read', async () => {
    const file = writeEntry('a.md', principle.join('\n'));
    const cache = await openEntryCache(mkdtempSync(path.join(os.tmpdir(), 'kompendium-kept-')));
    if (cache === undefined) throw new Error('the parser identity (package-lock.json) could not be read');
    await loadEntry(file, path.dirname(file), cache);
    await keepParsedTrees(cache);
    const [kept] = readdirSync(cache.trees.dir);
    writeFileSync(path.join(cache.trees.dir, kept ?? ''), '{"type": "root", "chil');
    const entry = await loadEntry(file, path.dirname(file), cache);
    expect(entry.tree.children.at(-1)?.position?.start.line).toBe(7);
  });
});
