/* Runs inside the page, during the layout: `break-after: avoid` (headings, table heads), which Paged.js 0.4 does not
 * honour inside a page's content. Called from the page-break handler in src/browser/section-layout.js. */
/** @import { PageParts } from './page-api.ts' */
(() => {
  /**
   * The walker's next text node (a walker that shows only text).
   * @param {TreeWalker} walker
   */
  const nextText = (walker) => /** @type {Text | null} */ (walker.nextNode());

  /**
   * Text lines (distinct line tops) drawn within a range. Only text is measured: an element's box starts higher
   * than its first line's text and would count as a line of its own.
   * @param {Range} range
   */
  const linesIn = (range) => {
    const tops = new Set();
    const root = range.commonAncestorContainer;
    // A range within one text node (of the page's content: it has a parent) is measured in its parent.
    const walker = document.createTreeWalker(
      root.nodeType === Node.TEXT_NODE ? /** @type {Node} */ (root.parentNode) : root,
      NodeFilter.SHOW_TEXT,
    );
    const piece = document.createRange();
    for (let node = nextText(walker); node !== null; node = nextText(walker)) {
      if (!range.intersectsNode(node) || node.data.trim() === '') continue;
      piece.selectNodeContents(node);
      if (node === range.startContainer) piece.setStart(node, range.startOffset);
      if (node === range.endContainer) piece.setEnd(node, range.endOffset);
      for (const rect of piece.getClientRects()) if (rect.width > 0 && rect.height > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };

  /**
   * @param {Element} element
   * @param {Element} rendered
   */
  const hasTextBefore = (element, rendered) => {
    const before = document.createRange();
    before.setStart(rendered, 0);
    before.setEndBefore(element);
    return before.toString().trim() !== '';
  };

  /**
   * The last element before the break that CSS keeps with what follows it (`break-after: avoid`: headings).
   * @param {Range} overflow
   * @param {Element} rendered
   */
  const keptWithNextBefore = (overflow, rendered) => {
    const elements = [.../** @type {NodeListOf<HTMLElement>} */ (rendered.querySelectorAll('*'))].reverse();
    return elements.find(
      // Paged.js moves `break-after` from the stylesheet into a data attribute on each element it applies to.
      (element) => element.dataset.breakAfter === 'avoid' && overflow.comparePoint(element, 0) < 0,
    );
  };

  /** @param {Element | null} element */
  const keptWithNext = (element) => element?.closest('[data-break-after="avoid"]') ?? null;

  /**
   * True when the first text after the break belongs to a heading: what came before it is complete.
   * @param {Range} overflow
   * @param {Element} rendered
   */
  const breaksBeforeHeading = (overflow, rendered) => {
    const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
    for (let node = nextText(walker); node !== null; node = nextText(walker)) {
      if (node.data.trim() === '' || overflow.comparePoint(node, node.length) < 0) continue;
      return keptWithNext(node.parentElement) !== null;
    }
    return false;
  };

  /**
   * `break-after: avoid`, which Paged.js 0.4 does not honour inside a page's content: a heading never ends a page,
   * and keeps at least two lines of its text with it on the page, or all of it when it has less (one line, then
   * the next heading). Otherwise the page breaks before the heading instead, and the heading above it is checked
   * the same way. A heading that starts the page stays: moving it would only move the problem to an empty page.
   * @type {PageParts['keepWithNext']['apply']}
   */
  const keepHeadingsWithContent = (overflow, rendered) => {
    let moved = false;
    for (let step = 0; step < 4; step++) {
      const heading = keptWithNextBefore(overflow, rendered);
      if (heading === undefined || !hasTextBefore(heading, rendered)) break;
      const following = document.createRange();
      following.setStartAfter(heading);
      following.setEnd(overflow.startContainer, overflow.startOffset);
      const lines = following.collapsed ? 0 : linesIn(following);
      const needed = breaksBeforeHeading(overflow, rendered) ? 1 : 2;
      if (lines >= needed) break;
      overflow.setStartBefore(heading);
      moved = true;
    }
    return moved;
  };

  window.kompendium = { ...window.kompendium, keepWithNext: { apply: keepHeadingsWithContent } };
})();
