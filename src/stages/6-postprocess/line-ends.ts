/**
 * Line ends that read as written. Chromium draws each line of a paragraph as its own text object and leaves out
 * the space at a soft line end, and it draws the hyphen of a word broken by hyphenation as a plain "-": read in
 * structure order (a screen reader, copy and paste, `pdftotext -raw`), "und" + "Förderung" becomes "undFörderung"
 * and "Gesprächspro-" + "zess" stays split. Here each line end is judged by the document's own words: where the
 * two fragments joined are a word of the document, the line broke inside it; where the word without the hyphen is
 * one, the hyphen was added by hyphenation and is marked as a soft hyphen (ActualText U+00AD, ISO 32000-1
 * 14.8.2.2.3); otherwise the line broke between words and gets its space: a space glyph shown after the line's
 * last glyph, which paints nothing, so the page looks exactly as before.
 */
import type { PdfDict } from '../../pdf/printed-pdf.ts';
import { replaceRanges, type ContentEdit } from '../../pdf/content-stream.ts';
import { shownTexts, type FontText, type ShownText } from '../../pdf/text-layer.ts';
import { textString } from '../../pdf/write-pdf.ts';

/** What post-processing knows of one page: its content (artifacts already marked), fonts and property lists. */
export interface PageText {
  content: string;
  fonts: ReadonlyMap<string, FontText>;
  properties: PdfDict | undefined;
}

export interface MendedPage {
  content: string;
  spaces: number;
  softHyphens: number;
}

/** A line of tagged text as the content draws it: consecutive text on one baseline. */
interface Line {
  page: number;
  texts: ShownText[];
  text: string;
}

/** The ActualText of a hyphen added by hyphenation: a soft hyphen, as a UTF-16BE text string. */
const softHyphen = textString('\u00AD');

/** Mends the line ends of every page, the last line of a page judged with the first of the next. */
export function mendLineEnds(pages: readonly PageText[], words: DocumentWords): MendedPage[] {
  const lines = pages.flatMap((page, index) => linesOf(page, index));
  const edits: ContentEdit[][] = pages.map(() => []);
  const counts = pages.map(() => ({ spaces: 0, softHyphens: 0 }));
  // The start of a word that runs on from earlier lines (joined, or hyphenated), without the hyphen.
  let word = '';
  for (let i = 1; i < lines.length; i++) {
    const before = lines[i - 1];
    const after = lines[i];
    const last = before?.texts.at(-1);
    if (before === undefined || after === undefined || last === undefined) continue;
    const page = pages[before.page];
    const pageEdits = edits[before.page];
    const count = counts[before.page];
    if (page === undefined || pageEdits === undefined || count === undefined) continue;
    // Text without a Unicode mapping (U+FFFD) cannot be judged, and a space at a line end is there already.
    const unread = before.text.includes('\uFFFD') || after.text.includes('\uFFFD');
    if (unread || /\s$/.test(before.text) || /^\s/.test(after.text) || before.text === '' || after.text === '') {
      word = '';
      continue;
    }
    const tail = (/\s/.test(before.text) ? '' : word) + (before.text.split(/\s/).at(-1) ?? '');
    const head = after.text.split(/\s/)[0] ?? '';
    const end = lineEnd(tail, head, words);
    word = end === 'space' ? '' : end === 'soft hyphen' ? tail.slice(0, -1) : tail;
    if (end === 'space') {
      pageEdits.push(spaceAfter(last, page));
      count.spaces++;
    } else if (end === 'soft hyphen') {
      const edit = markSoftHyphen(last, page.content);
      if (edit !== undefined) {
        pageEdits.push(edit);
        count.softHyphens++;
      }
    }
  }
  return pages.map((page, i) => ({
    content: replaceRanges(page.content, edits[i] ?? []),
    spaces: counts[i]?.spaces ?? 0,
    softHyphens: counts[i]?.softHyphens ?? 0,
  }));
}

/** The tagged lines of a page, in content order: text that is real content and not replaced by ActualText. */
function linesOf(page: PageText, index: number): Line[] {
  const lines: Line[] = [];
  for (const shown of shownTexts(page.content, page.fonts, page.properties)) {
    if (shown.mcid === undefined || shown.artifact || shown.actualText !== undefined) continue;
    const line = lines.at(-1);
    if (line !== undefined && line.texts.at(-1)?.baseline === shown.baseline) {
      line.texts.push(shown);
      line.text += shown.text;
    } else lines.push({ page: index, texts: [shown], text: shown.text });
  }
  return lines;
}

