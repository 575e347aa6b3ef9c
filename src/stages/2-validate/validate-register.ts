/**
 * Validation of the index: marks in the text against the register, the register's own consistency ("siehe"
 * targets, cycles, near-duplicate terms), and register terms that nothing marks. Part of stage 2.
 */
import type { Point } from 'unist';
import { addDiagnostic } from '../../diagnostics/report.ts';
import type { RuleId } from '../../diagnostics/rules.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { pointAtPath } from '../../diagnostics/yaml-position.ts';
import { findIndexMarks, markKey, type FoundMark } from '../../index/index-marks.ts';
import { splitIndexName } from '../../index/keyword-index.ts';
import type { RegisterTerm } from '../../model/schema.ts';
import type { LoadedEntry, RegisterEntry } from '../../model/types.ts';
import { rawField } from './front-matter.ts';

/** Checks marks and register together; problems go on the files where they are. */
export function validateRegister(
  loaded: readonly LoadedEntry[],
  register: RegisterEntry | undefined,
  cards: readonly LoadedEntry[],
): void {
  const textEntries = loaded.filter(
    (entry) => !['edition', 'register', 'brochures'].includes(String(rawField(entry, 'kind'))),
  );
  const marks = textEntries.map((entry) => ({ entry, marks: findIndexMarks(entry.tree) }));
  const projectNames = cards
    .map((card) => rawField(card, 'indexName'))
    .filter((name): name is string => typeof name === 'string')
    .map(splitIndexName);
  const known = knownKeys(register?.data.terms ?? [], projectNames);
  for (const { entry, marks: found } of marks) {
    for (const mark of found) checkMark(entry, mark, known);
    checkRanges(entry, found);
  }
  if (register === undefined) return;
  checkSeeTargets(
    register,
    new Set([...register.data.terms.map((term) => term.term), ...projectNames.map((n) => n.term)]),
  );
  checkSeeCycles(register);
  checkNearDuplicates(register);
  const marked = new Set(marks.flatMap(({ marks: found }) => found.map(markKey)));
  for (const name of projectNames) marked.add(markKey(name));
  checkUnmarkedTerms(register, marked);
}

/** Term → its sub-entries, from the register and the cards' project names. */
function knownKeys(terms: readonly RegisterTerm[], projectNames: readonly { term: string; sub: string | undefined }[]) {
  const known = new Map(terms.map((term) => [term.term, new Set(term.sub ?? [])]));
  for (const name of projectNames) {
    const subs = known.get(name.term) ?? new Set<string>();
    if (name.sub !== undefined) subs.add(name.sub);
    known.set(name.term, subs);
  }
  return known;
}

/** Every mark must name a register term (and, with `!`, one of its sub-entries) or a project name. */
function checkMark(entry: LoadedEntry, mark: FoundMark, known: Map<string, Set<string>>): void {
  const subs = known.get(mark.term);
  if (subs === undefined) {
    report(
      entry,
      'unknown-index-term',
      mark.start,
      `The index mark names "${mark.term}", which is not in the register.${didYouMean(mark.term, [...known.keys()])} Add the term to entries/register.md or correct the mark`,
    );
  } else if (mark.sub !== undefined && !subs.has(mark.sub)) {
    report(
      entry,
      'unknown-index-term',
      mark.start,
      `"${mark.sub}" is not a sub-entry of "${mark.term}" in the register.${didYouMean(mark.sub, [...subs])} Add it under \`sub:\` or correct the mark`,
    );
  }
  if (mark.unknownModifier !== undefined) {
    report(
      entry,
      'index-mark-syntax',
      mark.start,
      `"|${mark.unknownModifier}" is not an index mark modifier. Use \`|(\` to open a page range and \`|)\` to close it`,
    );
  }
}

/** A range opened with `|(` must be closed with `|)` for the same term later in the same entry, and vice versa. */
function checkRanges(entry: LoadedEntry, marks: readonly FoundMark[]): void {
  const open = new Map<string, FoundMark>();
  for (const mark of marks) {
    const key = markKey(mark);
    if (mark.range === 'start') {
      if (open.has(key))
        report(
          entry,
          'index-range',
          mark.start,
          `A second range for "${key}" opens before the first is closed. Close it with \\index{${key}|)} first`,
        );
      open.set(key, mark);
    } else if (mark.range === 'end') {
      if (!open.delete(key))
        report(
          entry,
          'index-range',
          mark.start,
          `This closes a page range for "${key}" that was never opened. Open it with \\index{${key}|(} where the discussion starts`,
        );
    }
  }
  for (const [key, mark] of open) {
    report(
      entry,
      'index-range',
      mark.start,
      `The page range for "${key}" is never closed in this entry. Add \\index{${key}|)} where the discussion ends`,
    );
  }
}

