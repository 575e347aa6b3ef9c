/* Runs inside the page, on the laid-out pages in their final order: where the cards, the bookmarked headings and
 * the index marks landed, and which elements go on from one page to the next, read off the pages (a page's number is its place among them, as the page counter
 * prints it). The index's locators are written from these records before the index is laid out. */
/** @import { PageParts, PageRecords } from './page-api.ts' */
/** @typedef {PageParts['records']} Records */
(() => {
  /**
   * An index mark's key: its term, and its sub-entry after a "!" (src/index/index-marks.ts gives every mark a term).
   * @param {HTMLElement} mark
   */
  const keyOfMark = (mark) =>
    mark.dataset.sub ? `${String(mark.dataset.term)}!${mark.dataset.sub}` : /** @type {string} */ (mark.dataset.term);

  /**
   * Reads the pages in order. Per index key: pages of plain marks, of main marks, closed ranges, and an open
   * range's first page; per card its first and last page; the bookmarks in document order.
   * @type {Records['read']}
   */
  const read = (pageElements) => {
    /** @type {PageRecords['landed']} */
    const landed = new Map();
    /** @type {PageRecords['cards']} */
    const cards = new Map();
    /** @type {PageRecords['bookmarks']} */
    const bookmarks = [];
    /** @type {Set<string | undefined>} */
    const bookmarked = new Set();
    /** @type {PageRecords['continued']} */
    const continued = [];
    for (const [i, pageElement] of pageElements.entries()) {
      const number = i + 1;
      // Paged.js marks each element that goes on from the page before (the break's chain of ancestors).
      const from = [...pageElement.querySelectorAll('[data-split-from]')].map((element) => element.localName);
      if (from.length > 0) continued.push({ page: number, elements: from });
      for (const mark of /** @type {NodeListOf<HTMLElement>} */ (pageElement.querySelectorAll('.ix-mark'))) {
        const key = keyOfMark(mark);
        let entry = landed.get(key);
        if (entry === undefined) {
          entry = { pages: [], mainPages: [], ranges: [], openedOn: undefined };
          landed.set(key, entry);
        }
        if (mark.dataset.range === 'start') entry.openedOn = number;
        else if (mark.dataset.range === 'end') {
          entry.ranges.push([entry.openedOn ?? number, number]);
          entry.openedOn = undefined;
        } else if (mark.dataset.main === 'true') entry.mainPages.push(number);
        else entry.pages.push(number);
      }
      for (const element of /** @type {NodeListOf<HTMLElement>} */ (pageElement.querySelectorAll('[data-bookmark]'))) {
        if (bookmarked.has(element.dataset.ref)) continue;
        bookmarked.add(element.dataset.ref);
        const title = (element.dataset.bookmarkTitle ?? element.textContent).replace(/\s+/g, ' ').trim();
        bookmarks.push({ level: Number(element.dataset.bookmark), title, page: number });
      }
      for (const card of /** @type {NodeListOf<HTMLElement>} */ (pageElement.querySelectorAll('[data-card]'))) {
        const id = /** @type {string} */ (card.dataset.card);
        const known = cards.get(id);
        if (known === undefined) cards.set(id, { firstPage: number, lastPage: number });
        else known.lastPage = Math.max(known.lastPage, number);
      }
    }
    return { landed, cards, bookmarks, continued };
  };

  /**
   * Writes the printed locators into the index's not yet laid out source (`.ix-locators` elements, by key).
   * @type {Records['fillLocators']}
   */
  const fillLocators = (root, landed) => {
    const index = /** @type {HTMLElement | null} */ (
      root.closest('.keyword-index') ?? root.querySelector('.keyword-index')
    );
    const ranges = index?.dataset.ranges === 'true';
    const emphasiseMain = index?.dataset.emphasiseMain === 'true';
    for (const element of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('.ix-locators'))) {
      const entry = landed.get(/** @type {string} */ (element.dataset.key));
      if (entry === undefined) continue;
      element.replaceChildren();
      window.kompendiumLocators.format(entry, ranges).forEach((locator, i) => {
        if (i > 0) element.append(', ');
        const page = document.createElement('span');
        page.className = locator.main && emphasiseMain ? 'ix-page ix-main' : 'ix-page';
        page.textContent = window.kompendiumLocators.text(locator);
        element.append(page);
      });
    }
  };

  /**
   * The records as the renderer reports them: each index key's pages, ranges spelt out.
   * @type {Records['summary']}
   */
  const summary = ({ landed, cards, bookmarks, continued }) => ({
    continued,
    cards: [...cards].map(([id, pages]) => ({ id, ...pages })),
    terms: [...landed].map(([key, entry]) => {
      const [term, sub] = /** @type {[string, string | undefined]} */ (key.split('!'));
      const pages = new Set([...entry.pages, ...entry.mainPages]);
      for (const [first, last] of entry.ranges) for (let page = first; page <= last; page++) pages.add(page);
      return {
        term,
        ...(sub === undefined ? {} : { sub }),
        pages: [...pages].sort((a, b) => a - b),
        ...(entry.openedOn === undefined ? {} : { unclosedRangeFrom: entry.openedOn }),
      };
    }),
    bookmarks,
  });

  window.kompendium = { ...window.kompendium, records: { read, fillLocators, summary } };
})();
