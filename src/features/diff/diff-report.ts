/**
 * The edition diff as a report: terminal text (colour on a terminal, unless NO_COLOR), Markdown, self-contained
 * HTML, and JSON (the EditionDiff itself, documented in the README).
 */
import { wordChanges, type EditionDiff, type FieldChange, type WordChange } from './diff-editions.ts';
import { movedLabel } from './html-diff.ts';
import { htmlDiff } from './html-diff.ts';

export type DiffFormat = 'text' | 'md' | 'html' | 'json';

export interface ReportContext {
  /** Card titles by id, from both editions, so that ids read as projects. */
  titles: ReadonlyMap<string, string>;
  color: boolean;
  /**
   * For the HTML report: a card field as both editions render it (NEW's card id, the printed heading), so that a
   * changed field shows its lists and tables (src/features/diff/html-diff.ts). Without it fields read as text.
   */
  renderedField?: ((cardId: string, heading: string) => { before: string; after: string } | undefined) | undefined;
}

export function formatDiff(diff: EditionDiff, format: DiffFormat, context: ReportContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'md':
      return markdownReport(diff, context);
    case 'html':
      return htmlReport(diff, context);
    case 'text':
      return textReport(diff, context);
  }
}

/** The summary in German, for the Markdown and HTML reports, which are German throughout. */
function germanSummaryLine(diff: EditionDiff): string {
  const karten = (n: number): string => `${String(n)} ${n === 1 ? 'Karte' : 'Karten'}`;
  return `Karten: ${karten(diff.added.length)} neu, ${String(diff.removed.length)} entfallen, ${String(diff.renamed.length)} umbenannt, ${String(diff.changed.length)} geändert, ${String(diff.unchanged)} unverändert`;
}

function summaryLine(diff: EditionDiff): string {
  const counts = [
    `${String(diff.added.length)} added`,
    `${String(diff.removed.length)} removed`,
    `${String(diff.renamed.length)} renamed`,
    `${String(diff.changed.length)} changed`,
    `${String(diff.unchanged)} unchanged`,
  ];
  return `Cards: ${counts.join(', ')}`;
}

