/**
 * How the index prints a term's pages: each page once, ascending; explicit ranges (`|(` … `|)`) as "12–14"; with
 * the edition's `index.ranges` setting, three or more consecutive pages as a range too ("8–10" instead of
 * "8, 9, 10", as the 2013 print did). The project's own card page can be emphasised.
 */

import type { LandedMarks, Locator } from '../page/page-api.ts';

// The page runs these functions (src/browser/document-page.ts sends their source), so their types are part of what
// the page exposes: declared once, in the page API.
export type { LandedMarks, Locator };

/**
 * Turns landed marks into printed locators. It must stay self-contained (no imports, no outer variables): the
 * pagination script runs this very function in the browser, from its source text.
 */
export function formatLocators(marks: LandedMarks, compressRuns: boolean): Locator[] {
  const sorted = (values: readonly number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
  const spans: { first: number; last: number }[] = marks.ranges
    .map(([a, b]) => ({ first: Math.min(a, b), last: Math.max(a, b) }))
    .sort((x, y) => x.first - y.first);
  const merged: { first: number; last: number }[] = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && span.first <= previous.last + 1) previous.last = Math.max(previous.last, span.last);
    else merged.push({ ...span });
  }
  const inSpan = (page: number): boolean => merged.some((span) => page >= span.first && page <= span.last);
  const main = new Set(marks.mainPages);
  const singles = sorted([...marks.pages, ...marks.mainPages]).filter((page) => !inSpan(page));
  const locators: Locator[] = merged.map((span) => ({ ...span, main: false }));
  let run: number[] = [];
  const flush = (): void => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first === undefined || last === undefined) return;
    if (compressRuns && run.length >= 3 && !run.some((page) => main.has(page))) {
      locators.push({ first, last, main: false });
    } else {
      for (const page of run) locators.push({ first: page, last: page, main: main.has(page) });
    }
    run = [];
  };
  for (const page of singles) {
    const last = run[run.length - 1];
    if (last !== undefined && page !== last + 1) flush();
    run.push(page);
  }
  flush();
  return locators.sort((a, b) => a.first - b.first);
}

/** "12" or "12–14" (en dash, as German typesetting has it). */
export function locatorText(locator: Locator): string {
  return locator.first === locator.last ? String(locator.first) : `${String(locator.first)}–${String(locator.last)}`;
}
