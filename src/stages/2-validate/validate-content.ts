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
import { arimoCharacters } from '../../model/font-coverage.ts';
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
  checkCharacters(entry);
  checkLists(entry.tree, entry);
  checkRawHtml(entry.tree, entry);
  checkImages(entry.tree, entry);
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

/**
 * Characters that print wrong without a word: controls, bidirectional overrides that reverse the text around them,
 * zero-width characters that hide text or split words for search and screen readers, and U+FFFD, which marks text
 * damaged in a conversion. Each with what it is; undefined for a character that may print.
 */
function unprintable(codePoint: number): string | undefined {
  if (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d) return undefined;
  if (codePoint < 0x20 || codePoint === 0x7f) return 'a control character';
  if (codePoint >= 0x80 && codePoint <= 0x9f)
    return 'a control character (C1; often a Windows-1252 quote read wrongly)';
  if (
    codePoint === 0x061c ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  )
    return 'a bidirectional control, which reorders or reverses the text after it';
  if (codePoint === 0x200b || codePoint === 0x200d || codePoint === 0xfeff || codePoint === 0x180e)
    return 'a zero-width character, which hides in the text and splits the word for search and screen readers';
  if (codePoint === 0x2028 || codePoint === 0x2029) return 'a Unicode line or paragraph separator';
  if (codePoint === 0xfffd) return 'the replacement character: the text was damaged when it was converted';
  if (codePoint >= 0xfff9 && codePoint <= 0xfffb) return 'an interlinear annotation control';
  return undefined;
}

/**
 * Invisible characters German text does need: the soft hyphen (a hyphenation point), the zero-width non-joiner
 * (against a ligature across a compound's joint) and the word joiner (against a break). They print nothing, so the
 * font needs no glyph for them.
 */
const wantedInvisibles = new Set([0x00ad, 0x200c, 0x2060]);

function codeOf(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

function checkCharacters(entry: LoadedEntry): void {
  const font = arimoCharacters();
  // A file that is not UTF-8 is reported once (load-entries.ts); the U+FFFD its decoding left are part of that.
  const reported = new Set<string>(
    entry.file.messages.some((message) => message.ruleId === 'file-encoding') ? ['\uFFFD'] : [],
  );
  const report = (character: string, place: Point): void => {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint === 0x09 || codePoint === 0x0d) return;
    const problem = unprintable(codePoint);
    if (problem === undefined && (wantedInvisibles.has(codePoint) || font.has(codePoint))) return;
    // Each character once per entry, at its first place: a pasted text may hold hundreds.
    if (reported.has(character)) return;
    reported.add(character);
    if (problem !== undefined) {
      addDiagnostic(entry.file, {
        reason: `The character ${codeOf(codePoint)} is ${problem}; it must not be in the report. Delete it (an editor that shows invisible characters helps), or retype the word`,
        rule: 'unprintable-character',
        place,
      });
      return;
    }
    addDiagnostic(entry.file, {
      reason: `The character "${character}" (${codeOf(codePoint)}) has no glyph in the report's font (Arimo); it would print in another font. Replace it (e.g. "→" by "–", "✓" by "X")`,
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
      for (const character of node.value) report(character, pointAtOffset(frontMatter, offset));
    },
  });
}

function scanText(value: string, start: Point, report: (character: string, place: Point) => void): void {
  let line = start.line;
  let column = start.column;
  for (const character of value) {
    if (character === '\n') {
      line++;
      column = 1;
      continue;
    }
    report(character, { line, column });
    column++;
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
    /<(object|embed|form|input|style|link|meta|base|template|noscript|textarea|select|svg|math)\b/i,
    'an element that is not allowed (object, embed, form, style, link, template, svg …)',
  ],
  [/<(picture|source|video|audio)\b/i, 'a media element (the report loads no media)'],
  [/\son[a-z]+\s*=/i, 'an event handler attribute (onclick …)'],
  [/\sstyle\s*=/i, 'a style attribute'],
  [/(href|src)\s*=\s*["']?\s*(javascript|data|file|vbscript):/i, 'a javascript:, data:, file: or vbscript: link'],
];

/** Images, Markdown or raw HTML: the report prints their alt text instead (render-markdown.ts, `imagesAsText`). */
function checkImages(tree: Root, entry: LoadedEntry): void {
  const report = (alt: string, place: Point | undefined): void => {
    addDiagnostic(entry.file, {
      reason:
        alt.trim() === ''
          ? 'An image without alt text: the report prints no images, so nothing of it would print. Describe it in the text, or remove it'
          : `An image: the report prints no images, so its alt text "${alt}" prints in its place. Write it as a sentence of the text, or remove the image`,
      rule: 'image-not-printed',
      place,
    });
  };
  visit(tree, (node) => {
    if (node.type === 'image' || node.type === 'imageReference') report(node.alt ?? '', node.position?.start);
    if (node.type === 'html') {
      for (const match of node.value.matchAll(/<img\b[^>]*>/gi)) {
        const alt = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(match[0]);
        report(alt?.[1] ?? alt?.[2] ?? alt?.[3] ?? '', node.position?.start);
      }
    }
  });
}

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
