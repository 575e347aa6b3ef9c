/**
 * Reading front matter before (or without) schema validation, for checks that need only one field of an entry
 * whose other fields may be wrong.
 */
import type { LoadedEntry } from '../../model/types.ts';

/** A top-level front matter value as written, before schema validation (undefined when unreadable). */
export function rawField(entry: LoadedEntry, name: string): unknown {
  const document = entry.frontMatter?.document;
  if (document === undefined || document.errors.length > 0) return undefined;
  return document.get(name);
}
