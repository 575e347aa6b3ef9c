/* Runs inside the page, before the layout. Soft hyphens (src/features/hyphenation.ts) in the page: the print's
 * hyphenation zone before the layout, the correction of a Paged.js page break inside a hyphenated word during it,
 * and the settling of every soft hyphen into a visible "-" or nothing after it. */
/** @import { PageParts } from './page-api.ts' */
/** @typedef {PageParts['hyphens']} Hyphens */
/** @typedef {{ start: number, end: number }} WordBounds */
(() => {
  /**
   * The walker's next text node (a walker that shows only text).
   * @param {TreeWalker} walker
   */
  const nextText = (walker) => /** @type {Text | null} */ (walker.nextNode());

  /** @param {string | undefined} character */
  const isWordCharacter = (character) => character !== undefined && /[\p{L}\u00ad]/u.test(character);

  /**
   * The drawn box of one character (a range also reports a zero-width box at the end of the line before). A soft
   * hyphen has one only where it ended a line.
   * @param {Text} node
   * @param {number} offset
   * @param {Range} range
   */
  const glyphBox = (node, offset, range) => {
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return [...range.getClientRects()].find((rect) => rect.width > 0);
  };

  /**
   * The bounds of the word (letters and soft hyphens) around `offset` in a text node's data.
   * @param {string} data
   * @param {number} offset
   * @returns {WordBounds}
   */
  const wordAround = (data, offset) => {
    let start = offset;
    while (start > 0 && isWordCharacter(data[start - 1])) start--;
    let end = offset;
    while (end < data.length && isWordCharacter(data[end])) end++;
    return { start, end };
  };

  /**
   * True when a word is drawn on more than one line. Most words with soft hyphens are not broken at all: one
   * measurement of the word spares one per soft hyphen in it.
   * @param {Text} node
   * @param {WordBounds} word
   * @param {Range} range
   */
  const isBroken = (node, { start, end }, range) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    let lines = 0;
    for (const rect of range.getClientRects()) if (rect.width > 0) lines++;
    return lines > 1;
  };

  /**
   * The soft hyphens in a text node's data, word by word: `{ start, end, hyphens }`.
   * @param {string} data
   */
  const wordsWithSoftHyphens = (data) => {
    /** @type {(WordBounds & { hyphens: number[] })[]} */
    const words = [];
    for (let i = data.indexOf('\u00ad'); i !== -1;) {
      /** @type {WordBounds & { hyphens: number[] }} */
      const word = { ...wordAround(data, i), hyphens: [] };
      for (let j = i; j !== -1 && j < word.end; j = data.indexOf('\u00ad', j + 1)) word.hyphens.push(j);
      words.push(word);
      i = data.indexOf('\u00ad', word.end);
    }
    return words;
  };

  /**
   * Paged.js splits a word that a soft hyphen broke over the page's last line one letter too late: the first letter
   * of the next line measures as if it were still on the page, so it stays there and the line no longer fits. A
   * soft hyphen that is drawn ended a line: the page must break right after the nearest one in the word.
   * @type {Hyphens['breakAtHyphenatedLine']}
   */
  const breakAtHyphenatedLine = (overflow) => {
    const start = overflow.startContainer;
    if (start.nodeType !== Node.TEXT_NODE) return false;
    const node = /** @type {Text} */ (start);
    const range = document.createRange();
    for (let i = overflow.startOffset - 1; i > 0 && isWordCharacter(node.data[i]); i--) {
      if (node.data[i] !== '\u00ad' || glyphBox(node, i, range) === undefined) continue;
      if (i + 1 === overflow.startOffset) return false;
      overflow.setStart(node, i + 1);
      return true;
    }
    return false;
  };

  /**
   * Once a section is laid out, the soft hyphens that did not end a line are removed and the ones that did become a
   * visible hyphen "-", as does the hyphen Paged.js adds where it splits a word between pages: the PDF's text then
   * holds whole words (readers join a word at a line-end hyphen) and never U+00AD. All pages are measured first and
   * changed afterwards; a zero-width character removed and a hyphen drawn as a character instead of as a glyph move
   * no line break.
   * @type {Hyphens['settle']}
   */
  const settle = (pageElements) => {
    const range = document.createRange();
    const edits = [];
    for (const pageElement of pageElements) {
      const walker = document.createTreeWalker(pageElement, NodeFilter.SHOW_TEXT);
      for (let node = nextText(walker); node !== null; node = nextText(walker)) {
        const text = node.data;
        const splitHere = text.endsWith('\u2011') && node.parentElement?.classList.contains('pagedjs_hyphen');
        if (!text.includes('\u00ad') && !splitHere) continue;
        const used = new Set();
        for (const word of wordsWithSoftHyphens(text)) {
          // A word at the node's end may be one Paged.js split after a soft hyphen: that hyphen ends the page's last
          // line although the part on this page is not broken.
          if (word.end < text.length && !isBroken(node, word, range)) continue;
          for (const i of word.hyphens) if (glyphBox(node, i, range) !== undefined) used.add(i);
        }
        edits.push({ node, used, splitHere });
      }
    }
    for (const { node, used, splitHere } of edits) {
      const data = node.data;
      let text = '';
      for (let i = 0; i < data.length; i++) {
        if (data[i] === '\u00ad') text += used.has(i) ? '-' : '';
        else text += data.charAt(i);
      }
      node.data = splitHere ? `${text.slice(0, -1)}-` : text;
    }
  };

  /**
   * The block a text node's lines belong to (the text of the document's body always has a parent element).
   * @param {Text} node
   */
  const blockOf = (node) => {
    const parent = /** @type {Element} */ (node.parentElement);
    return parent.closest('p, li, td, th, dd, dt, blockquote, figcaption, div') ?? parent;
  };

  /** @param {Text[]} nodes */
  const blocksOf = (nodes) => [...new Set(nodes.map(blockOf))];

  /** @param {Node} root */
  const textWithSoftHyphens = (root) => {
    /** @type {Text[]} */
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = nextText(walker); node !== null; node = nextText(walker))
      if (node.data.includes('\u00ad')) nodes.push(node);
    return nodes;
  };

  /**
   * Words broken at a line end whose first letter stands closer to the line's end than the zone.
   * @param {Element[]} blocks
   * @param {number} zoneWidth
   */
  const wordsBrokenInsideZone = (blocks, zoneWidth) => {
    const found = [];
    const range = document.createRange();
    for (const block of blocks) {
      const box = block.getBoundingClientRect();
      const lineEnd = box.right - parseFloat(getComputedStyle(block).paddingRight);
      for (const node of textWithSoftHyphens(block)) {
        // Text on a single line has no line break inside it, so none of its soft hyphens is used.
        range.selectNodeContents(node);
        if (range.getClientRects().length < 2) continue;
        for (const word of wordsWithSoftHyphens(node.data)) {
          if (!isBroken(node, word, range)) continue;
          // The word's first drawn soft hyphen ends the line it starts on.
          let hyphen;
          for (const i of word.hyphens) {
            hyphen = glyphBox(node, i, range);
            if (hyphen !== undefined) break;
          }
          if (hyphen === undefined) continue;
          const { start, end } = word;
          const first = glyphBox(node, start, range);
          // A word that starts on an earlier line (broken twice) begins this line: it must break.
          if (first === undefined || Math.abs(first.top - hyphen.top) > 1) continue;
          if (lineEnd - first.left < zoneWidth) found.push({ node, start, end });
        }
      }
    }
    return found;
  };

  /**
   * A hyphenation zone, as word processors have it (the print's 0.75 cm): a word is broken only where the line
   * would otherwise end with a gap wider than the zone. Chromium breaks at every soft hyphen that helps fill a
   * line, so the text (in the document's body, where the caller placed it) is first laid out once without pages, at
   * the width of the page's text area (the same line breaks as in the pages: a block breaks its lines alike
   * wherever it stands), and the soft hyphens of each word broken inside the zone are taken out; again until no
   * such word is left, because each change moves the lines after it. Both widths come from styles/print.css
   * (--text-width, --hyphenation-zone).
   * @type {Hyphens['applyZone']}
   */
  const applyZone = () => {
    const style = getComputedStyle(document.documentElement);
    const width = style.getPropertyValue('--text-width').trim();
    const zone = style.getPropertyValue('--hyphenation-zone').trim();
    if (width === '' || zone === '') return;
    const probe = document.createElement('div');
    probe.style.width = zone;
    document.body.append(probe);
    const zoneWidth = probe.getBoundingClientRect().width;
    probe.remove();
    const before = document.body.style.width;
    document.body.style.width = width;
    // A change moves only the lines of its own block: after the first pass, only the changed blocks are measured.
    let blocks = blocksOf(textWithSoftHyphens(document.body));
    for (let pass = 0; pass < 8 && blocks.length > 0; pass++) {
      const tooClose = wordsBrokenInsideZone(blocks, zoneWidth);
      for (const { node, start, end } of tooClose.reverse()) {
        node.data =
          node.data.slice(0, start) + node.data.slice(start, end).replaceAll('\u00ad', '') + node.data.slice(end);
      }
      blocks = blocksOf(tooClose.map(({ node }) => node));
    }
    document.body.style.width = before;
  };

  window.kompendium = { ...window.kompendium, hyphens: { applyZone, settle, breakAtHyphenatedLine } };
})();
