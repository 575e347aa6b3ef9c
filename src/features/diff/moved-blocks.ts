/**
 * Which blocks of a field moved: the same block (a paragraph, a list item, a line) found once in OLD and once in NEW,
 * but outside the longest run of such blocks that kept their order. Pure, on keys: the redline keys blocks by their
 * HTML (src/features/diff/html-diff.ts), the text reports by their source line (src/features/diff/diff-editions.ts).
 */
import { diffArrays } from 'diff';

/** The keys that occur exactly once: of a block found twice, which one moved cannot be known. */
function keysFoundOnce(keys: readonly string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return new Set(keys.filter((key) => counts.get(key) === 1));
}

/**
 * The moved keys, in NEW's order, each with whether it moved down (more of the blocks kept in order now stand
 * before it than before). Keys that are not unique on both sides are never moved.
 */
export function movedKeys(oldKeys: readonly string[], newKeys: readonly string[]): Map<string, boolean> {
  const oldOnce = keysFoundOnce(oldKeys);
  const newOnce = keysFoundOnce(newKeys);
  const oldOrder = oldKeys.filter((key) => oldOnce.has(key) && newOnce.has(key));
  const newOrder = newKeys.filter((key) => oldOnce.has(key) && newOnce.has(key));
  const kept = new Set<string>();
  for (const part of diffArrays(oldOrder, newOrder)) {
    if (!part.added && !part.removed) for (const key of part.value) kept.add(key);
  }
  const keptBefore = (order: readonly string[], key: string): number =>
    order.slice(0, order.indexOf(key)).filter((other) => kept.has(other)).length;
  const moved = new Map<string, boolean>();
  for (const key of newOrder) {
    if (!kept.has(key)) moved.set(key, keptBefore(newOrder, key) > keptBefore(oldOrder, key));
  }
  return moved;
}

/** The German note at a moved block's two places, as the redline and the reports print it. */
export function movedNote(place: 'from' | 'to', down: boolean): string {
  if (place === 'from') return down ? 'nach unten verschoben' : 'nach oben verschoben';
  return down ? 'von oben hierher verschoben' : 'von unten hierher verschoben';
}
