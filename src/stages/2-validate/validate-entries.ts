/**
 * Stage 2: check every loaded entry against its kind's schema, then the edition as a whole (one edition file,
 * unique ids, card fields of the card's form, index marks naming register terms). Every problem is recorded on
 * its entry's file with a position; nothing stops at the first problem.
 */
import type { Heading, ListItem } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { z } from 'zod';
import { addDiagnostic } from '../../diagnostics/report.ts';
import { didYouMean } from '../../diagnostics/suggest.ts';
import { pointAtKey, pointAtOffset, pointAtPath } from '../../diagnostics/yaml-position.ts';
import {
  allowedHeadings,
  cardForms,
  cardVariants,
  checklists,
  findFormField,
  type CardVariant,
} from '../../model/forms.ts';
import { entryKinds, frontMatterSchemas, type EntryKind } from '../../model/schema.ts';
import type { Edition, FrontMatter, LoadedEntry, RegisterEntry, ValidEntry } from '../../model/types.ts';
import { splitCardFields } from '../../model/card-fields.ts';
import { parseLand } from '../../subset/select-subset.ts';
import { rawField } from './front-matter.ts';
import { validateBrochures } from './validate-brochures.ts';
import { validateContent } from './validate-content.ts';
import { validateRegister } from './validate-register.ts';

/**
 * Validates entries one by one and as an edition. Checks that need only part of an entry (card bodies, ids, index
 * marks) also run on entries whose front matter has other problems, so one run reports everything.
 */
export function validateEntries(loaded: readonly LoadedEntry[]): { edition: Edition | undefined } {
  for (const entry of loaded) validateContent(entry);
  const valid = loaded.map(validateEntry).filter((entry): entry is ValidEntry => entry !== undefined);
  const files = loaded.map((entry) => entry.file);
  const cards = loaded.filter((entry) => rawField(entry, 'kind') === 'card');
  checkCardIds(cards);
  for (const card of cards) checkCardBody(card);
  const register = valid.find((entry): entry is RegisterEntry => entry.kind === 'register');
  validateRegister(loaded, register, cards);
  const editionWritten = loaded.some((entry) => rawField(entry, 'kind') === 'edition');
  const edition = assembleEdition(valid, files, editionWritten);
  if (edition !== undefined) {
    checkPrinciples(edition);
    validateBrochures(edition, loaded);
  }
  return { edition };
}

/** Validates one entry's front matter. Returns undefined (with diagnostics) when it does not pass. */
export function validateEntry(entry: LoadedEntry): ValidEntry | undefined {
  const { file, frontMatter } = entry;
  if (frontMatter === undefined) return undefined;
  if (frontMatter.document.errors.length > 0) {
    for (const error of frontMatter.document.errors) {
      addDiagnostic(file, {
        reason: `The front matter is not valid YAML: ${describeYamlError(error.code, error.message)}`,
        rule: 'yaml-syntax',
        place: pointAtOffset(frontMatter, error.pos[0]),
      });
    }
    return undefined;
  }
  const data = frontMatterData(entry, frontMatter);
  if (data === failedToRead) return undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    addDiagnostic(file, {
      reason: 'The front matter must be a mapping of fields (`name: value` lines), starting with `kind:`',
      rule: 'front-matter-shape',
      place: { line: frontMatter.firstLine, column: 1 },
    });
    return undefined;
  }
  const kind = (data as Record<string, unknown>).kind;
  if (typeof kind !== 'string' || !(entryKinds as readonly string[]).includes(kind)) {
    const given = typeof kind === 'string' ? `"${kind}"` : 'missing';
    addDiagnostic(file, {
      reason: `The field \`kind\` is ${given}; it must be one of ${entryKinds.join(', ')}.${typeof kind === 'string' ? didYouMean(kind, entryKinds) : ''}`,
      rule: 'unknown-kind',
      place: kind === undefined ? { line: frontMatter.firstLine, column: 1 } : pointAtPath(frontMatter, ['kind']),
    });
    return undefined;
  }
  const schema = frontMatterSchemas[kind as EntryKind];
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) reportSchemaIssue(entry, frontMatter, issue, schema);
    return undefined;
  }
  return {
    kind,
    data: result.data,
    file,
    frontMatter,
    tree: entry.tree,
  } as ValidEntry;
}

const failedToRead = Symbol('failed to read');

/** The front matter as plain values; a document that YAML cannot turn into values is reported, never thrown. */
function frontMatterData(entry: LoadedEntry, frontMatter: FrontMatter): unknown {
  try {
    return frontMatter.document.toJS({ maxAliasCount: 0 });
  } catch (error) {
    addDiagnostic(entry.file, {
      reason: `The front matter cannot be read as values: ${error instanceof Error ? error.message : String(error)}`,
      rule: 'yaml-syntax',
      place: { line: frontMatter.firstLine, column: 1 },
    });
    return failedToRead;
  }
}

