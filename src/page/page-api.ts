/**
 * What the page scripts (src/page/*.js) put on `window`, declared once: the functions Node calls through
 * `page.evaluate` (src/stages/5-paginate/render-document.ts, src/browser/document-pages.ts, the preview's client),
 * with their requests and answers, and the parts the page scripts share among themselves (`window.kompendium`).
 * Types only: Node code imports them with `import type`, the page scripts name them in JSDoc (they are checked with
 * `// @ts-check`), and `declare global` below gives `window` these properties in both, without casts.
 *
 * The page scripts run in the order src/browser/document-page.ts gives them (hyphens.js, keep-with-next.js,
 * overflow-check.js, page-records.js, section-layout.js), after the Paged.js polyfill and the index's locator
 * functions; the `kompendium*` functions exist once section-layout.js has run.
 */
import type { Bookmark, ContinuedElements, PlacedCard, PlacedTerm } from '../model/types.ts';

/** Content of a page that does not fit, by the page's place in its section. */
export interface SectionOverflow {
  index: number;
  text: string;
  where: string;
  /** The entry it is in (`card:<id>`, `principle:<number>`; '' elsewhere), so that the build can point at it. */
  entry: string;
}

/** A section's pages as Paged.js laid them out (their HTML), and what on them does not fit. */
export interface SectionLayout {
  pages: string[];
  overflows: SectionOverflow[];
}

/** A section as the page cut it: its HTML, whether it holds the index, its length in characters. */
export interface CutSection {
  html: string;
  holdsIndex: boolean;
  characters: number;
}

/** The document cut into sections (`kompendiumSections`). */
export interface SectionCut {
  /** What every section's layout depends on besides its HTML: the language, the body's tag, the stylesheets. */
  context: string;
  /** Why the document is one section (CSS that depends on a page's place), or undefined. */
  wholeDocumentBecause: string | undefined;
  sections: CutSection[];
}

/** Sections to lay out in one page (`kompendiumLayout`). */
export interface LayoutRequest {
  /** The sections to lay out now, by index. */
  layout: number[];
  /** Every section this page lays out, now or when the document is put together: the hyphenation zone's share. */
  zone: number[];
  /** Whether the answer holds the pages' HTML. */
  serialize: boolean;
}

export interface LayoutAnswer {
  results: ({ index: number } & SectionLayout)[];
}

/** A page that does not fit, by its page number in the document. */
export interface OverflowingPage {
  page: number;
  text: string;
  where: string;
  entry: string;
}

/** An index term as the page reports it; an explicit range opened and never closed gives the page it opened on. */
export type PageTerm = PlacedTerm & { unclosedRangeFrom?: number };

/** Where the cards, the index's terms and the bookmarked headings landed (page-records.js). */
export interface PageSummary {
  cards: PlacedCard[];
  terms: PageTerm[];
  bookmarks: Bookmark[];
  continued: ContinuedElements[];
}

/** The document put together (`kompendiumAssemble`, `kompendiumPaginate`). */
export interface Assembled extends PageSummary {
  pages: number;
  overflowingPages: OverflowingPage[];
  problems: string[];
}

/** One part of the document, to print in a second page (`kompendiumPart`). */
export interface PartRequest {
  /** Per section of the part, in order: its index and its pages laid out in this page (null) or as HTML. */
  sections: [number, string[] | null][];
  /** The page number of the part's first page. */
  firstPage: number;
}

/** How a page function reports that Paged.js stopped: the error's message. */
export interface Failure {
  failure: string;
}

/** Where a term's marks landed. */
export interface LandedMarks {
  pages: readonly number[];
  /** Pages of main locators (a project name's own card). */
  mainPages: readonly number[];
  /** Closed explicit ranges, first and last page. */
  ranges: readonly (readonly [number, number])[];
}

/** One printed locator: a page (first === last) or a range. */
export interface Locator {
  first: number;
  last: number;
  main: boolean;
}

/** A term's marks as page-records.js collects them, page by page: an open range waits for its end. */
export interface LandedEntry {
  pages: number[];
  mainPages: number[];
  ranges: [number, number][];
  openedOn: number | undefined;
}

/** What page-records.js reads off the pages in order. */
export interface PageRecords {
  /** Per index key (`term` or `term!sub`). */
  landed: Map<string, LandedEntry>;
  /** Per card id. */
  cards: Map<string, { firstPage: number; lastPage: number }>;
  bookmarks: Bookmark[];
  continued: ContinuedElements[];
}

