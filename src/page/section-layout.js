/* Runs inside the page, after the Paged.js polyfill and the other page scripts: the layout driver.
 *
 * The document is cut into sections where it forces a page break (the cover, each TEIL, each card, the index), and
 * Paged.js lays out each section by itself. A section that starts on a new page breaks into the same pages wherever
 * it stands, so sections can be laid out in several pages of the browser at once, and taken from an earlier layout
 * (of another output, or an earlier run) when nothing they depend on changed. The page that prints puts all
 * sections' pages together in order; the page counter numbers them by their place. The index (the sections with
 * `.ix-locators`) is laid out last, there: its locators are read off the pages before it.
 *
 * Stylesheets with features that depend on a page's place in the document (page selectors such as :left, running
 * heads, counters across pages, sibling selectors that Paged.js rewrites per run) make the whole document one
 * section, laid out in one pass as Paged.js would. */
/** @import { Assembled, Failure, LayoutAnswer, PagedBreakToken, PagedPreviewer, SectionLayout, SectionOverflow } from './page-api.ts' */
/**
 * A section's pages laid out in this page (detached until the document is put together) and what on them does not
 * fit.
 * @typedef {{ pageElements: HTMLElement[], overflows: SectionOverflow[] }} LaidOutSection
 */
/**
 * Pages of the document that another page prints: they stand after `after` of the pages in this page.
 * @typedef {{ after: number, pageElements: Element[] }} PagesPrintedElsewhere
 */
