// The preview page's own script (runs in the reader's browser, not in Node). It paginates the document with the
// same Paged.js handlers as the PDF, listens for rebuilds, reloads when the document changed (coming back to the
// same place), and shows the problems of the last rebuild in an overlay over the last good pages.
/** @import { Diagnostic } from '../diagnostics/report.ts' */
/** @import { PreviewState } from './preview-server.ts' */
/** @typedef {{ page: number, card: string | null, ofCard: number, offset: number }} ReadingPlace */
(() => {
  'use strict';

  const scrollKey = 'kompendium-preview-scroll';
  const root = document.documentElement;
  const loadedVersion = Number(
    document.querySelector('meta[name="kompendium-version"]')?.getAttribute('content') ?? -1,
  );
  /** @type {Diagnostic[]} */
  let layoutProblems = [];
  /** @type {PreviewState | undefined} */
  let lastState;

  const overlay = document.createElement('aside');
  overlay.className = 'kompendium-overlay';
  overlay.hidden = true;
  overlay.setAttribute('role', 'alert');

  /**
   * JSON from the server or the session's storage, which this script wrote: its shape is known.
   * @param {string} text
   * @returns {unknown}
   */
  const parseJson = (text) => JSON.parse(text);

  /** @param {Diagnostic} problem */
  function line(problem) {
    const item = document.createElement('li');
    item.className = `kompendium-${problem.severity}`;
    const where = document.createElement('code');
    where.textContent = problem.file === '' ? '' : `${problem.file}:${String(problem.line)}:${String(problem.column)}`;
    item.append(where, ` ${problem.severity}: ${problem.message}`);
    const rule = document.createElement('span');
    rule.className = 'kompendium-rule';
    rule.textContent = ` (${problem.rule})`;
    item.append(rule);
    return item;
  }

  function render() {
    const problems = [...(lastState?.problems ?? []), ...layoutProblems];
    const errors = problems.filter((problem) => problem.severity === 'error');
    overlay.replaceChildren();
    overlay.hidden = problems.length === 0;
    overlay.classList.toggle('kompendium-only-warnings', errors.length === 0);
    if (problems.length === 0) return;
    const heading = document.createElement('h2');
    const warnings = problems.length - errors.length;
    const counts = [];
    if (errors.length > 0) counts.push(`${String(errors.length)} error${errors.length === 1 ? '' : 's'}`);
    if (warnings > 0) counts.push(`${String(warnings)} warning${warnings === 1 ? '' : 's'}`);
    // Errors of the rebuild keep the last good document on screen; layout problems belong to the pages shown.
    const rebuildFailed = (lastState?.problems ?? []).some((problem) => problem.severity === 'error');
    let note = '';
    if (lastState?.empty) note = ' — there is no good document to show yet';
    else if (rebuildFailed) note = ' — the pages below are the last good document';
    else if (errors.length > 0) note = ' — the PDF would not be written';
    heading.textContent = `kompendium: ${counts.join(', ')}${note}`;
    const list = document.createElement('ul');
    list.append(...problems.map(line));
    overlay.append(heading, list);
  }

  /** Where the reader is: the card on the page at the top of the window, which of its pages, and how far down. */
  function rememberPlace() {
    const pages = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.pagedjs_page'))];
    const top = pages.find((page) => page.getBoundingClientRect().bottom > 0);
    if (top === undefined) return;
    const offset = -top.getBoundingClientRect().top;
    const card = top.querySelector('[data-card]')?.getAttribute('data-card') ?? null;
    const ofCard = card === null ? 0 : pagesOfCard(card).indexOf(top);
    /** @type {ReadingPlace} */
    const place = { page: Number(top.dataset.pageNumber), card, ofCard, offset };
    sessionStorage.setItem(scrollKey, JSON.stringify(place));
  }

  /** @param {string} card */
  function pagesOfCard(card) {
    return [...document.querySelectorAll('.pagedjs_page')].filter(
      (page) => page.querySelector(`[data-card="${CSS.escape(card)}"]`) !== null,
    );
  }

  function returnToPlace() {
    const saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    const place = /** @type {ReadingPlace} */ (parseJson(saved));
    const ofCard = place.card === null ? [] : pagesOfCard(place.card);
    const page =
      ofCard[Math.min(place.ofCard, ofCard.length - 1)] ??
      document.querySelector(`.pagedjs_page[data-page-number="${String(place.page)}"]`);
    if (page) window.scrollTo(0, page.getBoundingClientRect().top + window.scrollY + place.offset);
  }

  function listen() {
    const events = new EventSource('/kompendium/events');
    events.addEventListener('state', (/** @type {MessageEvent<string>} */ event) => {
      const state = /** @type {PreviewState} */ (parseJson(event.data));
      if (state.version !== loadedVersion && !state.empty) {
        events.close();
        rememberPlace();
        location.reload();
        return;
      }
      lastState = state;
      render();
    });
  }

  async function paginate() {
    const layout = await window.kompendiumPaginate();
    if ('failure' in layout) {
      layoutProblems = [problem(`Paged.js stopped before the layout was done (${layout.failure})`)];
      return;
    }
    layoutProblems = layout.overflowingPages.map((overflow) =>
      problem(
        `Content on page ${String(overflow.page)}${overflow.where ? ` (${overflow.where})` : ''} does not fit on the page and would be clipped (it begins "${overflow.text}")`,
      ),
    );
    root.dataset.kompendiumPages = String(layout.pages);
  }

  /**
   * @param {string} message
   * @returns {Diagnostic}
   */
  function problem(message) {
    return { file: '', line: 0, column: 0, severity: 'error', rule: 'content-overflow', message };
  }

  /** The preview's own styles, added after the layout: Paged.js would otherwise take them for the document's. */
  function addPreviewStyles() {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = '/kompendium/preview.css';
    /** @type {Promise<unknown>} */
    const loaded = new Promise((resolve) => {
      link.onload = link.onerror = resolve;
    });
    document.head.append(link);
    return loaded;
  }

  async function start() {
    root.append(overlay);
    listen();
    if (typeof window.kompendiumPaginate === 'function') await paginate();
    await addPreviewStyles();
    returnToPlace();
    render();
    // Tests and scripts wait for this: the page is laid out (or there is nothing to lay out).
    root.dataset.kompendiumPreview = 'ready';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
  else void start();
})();