function describeYamlError(code: string, message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return `${firstLine}. Remove one of the two`;
  if (code === 'TAB_AS_INDENT') return `${firstLine}. Indent with spaces`;
  return firstLine;
}

function reportSchemaIssue(
  entry: LoadedEntry,
  frontMatter: FrontMatter,
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
): void {
  const where = issue.path.length > 0 ? `\`${issue.path.join('.')}\`` : 'The front matter';
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, issue.path);
    for (const key of issue.keys) {
      addDiagnostic(entry.file, {
        reason: `Unknown field \`${key}\`${issue.path.length > 0 ? ` in ${where}` : ''}.${didYouMean(key, known)} Allowed fields: ${known.join(', ')}`,
        rule: 'unknown-field',
        place: pointAtKey(frontMatter, issue.path, key),
      });
    }
    return;
  }
  const value: unknown = frontMatter.document.getIn(issue.path as unknown[]);
  if (issue.code === 'invalid_type' && value === undefined) {
    addDiagnostic(entry.file, {
      reason: `The required field ${where} is missing. Add it (${issue.expected})`,
      rule: 'missing-field',
      place: pointAtPath(frontMatter, issue.path),
    });
    return;
  }
  if (issue.code === 'invalid_value' && typeof value === 'string') {
    const options = issue.values.map(String);
    // A Land as the command line takes it (BY, Bayern): entries record its ISO code.
    const land = issue.path.at(-1) === 'code' ? parseLand(value) : undefined;
    const suggestion = land !== undefined && land !== value ? ` Did you mean "${land}"?` : didYouMean(value, options);
    addDiagnostic(entry.file, {
      reason: `${where} is "${value}", which is not allowed.${suggestion} Use one of: ${options.join(', ')}`,
      rule: 'invalid-value',
      place: pointAtPath(frontMatter, issue.path),
    });
    return;
  }
  // The value as written, so that a typo (`year: 2O13`) is seen where the message is read.
  const given = typeof value === 'string' || typeof value === 'number' ? ` (it is ${JSON.stringify(value)})` : '';
  addDiagnostic(entry.file, {
    reason: `${where}: ${issue.message}${given}`,
    rule: 'invalid-field',
    place: pointAtPath(frontMatter, issue.path),
  });
}

/** Field names a (nested) object schema allows, for "did you mean" on unknown keys. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const step of path) {
    current = unwrap(current);
    if (typeof step === 'number') current = (current as { element?: unknown }).element;
    else current = (current as { shape?: Record<string, unknown> }).shape?.[String(step)];
  }
  const shape = (unwrap(current) as { shape?: Record<string, unknown> }).shape;
  return shape === undefined ? [] : Object.keys(shape);
}

function unwrap(schema: unknown): unknown {
  let current = schema as { unwrap?: () => unknown; def?: { innerType?: unknown; in?: unknown } } | undefined;
  while (current?.def?.innerType !== undefined || current?.def?.in !== undefined) {
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return current;
}

/** `editionWritten`: an edition entry exists but did not validate (its own errors say why; it is not missing). */
function assembleEdition(
  valid: readonly ValidEntry[],
  files: Edition['files'],
  editionWritten: boolean,
): Edition | undefined {
  const editions = valid.filter((entry) => entry.kind === 'edition');
  const registers = valid.filter((entry) => entry.kind === 'register');
  const brochures = valid.filter((entry) => entry.kind === 'brochures');
  for (const extra of [...editions.slice(1), ...registers.slice(1), ...brochures.slice(1)]) {
    const first = valid.find((entry) => entry.kind === extra.kind);
    addDiagnostic(extra.file, {
      reason: `A second \`kind: ${extra.kind}\` entry; an edition has exactly one (the first is ${first?.file.path ?? ''}). Merge them`,
      rule: 'duplicate-entry',
      place: pointAtPath(extra.frontMatter, ['kind']),
    });
  }
  const edition = editions[0];
  if (edition === undefined) {
    const target = files[0];
    if (target !== undefined && valid.length > 0 && !editionWritten) {
      addDiagnostic(target, {
        reason: 'The edition has no `kind: edition` entry. Add entries/edition.md with title, publisher and year',
        rule: 'missing-edition',
        place: { line: 1, column: 1 },
      });
    }
    return undefined;
  }
  return {
    edition,
    parts: valid.filter((entry) => entry.kind === 'part').sort((a, b) => a.data.part - b.data.part),
    principles: valid.filter((entry) => entry.kind === 'principle').sort((a, b) => a.data.number - b.data.number),
    cards: valid.filter((entry) => entry.kind === 'card'),
    register: registers[0],
    brochures: brochures[0],
    files: [...files],
  };
}

function checkCardIds(cards: readonly LoadedEntry[]): void {
  const seen = new Map<string, LoadedEntry>();
  for (const card of cards) {
    const id = rawField(card, 'id');
    if (typeof id !== 'string' || card.frontMatter === undefined) continue;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, card);
    else
      addDiagnostic(card.file, {
        reason: `The card id "${id}" is already used by ${first.file.path}. Card ids must be unique: choose another slug`,
        rule: 'duplicate-id',
        place: pointAtPath(card.frontMatter, ['id']),
      });
  }
}

