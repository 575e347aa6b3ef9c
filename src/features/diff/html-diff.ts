/**
 * A changed field for the redline, with its structure: paragraphs, lists with their levels, tables cell by cell, as
 * NEW renders them, with the words inserted in `<ins>` and the words deleted in `<del>` where they stood. Pure: both
 * fields' rendered HTML in, one HTML fragment out.
 *
 * Both fragments are cut into tokens (tags, words, spaces, single characters) and compared as sequences. The output
 * keeps every tag of NEW in order (the common ones and the inserted ones), so it is as well formed as NEW; OLD's
 * tags that NEW does not have are dropped, their words kept as deletions. A deletion that would stand where a list
 * or table allows no text (between two rows) waits for the next cell or item.
 */
import { diffArrays } from 'diff';
import { wordPattern } from './diff-editions.ts';

/** Tags and entities whole, then words and numbers as the text diff has them (89.775,- is one token). */
const tokenPattern = new RegExp(`<[^>]*>|&[a-zA-Z0-9#]+;|${wordPattern.source}|\\s+|[^<\\s]`, 'gu');

/** Elements inside which text may not stand directly. */
const noTextInside = new Set(['ul', 'ol', 'table', 'thead', 'tbody', 'tfoot', 'tr']);

const isTag = (token: string): boolean => token.startsWith('<');

/** The element a tag opens (`li`), closes (`/li`), or undefined for a tag that is neither or closes itself. */
function tagName(token: string): string | undefined {
  const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(token);
  if (match === null || token.endsWith('/>')) return undefined;
  return `${match[1] ?? ''}${(match[2] ?? '').toLowerCase()}`;
}

const voidElements = new Set(['br', 'hr', 'img', 'input', 'wbr']);

export function htmlDiff(before: string, after: string): string {
  const tokens = (html: string): string[] => html.match(tokenPattern) ?? [];
  const out: string[] = [];
  const open: string[] = [];
  let waiting: string[] = [];
  const textAllowed = (): boolean => !noTextInside.has(open.at(-1) ?? '');
  const emitText = (text: string): void => {
    if (text === '') return;
    if (textAllowed()) {
      out.push(text);
      return;
    }
    waiting.push(text);
  };
  const emitTag = (tag: string): void => {
    out.push(tag);
    const name = tagName(tag);
    if (name === undefined || voidElements.has(name)) return;
    if (name.startsWith('/')) {
      const index = open.lastIndexOf(name.slice(1));
      if (index >= 0) open.splice(index);
    } else open.push(name);
    if (waiting.length > 0 && textAllowed()) {
      out.push(...waiting);
      waiting = [];
    }
  };
  /** A run of one kind: its tags as they are (inserted) or dropped (deleted), its text marked. */
  const emitRun = (run: readonly string[], mark: 'ins' | 'del' | undefined): void => {
    let text = '';
    const flush = (): void => {
      if (text === '') return;
      // Spaces alone are not marked: a marked space is a change nobody can see.
      emitText(mark === undefined || text.trim() === '' ? text : `<${mark}>${text}</${mark}>`);
      text = '';
    };
    for (const token of run) {
      if (!isTag(token)) {
        text += token;
        continue;
      }
      flush();
      if (mark !== 'del') emitTag(token);
    }
    flush();
  };
  for (const part of diffArrays(tokens(before), tokens(after))) {
    emitRun(part.value, part.added ? 'ins' : part.removed ? 'del' : undefined);
  }
  // Deletions after NEW's last cell or item: a paragraph of their own.
  if (waiting.length > 0) out.push(`<p>${waiting.join(' ')}</p>`);
  return (
    out
      .join('')
      // As inlineRedline does (src/features/diff/redline.ts): a class, not the sibling selector `del + ins`.
      .replaceAll('</del><ins>', '</del><ins class="after-deletion">')
  );
}