/**
 * How a line that ends with `tail` (the word it ends with, from where that word began, on this line or one
 * before) continues with `head` (the next line's first word). A join is taken where it gives a word of the
 * document, or the start of one that `head` alone is not: a long word broken without a hyphen (an address, a word
 * in a narrow column) goes on over several lines.
 */
export function lineEnd(tail: string, head: string, words: DocumentWords): 'space' | 'soft hyphen' | 'joined' {
  const continues = (joined: string): boolean =>
    words.words.has(joined) || (words.starts.has(joined) && !words.words.has(head));
  // Without a hyphen a line breaks inside a word only where the word cannot break otherwise (a long address);
  // two words of their own ("§" and "45") are two words, though the document may also write them as one.
  if (!tail.endsWith('-') && words.words.has(tail) && words.words.has(head)) return 'space';
  // A word of the document with the hyphen ("Teilnehmer/-innen") wins over the same word without it.
  if (words.words.has(tail + head)) return 'joined';
  if (tail.length > 1 && tail.endsWith('-') && continues(tail.slice(0, -1) + head)) return 'soft hyphen';
  return continues(tail + head) ? 'joined' : 'space';
}

/** A space glyph after the line's last text, in its font; where the font has none, ActualText with the space. */
function spaceAfter(last: ShownText, page: PageText): ContentEdit {
  const font = page.fonts.get(last.font);
  const code = font === undefined ? undefined : codeOf(font, ' ');
  if (code !== undefined) return { start: last.end, end: last.end, text: ` <${code}> Tj` };
  const shown = page.content.slice(last.start, last.end);
  return {
    start: last.start,
    end: last.end,
    text: `/Span <</ActualText ${textString(`${last.text} `)}>> BDC ${shown} EMC`,
  };
}

/** The line's final hyphen as a soft hyphen; a Tj or TJ that shows more glyphs is split before it. */
function markSoftHyphen(last: ShownText, content: string): ContentEdit | undefined {
  const shown = content.slice(last.start, last.end);
  const hyphen = last.codes.at(-1);
  if (hyphen === undefined) return undefined;
  if (last.codes.length === 1) return { start: last.start, end: last.end, text: marked(shown) };
  if (shown.endsWith('TJ') && shown.endsWith(`<${hyphen}>] TJ`)) {
    // A run of glyphs (glyph-runs.ts): the hyphen is its last string; what moves it stays with the rest.
    const at = shown.lastIndexOf('<');
    return {
      start: last.start,
      end: last.end,
      text: `${shown.slice(0, at).trimEnd()}] TJ ${marked(`[${shown.slice(at)}`)}`,
    };
  }
  if (!shown.endsWith('Tj')) return undefined;
  const rest = `<${last.codes.slice(0, -1).join('')}> Tj `;
  return { start: last.start, end: last.end, text: rest + marked(`<${hyphen}> Tj`) };
}

function marked(shown: string): string {
  return `/Span <</ActualText ${softHyphen}>> BDC ${shown} EMC`;
}

/** The font's code for a character, as hex digits, from its ToUnicode map. */
function codeOf(font: FontText, character: string): string | undefined {
  for (const [code, text] of font.unicode) {
    if (text === character)
      return code
        .toString(16)
        .toUpperCase()
        .padStart(font.codeBytes * 2, '0');
  }
  return undefined;
}

/** Elements after which a reader starts a new word: their tags stand for a space, other tags for nothing. */
const blockTags =
  /<\/?(?:p|div|li|ul|ol|h[1-6]|table|tr|td|th|thead|tbody|br|section|article|header|footer|nav|aside|dl|dt|dd|figure|figcaption|blockquote)\b[^>]*>/gi;

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of a document, and every start of one (two characters or more). */
export interface DocumentWords {
  words: ReadonlySet<string>;
  starts: ReadonlySet<string>;
}

/**
 * The words of a composed document (its body's text split at white space, soft hyphens removed): what a line end
 * is judged by. Inline tags (<strong>, <a>) join what they separate, as the page shows it.
 */
export function documentWords(html: string): DocumentWords {
  const body = html.slice(Math.max(0, html.indexOf('<body')));
  const text = body
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(blockTags, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return entities[name] ?? whole;
    })
    .replace(/\u00AD/g, '');
  const words = new Set(text.split(/\s+/).filter((word) => word !== ''));
  const starts = new Set<string>();
  for (const word of words) for (let end = 2; end < word.length; end++) starts.add(word.slice(0, end));
  return { words, starts };
}
