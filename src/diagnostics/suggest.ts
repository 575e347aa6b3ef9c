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
  const tolerance = Math.max(1, Math.floor(Math.min(input.length, best.candidate.length) / 4));
  return best.distance <= tolerance ? best.candidate : undefined;
}

/** Appends ` Did you mean "x"?` when a close candidate exists. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const closest = suggestClosest(input, candidates);
  return closest === undefined ? '' : ` Did you mean "${closest}"?`;
}

/**
 * Edit distance where swapping two neighbouring letters counts as one edit (optimal string alignment), since
 * "titel" for "title" is one typo, not two. Inputs are short: field names, headings, terms.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
