/* Runs inside the page, after a section is laid out: content that Paged.js could not fit on its page and would clip
 * silently. */
/** @import { PageParts } from './page-api.ts' */
/** @typedef {{ area: Element, bounds: DOMRect }} ContentArea */
(() => {
  /**
   * The walker's next text node (a walker that shows only text).
   * @param {TreeWalker} walker
   */
  const nextText = (walker) => /** @type {Text | null} */ (walker.nextNode());

  /**
   * Paged.js can leave a copy of a table cell in the overflow columns right of a page (after splitting a row, or
   * when a row moved on): a cell out there whose twin (same source element, or same text) is drawn inside this
   * page or the next is such a copy, not lost text. The end-to-end tests compare the PDF's text with the entries.
   * @param {HTMLElement | null} element
   * @param {ContentArea[]} areas
   */
  const isLeftoverCell = (element, areas) => {
    if (!element || (element.tagName !== 'TD' && element.tagName !== 'TH')) return false;
    return areas.some(({ area, bounds }) =>
      [.../** @type {NodeListOf<HTMLElement>} */ (area.querySelectorAll(element.tagName))].some((twin) => {
        const same = twin.dataset.ref === element.dataset.ref || twin.textContent === element.textContent;
        if (twin === element || !same) return false;
        const box = twin.getBoundingClientRect();
        return box.right <= bounds.right + 1 && box.bottom <= bounds.bottom + 1;
      }),
    );
  };

  /**
   * The entry an element is in: `card:<id>`, `principle:<number>`, or '' (the cover, the index).
   * @param {Element | null} element
   */
  const entryOf = (element) => {
    const card = /** @type {HTMLElement | null | undefined} */ (element?.closest('[data-card]'))?.dataset.card;
    if (card !== undefined) return `card:${card}`;
    const principle = /** @type {HTMLElement | null | undefined} */ (element?.closest('[data-principle]'))?.dataset
      .principle;
    return principle === undefined ? '' : `principle:${principle}`;
  };

  /**
   * Names the card (by id) and field (by printed heading) an element belongs to, for the message.
   * @param {Element | null} element
   */
  const whereIs = (element) => {
    const card = /** @type {HTMLElement | null | undefined} */ (element?.closest('[data-card]'))?.dataset.card;
    const heading = element?.closest('.field')?.querySelector('.field-heading')?.textContent.trim();
    if (card === undefined) return '';
    return heading ? `card ${card}, field "${heading}"` : `card ${card}`;
  };

  /**
   * @param {Element | undefined} pageElement
   * @returns {ContentArea | undefined}
   */
  const contentArea = (pageElement) => {
    const area = pageElement?.querySelector('.pagedjs_page_content');
    return area ? { area, bounds: area.getBoundingClientRect() } : undefined;
  };

  /**
   * Content Paged.js could not fit: text drawn outside the page's content area, below it (an element taller than a
   * page) or right of it (a long unbreakable string, a table too wide). Paged.js would clip it silently. Returns
   * the start of the offending text. Only text is measured: layout wrappers may extend into overflow columns
   * without holding anything.
   * @param {Element} pageElement
   * @param {Element | undefined} nextPageElement
   */
  const findOverflow = (pageElement, nextPageElement) => {
    const here = contentArea(pageElement);
    if (!here) return undefined;
    const { area, bounds } = here;
    const twinAreas = /** @type {ContentArea[]} */ ([here, contentArea(nextPageElement)].filter(Boolean));
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = nextText(walker); node !== null; node = nextText(walker)) {
      if (node.textContent.trim() === '') continue;
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.bottom <= bounds.bottom + 1 && box.right <= bounds.right + 1) continue;
      if (box.left >= bounds.right && isLeftoverCell(node.parentElement, twinAreas)) continue;
      // Soft hyphens are still in the text when it is checked.
      const text = node.textContent.replaceAll('\u00ad', '').trim().slice(0, 80);
      return { text, where: whereIs(node.parentElement), entry: entryOf(node.parentElement) };
    }
    for (const element of area.querySelectorAll('img, svg, canvas, video, iframe, object')) {
      const box = element.getBoundingClientRect();
      if (box.bottom > bounds.bottom + 1 || box.right > bounds.right + 1) {
        return { text: `<${element.tagName.toLowerCase()}>`, where: whereIs(element), entry: entryOf(element) };
      }
    }
    return undefined;
  };

  /**
   * The pages (in order) whose content does not fit: their index in the list, the text and where it stands.
   * @type {PageParts['overflow']['check']}
   */
  const check = (pageElements) => {
    const found = [];
    for (const [i, pageElement] of pageElements.entries()) {
      const overflow = findOverflow(pageElement, pageElements[i + 1]);
      if (overflow !== undefined) found.push({ index: i, ...overflow });
    }
    return found;
  };

  window.kompendium = { ...window.kompendium, overflow: { check } };
})();
