/**
 * The catalogue of diagnostic rules: every rule a stage can report is declared here once, with its severity and
 * the words an editor needs (what is wrong, why it matters for the printed report, how to fix it). The rule ids
 * are typed (`RuleId`), so a misspelled id does not compile; `addDiagnostic` takes the severity from here, so a
 * rule cannot be an error in one place and a warning in another. The README's table of bad input is generated
 * from this file (`npm run rules`, scripts/rule-table.ts), and tests/unit/rule-catalogue.test.ts checks that both
 * agree and that every rule declared is still reported somewhere.
 */

export type Severity = 'error' | 'warning';

/** The rows of the README's table, in its order: where in an entry (or the build) the problem is. */
export const ruleAreas = ['YAML', 'fields', 'values', 'index', 'files', 'text', 'hostile HTML', 'layout'] as const;

export type RuleArea = (typeof ruleAreas)[number];

export interface Rule {
  severity: Severity;
  area: RuleArea;
  /** One line: what is wrong. */
  what: string;
  /** Why it matters for the printed report. */
  why: string;
  /** What the editor does about it. */
  fix: string;
}

/** Errors stop the build before anything is written; warnings are printed and the build goes on. */
export const rules = {
  'yaml-syntax': {
    severity: 'error',
    area: 'YAML',
    what: 'The front matter is not valid YAML: an unclosed bracket, tab indentation, a duplicate key',
    why: 'Fields that cannot be read cannot be printed; the entry would be missing from the report',
    fix: 'Correct the YAML where the message points: close the bracket, indent with spaces, remove one of the keys',
  },
  'front-matter-shape': {
    severity: 'error',
    area: 'YAML',
    what: 'The front matter is not a mapping of `name: value` fields',
    why: 'Every field is read by its name; a list or a single value names none',
    fix: 'Write one `name: value` line per field, starting with `kind:`',
  },
  'missing-field': {
    severity: 'error',
    area: 'fields',
    what: 'A required field is missing',
    why: 'The printed form has a place for it that would stay empty',
    fix: 'Add the field the message names',
  },
  'unknown-field': {
    severity: 'error',
    area: 'fields',
    what: 'A field the entry\'s kind does not have, usually misspelled (with "did you mean")',
    why: 'Its value would be dropped without a word and never printed',
    fix: 'Correct the name as suggested, or remove the field',
  },
  'invalid-field': {
    severity: 'error',
    area: 'fields',
    what: 'A field is mistyped or empty',
    why: 'The printed form would show a wrong or empty value',
    fix: 'Give the field a value of the kind the message names',
  },
  'unknown-kind': {
    severity: 'error',
    area: 'fields',
    what: '`kind` is missing or not a kind of entry',
    why: 'The kind decides where the entry goes in the report and which fields it has',
    fix: 'Set `kind:` to one of the kinds the message lists',
  },
  'empty-card': {
    severity: 'error',
    area: 'fields',
    what: 'A card has no `##` field headings',
    why: 'A card without fields prints as an empty form',
    fix: 'Write each field as a `## Heading` line with the printed heading, then its text',
  },
  'text-outside-field': {
    severity: 'error',
    area: 'fields',
    what: "Text before a card's first field heading",
    why: 'It belongs to no field of the form, so it has no place on the printed card',
    fix: 'Put it under a `## Heading` of the form',
  },
  'invalid-value': {
    severity: 'error',
    area: 'values',
    what: 'A Land, variant, Träger type or checklist variant that does not exist (with "did you mean")',
    why: 'Filters, brochures and the printed form depend on the exact values',
    fix: 'Use one of the values the message lists',
  },
  'checklist-mismatch': {
    severity: 'error',
    area: 'values',
    what: 'A checklist item not as printed, or one missing or extra',
    why: "Checklists A and B are the printed survey's items; other wording would misquote the form",
    fix: 'Use the printed wording, or set `checklist: custom`',
  },
  'invalid-label': {
    severity: 'error',
    area: 'values',
    what: 'The name label of another form',
    why: "The label is printed on the card and must be one of its form's",
    fix: "Use one of the labels of the card's form that the message lists",
  },
  'unknown-field-heading': {
    severity: 'error',
    area: 'values',
    what: "A field heading that is not of the card's form",
    why: 'Its text would print under a heading the survey never asked',
    fix: 'Use the field headings exactly as printed',
  },
  'duplicate-id': {
    severity: 'error',
    area: 'values',
    what: 'A card id or brochure id used twice',
    why: 'Ids name the cards in the page map and the brochures in their output files; one would replace the other',
    fix: 'Choose another id that no other card or brochure has',
  },
  'principle-number': {
    severity: 'error',
    area: 'values',
    what: 'Principle numbers with a gap or a repeat',
    why: 'The numbers are printed and cited; a gap looks like a missing principle',
    fix: 'Number the principles 1, 2, 3 and so on, without gaps or repeats',
  },
  'invalid-selection': {
    severity: 'error',
    area: 'values',
    what: "A brochure's selection names a value the edition does not have",
    why: 'The brochure would lack the cards the editor meant it to hold',
    fix: 'Use the values the message names',
  },
  'empty-selection': {
    severity: 'error',
    area: 'values',
    what: 'A brochure selects no cards',
    why: 'It would print a brochure without a single project',
    fix: 'Widen its selection: its filters must all match a card',
  },
  selection: {
    severity: 'error',
    area: 'values',
    what: 'The preview was asked for a brochure or selection that does not fit the edition',
    why: 'The preview has no document to show',
    fix: 'Ask for a brochure or selection the message names',
  },
  'unknown-index-term': {
    severity: 'error',
    area: 'index',
    what: 'An index mark names a term or sub-entry not in the register (with "did you mean")',
    why: 'The Stichwortverzeichnis prints only register terms; the page would be lost from it',
    fix: 'Add the term to entries/register.md, or correct the mark',
  },
  'index-mark-syntax': {
    severity: 'error',
    area: 'index',
    what: 'An index mark with an unknown modifier',
    why: 'Whether the mark is a page or a range would be a guess',
    fix: 'Open a page range with the modifier `(` and close it with `)`; there are no others',
  },
  'index-range': {
    severity: 'error',
    area: 'index',
    what: 'A page range that is opened and never closed, closed and never opened, or opened twice',
    why: 'The index would print a range without an end, or no range at all',
    fix: 'Close each range in the entry that opens it, with the same term',
  },
  'missing-see-target': {
    severity: 'error',
    area: 'index',
    what: '"siehe" or "siehe auch" to a missing term',
    why: 'The reader would be sent to a term the index does not have',
    fix: 'Correct the reference, or add the term to the register',
  },
  'see-cycle': {
    severity: 'error',
    area: 'index',
    what: '"siehe" references that go in a circle',
    why: 'The reader would follow them round without reaching a page',
    fix: 'Point one of them at a term with pages',
  },
  'near-duplicate-term': {
    severity: 'warning',
    area: 'index',
    what: 'Two register terms that differ only in case, hyphens or ß/ss',
    why: 'Probably one term written twice; the index would split its pages between them',
    fix: 'Merge the two, or keep both on purpose',
  },
  'unmarked-term': {
    severity: 'warning',
    area: 'index',
    what: 'A register term or sub-entry never marked in the text',
    why: 'The index leaves it out; probably a mark was forgotten',
    fix: 'Mark it with `\\index{...}` where it is discussed, or remove it',
  },
  'file-encoding': {
    severity: 'error',
    area: 'files',
    what: 'A file that is not UTF-8, e.g. Latin-1/Windows-1252',
    why: 'Umlauts and ß would print as wrong characters',
    fix: 'Save the file as UTF-8, e.g. `iconv -f windows-1252 -t utf-8`',
  },
  'missing-front-matter': {
    severity: 'error',
    area: 'files',
    what: 'An entry without front matter',
    why: 'Without `kind:` and its fields the entry has no place in the report',
    fix: 'Start the file with a `---` line, the YAML fields (at least `kind:`) and a closing `---` line',
  },
  'outside-link': {
    severity: 'error',
    area: 'files',
    what: 'A link in `entries/` to a file outside it, or to nothing',
    why: "Entries must not pull the machine's other files into the report, so it is not read",
    fix: 'Copy the file into the entries folder instead',
  },
  'entry-too-large': {
    severity: 'error',
    area: 'files',
    what: 'An entry over 1 MiB',
    why: 'No report needs one, and rendering it would take minutes',
    fix: 'Split it, or move long tables out of the report',
  },
  'list-too-long': {
    severity: 'error',
    area: 'files',
    what: 'A list over 2,000 items',
    why: 'No report needs one, and rendering it would take minutes',
    fix: 'Split it, or summarise it',
  },
  'duplicate-entry': {
    severity: 'error',
    area: 'files',
    what: 'A second edition, register or brochures entry',
    why: 'An edition has exactly one of each; which one counts would be a guess',
    fix: 'Merge the two',
  },
  'missing-edition': {
    severity: 'error',
    area: 'files',
    what: 'No `kind: edition` entry',
    why: "The cover's title, publisher and year come from it",
    fix: 'Add entries/edition.md with title, publisher and year',
  },
  'missing-glyph': {
    severity: 'error',
    area: 'text',
    what: "A character Arimo's font files have no glyph for (read from their character maps), named with its code point",
    why: 'It would print in another font, or not at all',
    fix: 'Replace it, e.g. an arrow by a dash, a check mark by "X"',
  },
  'image-not-printed': {
    severity: 'warning',
    area: 'hostile HTML',
    what: 'An image, as Markdown (`![alt](file)`) or as raw HTML `<img>`',
    why: 'The report prints no images and loads nothing from outside the project: only the alt text prints, in its place',
    fix: 'Say in the text what the image shows, and remove it',
  },
  'unprintable-character': {
    severity: 'error',
    area: 'text',
    what: 'A character that should not print: a control character, a bidirectional override or embedding, a zero-width character (other than the soft hyphen, zero-width non-joiner and word joiner), U+FFFD',
    why: 'It prints as nothing or as a box, reverses the text after it, or hides in a word, so that search and screen readers miss it',
    fix: 'Delete it (an editor that shows invisible characters helps), or retype the word',
  },
  placeholder: {
    severity: 'warning',
    area: 'text',
    what: 'A placeholder "[AUSFÜLLEN]" of `kompendium new` is still in the text',
    why: 'The report would print the placeholder and its hint',
    fix: 'Replace the placeholder and the hint after it with the real text',
  },
  'unsafe-html': {
    severity: 'warning',
    area: 'hostile HTML',
    what: '`<script>`, `<iframe>`, event handlers, `javascript:`/`file:` links, remote images in raw HTML',
    why: 'The allow-list removes them, so nothing in an entry runs or loads; the warning says what was lost',
    fix: 'Write the content as Markdown',
  },
  'resource-not-loaded': {
    severity: 'error',
    area: 'hostile HTML',
    what: "The page asked for something other than the project's own stylesheets, fonts and scripts",
    why: 'Rendering never uses the network or other files; request interception refused it',
    fix: 'Link only files of `templates/`, `styles/` and the fonts',
  },
  'content-overflow': {
    severity: 'error',
    area: 'layout',
    what: "Text outside a page's content area, naming the page and the text",
    why: 'Paged.js would clip it without a word',
    fix: 'Shorten the text there, or break a long word, address or table',
  },
  'font-fallback': {
    severity: 'error',
    area: 'layout',
    what: 'A font other than Arimo in the PDF',
    why: 'Some text fell back from Arimo and prints in another font',
    fix: 'Declare every weight and style the CSS uses in styles/fonts.css, and use only characters Arimo has',
  },
  'pdf-conformance': {
    severity: 'error',
    area: 'layout',
    what: 'The finished PDF breaks a rule of PDF/UA-1 or PDF/A-2u, naming the checkpoint, page and object',
    why: 'The PDF says it conforms to both; an official edition that does not cannot be published or archived',
    fix: 'Where the message names content of an entry (a heading level skipped, an image without alt text), correct the entry; otherwise it is a fault of kompendium: report it with the message',
  },
  'page-script-error': {
    severity: 'error',
    area: 'layout',
    what: 'Paged.js or a page script failed while laying out the document',
    why: 'The PDF would be incomplete',
    fix: 'Usually a stylesheet or font could not be loaded: check `styles/` and the message',
  },
  'template-error': {
    severity: 'error',
    area: 'layout',
    what: 'A Handlebars template of `templates/` could not be applied',
    why: 'Without it there is no document to lay out',
    fix: 'Correct the template where the message points',
  },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof rules;

/** True for the id of a rule in the catalogue (for ids that come in as plain strings). */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(rules, id);
}

