/**
 * Reading front matter before (or without) schema validation, for checks that need only one field of an entry
 * whose other fields may be wrong.
 */
import { isAlias } from 'yaml';
import type { LoadedEntry } from '../../model/types.ts';

/** A top-level front matter value as written, before schema validation (undefined when unreadable). */
export function rawField(entry: LoadedEntry, name: string): unknown {
  const document = entry.frontMatter?.document;
  // An alias is refused where it stands (load-entries.ts), but the rest of the document is sound: its other fields
  // still count, so that a card with an alias is not also reported as missing from the register.
  if (document === undefined || document.errors.some((error) => error.code !== 'BAD_ALIAS')) return undefined;
  const value = document.get(name);
  return isAlias(value) ? undefined : value;
}
