/**
 * Validation of the named brochures (entries/brochures.md): unique ids, selections whose every value exists in the
 * edition, and selections that hold at least one card. Part of stage 2.
 */
import { addDiagnostic } from '../../diagnostics/report.ts';
import { pointAtPath } from '../../diagnostics/yaml-position.ts';
import { resolveSelection, selectCards } from '../../subset/select-subset.ts';
import type { Edition } from '../../model/types.ts';

export function validateBrochures(edition: Edition): void {
  const entry = edition.brochures;
  if (entry === undefined) return;
  const seen = new Set<string>();
  entry.data.brochures.forEach((brochure, index) => {
    const at = (path: (string | number)[]) => pointAtPath(entry.frontMatter, ['brochures', index, ...path]);
    if (seen.has(brochure.id)) {
      addDiagnostic(entry.file, {
        reason: `The brochure id "${brochure.id}" is used twice. Brochure ids name the output files: make them unique`,
        rule: 'duplicate-id',
        place: at(['id']),
      });
    }
    seen.add(brochure.id);
    const { selection, problems } = resolveSelection(brochure.select, edition);
    for (const problem of problems) {
      addDiagnostic(entry.file, {
        reason: problem.message,
        rule: 'invalid-selection',
        place: at(['select', problem.filter, problem.index]),
      });
    }
    if (problems.length === 0 && selectCards(edition.cards, selection).length === 0) {
      addDiagnostic(entry.file, {
        reason: `The brochure "${brochure.id}" selects no cards. Widen its selection (its filters must all match a card)`,
        rule: 'empty-selection',
        place: at(['select']),
      });
    }
  });
}