/** The catalogue entry of a rule. */
export function ruleOf(id: RuleId): Rule {
  return rules[id];
}

/** Every rule with its id, in the order of the README's table: by area, and within an area as declared. */
export function listRules(): (Rule & { id: RuleId })[] {
  const all = Object.entries(rules).map(([id, rule]) => ({ id: id as RuleId, ...rule }));
  return all.sort((a, b) => ruleAreas.indexOf(a.area) - ruleAreas.indexOf(b.area));
}

/** The README holds the generated table between these two lines. */
export const ruleTableMarkers = { start: '<!-- rules:start -->', end: '<!-- rules:end -->' } as const;

/**
 * The README's rule table, already in the form Prettier gives a Markdown table (columns padded to their widest
 * cell), so that `prettier --check` and the test comparing README and catalogue agree.
 */
export function renderRuleTable(): string {
  const header = ['area', 'rule', 'severity', 'what is wrong', 'how to fix'];
  const rows = listRules().map((rule) => [rule.area, `\`${rule.id}\``, rule.severity, rule.what, rule.fix]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => cellWidth(row[column]))));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - cellWidth(cell))).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const graphemes = new Intl.Segmenter('de', { granularity: 'grapheme' });

/**
 * Characters as a monospaced editor shows them, which is what Prettier pads by: "ä" is one, even when written as
 * "a" and a combining mark. (East Asian wide characters would count two; the catalogue has none.)
 */
function cellWidth(cell: string | undefined): number {
  return Array.from(graphemes.segment(cell ?? '')).length;
}
