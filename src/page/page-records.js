/* Runs inside the page, on the laid-out pages in their final order: where the cards, the bookmarked headings and
 * the index marks landed, read off the pages (a page's number is its place among them, as the page counter
 * prints it). The index's locators are written from these records before the index is laid out. */
/* global window, document */
(() => {
  const keyOfMark = (mark) => (mark.dataset.sub ? `${mark.dataset.term}!${mark.dataset.sub}` : mark.dataset.term);

  /**
   * Reads the pages in order. Per index key: pages of plain marks, of main marks, closed ranges, and an open
   * range's first page; per card its first and last page; the bookmarks in document order.
   */
  const read = (pageElements) => {
    const landed = new Map();
    const cards = new Map();
    const bookmarks = [];
    const bookmarked = new Set();
    for (const [i, pageElement] of pageElements.entries()) {
      const number = i + 1;
      for (const mark of pageElement.querySelectorAll('.ix-mark')) {
        const key = keyOfMark(mark);
        if (!landed.has(key)) landed.set(key, { pages: [], mainPages: [], ranges: [], openedOn: undefined });
        const entry = landed.get(key);
        if (mark.dataset.range === 'start') entry.openedOn = number;
        else if (mark.dataset.range === 'end') {
          entry.ranges.push([entry.openedOn ?? number, number]);
          entry.openedOn = undefined;
        } else if (mark.dataset.main === 'true') entry.mainPages.push(number);
        else entry.pages.push(number);
      }
      for (const element of pageElement.querySelectorAll('[data-bookmark]')) {
        if (bookmarked.has(element.dataset.ref)) continue;
        bookmarked.add(element.dataset.ref);
        const title = (element.dataset.bookmarkTitle ?? element.textContent).replace(/\s+/g, ' ').trim();
        bookmarks.push({ level: Number(element.dataset.bookmark), title, page: number });
      }
      for (const card of pageElement.querySelectorAll('[data-card]')) {
        const id = card.dataset.card;
        const known = cards.get(id);
        if (known === undefined) cards.set(id, { firstPage: number, lastPage: number });
        else known.lastPage = Math.max(known.lastPage, number);
      }
    }
    return { landed, cards, bookmarks };
  };

  /** Writes the printed locators into the index's not yet laid out source (`.ix-locators` elements, by key). */
  const fillLocators = (root, landed) => {
    const index = root.closest('.keyword-index') ?? root.querySelector('.keyword-index');
    const ranges = index?.dataset.ranges === 'true';
    const emphasiseMain = index?.dataset.emphasiseMain === 'true';
    for (const element of root.querySelectorAll('.ix-locators')) {
      const entry = landed.get(element.dataset.key);
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

  /** The records as the renderer reports them: each index key's pages, ranges spelt out. */
  const summary = ({ landed, cards, bookmarks }) => ({
    cards: [...cards].map(([id, pages]) => ({ id, ...pages })),
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
    bookmarks,
  });

  window.kompendium = { ...window.kompendium, records: { read, fillLocators, summary } };
})();
