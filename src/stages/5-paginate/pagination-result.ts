/**
 * What a render gives back, and what it is asked to keep: the types that the renderer (paginate.ts) and one
 * document's render (render-document.ts) share, here so that neither imports the other for them.
 */
import type { PageOrigin } from '../../browser/document-pages.ts';
import type { RuleId } from '../../diagnostics/rules.ts';
import type { PaginationStep } from '../../model/stage-timings.ts';
import type { Bookmark, ContinuedElements, PlacedCard, PlacedTerm } from '../../model/types.ts';

/** A problem found while paginating: it belongs to the document, not to one entry. */
export interface PaginationProblem {
  rule: RuleId;
  message: string;
  /** Content that does not fit: the entry it is in (`card:<id>`, `principle:<n>`) and the text it begins with. */
  source?: { entry: string; text: string };
}

/** What pagination found: the PDF as printed, its pages, and where cards, index marks and bookmarks landed. */
export interface PaginationResult {
  pdf: Uint8Array;
  pages: number;
  cards: PlacedCard[];
  terms: PlacedTerm[];
  bookmarks: Bookmark[];
  /** Per page, the elements it goes on with from the page before (a paragraph, a list and its item). */
  continued: ContinuedElements[];
  problems: PaginationProblem[];
  /** The document's sections: how many, how many this render laid out, how many of those in a second page. */
  sections: { total: number; laidOut: number; inHelper: number };
  /** The keys under which the sections that were not the index are kept (src/cache/section-cache.ts). */
  sectionKeys: string[];
  /** Whether the document went into a new page, one made ready ahead (`Renderer.prepare`) or one used before. */
  pageOrigin: PageOrigin;
  /** Seconds per step of this render (src/model/stage-timings.ts). */
  steps: Record<PaginationStep, number>;
}

/** Where a render keeps laid-out sections for later runs, and whether it may use those of earlier runs. */
export interface RenderOptions {
  sectionCache?: { outDir: string; reuse: boolean };
  /** The document's dependency key when the caller has it already (it reads every file the document loads). */
  dependencyKey?: string;
}
