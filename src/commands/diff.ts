/**
 * `kompendium diff OLD NEW`: both editions loaded and validated, compared, reported in the chosen format; with
 * `--pages` both paginated, with `--pdf` NEW rendered as a redline PDF.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findChromium } from '../browser/chromium.ts';
import { buildDocument } from '../core/build-document.ts';
import { checkEdition } from '../core/build.ts';
import { resolveConfig } from '../model/config.ts';
import { collectDiagnostics, type Diagnostic } from '../diagnostics/report.ts';
import {
  comparePageMaps,
  diffEditions,
  hasDifferences,
  type EditionDiff,
  type PageChanges,
} from '../features/diff/diff-editions.ts';
import { formatDiff, type DiffFormat } from '../features/diff/diff-report.ts';
import { editionName, renderRedline } from '../features/diff/redline.ts';
import { openEditionSource, type EditionSource } from '../features/diff/edition-source.ts';
import { openRenderer } from '../stages/5-paginate/paginate.ts';
import { renderMarkdown } from '../stages/3-render/render-markdown.ts';
import type { Edition, PageMap } from '../model/types.ts';
import { printDiagnostics, printJson } from './terminal.ts';
import { EditionSourceError, exitCodes } from '../diagnostics/run-errors.ts';

export interface DiffCliOptions {
  format: DiffFormat;
  renames: boolean;
  renameThreshold: number;
  pdf?: string;
  onlyChanged?: boolean;
  pages?: boolean;
  timeout: number;
}

export async function runDiff(oldSpec: string, newSpec: string, options: DiffCliOptions): Promise<number> {
  const sources: EditionSource[] = [];
  const json = options.format === 'json';
  // Pagination and the redline take seconds each: say what is going on, on stderr (not with JSON on stdout).
  const progress = (line: string): void => {
    if (!json) process.stderr.write(`${line}\n`);
  };
  try {
    for (const spec of [oldSpec, newSpec]) sources.push(openEditionSource(spec, process.cwd()));
    const editions: Edition[] = [];
    for (const source of sources) {
      const { edition, diagnostics } = await checkEdition({ entriesDir: source.dir, displayRoot: process.cwd() });
      if (edition === undefined || diagnostics.some((d) => d.severity === 'error')) {
        const error = `${source.label} is not a valid edition`;
        if (json) printJson('diff', exitCodes.usageOrEnvironment, { diagnostics, error });
        else {
          printDiagnostics(diagnostics, '');
          process.stderr.write(`kompendium: ${error} (see above)\n`);
        }
        return exitCodes.usageOrEnvironment;
      }
      editions.push(edition);
    }
    const [before, after] = editions as [Edition, Edition];
    const diff = diffEditions(before, after, {
      oldLabel: sources[0]?.label ?? oldSpec,
      newLabel: sources[1]?.label ?? newSpec,
      renames: options.renames,
      renameThreshold: options.renameThreshold,
    });
    if (options.pages === true) diff.pages = await comparePrintedPages(diff, before, after, options.timeout, progress);
    const exitCode = hasDifferences(diff) ? 1 : exitCodes.ok;
    if (json) {
      // The redline first: the one JSON object then names it, or says why it was not written.
      const redline =
        options.pdf === undefined ? undefined : await writeRedlinePdf(diff, before, after, options, progress);
      const failed = redline !== undefined && !('path' in redline);
      printJson('diff', failed ? exitCodes.usageOrEnvironment : exitCode, {
        ...diff,
        // Titles beside the ids of added, removed, renamed and changed cards, from both editions.
        titles: Object.fromEntries([...before.cards, ...after.cards].map((card) => [card.data.id, card.data.title])),
        outputs: redline !== undefined && 'path' in redline ? [redline] : [],
        diagnostics: redline !== undefined && 'diagnostics' in redline ? redline.diagnostics : [],
        error: failed ? 'the redline PDF was not written' : null,
      });
      return failed ? exitCodes.usageOrEnvironment : exitCode;
    }
    const titles = new Map([...before.cards, ...after.cards].map((card) => [card.data.id, card.data.title]));
    const color = options.format === 'text' && process.stdout.isTTY && process.env.NO_COLOR === undefined;
    const renderedField = options.format === 'html' ? renderedFields(diff, before, after) : undefined;
    process.stdout.write(formatDiff(diff, options.format, { titles, color, renderedField }));
    if (options.pdf !== undefined) {
      const redline = await writeRedlinePdf(diff, before, after, options, progress);
      if ('diagnostics' in redline) {
        printDiagnostics(redline.diagnostics, '');
        process.stderr.write(`kompendium: the redline PDF was not written (see above)\n`);
        return exitCodes.usageOrEnvironment;
      }
      process.stderr.write(`${redline.path}  ${String(redline.pages)} pages\n`);
    }
    return exitCode;
  } finally {
    for (const source of sources) source.cleanup();
  }
}

/** Both editions' cards as they render, field by field, for the HTML report's structured changes. */
function renderedFields(
  diff: EditionDiff,
  before: Edition,
  after: Edition,
): (cardId: string, heading: string) => { before: string; after: string } | undefined {
  const oldId = (id: string): string => diff.renamed.find((rename) => rename.to === id)?.from ?? id;
  const byCard = (edition: Edition): Map<string, Map<string, string>> =>
    new Map(
      renderMarkdown(edition).cards.map((card) => [
        card.entry.data.id,
        new Map(card.fields.map((field) => [field.heading, field.html])),
      ]),
    );
  const [old, current] = [byCard(before), byCard(after)];
  return (cardId, heading) => {
    const next = current.get(cardId)?.get(heading);
    if (next === undefined) return undefined;
    return { before: old.get(oldId(cardId))?.get(heading) ?? '', after: next };
  };
}

