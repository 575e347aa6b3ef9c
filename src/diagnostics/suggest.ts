/**
 * "Did you mean" hints for misspelled field names, values, headings and index terms.
 */

/** Returns the candidate closest to `input` if it is close enough to be a likely typo, else undefined. */
export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return undefined;
  const tolerance = Math.max(2, Math.floor(Math.min(input.length, best.candidate.length) / 4));
  return best.distance <= tolerance ? best.candidate : undefined;
}

/** Appends ` Did you mean "x"?` when a close candidate exists. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const closest = suggestClosest(input, candidates);
  return closest === undefined ? '' : ` Did you mean "${closest}"?`;
}

/** Levenshtein distance with two rows; inputs here are short (field names, headings, terms). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
