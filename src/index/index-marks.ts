/**
 * Index marks in entry text: `\index{Term}` marks the place for a term, `\index{Term!Sub-entry}` for a sub-entry,
 * `\index{Term|(}` … `\index{Term|)}` a range of pages (the notation of LaTeX's makeindex, which editors of printed
 * indexes know). A mark prints nothing; the index
 * cites the page it landed on. In Markdown `\i` is no escape, so the mark survives parsing as plain text.
 */
import type { Root, Text } from 'mdast';
import type { Point } from 'unist';
import { visit } from 'unist-util-visit';

/** What a mark says: the term, optionally a sub-entry, and whether it opens or closes a page range. */
export interface MarkTarget {
  term: string;
  sub: string | undefined;
  /** `|(` opens a range, `|)` closes it: the index then prints "12–14" for all pages between. */
  range: 'start' | 'end' | undefined;
  /** A modifier after `|` that is not `(` or `)`; validation reports it. */
  unknownModifier: string | undefined;
}

/** A mark as found in the Markdown tree, with its position for diagnostics. */
export interface FoundMark extends MarkTarget {
  start: Point;
  node: Text;
}

const markPattern = /\\index\{([^{}]*)\}/g;

/** Reads `Term`, `Term!Sub`, `Term|(`, `Term!Sub|)`. */
export function parseMark(body: string): MarkTarget {
  const bar = body.lastIndexOf('|');
  const path = bar === -1 ? body : body.slice(0, bar);
  const modifier = bar === -1 ? undefined : body.slice(bar + 1).trim();
  const [term = '', sub] = path.split('!').map((part) => part.replace(/\s+/g, ' ').trim());
  return {
    term,
    sub: sub === undefined || sub === '' ? undefined : sub,
    range: modifier === '(' ? 'start' : modifier === ')' ? 'end' : undefined,
    unknownModifier: modifier !== undefined && modifier !== '(' && modifier !== ')' ? modifier : undefined,
  };
}

/** The key under which the index collects a term's pages: `Term` or `Term!Sub`. */
export function markKey(mark: Pick<MarkTarget, 'term' | 'sub'>): string {
  return mark.sub === undefined ? mark.term : `${mark.term}!${mark.sub}`;
}

/** Finds every index mark in the text nodes of a tree. */
export function findIndexMarks(tree: Root): FoundMark[] {
  const marks: FoundMark[] = [];
  visit(tree, 'text', (node: Text) => {
    if (!node.value.includes('\\index{')) return;
    for (const match of node.value.matchAll(markPattern)) {
      marks.push({ ...parseMark(match[1] ?? ''), start: pointInText(node, match.index), node });
    }
  });
  return marks;
}

/** Splits a text value around its marks: the text pieces, and the marks between them, in order. */
export function splitAtIndexMarks(value: string): { text: string[]; marks: MarkTarget[] } {
  const text: string[] = [];
  const marks: MarkTarget[] = [];
  let last = 0;
  for (const match of value.matchAll(markPattern)) {
    text.push(value.slice(last, match.index));
    marks.push(parseMark(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  text.push(value.slice(last));
  return { text, marks };
}

/**
 * Position of a character inside a text node. Exact when the node's source has no escapes or line breaks before
 * it (the usual case for a mark); otherwise it points at the line where the text starts plus the offset.
 */
function pointInText(node: Text, index: number): Point {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const before = node.value.slice(0, index);
  const lines = before.split('\n');
  if (lines.length === 1) return { line: start.line, column: start.column + index };
  return {
    line: start.line + lines.length - 1,
    column: (lines.at(-1)?.length ?? 0) + 1,
  };
}
