/**
 * Checks of what an entry's text will print: characters the font has no glyph for, raw HTML that the sanitiser
 * will remove (so that nothing is lost silently), and sizes past which a build would take too long. Part of
 * stage 2; everything is reported with its position.
 */
import type { Html, Root, Text } from 'mdast';
import type { Point } from 'unist';
import { visit } from 'unist-util-visit';
import { isScalar, visit as visitYaml } from 'yaml';
import { addDiagnostic } from '../../diagnostics/report.ts';
import { pointAtOffset } from '../../diagnostics/yaml-position.ts';
import { hasArimoGlyph } from '../../model/fonts.ts';
import { placeholder } from '../../model/forms.ts';
import type { LoadedEntry } from '../../model/types.ts';

/** An entry larger than this is refused: no report needs it, and rendering it would take minutes. */
export const maxEntryBytes = 1024 * 1024;
/** A list longer than this is refused, for the same reason. */
export const maxListItems = 2000;

export function validateContent(entry: LoadedEntry): void {
  const size = Buffer.byteLength(String(entry.file.value));
  if (size > maxEntryBytes) {
    addDiagnostic(entry.file, {
      reason: `The entry has ${String(Math.round(size / 1024))} KiB of text; entries are limited to ${String(maxEntryBytes / 1024)} KiB. Split it, or move long tables out of the report`,
      rule: 'entry-too-large',
      place: { line: 1, column: 1 },
    });
    return;
  }
  checkPlaceholders(entry);
  checkGlyphs(entry);
  checkLists(entry.tree, entry);
  checkRawHtml(entry.tree, entry);
}

/** `kompendium new` writes "[AUSFÜLLEN]" where an author still has to write something. */
function checkPlaceholders(entry: LoadedEntry): void {
  String(entry.file.value)
    .split('\n')
    .forEach((line, index) => {
      const column = line.indexOf(placeholder);
      if (column === -1) return;
      addDiagnostic(entry.file, {
        reason: `A placeholder is still to be filled in: replace "${placeholder}" and the hint after it with the real text`,
        rule: 'placeholder',
        place: { line: index + 1, column: column + 1 },
      });
    });
}

function checkGlyphs(entry: LoadedEntry): void {
  const reported = new Set<string>();
  const report = (character: string, place: Point): void => {
    if (reported.has(character)) return;
    reported.add(character);
    const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    addDiagnostic(entry.file, {
      reason: `The character "${character}" (${code}) has no glyph in the report's font (Arimo, Latin); it would print in another font. Replace it (e.g. "→" by "–", "✓" by "X")`,
      rule: 'missing-glyph',
      place,
    });
  };
  visit(entry.tree, (node) => {
    if (node.type !== 'text' && node.type !== 'inlineCode') return;
    const start = node.position?.start;
    if (start === undefined) return;
    scanText((node as Text).value, start, report);
  });
  const frontMatter = entry.frontMatter;
  if (frontMatter === undefined) return;
  visitYaml(frontMatter.document, {
    Scalar(_, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || node.range === undefined || node.range === null) return;
      const offset = node.range[0];
      for (const character of node.value) {
        const codePoint = character.codePointAt(0) ?? 0;
        if (!hasArimoGlyph(codePoint)) report(character, pointAtOffset(frontMatter, offset));
      }
    },
  });
}

function scanText(value: string, start: Point, report: (character: string, place: Point) => void): void {
  let line = start.line;
  let column = start.column;
  for (const character of value) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (!hasArimoGlyph(codePoint)) report(character, { line, column });
    if (character === '\n') {
      line++;
      column = 1;
    } else column++;
  }
}

function checkLists(tree: Root, entry: LoadedEntry): void {
  visit(tree, 'list', (node) => {
    if (node.children.length <= maxListItems) return;
    addDiagnostic(entry.file, {
      reason: `This list has ${String(node.children.length)} items; lists are limited to ${String(maxListItems)}. Split it, or summarise it`,
      rule: 'list-too-long',
      place: node.position?.start,
    });
  });
}

/** What the allow-list removes from raw HTML: say so, instead of dropping it silently. */
const removedHtml: [RegExp, string][] = [
  [/<script\b/i, 'a <script> element'],
  [/<iframe\b/i, 'an <iframe>'],
  [
    /<(object|embed|form|input|style|link|meta|base)\b/i,
    'an element that is not allowed (object, embed, form, style, link …)',
  ],
  [/<(img|picture|source|video|audio)\b/i, 'an image or media element (the report loads no images)'],
  [/\son[a-z]+\s*=/i, 'an event handler attribute (onclick …)'],
  [/\sstyle\s*=/i, 'a style attribute'],
  [/(href|src)\s*=\s*["']?\s*(javascript|data|file|vbscript):/i, 'a javascript:, data:, file: or vbscript: link'],
];

function checkRawHtml(tree: Root, entry: LoadedEntry): void {
  visit(tree, 'html', (node: Html) => {
    for (const [pattern, what] of removedHtml) {
      if (!pattern.test(node.value)) continue;
      addDiagnostic(entry.file, {
        reason: `Raw HTML with ${what} is removed when the entry is rendered; it never runs or loads. Write the content as Markdown`,
        rule: 'unsafe-html',
        place: node.position?.start,
      });
    }
  });
}
