/**
 * Turns a place in the front matter's YAML (an offset, or a schema issue's path) into a file position.
 */
import type { Point } from 'unist';
import { isMap, isNode, isPair, isScalar } from 'yaml';
import type { FrontMatter } from '../model/types.ts';

/** File position of a YAML text offset. */
export function pointAtOffset(frontMatter: FrontMatter, offset: number): Point {
  const { line, col } = frontMatter.lineCounter.linePos(offset);
  return { line: frontMatter.firstLine + line - 1, column: col };
}

/**
 * File position of the value at `path` (a schema issue's path). Falls back to the nearest existing parent, and to
 * the first YAML line when nothing matches (a missing top-level field).
 */
export function pointAtPath(frontMatter: FrontMatter, path: readonly PropertyKey[]): Point {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = frontMatter.document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return pointAtOffset(frontMatter, node.range[0]);
  }
  return { line: frontMatter.firstLine, column: 1 };
}

/** File position of a key inside the mapping at `path` (for unknown or misspelled field names). */
export function pointAtKey(frontMatter: FrontMatter, path: readonly PropertyKey[], key: string): Point {
  const parent: unknown =
    path.length === 0 ? frontMatter.document.contents : frontMatter.document.getIn(path as unknown[], true);
  if (isMap(parent)) {
    for (const item of parent.items) {
      if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
        return pointAtOffset(frontMatter, item.key.range[0]);
      }
    }
  }
  return pointAtPath(frontMatter, path);
}
