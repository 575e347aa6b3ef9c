/**
 * How one document's work is shared between two browser pages (Chromium gives each its own process: the second
 * core): which sections the second page lays out, and which part of the document it prints. Both are decided from
 * the sections' sizes alone.
 */
import type { CutSection, SectionLayout } from '../../page/page-api.ts';
import type { ComposedDocument } from '../../model/types.ts';

/** A second page takes part of the layout only when there is this much text (characters) left to lay out. */
const secondPageThreshold = 20_000;
/** The second page's share of that text. */
const secondPageShare = 0.5;
/**
 * Documents this long (characters of HTML) open their second page at once, before they know what is left to lay
 * out, and print in two parts (the 2013 edition is well above it; a brochure of one Land is below).
 */
const longDocumentSize = 150_000;

/** Whether a document is long enough to open its second page at once and print in two parts. */
export function isLong(document: ComposedDocument): boolean {
  return document.html.length >= longDocumentSize;
}

/**
 * Which of the sections to lay out the page that prints takes, and which the second page takes: the second one
 * only for enough text, and then the sections at the end, up to its share of the characters.
 */
export function shareWithSecondPage(indices: number[], sections: readonly CutSection[]): [number[], number[]] {
  const characters = (some: number[]): number => some.reduce((sum, i) => sum + (sections[i]?.characters ?? 0), 0);
  const total = characters(indices);
  if (indices.length < 2 || total < secondPageThreshold) return [indices, []];
  let cut = indices.length;
  while (cut > 1 && characters(indices.slice(cut - 1)) <= total * secondPageShare) cut--;
  return [indices.slice(0, cut), indices.slice(cut)];
}

/** The pages of some sections, in order: first and last page number in the document, and each section's pages. */
export interface DocumentPart {
  first: number;
  last: number;
  sections: [number, SectionLayout][];
}

/** Where the pages of `indices` (consecutive sections before the index) stand in the document. */
export function partOfDocument(
  sections: readonly CutSection[],
  indices: number[],
  layoutOf: (index: number) => SectionLayout | null | undefined,
): DocumentPart {
  let before = 0;
  const part: [number, SectionLayout][] = [];
  for (const i of sections.keys()) {
    if (!indices.includes(i) && part.length > 0) break;
    const layout = layoutOf(i);
    // Every section before the index has its pages by now (laid out, or known): a missing one is a bug here.
    if (layout === null || layout === undefined) throw new Error(`section ${String(i)} has no pages to print`);
    if (indices.includes(i)) part.push([i, layout]);
    else before += layout.pages.length;
  }
  const count = part.reduce((sum, [, layout]) => sum + layout.pages.length, 0);
  return { first: before + 1, last: before + count, sections: part };
}