/** The parts the page scripts share through `window.kompendium`, each added by its script. */
export interface PageParts {
  /** hyphens.js */
  hyphens: {
    applyZone: () => void;
    settle: (pageElements: readonly Element[]) => void;
    breakAtHyphenatedLine: (overflow: Range) => boolean;
  };
  /** keep-with-next.js */
  keepWithNext: { apply: (overflow: Range, rendered: Element) => boolean };
  /** overflow-check.js */
  overflow: { check: (pageElements: readonly Element[]) => SectionOverflow[] };
  /** page-records.js */
  records: {
    read: (pageElements: readonly Element[]) => PageRecords;
    fillLocators: (root: Element, landed: PageRecords['landed']) => void;
    summary: (records: PageRecords) => PageSummary;
  };
}

/** The index's locator functions (src/index/locators.ts), sent to the page as source by src/browser/document-page.ts. */
export interface PageLocators {
  format: (marks: LandedMarks, compressRuns: boolean) => Locator[];
  text: (locator: Locator) => string;
}

/** The functions section-layout.js offers; page functions passed to `page.evaluate` call them on `window`. */
export interface PageApi {
  /** A helper page cuts the document as the page that prints does, and needs to know no more. */
  kompendiumCut: () => Promise<void>;
  /** Cuts the document into sections. */
  kompendiumSections: () => Promise<SectionCut>;
  /** Lays out sections in this page. */
  kompendiumLayout: (request: LayoutRequest) => Promise<LayoutAnswer | Failure>;
  /**
   * Puts the document together: per section its pages laid out in this page (null) or in another (their HTML); the
   * index is laid out now. The sections in `printedElsewhere` are read, not printed: another page prints them.
   */
  kompendiumAssemble: (
    sectionLayouts: (SectionLayout | null)[],
    printedElsewhere?: number[],
  ) => Promise<Assembled | Failure>;
  /** Makes this page hold one part of the document, to print it. */
  kompendiumPart: (part: PartRequest) => Promise<{ pages: number } | Failure>;
  /** Makes the page as it was loaded; the stylesheets its head links, or undefined when it must not be used again. */
  kompendiumReset: () => Promise<string[] | undefined>;
  /** The whole layout in this one page (the preview). */
  kompendiumPaginate: () => Promise<Assembled | Failure>;
}

/** The parts of Paged.js 0.4 (its polyfill's `window.Paged`) that section-layout.js uses. */
export interface PagedJs {
  Handler: new (chunker: PagedChunker, polisher: PagedPolisher, caller: PagedPreviewer) => object;
  registerHandlers: (
    ...handlers: (new (chunker: PagedChunker, polisher: PagedPolisher, caller: PagedPreviewer) => object)[]
  ) => void;
  Previewer: new () => PagedPreviewer;
}

export interface PagedPreviewer {
  chunker: PagedChunker;
  polisher: PagedPolisher;
  handlers: unknown;
  /** Takes the document's stylesheets out of it; returns them for the polisher. */
  removeStyles: () => unknown[];
  initializeHandlers: () => unknown;
}

export interface PagedPolisher {
  setup: () => void;
  add: (...stylesheets: unknown[]) => Promise<unknown>;
}

export interface PagedChunker {
  /** The queue of layout steps; `tick` schedules the next one (an animation frame by default). */
  q: { tick: (callback: () => void) => void };
  pagesArea: HTMLElement;
  settings: { maxChars?: number };
  /** The pages of the last flow. */
  pages: { element: HTMLElement }[];
  /** The count of pages before the flow's first one. */
  total: number;
  flow: (content: DocumentFragment, renderTo: HTMLElement) => Promise<unknown>;
  /** The parsed content of the last flow. */
  source: unknown;
  setup: (renderTo: HTMLElement) => void;
}

/** Where Paged.js's layout of a page continues: the source node it starts at. */
export interface PagedBreakToken {
  node: Node | undefined;
}

declare global {
  interface Window extends PageApi {
    /** The page scripts' shared parts; complete once page-records.js, the last of them, has run. */
    kompendium: PageParts;
    kompendiumLocators: PageLocators;
    /** Chromium's garbage collector, where it lets the page call it (`--js-flags=--expose-gc`). */
    gc?: () => void;
  }
  /** Paged.js, from its polyfill (it sets `window.Paged`). */
  var Paged: PagedJs;
}
