/**
 * A changed field for the redline, with its structure: paragraphs, lists with their levels, tables cell by cell, as
 * NEW renders them, with the words inserted in `<ins>` and the words deleted in `<del>` where they stood. Pure: both
 * fields' rendered HTML in, one HTML fragment out.
 *
 * Both fragments are cut into tokens (tags, words, spaces, single characters) and compared as sequences. The output
 * keeps every tag of NEW in order (the common ones and the inserted ones), so it is as well formed as NEW; OLD's
 * tags that NEW does not have are dropped, their words kept as deletions. A deletion that would stand where a list
 * or table allows no text (between two rows) waits for the next cell or item.
 *
 * A block that moved (a paragraph or a list item, word for word the same, now in another order) is shown as moved,
 * not as a deletion and an unrelated insertion: struck where it stood with "[nach unten verschoben]" and marked
 * where it stands with "[von oben hierher verschoben]", in a colour of its own. Before the word diff each moved
 * block becomes one token, so that the diff cannot match its words against unrelated text.
 */
import { diffArrays } from 'diff';
import { wordPattern } from './diff-editions.ts';
import { movedKeys, movedNote } from './moved-blocks.ts';

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

const tokensOf = (html: string): string[] => html.match(tokenPattern) ?? [];

/** A paragraph at the top of a field, or a list item without a nested list: what can move as a whole. */
interface Block {
  /** Token indices: the opening tag, and the closing tag. */
  readonly start: number;
  readonly end: number;
  /** Element name and content with spaces collapsed: equal keys are the same block. */
  readonly key: string;
}

function blocksOf(tokens: readonly string[]): Block[] {
  const blocks: Block[] = [];
  const open: { name: string; start: number; nestsList: boolean }[] = [];
  tokens.forEach((token, index) => {
    const name = tagName(token);
    if (name === undefined || voidElements.has(name)) return;
    if (!name.startsWith('/')) {
      if (name === 'ul' || name === 'ol') for (const element of open) element.nestsList = true;
      open.push({ name, start: index, nestsList: false });
      return;
    }
    const at = open.map((element) => element.name).lastIndexOf(name.slice(1));
    if (at < 0) return;
    const element = open[at];
    open.splice(at);
    const movable = (element?.name === 'p' && at === 0) || (element?.name === 'li' && !element.nestsList);
    if (element === undefined || !movable) return;
    const content = tokens
      .slice(element.start + 1, index)
      .join('')
      .replace(/\s+/gu, ' ')
      .trim();
    if (content !== '') blocks.push({ start: element.start, end: index, key: `${element.name}:${content}` });
  });
  return blocks;
}

/** How a moved block is marked where it stood and where it stands. */
interface Move {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly down: boolean;
}

const movedFromMark = '\uE000from:';
const movedToMark = '\uE000to:';

/**
 * The blocks found once in each fragment, outside the longest run of blocks kept in order: those moved. Each is
 * replaced by one marker token in both token lists (which are changed in place); the moves are returned by number.
 */
function replaceMovedBlocks(before: string[], after: string[]): Move[] {
  const oldBlocks = blocksOf(before);
  const newBlocks = blocksOf(after);
  // A key found twice is never moved (movedKeys), so one block per key is all that is looked up.
  const old = new Map(oldBlocks.map((block) => [block.key, block]));
  const now = new Map(newBlocks.map((block) => [block.key, block]));
  const moved = movedKeys(
    oldBlocks.map((block) => block.key),
    newBlocks.map((block) => block.key),
  );
  const moves: { key: string; move: Move }[] = [];
  for (const [key, down] of moved) {
    const from = old.get(key);
    const to = now.get(key);
    if (from === undefined || to === undefined) continue;
    moves.push({
      key,
      move: { from: before.slice(from.start, from.end + 1), to: after.slice(to.start, to.end + 1), down },
    });
  }
  // From the last block to the first, so that the indices of the blocks still to replace stay as they were.
  const replace = (tokens: string[], blocks: Map<string, Block>, mark: string): void => {
    const numbered = moves.map(({ key }, number) => ({ block: blocks.get(key), number }));
    numbered.sort((a, b) => (b.block?.start ?? 0) - (a.block?.start ?? 0));
    for (const { block, number } of numbered) {
      if (block !== undefined) tokens.splice(block.start, block.end - block.start + 1, `${mark}${String(number)}`);
    }
  };
  replace(before, old, movedFromMark);
  replace(after, now, movedToMark);
  return moves.map(({ move }) => move);
}

/** The opening tag with a class added: `<li class="task-list-item">` → `<li class="moved-from task-list-item">`. */
function withClass(tag: string, name: string): string {
  return /\sclass="/u.test(tag)
    ? tag.replace(/\sclass="/u, ` class="${name} `)
    : tag.replace(/^<([a-zA-Z0-9]+)/u, `<$1 class="${name}"`);
}

/** The note before a moved block's content; also used by the reports (src/features/diff/diff-report.ts). */
export const movedLabel = (place: 'from' | 'to', down: boolean): string =>
  `<span class="moved-label">[${movedNote(place, down)}]</span> `;

export function htmlDiff(before: string, after: string): string {
  const oldTokens = tokensOf(before);
  const newTokens = tokensOf(after);
  const moves = replaceMovedBlocks(oldTokens, newTokens);
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
      if (token.startsWith('\uE000')) {
        flush();
        emitMoved(token);
        continue;
      }
      if (!isTag(token)) {
        text += token;
        continue;
      }
      flush();
      if (mark !== 'del') emitTag(token);
    }
    flush();
  };
  /**
   * Where it stands: NEW's element, its content marked. Where it stood: OLD's element when the place takes one (a
   * list item in a list, a paragraph between blocks), else its content inline, as a deletion is.
   */
  const emitMoved = (marker: string): void => {
    const movedTo = marker.startsWith(movedToMark);
    const move = moves[Number(marker.slice((movedTo ? movedToMark : movedFromMark).length))];
    if (move === undefined) return;
    const tokens = movedTo ? move.to : move.from;
    const content = tokens.slice(1, -1).join('');
    const opening = tokens[0] ?? '<p>';
    const closing = tokens.at(-1) ?? '</p>';
    if (movedTo) {
      const label = movedLabel('to', move.down);
      emitTag(opening);
      out.push(`${label}<ins class="moved">${content}</ins>`);
      emitTag(closing);
      return;
    }
    const label = movedLabel('from', move.down);
    const struck = `${label}<del class="moved">${content}</del>`;
    const place = open.at(-1);
    const element = tagName(opening) ?? 'p';
    const takesElement =
      element === 'li'
        ? place === 'ul' || place === 'ol'
        : place === undefined || place === 'div' || place === 'blockquote';
    if (takesElement) out.push(`${withClass(opening, 'moved-from')}${struck}${closing}`);
    else emitText(struck);
  };
  for (const part of diffArrays(oldTokens, newTokens)) {
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