function checkSeeTargets(register: RegisterEntry, names: Set<string>): void {
  register.data.terms.forEach((term, index) => {
    const targets: [string, (string | number)[], string][] = [
      ...(term.see === undefined
        ? []
        : [[term.see, ['terms', index, 'see'], 'siehe'] as [string, (string | number)[], string]]),
      ...(term.seeAlso ?? []).map((target, i): [string, (string | number)[], string] => [
        target,
        ['terms', index, 'seeAlso', i],
        'siehe auch',
      ]),
    ];
    for (const [target, path, kind] of targets) {
      if (names.has(target)) continue;
      report(
        register,
        'missing-see-target',
        pointAtPath(register.frontMatter, path),
        `"${term.term}" refers to "${target}" (${kind}), which is neither a register term nor a project name.${didYouMean(target, [...names])} Correct the reference or add the term`,
      );
    }
  });
}

/** "siehe" chains must end at a term with pages: A → B → A would send the reader in a circle. */
function checkSeeCycles(register: RegisterEntry): void {
  const see = new Map(register.data.terms.filter((t) => t.see !== undefined).map((t) => [t.term, t.see ?? '']));
  register.data.terms.forEach((term, index) => {
    const visited = [term.term];
    let next = see.get(term.term);
    while (next !== undefined) {
      if (next === term.term) {
        report(
          register,
          'see-cycle',
          pointAtPath(register.frontMatter, ['terms', index, 'see']),
          `The "siehe" references go in a circle: ${[...visited, next].join(' → ')}. Point one of them at a term with pages`,
        );
        return;
      }
      if (visited.includes(next)) return;
      visited.push(next);
      next = see.get(next);
    }
  });
}

/** Two main terms that differ only in case, hyphens/spaces or ß/ss are probably one term written twice. */
function checkNearDuplicates(register: RegisterEntry): void {
  const fold = (term: string): string =>
    term
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/[-\s]+/g, '');
  const seen = new Map<string, string>();
  register.data.terms.forEach((term, index) => {
    const key = fold(term.term);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, term.term);
      return;
    }
    report(
      register,
      'near-duplicate-term',
      pointAtPath(register.frontMatter, ['terms', index, 'term']),
      `"${term.term}" differs from "${first}" only in case, hyphens or ß/ss. Merge the two, or keep both on purpose`,
    );
  });
}

/** A register term that no mark names and no card claims prints nothing: probably a forgotten mark. */
function checkUnmarkedTerms(register: RegisterEntry, marked: Set<string>): void {
  register.data.terms.forEach((term, index) => {
    if (term.see !== undefined) return;
    const keys = [term.term, ...(term.sub ?? []).map((sub) => markKey({ term: term.term, sub }))];
    if (keys.some((key) => marked.has(key))) {
      (term.sub ?? []).forEach((sub, i) => {
        if (marked.has(markKey({ term: term.term, sub }))) return;
        report(
          register,
          'unmarked-term',
          pointAtPath(register.frontMatter, ['terms', index, 'sub', i]),
          `The sub-entry "${term.term} → ${sub}" is never marked in the text, so the index leaves it out. Mark it with \\index{${term.term}!${sub}} where it is discussed`,
        );
      });
      return;
    }
    report(
      register,
      'unmarked-term',
      pointAtPath(register.frontMatter, ['terms', index, 'term']),
      `"${term.term}" is never marked in the text and is no project name, so the index leaves it out. Mark it with \\index{${term.term}} where it is discussed, or remove it`,
    );
  });
}

/** Records a diagnostic; its severity comes from the catalogue (src/diagnostics/rules.ts). */
function report(entry: LoadedEntry | RegisterEntry, rule: RuleId, place: Point | undefined, reason: string): void {
  addDiagnostic(entry.file, { reason, rule, place });
}