function textReport(diff: EditionDiff, context: ReportContext): string {
  const paint = (code: number) => (text: string) => (context.color ? `\u001b[${String(code)}m${text}\u001b[0m` : text);
  const [red, green, bold] = [paint(31), paint(32), paint(1)];
  const title = (id: string): string => context.titles.get(id) ?? id;
  const blue = paint(34);
  const mark = (part: WordChange): string => {
    if (part.moved !== undefined) {
      const { down } = part.moved;
      const note = part.added ? `moved here from ${down ? 'above' : 'below'}` : `moved ${down ? 'down' : 'up'}`;
      return blue(`[${note}] ${part.value.trim()}`);
    }
    return part.added ? green(`{+${part.value}+}`) : part.removed ? red(`[-${part.value}-]`) : part.value;
  };
  const inline = (field: FieldChange): string => changedLines(wordChanges(field.before, field.after), mark);
  const lines = [bold(`kompendium diff ${diff.old} → ${diff.new}`), summaryLine(diff), ''];
  for (const id of diff.added) lines.push(green(`+ added    ${id}  ${title(id)}`));
  for (const id of diff.removed) lines.push(red(`- removed  ${id}  ${title(id)}`));
  for (const rename of diff.renamed) {
    lines.push(
      `~ renamed  ${rename.from} → ${rename.to}  (title and organisation ${String(Math.round(rename.similarity * 100))} % alike)`,
    );
  }
  for (const card of diff.changed) {
    lines.push('', bold(`* changed  ${card.id}  ${card.title}`));
    for (const field of card.fields) lines.push(`  ${bold(field.field)}:`, indent(inline(field), 4));
  }
  if (diff.parts.length > 0) {
    lines.push('', bold('TEIL 1 and introductions'));
    for (const field of diff.parts) lines.push(`  ${bold(field.field)}:`, indent(inline(field), 4));
  }
  if (diff.metadata.length > 0) {
    lines.push('', bold('Edition (edition.md)'));
    for (const field of diff.metadata) lines.push(`  ${bold(field.field)}: ${inline(field)}`);
  }
  const brochures = diff.brochures;
  if (brochures.added.length + brochures.removed.length + brochures.changed.length > 0) {
    lines.push('', bold('Brochures (brochures.md)'));
    for (const id of brochures.added) lines.push(green(`  + ${id}`));
    for (const id of brochures.removed) lines.push(red(`  - ${id}`));
    for (const field of brochures.changed) lines.push(`  * ${field.field}: ${inline(field)}`);
  }
  if (diff.register.added.length + diff.register.removed.length + diff.register.renamed.length > 0) {
    lines.push('', bold('Register'));
    for (const term of diff.register.added) lines.push(green(`  + ${term}`));
    for (const term of diff.register.removed) lines.push(red(`  - ${term}`));
    for (const rename of diff.register.renamed) lines.push(`  ~ ${rename.from} → ${rename.to}`);
  }
  if (diff.pages !== undefined) {
    lines.push(
      '',
      bold('Pages'),
      `  ${diff.pages.differ.length === 0 ? 'none' : pageRanges(diff.pages.differ)} of ${String(diff.pages.newPages)} differ (old edition: ${String(diff.pages.oldPages)} pages)`,
    );
    for (const move of diff.pages.moved) lines.push(`  ${move.id}: page ${String(move.from)} → ${String(move.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The lines of a field (paragraphs, list items, table rows) that hold a change, marked; the unchanged lines between
 * them stand as one "…", so that a one-word change does not print the whole field again.
 */
function changedLines(parts: readonly WordChange[], mark: (part: WordChange) => string): string {
  const lines: { text: string; changed: boolean }[] = [{ text: '', changed: false }];
  for (const part of parts) {
    const pieces = part.value.split('\n');
    pieces.forEach((piece, i) => {
      if (i > 0) lines.push({ text: '', changed: part.added || part.removed });
      const line = lines.at(-1);
      if (line === undefined || piece === '') return;
      line.text += mark({ ...part, value: piece });
      line.changed ||= part.added || part.removed;
    });
  }
  const shown: string[] = [];
  for (const line of lines) {
    if (line.changed) shown.push(line.text);
    else if (shown.at(-1) !== '…') shown.push('…');
  }
  return shown.join('\n');
}

/** "3, 5–9, 12" for a sorted list of pages. */
export function pageRanges(pages: readonly number[]): string {
  const ranges: string[] = [];
  let start = pages[0];
  let previous = pages[0];
  for (const page of [...pages.slice(1), Number.NaN]) {
    if (start === undefined || previous === undefined) break;
    if (page === previous + 1) {
      previous = page;
      continue;
    }
    ranges.push(start === previous ? String(start) : `${String(start)}–${String(previous)}`);
    start = page;
    previous = page;
  }
  return ranges.join(', ');
}

function indent(text: string, spaces: number): string {
  return text
    .split('\n')
    .map((line) => `${' '.repeat(spaces)}${line}`)
    .join('\n');
}

function markdownReport(diff: EditionDiff, context: ReportContext): string {
  const title = (id: string): string => context.titles.get(id) ?? id;
  const inline = (field: FieldChange): string => insertionsAndDeletions(field, escapeMarkdown, '<br>\n');
  const out = [`# Änderungen ${diff.old} → ${diff.new}`, '', germanSummaryLine(diff), ''];
  const section = (heading: string, items: string[]): void => {
    if (items.length > 0) out.push(`## ${heading}`, '', ...items, '');
  };
  section(
    'Neu',
    diff.added.map((id) => `- \`${id}\` ${escapeMarkdown(title(id))}`),
  );
  section(
    'Entfallen',
    diff.removed.map((id) => `- \`${id}\` ${escapeMarkdown(title(id))}`),
  );
  section(
    'Umbenannt',
    diff.renamed.map((r) => `- \`${r.from}\` → \`${r.to}\` (${String(Math.round(r.similarity * 100))} % ähnlich)`),
  );
  if (diff.changed.length > 0) {
    out.push('## Geändert', '');
    for (const card of diff.changed) {
      out.push(`### ${escapeMarkdown(card.title)} (\`${card.id}\`)`, '');
      for (const field of card.fields) out.push(`**${escapeMarkdown(field.field)}**`, '', inline(field), '');
    }
  }
  if (diff.parts.length > 0) {
    out.push('## TEIL 1 und Einleitungen', '');
    for (const field of diff.parts) out.push(`**${escapeMarkdown(field.field)}**`, '', inline(field), '');
  }
  section(
    'Ausgabe (edition.md)',
    diff.metadata.map((field) => `- **${escapeMarkdown(field.field)}**: ${inline(field)}`),
  );
  section('Broschüren (brochures.md)', [
    ...diff.brochures.added.map((id) => `- neu: \`${id}\``),
    ...diff.brochures.removed.map((id) => `- entfallen: \`${id}\``),
    ...diff.brochures.changed.map((field) => `- geändert: \`${field.field}\`: ${inline(field)}`),
  ]);
  section(
    'Register: neue Stichworte',
    diff.register.added.map((term) => `- ${escapeMarkdown(term)}`),
  );
  section(
    'Register: entfallene Stichworte',
    diff.register.removed.map((term) => `- ${escapeMarkdown(term)}`),
  );
  return `${out.join('\n').trimEnd()}\n`;
}

function htmlReport(diff: EditionDiff, context: ReportContext): string {
  const title = (id: string): string => escapeHtml(context.titles.get(id) ?? id);
  const inline = (field: FieldChange): string => insertionsAndDeletions(field, escapeHtml, '<br>');
  const list = (heading: string, items: string[]): string =>
    items.length === 0 ? '' : `<h2>${heading}</h2><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const fields = (changes: FieldChange[], cardId?: string): string =>
    changes
      .map((field) => {
        const rendered = cardId === undefined ? undefined : context.renderedField?.(cardId, field.field);
        const body = rendered === undefined ? `<p>${inline(field)}</p>` : htmlDiff(rendered.before, rendered.after);
        return `<h4>${escapeHtml(field.field)}</h4>${body}`;
      })
      .join('');
  const body = [
    `<h1>Änderungen ${escapeHtml(diff.old)} → ${escapeHtml(diff.new)}</h1>`,
    `<p>${escapeHtml(germanSummaryLine(diff))}</p>`,
    list(
      'Neu',
      diff.added.map((id) => `<code>${escapeHtml(id)}</code> ${title(id)}`),
    ),
    list(
      'Entfallen',
      diff.removed.map((id) => `<code>${escapeHtml(id)}</code> ${title(id)}`),
    ),
    list(
      'Umbenannt',
      diff.renamed.map(
        (r) =>
          `<code>${escapeHtml(r.from)}</code> → <code>${escapeHtml(r.to)}</code> (${String(Math.round(r.similarity * 100))} % ähnlich)`,
      ),
    ),
    diff.changed.length === 0
      ? ''
      : `<h2>Geändert</h2>${diff.changed.map((card) => `<h3>${escapeHtml(card.title)} <code>${escapeHtml(card.id)}</code></h3>${fields(card.fields, card.id)}`).join('')}`,
    diff.parts.length === 0 ? '' : `<h2>TEIL 1 und Einleitungen</h2>${fields(diff.parts)}`,
    diff.metadata.length === 0 ? '' : `<h2>Ausgabe (edition.md)</h2>${fields(diff.metadata)}`,
    list('Broschüren (brochures.md)', [
      ...diff.brochures.added.map((id) => `neu: <code>${escapeHtml(id)}</code>`),
      ...diff.brochures.removed.map((id) => `entfallen: <code>${escapeHtml(id)}</code>`),
      ...diff.brochures.changed.map((field) => `geändert: <code>${escapeHtml(field.field)}</code>: ${inline(field)}`),
    ]),
    list('Register: neue Stichworte', diff.register.added.map(escapeHtml)),
    list('Register: entfallene Stichworte', diff.register.removed.map(escapeHtml)),
    list(
      'Register: umbenannte Stichworte',
      diff.register.renamed.map((r) => `${escapeHtml(r.from)} → ${escapeHtml(r.to)}`),
    ),
    diff.pages === undefined
      ? ''
      : list('Seiten', [
          `neu zu drucken: ${diff.pages.differ.length === 0 ? 'keine' : pageRanges(diff.pages.differ)} (von ${String(diff.pages.newPages)})`,
          ...diff.pages.moved.map(
            (move) => `<code>${escapeHtml(move.id)}</code>: Seite ${String(move.from)} → ${String(move.to)}`,
          ),
        ]),
  ].join('\n');
  // Insertions underlined and deletions struck through, so the marks survive black-and-white printing.
  const style =
    'body{font-family:Arimo,Arial,sans-serif;max-width:60em;margin:2em auto;line-height:1.45}' +
    'ins{color:#05620f;text-decoration:underline;background:#e6f5e6}del{color:#a40000;text-decoration:line-through;background:#fbe9e9}' +
    'ins.moved,del.moved,.moved-label{color:#1f3c88;background:#e8edf8}ins.moved{text-decoration:underline double}' +
    'del.moved{text-decoration:line-through double}.moved-label{font-style:italic;font-size:85%}' +
    'code{font-size:.9em}h4{margin:.8em 0 .2em}';
  return `<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>Änderungen ${escapeHtml(diff.old)} → ${escapeHtml(diff.new)}</title>\n<style>${style}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

/**
 * A field's change as HTML: changed words in `<ins>`/`<del>`, unchanged text escaped for the target format, line
 * breaks as given. Shared by the Markdown and HTML reports and the redline PDF.
 */
export function insertionsAndDeletions(
  field: FieldChange,
  escapeUnchanged: (text: string) => string,
  lineBreak: string,
): string {
  return wordChanges(field.before, field.after)
    .map((part) => {
      if (part.moved !== undefined) {
        const [place, element] = part.added ? (['to', 'ins'] as const) : (['from', 'del'] as const);
        return `${movedLabel(place, part.moved.down)}<${element} class="moved">${escapeHtml(part.value)}</${element}>`;
      }
      return part.added
        ? `<ins>${escapeHtml(part.value)}</ins>`
        : part.removed
          ? `<del>${escapeHtml(part.value)}</del>`
          : escapeUnchanged(part.value);
    })
    .join('')
    .replace(/\n/g, lineBreak);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}