/** Paginates both editions (into a temporary folder) and compares their page maps. */
async function comparePrintedPages(
  diff: EditionDiff,
  before: Edition,
  after: Edition,
  timeout: number,
  progress: (line: string) => void,
): Promise<PageChanges> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kompendium-pages-'));
  const config = resolveConfig({ out: scratch, timeoutSeconds: timeout, cwd: process.cwd() });
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: config.timeoutMs });
  try {
    const maps = [];
    for (const [name, edition] of [
      ['old', before],
      ['new', after],
    ] as const) {
      const data = edition.edition.data;
      const target = { name, edition, cover: { title: data.title, subtitle: data.subtitle }, pdfTitle: data.title };
      progress(`Paginating the ${name} edition (${name === 'old' ? diff.old : diff.new}) …`);
      const result = await buildDocument(target, config, renderer);
      if (result.output === undefined) {
        printDiagnostics(collectDiagnostics(result.files), '');
        throw new EditionSourceError(`The ${name} edition could not be paginated (see above)`);
      }
      maps.push(result.output.pageMap);
    }
    const [oldMap, newMap] = maps as [PageMap, PageMap];
    return comparePageMaps(diff, oldMap, newMap);
  } finally {
    await renderer.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Renders NEW with every change marked into the file `--pdf` names: the PDF written, or the problems that stopped it. */
async function writeRedlinePdf(
  diff: EditionDiff,
  before: Edition,
  after: Edition,
  options: DiffCliOptions,
  progress: (line: string) => void,
): Promise<{ path: string; pages: number } | { diagnostics: Diagnostic[] }> {
  progress(`Rendering the redline PDF ${options.pdf ?? 'redline.pdf'} …`);
  const file = path.resolve(options.pdf ?? 'redline.pdf');
  const config = resolveConfig({ out: path.dirname(file), timeoutSeconds: options.timeout, cwd: process.cwd() });
  const renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: config.timeoutMs });
  try {
    const subtitle = `Änderungen gegenüber der ${editionName(before)}`;
    const result = await buildDocument(
      {
        name: path.basename(file, '.pdf'),
        edition: after,
        cover: { title: after.edition.data.title, subtitle },
        pdfTitle: `${after.edition.data.title} – ${subtitle}`,
        render: () => renderRedline(diff, before, after, { onlyChanged: options.onlyChanged === true }),
      },
      config,
      renderer,
    );
    if (result.output === undefined) return { diagnostics: collectDiagnostics(result.files) };
    return { path: path.relative(process.cwd(), result.output.path), pages: result.output.pages };
  } finally {
    await renderer.close();
  }
}
