/**
 * Kept files (laid-out sections, parsed entries) that no build used for two weeks are removed; used ones stay.
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptForMs, markUsed, removeUnused } from '../../src/cache/store.ts';

const day = 24 * 60 * 60 * 1000;

function keptFile(folder: string, name: string, lastUsed: number): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  writeFileSync(file, '{}');
  utimesSync(file, new Date(lastUsed), new Date(lastUsed));
  return file;
}

describe('kept files', () => {
  it('removes the files no build used within two weeks, and only those', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-kept-'));
    const sections = path.join(dir, 'sections');
    const entries = path.join(dir, 'entries');
    const now = Date.now();
    keptFile(sections, 'old.json', now - keptForMs - day);
    keptFile(sections, 'recent.json', now - keptForMs + day);
    keptFile(entries, 'old.json', now - 30 * day);
    keptFile(entries, 'today.json', now);

    const removed = await removeUnused([sections, entries, path.join(dir, 'missing')], now);

    expect(removed).toBe(2);
    expect(readdirSync(sections)).toEqual(['recent.json']);
    expect(readdirSync(entries)).toEqual(['today.json']);
  });

  it('keeps a file that was used again, however old it is', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-kept-'));
    const file = keptFile(dir, 'section.json', Date.now() - 60 * day);
    await markUsed(file);
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(day);
    expect(await removeUnused([dir])).toBe(0);
    await markUsed(path.join(dir, 'gone.json')); // a file removed meanwhile is no error
  });
});
