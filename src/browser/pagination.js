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

  class KompendiumHandler extends Paged.Handler {
    /** Checked once all pages are laid out: Paged.js tidies a page's overflow area until then. */
    afterRendered(pages) {
      for (const [i, page] of pages.entries()) {
        const overflow = findOverflow(page.element, pages[i + 1]?.element);
        if (overflow !== undefined) overflowingPages.push({ page: pageNumberOf(page), ...overflow });
      }
    }

    afterParsed(parsed) {
      const index = parsed.querySelector('.keyword-index');
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

    afterPageLayout(pageElement, page) {
      const number = pageNumberOf(page);
      const changed = new Set();
      for (const mark of pageElement.querySelectorAll('.ix-mark')) {
        recordMark(mark, number);
        changed.add(keyOfMark(mark));
      }
      for (const key of changed) fillLocators(key);
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

  window.kompendiumPaginate = async () => {
    const previewer = new Paged.Previewer();
    let flow;
    try {
      flow = await previewer.preview();
    } catch (error) {
      // Paged.js rejects with a bare ProgressEvent when a stylesheet fails to load: name it.
      const reason =
        error instanceof Error ? error.message : String(error && error.type ? `${error.type} event` : error);
      return { failure: reason };
    }
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
