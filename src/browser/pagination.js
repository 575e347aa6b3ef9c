/* Runs inside the page, after the Paged.js polyfill. It registers one Paged.js handler that, page by page, records
 * where the cards and the index marks landed, and fills the index's locators in the not-yet-laid-out source before
 * the index is reached (the index comes last, so every mark has landed by then): page numbers come from this one
 * pagination pass. It also reports pages whose content does not fit (Paged.js would clip it silently). */
/* global Paged, window, document */
(() => {
  const termPages = new Map();
  const cardPages = new Map();
  const overflowingPages = [];
  const locatorsByKey = new Map();

  const pageNumberOf = (page) => page.position + 1;

  const formatLocators = (pages) => [...pages].sort((a, b) => a - b).join(', ');

  const keyOfMark = (mark) => (mark.dataset.sub ? `${mark.dataset.term}!${mark.dataset.sub}` : mark.dataset.term);

  class KompendiumHandler extends Paged.Handler {
    afterParsed(parsed) {
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
        const key = keyOfMark(mark);
        if (!termPages.has(key)) termPages.set(key, new Set());
        termPages.get(key).add(number);
        changed.add(key);
      }
      for (const key of changed) {
        for (const locators of locatorsByKey.get(key) ?? []) locators.textContent = formatLocators(termPages.get(key));
      }
      for (const card of pageElement.querySelectorAll('[data-card]')) {
        const id = card.dataset.card;
        const known = cardPages.get(id);
        if (known === undefined) cardPages.set(id, { firstPage: number, lastPage: number });
        else known.lastPage = Math.max(known.lastPage, number);
      }
      const content = pageElement.querySelector('.pagedjs_page_content');
      if (
        content &&
        (content.scrollHeight > content.clientHeight + 1 || content.scrollWidth > content.clientWidth + 1)
      ) {
        overflowingPages.push({
          page: number,
          text: content.textContent.trim().slice(-80),
        });
      }
    }
  }

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
    const titles = new Map(
      [...document.querySelectorAll('.card-title[id]')].map((h) => [h.id.slice(5), h.textContent.trim()]),
    );
    return {
      pages: flow.total,
      cards: [...cardPages].map(([id, pages]) => ({
        id,
        title: titles.get(id) ?? '',
        ...pages,
      })),
      terms: [...termPages].map(([key, pages]) => {
        const [term, sub] = key.split('!');
        return {
          term,
          ...(sub === undefined ? {} : { sub }),
          pages: [...pages].sort((a, b) => a - b),
        };
      }),
      overflowingPages,
    };
  };
})();