function checkPrinciples(edition: Edition): void {
  edition.principles.forEach((principle, index) => {
    if (principle.data.number !== index + 1) {
      addDiagnostic(principle.file, {
        reason: `Principle number ${String(principle.data.number)} breaks the sequence; expected ${String(index + 1)}. Number the principles 1, 2, 3 … without gaps or repeats`,
        rule: 'principle-number',
        place: pointAtPath(principle.frontMatter, ['number']),
      });
    }
  });
}

/** Card bodies: every `##` heading must be a field of the card's form, with the printed wording. */
function checkCardBody(card: LoadedEntry): void {
  const variant = rawField(card, 'variant');
  const label = rawField(card, 'label');
  if (
    card.frontMatter === undefined ||
    typeof variant !== 'string' ||
    !(cardVariants as readonly string[]).includes(variant)
  ) {
    return;
  }
  const form = cardForms[variant as CardVariant];
  if (typeof label === 'string' && !form.labels.includes(label)) {
    addDiagnostic(card.file, {
      reason: `The label "${label}" is not a name label of the ${variant} form.${didYouMean(label, form.labels)} Use one of: ${form.labels.map((l) => `"${l}"`).join(', ')}`,
      rule: 'invalid-label',
      place: pointAtPath(card.frontMatter, ['label']),
    });
  }
  const headings = card.tree.children.filter((node): node is Heading => node.type === 'heading' && node.depth === 2);
  for (const heading of headings) {
    const text = toString(heading);
    if (findFormField(form.variant, text) !== undefined) continue;
    addDiagnostic(card.file, {
      reason: `"${text}" is not a field heading of the ${variant} form.${didYouMean(text, allowedHeadings(form.variant))} Use the field headings exactly as printed`,
      rule: 'unknown-field-heading',
      place: heading.position?.start,
    });
  }
  if (headings.length === 0) {
    addDiagnostic(card.file, {
      reason: 'The card has no fields. Write each field as a `## Heading` line with the printed heading, then its text',
      rule: 'empty-card',
      place: { line: card.frontMatter.firstLine, column: 1 },
    });
  }
  checkChecklist(card, form.variant);
  const firstHeading = card.tree.children.findIndex((node) => node.type === 'heading');
  const beforeFields = card.tree.children.slice(1, firstHeading === -1 ? undefined : firstHeading);
  const stray = beforeFields.find((node) => node.type !== 'yaml');
  if (stray !== undefined) {
    addDiagnostic(card.file, {
      reason: 'Text before the first field heading belongs to no field. Put it under a `## Heading` of the form',
      rule: 'text-outside-field',
      place: stray.position?.start,
    });
  }
}

/**
 * The checklist of the "Warum …" field: with `checklist: A` or `B` its boxes (`- [ ]` / `- [x]` items) must be the
 * printed items of that list, in order. Ticks are free; custom lists and cards without a list are not compared.
 */
function checkChecklist(card: LoadedEntry, variant: CardVariant): void {
  const checklist = rawField(card, 'checklist');
  if ((checklist !== 'A' && checklist !== 'B') || card.frontMatter === undefined) return;
  const expected = checklists[checklist];
  const field = splitCardFields(card.tree, variant).find((candidate) => candidate.key === 'warum');
  if (field === undefined) {
    addDiagnostic(card.file, {
      reason: `\`checklist: ${checklist}\` needs the field "Warum halten Sie diesen Ansatz für erfolgreich?". Add it, or set \`checklist: none\``,
      rule: 'checklist-mismatch',
      place: pointAtPath(card.frontMatter, ['checklist']),
    });
    return;
  }
  const items: ListItem[] = [];
  for (const node of field.nodes) {
    if (node.type === 'list') items.push(...node.children.filter((item) => typeof item.checked === 'boolean'));
  }
  const texts = items.map((item) =>
    toString(item)
      .replace(/\\index\{[^{}]*\}/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  expected.forEach((wanted, index) => {
    const item = items[index];
    if (texts[index] === wanted) return;
    addDiagnostic(card.file, {
      reason:
        item === undefined
          ? `Checklist ${checklist} lacks its item "${wanted}". Add \`- [ ] ${wanted}\` (or \`- [x]\` when ticked)`
          : `Checklist ${checklist} prints "${wanted}" here, not "${texts[index] ?? ''}". Use the printed wording, or set \`checklist: custom\``,
      rule: 'checklist-mismatch',
      place: item?.position?.start ?? field.headingNode.position?.start,
    });
  });
  const extra = items[expected.length];
  if (extra !== undefined) {
    addDiagnostic(card.file, {
      reason: `Checklist ${checklist} has ${String(expected.length)} items; this one is extra. Remove it, or set \`checklist: custom\``,
      rule: 'checklist-mismatch',
      place: extra.position?.start,
    });
  }
}
