/**
 * Validation of the named brochures (entries/brochures.md): unique ids, selections whose every value exists in the
 * edition, and selections that hold at least one card. Part of stage 2. When brochures.md has schema errors, the
 * brochures that are sound on their own are still checked, so that one run reports every problem.
 */
import { addDiagnostic } from '../../diagnostics/report.ts';
import { pointAtPath } from '../../diagnostics/yaml-position.ts';
import { brochureSchema, type BrochureData } from '../../model/schema.ts';
import { resolveSelection, selectCards } from '../../subset/select-subset.ts';
import type { Edition, FrontMatter, LoadedEntry } from '../../model/types.ts';
import type { VFile } from 'vfile';

/** The brochures to check: the entry they are in, and each brochure with its index in the list. */
interface BrochureList {
  file: VFile;
  frontMatter: FrontMatter;
  brochures: (readonly [number, BrochureData])[];
}

/** The brochures of the edition; or, when brochures.md did not pass the schema, those of its brochures that do. */
function brochuresToCheck(edition: Edition, loaded: readonly LoadedEntry[]): BrochureList | undefined {
  const valid = edition.brochures;
  if (valid !== undefined) {
    return { file: valid.file, frontMatter: valid.frontMatter, brochures: [...valid.data.brochures.entries()] };
  }
  const entry = loaded.find((candidate) => candidate.frontMatter?.document.get('kind') === 'brochures');
  const frontMatter = entry?.frontMatter;
  if (entry === undefined || frontMatter === undefined || frontMatter.document.errors.length > 0) return undefined;
  const items = (frontMatter.document.toJS() as { brochures?: unknown } | null)?.brochures;
  if (!Array.isArray(items)) return undefined;
  const brochures = items.flatMap((item, index) => {
    const parsed = brochureSchema.safeParse(item);
    return parsed.success ? [[index, parsed.data] as const] : [];
  });
  return { file: entry.file, frontMatter, brochures };
}

export function validateBrochures(edition: Edition, loaded: readonly LoadedEntry[]): void {
  const list = brochuresToCheck(edition, loaded);
  if (list === undefined) return;
  const seen = new Set<string>();
  for (const [index, brochure] of list.brochures) {
    const at = (path: (string | number)[]) => pointAtPath(list.frontMatter, ['brochures', index, ...path]);
    if (seen.has(brochure.id)) {
      addDiagnostic(list.file, {
        reason: `The brochure id "${brochure.id}" is used twice. Brochure ids name the output files: make them unique`,
        rule: 'duplicate-id',
        place: at(['id']),
      });
    }
    seen.add(brochure.id);
    const { selection, problems } = resolveSelection(brochure.select, edition);
    for (const problem of problems) {
      addDiagnostic(list.file, {
        reason: problem.message,
        rule: 'invalid-selection',
        place: at(['select', problem.filter, problem.index]),
      });
    }
    if (problems.length === 0 && selectCards(edition.cards, selection).length === 0) {
      addDiagnostic(list.file, {
        reason: `The brochure "${brochure.id}" selects no cards. Widen its selection (its filters must all match a card)`,
        rule: 'empty-selection',
        place: at(['select']),
      });
    }
  }
}