(() => {
  const { hyphens, keepWithNext, overflow, records } = window.kompendium;

  /** Paged.js checks whether a page is full every so many characters; a fixed number keeps a section's layout
   * independent of the sections laid out before it in the same browser page (Paged.js would learn it from them). */
  const charactersPerCheck = 1500;

  const forcedBreaks = new Set(['page', 'left', 'right', 'recto', 'verso']);

  /**
   * CSS that makes a page's layout depend on its place in the whole document: no sections then.
   * @type {[RegExp, string][]}
   */
  const positionDependentCss = [
    [/@page\s*[^{]*:(first|left|right|blank|recto|verso|nth\()/i, 'page selectors (:first, :left, :right, :nth)'],
    [/string-set|running\(|element\(/i, 'running heads (string-set, running())'],
    [/target-counters?\(|target-text\(/i, 'cross references (target-counter, target-text)'],
    [/counter-(reset|increment)|counter\(pages\)/i, 'counters (counter-reset, counter-increment, counter(pages))'],
    [/float\s*:\s*footnote|position\s*:\s*fixed/i, 'footnotes or fixed elements'],
    [/break-(before|after)\s*:\s*(left|right|recto|verso)/i, 'breaks to a left or right page'],
    [/-of-type/i, ':first-of-type, :last-of-type or :nth-of-type selectors'],
  ];

  /**
   * Selectors with `+` or `~` (Paged.js rewrites them into attributes with a per-run id).
   * @param {string} css
   */
  const hasSiblingSelector = (css) =>
    [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/(^|[{}])\s*([^{}@]+)\{/g)].some(([, , prelude]) =>
      /[+~]/.test(prelude ?? ''),
    );

  /**
   * What in the stylesheets makes the layout depend on a page's place, or undefined.
   * @param {string} css
   */
  const positionDependence = (css) => {
    const found = positionDependentCss.find(([pattern]) => pattern.test(css));
    if (found !== undefined) return found[1];
    return hasSiblingSelector(css) ? 'sibling selectors (+, ~)' : undefined;
  };

  /** The text of the document's stylesheets; one that cannot be loaded is left out (Paged.js reports it). */
  const stylesheetText = async () => {
    const texts = [];
    for (const element of document.querySelectorAll("link[rel='stylesheet'], style")) {
      if (!(element instanceof HTMLLinkElement)) texts.push(element.textContent);
      else
        texts.push(
          await fetch(element.href)
            .then((response) => response.text())
            .catch(() => ''),
        );
    }
    return texts.join('\n');
  };

  /** Runs a callback as the next task, without Paged.js's wait for an animation frame per page (a frame, 16.7 ms,
   * for a screen no one looks at); a message to itself runs at once (setTimeout(0) would be clamped to 4 ms). */
  const nextTask = (() => {
    const channel = new MessageChannel();
    /** @type {(() => void)[]} */
    const waiting = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    /** @param {() => void} callback */
    return (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    };
  })();

  /**
   * @param {Node} node
   * @returns {node is Element}
   */
  const isElement = (node) => node.nodeType === Node.ELEMENT_NODE;

  /**
   * @param {Node[]} nodes
   * @param {string} selector
   */
  const containsMatch = (nodes, selector) =>
    nodes.some((node) => isElement(node) && (node.matches(selector) || node.querySelector(selector) !== null));

  /**
   * What this page knows of its document; made anew for each document (kompendiumReset).
   * @typedef {object} LayoutState
   * @property {ChildNode[] | undefined} loadedHead The head's nodes as loaded, before Paged.js took the stylesheets
   *   out and put its own styles in.
   * @property {{ nodes: ChildNode[], holdsIndex: boolean }[]} sections Per section: its top-level nodes (detached
   *   until laid out), whether it holds the index.
   * @property {Set<number>} zoned The sections the hyphenation zone has run on.
   * @property {PagedPreviewer | undefined} previewer Paged.js, set up once per browser page.
   * @property {Map<number, LaidOutSection>} laidOut The sections laid out here, by index.
   * @property {PagesPrintedElsewhere | undefined} printedElsewhere
   * @property {Element | undefined} indexSource The index's source element while its section is laid out.
   * @property {boolean} locatorsWritten Whether the index's locators are written.
   * @property {string[]} problems
   * @returns {LayoutState}
   */
  const freshState = () => ({
    loadedHead: undefined,
    sections: [],
    zoned: new Set(),
    previewer: undefined,
    laidOut: new Map(),
    printedElsewhere: undefined,
    indexSource: undefined,
    locatorsWritten: false,
    problems: [],
  });
  const state = freshState();

  /** Paged.js, once startPagedJs has set it up. */
  const pagedJs = () => {
    if (state.previewer === undefined) throw new Error('Paged.js is not set up in this page yet');
    return state.previewer;
  };

  const pagesArea = () => pagedJs().chunker.pagesArea;

  /** @returns {HTMLElement[]} */
  const pageElementsInOrder = () => [
    .../** @type {NodeListOf<HTMLElement>} */ (pagesArea().querySelectorAll(':scope > .pagedjs_page')),
  ];

  /**
   * The document's pages in order: those in the page and, where they stand, the pages that another page prints
   * (held aside, never laid out here; their records count all the same).
   */
  const documentPages = () => {
    /** @type {Element[]} */
    const inPage = pageElementsInOrder();
    const elsewhere = state.printedElsewhere;
    if (elsewhere === undefined) return inPage;
    return [...inPage.slice(0, elsewhere.after), ...elsewhere.pageElements, ...inPage.slice(elsewhere.after)];
  };

  /**
   * Page elements from their HTML (pages laid out in another page, or kept from an earlier run), not yet in the page.
   * @param {string[]} pages
   */
  const pagesFromHtml = (pages) => {
    const holder = document.createElement('div');
    holder.innerHTML = pages.join('');
    return [...holder.children];
  };

  /**
   * True when a page that starts at this source node lays out the index (or what follows it).
   * @param {Node | null | undefined} node
   */
  const reachesIndex = (node) => {
    const index = state.indexSource;
    if (index === undefined || node === undefined || node === null) return false;
    return (
      node === index ||
      index.contains(node) ||
      (index.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
    );
  };

  class KompendiumHandler extends Paged.Handler {
    /**
     * Corrects where Paged.js breaks a page (hyphenated last line, headings kept with their text).
     * @param {Range | undefined} range
     * @param {Element} rendered
     */
    onOverflow(range, rendered) {
      if (range === undefined) return undefined;
      const hyphenMoved = hyphens.breakAtHyphenatedLine(range);
      const headingMoved = keepWithNext.apply(range, rendered);
      return hyphenMoved || headingMoved ? range : undefined;
    }

    /** @param {DocumentFragment} parsed */
    afterParsed(parsed) {
      const locators = parsed.querySelector('.ix-locators');
      state.indexSource = locators === null ? undefined : (locators.closest('.keyword-index') ?? locators);
      state.locatorsWritten = false;
    }

    /**
     * The locators are written once, when the layout reaches the index: every page before it is final then.
     * @param {unknown} _page
     * @param {DocumentFragment} content
     * @param {PagedBreakToken | undefined} breakToken
     */
    beforePageLayout(_page, content, breakToken) {
      // A section's first page has no break token: it starts with the section.
      const index = state.indexSource;
      if (index === undefined || state.locatorsWritten || !reachesIndex(breakToken?.node ?? content.firstElementChild))
        return;
      records.fillLocators(index, records.read(documentPages()).landed);
      state.locatorsWritten = true;
    }

    /** @param {Element} pageElement */
    afterPageLayout(pageElement) {
      if (state.indexSource !== undefined && !state.locatorsWritten && pageElement.querySelector('.ix-locators')) {
        state.problems.push(
          'The Stichwortverzeichnis shares a page with text before it, so its page numbers would be incomplete: it must start on a new page (break-before: page in styles/print.css)',
        );
      }
    }
  }

  Paged.registerHandlers(KompendiumHandler);

  /**
   * Every declared font is loaded before anything is measured, as Paged.js does before its layout: the
   * hyphenation zone measures text before that. A font that fails is reported by the request handler and the PDF's
   * font check.
   */
  const loadFonts = () => Promise.all([...document.fonts].map((face) => face.load().catch(() => undefined)));

  /**
   * Started while the page loads: this script runs in the head, after the document's stylesheets, so their fonts
   * and text can be fetched while the body is parsed.
   */
  const early = { fonts: loadFonts(), css: stylesheetText() };

  /** The document's content arrives inert, in a template (src/browser/document-page.ts): it is put in the body now. */
  const showSource = async () => {
    const source = document.getElementById('kompendium-source');
    if (source instanceof HTMLTemplateElement) document.body.replaceChildren(source.content);
    await early.fonts;
    await loadFonts();
  };

  /**
   * Cuts the document into sections and takes them out of the page. Returns what the stylesheets make the layout
   * depend on: the document's context and, when some CSS depends on a page's place, what.
   */
  const cutSections = async () => {
    state.loadedHead ??= [...document.head.childNodes];
    await showSource();
    const dependence = positionDependence(await early.css);
    /** @type {ChildNode[][]} */
    const groups = [];
    for (const node of [...document.body.childNodes]) {
      const opens =
        groups.length === 0 ||
        (dependence === undefined && isElement(node) && forcedBreaks.has(getComputedStyle(node).breakBefore));
      if (opens) groups.push([node]);
      else groups[groups.length - 1]?.push(node);
    }
    state.sections = groups.map((nodes) => ({ nodes, holdsIndex: containsMatch(nodes, '.ix-locators') }));
    const context = JSON.stringify({
      lang: document.documentElement.lang,
      body: /** @type {HTMLElement} */ (document.body.cloneNode(false)).outerHTML,
      stylesheets: [...document.querySelectorAll("link[rel='stylesheet']")].map((link) => link.getAttribute('href')),
    });
    document.body.replaceChildren();
    return { context, wholeDocumentBecause: dependence };
  };

  /** A helper page cuts the document as the page that prints does, and needs to know no more. */
  window.kompendiumCut = async () => {
    await cutSections();
  };

  /**
   * Cuts the document into sections. Returns each section's HTML (what its layout depends on, besides the
   * stylesheets and the context), whether it holds the index, and its length in characters.
   */
  window.kompendiumSections = async () => {
    const { context, wholeDocumentBecause } = await cutSections();
    return {
      context,
      wholeDocumentBecause,
      sections: state.sections.map(({ nodes, holdsIndex }) => ({
        // Whitespace between top-level elements draws nothing (and differs with the template's line breaks).
        html: nodes
          .map((node) => (isElement(node) ? node.outerHTML : (node.textContent ?? '').trim()))
          .filter((html) => html !== '')
          .join('\n'),
        holdsIndex,
        characters: nodes.reduce((sum, node) => sum + (node.textContent ?? '').length, 0),
      })),
    };
  };

  /** @param {number} index */
  const section = (index) => {
    const found = state.sections[index];
    if (found === undefined) throw new Error(`the document has no section ${String(index)}`);
    return found;
  };

  /** @param {number} index */
  const laidOutSection = (index) => {
    const found = state.laidOut.get(index);
    if (found === undefined) throw new Error(`section ${String(index)} was not laid out in this page`);
    return found;
  };

  /**
   * Runs the hyphenation zone on sections, in the page's body with the document's own stylesheets.
   * @param {number[]} indices
   */
  const applyZone = (indices) => {
    const nodes = indices.filter((i) => !state.zoned.has(i)).flatMap((i) => section(i).nodes);
    if (nodes.length === 0) return;
    if (state.previewer !== undefined) throw new Error('the hyphenation zone must be applied before the layout starts');
    document.body.append(...nodes);
    hyphens.applyZone();
    for (const node of nodes) node.remove();
    for (const i of indices) state.zoned.add(i);
  };

  const startPagedJs = async () => {
    if (state.previewer !== undefined) return;
    const previewer = new Paged.Previewer();
    previewer.chunker.q.tick = nextTask;
    const stylesheets = previewer.removeStyles();
    previewer.polisher.setup();
    previewer.handlers = previewer.initializeHandlers();
    await previewer.polisher.add(...stylesheets);
    previewer.chunker.setup(document.body);
    state.previewer = previewer;
  };

  /**
   * Lays out one section after the pages already in the page's pages area; returns its page elements and the
   * content on them that does not fit.
   * @param {number} index
   * @returns {Promise<LaidOutSection>}
   */
  const flowSection = async (index) => {
    const chunker = pagedJs().chunker;
    const content = document.createDocumentFragment();
    content.append(...section(index).nodes);
    chunker.settings.maxChars = charactersPerCheck;
    chunker.pages = [];
    chunker.total = documentPages().length;
    await chunker.flow(content, document.body);
    chunker.source = undefined;
    const pageElements = chunker.pages.map((page) => page.element);
    // Checked before the soft hyphens settle: the layout is still current then (settling changes text, though no
    // line break), so the check measures without laying the pages out again.
    const overflows = overflow.check(pageElements);
    hyphens.settle(pageElements);
    return { pageElements, overflows };
  };

  /**
   * Paged.js rejects with a bare ProgressEvent when a stylesheet fails to load: name it.
   * @param {unknown} error
   * @returns {Failure}
   */
  const failureOf = (error) => ({
    failure:
      error instanceof Error
        ? error.message
        : typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string' && error.type
          ? `${error.type} event`
          : String(error),
  });

  /**
   * Lays out sections here. `zone` names every section this page will lay out, now or when the document is put
   * together (the index): the hyphenation zone needs the page before Paged.js takes its stylesheets. Returns per
   * section its pages' HTML (when `serialize`) and the pages whose content does not fit (by index in the section).
   */
  window.kompendiumLayout = async ({ layout, zone, serialize }) => {
    try {
      applyZone([...new Set([...layout, ...zone])]);
      await startPagedJs();
      /** @type {LayoutAnswer['results']} */
      const results = [];
      for (const index of layout) {
        const { pageElements, overflows } = await flowSection(index);
        for (const element of pageElements) element.remove();
        state.laidOut.set(index, { pageElements, overflows });
        results.push({
          index,
          pages: serialize ? pageElements.map((element) => element.outerHTML) : [],
          overflows,
        });
      }
      return { results };
    } catch (error) {
      return failureOf(error);
    }
  };

  /**
   * Page classes and numbers as Paged.js gives them in one pass: first page, right and left pages by place. Pages
   * that are a part of the document (src/stages/merge-pdf.ts) are numbered from the first one's place.
   */
  /**
   * @param {Element[]} pageElements
   * @param {number} [firstPage]
   */
  const numberPages = (pageElements, firstPage = 1) => {
    for (const [i, element] of pageElements.entries()) {
      const place = firstPage - 1 + i;
      element.id = `page-${String(place + 1)}`;
      element.setAttribute('data-page-number', String(place + 1));
      element.classList.toggle('pagedjs_first_page', place === 0);
      element.classList.toggle('pagedjs_right_page', place % 2 === 0);
      element.classList.toggle('pagedjs_left_page', place % 2 === 1);
    }
  };

  /**
   * The page counter counts the pages present; a page after pages that another page prints is set to its number.
   * @param {HTMLElement} pageElement
   */
  const continueNumbering = (pageElement) => {
    pageElement.style.setProperty('counter-set', `page ${pageElement.dataset.pageNumber}`);
  };

  /** Documents with more pages than this collect their garbage before they print (the edition has 125). */
  const collectBeforePrintPages = 400;

  /**
   * Once the pages are laid out, the sources they were cut from are dropped. A long document then runs the garbage
   * collector when Chromium lets the page call it: printing it needs the memory. A shorter one does not need it, and
   * the collection would only delay its print (docs/performance.md).
   */
  /** @param {number} pageCount */
  const releaseSources = (pageCount) => {
    state.sections = [];
    state.laidOut.clear();
    state.indexSource = undefined;
    state.printedElsewhere = undefined;
    if (pageCount > collectBeforePrintPages) window.gc?.();
  };

  /**
   * Puts the document together: per section, in order, the pages laid out here (null), the pages' HTML laid out in
   * another page, or, for the index, its layout now. Returns what the renderer reports: page count, where cards,
   * marks and bookmarks landed, pages of the index that do not fit (by page number), and problems.
   */
  window.kompendiumAssemble = async (sectionLayouts, printedElsewhere = []) => {
    try {
      await startPagedJs();
      /** @type {Assembled['overflowingPages']} */
      const overflowingPages = [];
      for (const [index, layoutAsHtml] of sectionLayouts.entries()) {
        const before = documentPages().length;
        /** @type {SectionOverflow[]} */
        let overflows;
        if (printedElsewhere.includes(index)) {
          // Read, not laid out: another page prints these pages.
          const elsewhere = (state.printedElsewhere ??= { after: pageElementsInOrder().length, pageElements: [] });
          if (layoutAsHtml === null) {
            const laidOut = laidOutSection(index);
            elsewhere.pageElements.push(...laidOut.pageElements);
            overflows = laidOut.overflows;
          } else {
            elsewhere.pageElements.push(...pagesFromHtml(layoutAsHtml.pages));
            overflows = layoutAsHtml.overflows;
          }
        } else if (layoutAsHtml !== null) {
          pagesArea().append(...pagesFromHtml(layoutAsHtml.pages));
          overflows = layoutAsHtml.overflows;
        } else if (state.laidOut.has(index)) {
          const laidOut = laidOutSection(index);
          pagesArea().append(...laidOut.pageElements);
          overflows = laidOut.overflows;
        } else {
          ({ overflows } = await flowSection(index));
        }
        for (const found of overflows)
          overflowingPages.push({
            page: before + found.index + 1,
            text: found.text,
            where: found.where,
            entry: found.entry,
          });
      }
      const pageElements = documentPages();
      numberPages(pageElements);
      pagesArea().style.setProperty('--pagedjs-page-count', String(pageElements.length));
      const summary = records.summary(records.read(pageElements));
      const elsewhere = state.printedElsewhere;
      const firstAfter = elsewhere === undefined ? undefined : pageElementsInOrder()[elsewhere.after];
      if (firstAfter !== undefined) continueNumbering(firstAfter);
      releaseSources(pageElements.length);
      return { pages: pageElements.length, ...summary, overflowingPages, problems: state.problems };
    } catch (error) {
      return failureOf(error);
    }
  };

  /**
   * Makes this page hold one part of the document to print it (src/stages/merge-pdf.ts puts the parts together):
   * per section of the part, in order, its pages laid out here (null) or given as HTML, numbered from `firstPage`.
   */
  window.kompendiumPart = async ({ sections, firstPage }) => {
    try {
      await startPagedJs();
      for (const [index, pagesAsHtml] of sections) {
        pagesArea().append(...(pagesAsHtml === null ? laidOutSection(index).pageElements : pagesFromHtml(pagesAsHtml)));
      }
      const pageElements = pageElementsInOrder();
      numberPages(pageElements, firstPage);
      if (pageElements[0] !== undefined) continueNumbering(pageElements[0]);
      releaseSources(pageElements.length);
      return { pages: pageElements.length };
    } catch (error) {
      return failureOf(error);
    }
  };

  /**
   * Resolves when a stylesheet link has its sheet (loaded, or failed: the request handler reports that).
   * @param {HTMLLinkElement} link
   * @returns {Promise<unknown>}
   */
  const linkLoaded = (link) =>
    link.sheet !== null
      ? Promise.resolve()
      : new Promise((resolve) => {
          link.addEventListener('load', resolve, { once: true });
          link.addEventListener('error', resolve, { once: true });
        });

  /**
   * Makes the page as it was loaded, for the next document: the head's nodes as they were (Paged.js had taken out
   * the stylesheet links and put in its own styles), an empty body without attributes, no state. Returns the
   * stylesheets the head links, or undefined when the head holds more than links, a title and the page scripts
   * (a document's own style or base address would apply to the next one): that page is not used again.
   */
  window.kompendiumReset = async () => {
    // A page that never cut its document (a helper page that was not needed) has its head as loaded.
    const head = state.loadedHead ?? [...document.head.childNodes];
    document.head.replaceChildren(...head);
    document.body.replaceChildren();
    for (const element of [document.documentElement, document.body])
      for (const name of element.getAttributeNames()) element.removeAttribute(name);
    Object.assign(state, freshState());
    /** @param {HTMLScriptElement} script */
    const ownScript = (script) =>
      script.src === ''
        ? script.text.startsWith('window.PagedConfig')
        : new URL(script.src).pathname.startsWith('/kompendium/');
    const scripts = [...document.head.querySelectorAll('script')];
    if (document.head.querySelector('style, base') !== null || !scripts.every(ownScript)) return undefined;
    const links = [
      .../** @type {NodeListOf<HTMLLinkElement>} */ (document.head.querySelectorAll("link[rel='stylesheet']")),
    ];
    await Promise.all(links.map(linkLoaded));
    return links.map((link) => link.getAttribute('href') ?? '');
  };

  /** The whole layout in this one page (the preview): every section laid out here, the index last. */
  window.kompendiumPaginate = async () => {
    const { sections } = await window.kompendiumSections();
    const all = sections.map((_, i) => i);
    const layout = all.filter((i) => sections[i]?.holdsIndex === false);
    const laidOut = await window.kompendiumLayout({ layout, zone: all, serialize: false });
    if ('failure' in laidOut) return laidOut;
    return window.kompendiumAssemble(all.map(() => null));
  };
})();
