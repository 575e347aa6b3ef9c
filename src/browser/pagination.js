/* Runs inside the page, after the Paged.js polyfill. It registers one Paged.js handler that, page by page, records
 * where the cards and the index marks landed, and fills the index's locators in the not-yet-laid-out source before
 * the index is reached (the index comes last, so every mark has landed by then): page numbers come from this one
 * pagination pass. It also reports pages whose content does not fit (Paged.js would clip it silently). */
/* global Paged, window, document */
(() => {
  /** Per index key: pages of plain marks, of main marks, closed ranges, and an open range's first page. */
  const landed = new Map();
  const cardPages = new Map();
  /** Bookmarks in document order: level, title and the page where the element starts. */
  const bookmarks = [];
  const bookmarked = new Set();
  const overflowingPages = [];
  const locatorsByKey = new Map();
  /** Index keys with marks laid out since their locators were last written. */
  const pendingKeys = new Set();
  let indexSource;
  let indexOptions = { ranges: false, emphasiseMain: false };

  const pageNumberOf = (page) => page.position + 1;

  const keyOfMark = (mark) => (mark.dataset.sub ? `${mark.dataset.term}!${mark.dataset.sub}` : mark.dataset.term);

  const landedFor = (key) => {
    if (!landed.has(key)) landed.set(key, { pages: [], mainPages: [], ranges: [], openedOn: undefined });
    return landed.get(key);
  };

  const recordMark = (mark, page) => {
    const entry = landedFor(keyOfMark(mark));
    if (mark.dataset.range === 'start') entry.openedOn = page;
    else if (mark.dataset.range === 'end') {
      entry.ranges.push([entry.openedOn ?? page, page]);
      entry.openedOn = undefined;
    } else if (mark.dataset.main === 'true') entry.mainPages.push(page);
    else entry.pages.push(page);
  };

  /** Writes the printed locators into the index's source elements (not yet laid out: the index comes last). */
  const fillLocators = (key) => {
    const entry = landed.get(key);
    const locators = window.kompendiumLocators.format(entry, indexOptions.ranges);
    for (const element of locatorsByKey.get(key) ?? []) {
      element.replaceChildren();
      locators.forEach((locator, i) => {
        if (i > 0) element.append(', ');
        const page = document.createElement('span');
        page.className = locator.main && indexOptions.emphasiseMain ? 'ix-page ix-main' : 'ix-page';
        page.textContent = window.kompendiumLocators.text(locator);
        element.append(page);
      });
    }
  };

  const isWordCharacter = (character) => character !== undefined && /[\p{L}\u00ad]/u.test(character);

  /**
   * The drawn box of one character (a range also reports a zero-width box at the end of the line before). A soft
   * hyphen has one only where it ended a line.
   */
  const glyphBox = (node, offset, range) => {
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return [...range.getClientRects()].find((rect) => rect.width > 0);
  };

  /**
   * Paged.js splits a word that a soft hyphen broke over the page's last line one letter too late: the first letter
   * of the next line measures as if it were still on the page, so it stays there and the line no longer fits. A
   * soft hyphen that is drawn ended a line: the page must break right after the nearest one in the word.
   */
  const breakAtHyphenatedLine = (overflow) => {
    const node = overflow.startContainer;
    if (node.nodeType !== Node.TEXT_NODE) return false;
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
   * Text lines (distinct line tops) drawn within a range. Only text is measured: an element's box starts higher
   * than its first line's text and would count as a line of its own.
   */
  const linesIn = (range) => {
    const tops = new Set();
    const root = range.commonAncestorContainer;
    const walker = document.createTreeWalker(
      root.nodeType === Node.TEXT_NODE ? root.parentNode : root,
      NodeFilter.SHOW_TEXT,
    );
    const piece = document.createRange();
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (!range.intersectsNode(node) || node.data.trim() === '') continue;
      piece.selectNodeContents(node);
      if (node === range.startContainer) piece.setStart(node, range.startOffset);
      if (node === range.endContainer) piece.setEnd(node, range.endOffset);
      for (const rect of piece.getClientRects()) if (rect.width > 0 && rect.height > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };

  const hasTextBefore = (element, rendered) => {
    const before = document.createRange();
    before.setStart(rendered, 0);
    before.setEndBefore(element);
    return before.toString().trim() !== '';
  };

  /** The last element before the break that CSS keeps with what follows it (`break-after: avoid`: headings). */
  const keptWithNextBefore = (overflow, rendered) => {
    const elements = [...rendered.querySelectorAll('*')].reverse();
    return elements.find(
      // Paged.js moves `break-after` from the stylesheet into a data attribute on each element it applies to.
      (element) => element.dataset.breakAfter === 'avoid' && overflow.comparePoint(element, 0) < 0,
    );
  };

  const keptWithNext = (element) => element?.closest('[data-break-after="avoid"]') ?? null;

  /** True when the first text after the break belongs to a heading: what came before it is complete. */
  const breaksBeforeHeading = (overflow, rendered) => {
    const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
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

  /** True when a page that starts at this source node lays out the index (or what follows it). */
  const reachesIndex = (node) => {
    if (indexSource === undefined || node === undefined || node === null) return false;
    return (
      node === indexSource ||
      indexSource.contains(node) ||
      (indexSource.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
    );
  };

  class KompendiumHandler extends Paged.Handler {
    /** Corrects where Paged.js breaks a page (see the functions it calls); returns the changed overflow range. */
    onOverflow(overflow, rendered) {
      if (overflow === undefined) return undefined;
      const hyphenMoved = breakAtHyphenatedLine(overflow);
      const headingMoved = keepHeadingsWithContent(overflow, rendered);
      return hyphenMoved || headingMoved ? overflow : undefined;
    }

    /** Checked once all pages are laid out: Paged.js tidies a page's overflow area until then. */
    afterRendered(pages) {
      settleHyphens(pages.map((page) => page.element));
      for (const [i, page] of pages.entries()) {
        const overflow = findOverflow(page.element, pages[i + 1]?.element);
        if (overflow !== undefined) overflowingPages.push({ page: pageNumberOf(page), ...overflow });
      }
    }

    afterParsed(parsed) {
      const index = parsed.querySelector('.keyword-index');
      indexSource = index ?? undefined;
      if (index) {
        indexOptions = {
          ranges: index.dataset.ranges === 'true',
          emphasiseMain: index.dataset.emphasiseMain === 'true',
        };
      }
      for (const locators of parsed.querySelectorAll('.ix-locators')) {
        const key = locators.dataset.key;
        if (!locatorsByKey.has(key)) locatorsByKey.set(key, []);
        locatorsByKey.get(key).push(locators);
      }
    }

    /**
     * The locators are written once, when the layout reaches the index (it starts on a page of its own, after every
     * mark): writing them after every page would cost time in the square of the page count.
     */
    beforePageLayout(page, content, breakToken) {
      if (pendingKeys.size === 0 || !reachesIndex(breakToken?.node)) return;
      for (const key of pendingKeys) fillLocators(key);
      pendingKeys.clear();
    }

    afterPageLayout(pageElement, page) {
      const number = pageNumberOf(page);
      if (pendingKeys.size > 0 && pageElement.querySelector('.ix-locators') !== null) {
        console.error(
          `The Stichwortverzeichnis shares page ${String(number)} with text before it, so its page numbers would be incomplete: it must start on a new page (break-before: page in styles/print.css)`,
        );
      }
      for (const mark of pageElement.querySelectorAll('.ix-mark')) {
        recordMark(mark, number);
        pendingKeys.add(keyOfMark(mark));
      }
      for (const element of pageElement.querySelectorAll('[data-bookmark]')) {
        if (bookmarked.has(element.dataset.ref)) continue;
        bookmarked.add(element.dataset.ref);
        const title = (element.dataset.bookmarkTitle ?? element.textContent).replace(/\s+/g, ' ').trim();
        bookmarks.push({ level: Number(element.dataset.bookmark), title, page: number });
      }
      for (const card of pageElement.querySelectorAll('[data-card]')) {
        const id = card.dataset.card;
        const known = cardPages.get(id);
        if (known === undefined) cardPages.set(id, { firstPage: number, lastPage: number });
        else known.lastPage = Math.max(known.lastPage, number);
      }
    }
  }

  /**
   * The soft hyphens of the rendered text (src/features/hyphenation.ts) are break opportunities. Once the layout is
   * done, the ones that did not end a line are removed and the ones that did become a visible hyphen "-", as does
   * the hyphen Paged.js adds where it splits a word between pages: the PDF's text then holds whole words (readers
   * join a word at a line-end hyphen) and never U+00AD. All pages are measured first and changed afterwards; a
   * zero-width character removed and a hyphen drawn as a character instead of as a glyph move no line break.
   */
  const settleHyphens = (pageElements) => {
    const range = document.createRange();
    const edits = [];
    for (const pageElement of pageElements) {
      const walker = document.createTreeWalker(pageElement, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.data;
        const splitHere = text.endsWith('\u2011') && node.parentElement?.classList.contains('pagedjs_hyphen');
        if (!text.includes('\u00ad') && !splitHere) continue;
        const used = new Set();
        for (let i = text.indexOf('\u00ad'); i !== -1; i = text.indexOf('\u00ad', i + 1)) {
          if (glyphBox(node, i, range) !== undefined) used.add(i);
        }
        edits.push({ node, used, splitHere });
      }
    }
    for (const { node, used, splitHere } of edits) {
      const data = node.data;
      let text = '';
      for (let i = 0; i < data.length; i++) {
        if (data[i] === '\u00ad') text += used.has(i) ? '-' : '';
        else text += data[i];
      }
      node.data = splitHere ? `${text.slice(0, -1)}-` : text;
    }
  };

  /**
   * Content Paged.js could not fit: text drawn outside the page's content area, below it (an element taller than a
   * page) or right of it (a long unbreakable string, a table too wide). Paged.js would clip it silently. Returns
   * the start of the offending text. Only text is measured: layout wrappers may extend into overflow columns
   * without holding anything.
   */
  /**
   * Paged.js can leave a copy of a table cell in the overflow columns right of a page (after splitting a row, or
   * when a row moved on): a cell out there whose twin (same source element, or same text) is drawn inside this
   * page or the next is such a copy, not lost text. The end-to-end tests compare the PDF's text with the entries.
   */
  const isLeftoverCell = (element, areas) => {
    if (!element || (element.tagName !== 'TD' && element.tagName !== 'TH')) return false;
    return areas.some(({ area, bounds }) =>
      [...area.querySelectorAll(element.tagName)].some((twin) => {
        const same = twin.dataset.ref === element.dataset.ref || twin.textContent === element.textContent;
        if (twin === element || !same) return false;
        const box = twin.getBoundingClientRect();
        return box.right <= bounds.right + 1 && box.bottom <= bounds.bottom + 1;
      }),
    );
  };

  /** Names the card (by id) and field (by printed heading) an element belongs to, for the message. */
  const whereIs = (element) => {
    const card = element?.closest('[data-card]')?.dataset.card;
    const heading = element?.closest('.field')?.querySelector('.field-heading')?.textContent?.trim();
    if (card === undefined) return '';
    return heading ? `card ${card}, field "${heading}"` : `card ${card}`;
  };

  const contentArea = (pageElement) => {
    const area = pageElement?.querySelector('.pagedjs_page_content');
    return area ? { area, bounds: area.getBoundingClientRect() } : undefined;
  };

  const findOverflow = (pageElement, nextPageElement) => {
    const here = contentArea(pageElement);
    if (!here) return undefined;
    const { area, bounds } = here;
    const twinAreas = [here, contentArea(nextPageElement)].filter(Boolean);
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.textContent.trim() === '') continue;
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.bottom <= bounds.bottom + 1 && box.right <= bounds.right + 1) continue;
      if (box.left >= bounds.right && isLeftoverCell(node.parentElement, twinAreas)) continue;
      return { text: node.textContent.trim().slice(0, 80), where: whereIs(node.parentElement) };
    }
    for (const element of area.querySelectorAll('img, svg, canvas, video, iframe, object')) {
      const box = element.getBoundingClientRect();
      if (box.bottom > bounds.bottom + 1 || box.right > bounds.right + 1) {
        return { text: `<${element.tagName.toLowerCase()}>`, where: whereIs(element) };
      }
    }
    return undefined;
  };

  Paged.registerHandlers(KompendiumHandler);

  /**
   * A hyphenation zone, as word processors have it (the print's 0.75 cm): a word is broken only where the line
   * would otherwise end with a gap wider than the zone. Chromium breaks at every soft hyphen that helps fill a
   * line, so the text is first laid out once without pages, at the width of the page's text area (the same line
   * breaks as in the pages: a block breaks its lines alike wherever it stands), and the soft hyphens of each word
   * broken inside the zone are taken out; again until no such word is left, because each change moves the lines
   * after it. Both widths come from styles/print.css (--text-width, --hyphenation-zone).
   */
  const applyHyphenationZone = () => {
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

  const blockOf = (node) =>
    node.parentElement.closest('p, li, td, th, dd, dt, blockquote, figcaption, div') ?? node.parentElement;

  const blocksOf = (nodes) => [...new Set(nodes.map(blockOf))];

  const textWithSoftHyphens = (root) => {
    const nodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode())
      if (node.data.includes('\u00ad')) nodes.push(node);
    return nodes;
  };

  /** Words broken at a line end whose first letter stands closer to the line's end than the zone. */
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
        const data = node.data;
        let lastWordEnd = -1;
        for (let i = data.indexOf('\u00ad'); i !== -1; i = data.indexOf('\u00ad', i + 1)) {
          if (i < lastWordEnd) continue;
          const hyphen = glyphBox(node, i, range);
          if (hyphen === undefined) continue;
          let start = i;
          while (start > 0 && isWordCharacter(data[start - 1])) start--;
          let end = i;
          while (end < data.length && isWordCharacter(data[end])) end++;
          lastWordEnd = end;
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
   * Runs a callback as the next task, without the wait for an animation frame. Paged.js lays out one page per task
   * of its queue and starts each with requestAnimationFrame, which waits up to a frame (16.7 ms) per page for a
   * screen no one looks at; a message to itself runs at once (setTimeout(0) would be clamped to 4 ms).
   */
  const nextTask = (() => {
    const channel = new MessageChannel();
    const waiting = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    };
  })();

  /**
   * Once the pages are laid out, the source they were cut from (a copy of the whole document that Paged.js keeps in
   * a template) is dropped, and the garbage collector runs when Chromium lets the page call it: printing a long
   * document needs the memory (a 1165-page edition otherwise peaks above 2 GiB).
   */
  const releaseSource = (previewer) => {
    document.querySelector("body > template[data-ref='pagedjs-content']")?.remove();
    previewer.chunker.source = undefined;
    locatorsByKey.clear();
    indexSource = undefined;
    window.gc?.();
  };

  window.kompendiumPaginate = async () => {
    applyHyphenationZone();
    const previewer = new Paged.Previewer();
    previewer.chunker.q.tick = nextTask;
    let flow;
    try {
      flow = await previewer.preview();
    } catch (error) {
      // Paged.js rejects with a bare ProgressEvent when a stylesheet fails to load: name it.
      const reason =
        error instanceof Error ? error.message : String(error && error.type ? `${error.type} event` : error);
      return { failure: reason };
    }
    releaseSource(previewer);
    return {
      pages: flow.total,
      cards: [...cardPages].map(([id, pages]) => ({
        id,
        ...pages,
      })),
      terms: [...landed].map(([key, entry]) => {
        const [term, sub] = key.split('!');
        const pages = new Set([...entry.pages, ...entry.mainPages]);
        for (const [first, last] of entry.ranges) for (let page = first; page <= last; page++) pages.add(page);
        return {
          term,
          ...(sub === undefined ? {} : { sub }),
          pages: [...pages].sort((a, b) => a - b),
          ...(entry.openedOn === undefined ? {} : { unclosedRangeFrom: entry.openedOn }),
        };
      }),
      overflowingPages,
      bookmarks,
    };
  };
})();
