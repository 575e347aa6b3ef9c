/**
 * Which characters the report's font really has: the character maps (`cmap`) of the Arimo files the document loads.
 * The stylesheet's unicode ranges say which file Chromium asks for a character, not whether that file has a glyph
 * for it; a character in range without a glyph prints in a fallback font. Validation checks against both.
 *
 * The files are WOFF 1.0 (the `.woff` twins of the `.woff2` files the document loads; the same fonts, zlib instead
 * of Brotli), whose tables are read without a font library: the table directory, then the cmap's format 4 and 12
 * subtables (the Unicode ones, platform 3 or 0).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { arimoFaces, arimoRanges, arimoSubsets } from './fonts.ts';

/** The code points a font file maps to a glyph other than .notdef. */
export function woffCharacters(woff: Buffer): Set<number> {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 file');
  const tables = woff.readUInt16BE(12);
  for (let i = 0; i < tables; i++) {
    const entry = 44 + i * 20;
    if (woff.toString('latin1', entry, entry + 4) !== 'cmap') continue;
    const offset = woff.readUInt32BE(entry + 4);
    const compressed = woff.readUInt32BE(entry + 8);
    const original = woff.readUInt32BE(entry + 12);
    const data = woff.subarray(offset, offset + compressed);
    return cmapCharacters(compressed < original ? inflateSync(data) : data);
  }
  throw new Error('the font has no cmap table');
}

function cmapCharacters(cmap: Buffer): Set<number> {
  const count = cmap.readUInt16BE(2);
  const subtables: { format: number; offset: number }[] = [];
  for (let i = 0; i < count; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode) subtables.push({ format: cmap.readUInt16BE(offset), offset });
  }
  const full = subtables.find((table) => table.format === 12);
  if (full !== undefined) return format12(cmap, full.offset);
  const basic = subtables.find((table) => table.format === 4);
  if (basic !== undefined) return format4(cmap, basic.offset);
  throw new Error('the font has no Unicode cmap of format 4 or 12');
}

function format4(cmap: Buffer, at: number): Set<number> {
  const segments = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  const characters = new Set<number>();
  for (let s = 0; s < segments; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readInt16BE(deltas + s * 2);
    const rangeOffsetAt = rangeOffsets + s * 2;
    const rangeOffset = cmap.readUInt16BE(rangeOffsetAt);
    for (let code = start; code <= end && code !== 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const glyphAt = rangeOffsetAt + rangeOffset + (code - start) * 2;
        const index = cmap.readUInt16BE(glyphAt);
        glyph = index === 0 ? 0 : (index + delta) & 0xffff;
      }
      if (glyph !== 0) characters.add(code);
    }
  }
  return characters;
}

function format12(cmap: Buffer, at: number): Set<number> {
  const groups = cmap.readUInt32BE(at + 12);
  const characters = new Set<number>();
  for (let g = 0; g < groups; g++) {
    const group = at + 16 + g * 12;
    const start = cmap.readUInt32BE(group);
    const end = cmap.readUInt32BE(group + 4);
    const firstGlyph = cmap.readUInt32BE(group + 8);
    for (let code = start; code <= end; code++) if (firstGlyph + (code - start) !== 0) characters.add(code);
  }
  return characters;
}

/**
 * The characters every face of the print can show: in the stylesheet's ranges and in the character maps of all four
 * faces (a word may be set in any of them). Read from the installed files, once per process.
 */
export function arimoCharacters(): ReadonlySet<number> {
  coverage ??= readCoverage();
  return coverage;
}

let coverage: ReadonlySet<number> | undefined;

function readCoverage(): ReadonlySet<number> {
  const files = path.join(
    path.dirname(createRequire(import.meta.url).resolve('@fontsource/arimo/package.json')),
    'files',
  );
  const perFace = arimoFaces.map((face) => {
    const characters = new Set<number>();
    for (const subset of arimoSubsets) {
      const file = path.join(files, `arimo-${subset}-${face.weight}-${face.style}.woff`);
      for (const code of woffCharacters(readFileSync(file))) characters.add(code);
    }
    return characters;
  });
  const [first = new Set<number>(), ...others] = perFace;
  const inRange = (code: number): boolean => arimoRanges.some(([low, high]) => code >= low && code <= high);
  return new Set([...first].filter((code) => inRange(code) && others.every((face) => face.has(code))));
}
