/**
 * The pipeline, top to bottom: load entries → validate → render Markdown → compose with templates → paginate →
 * post-process the PDF → write it with its page map. Problems in entries are collected on their files; after each
 * stage that can find some, the build stops if any is an error, so all problems of a stage are reported at once
 * and nothing is written.
 */
import path from 'node:path';
import { VFile } from 'vfile';
import { findChromium } from './browser/chromium.ts';
import type { BuildConfig } from './config.ts';
import { addDiagnostic, collectDiagnostics, hasErrors, type Diagnostic } from './diagnostics/report.ts';
import { composeDocument } from './stages/compose-document.ts';
import { loadEntries } from './stages/load-entries.ts';
import { openRenderer, type Renderer } from './stages/paginate.ts';
import { postprocessPdf } from './stages/postprocess-pdf.ts';
import { renderMarkdown } from './stages/render-markdown.ts';
import { validateEntries } from './stages/validate-entries.ts';
import { writeOutputs } from './stages/write-outputs.ts';
import type { Edition, PageMap } from './types.ts';

export interface BuildOutput {
  /** The PDF's path. */
  path: string;
  pages: number;
  pageMap: PageMap;
}

export interface BuildResult {
  outputs: BuildOutput[];
  diagnostics: Diagnostic[];
}

/** Progress callback: one short line per stage, for a terminal. */
export type ProgressReporter = (message: string) => void;

/** Loads and validates the edition without rendering anything (`kompendium check`). */
export async function checkEdition(config: Pick<BuildConfig, 'entriesDir' | 'displayRoot'>): Promise<{
  edition: Edition | undefined;
  diagnostics: Diagnostic[];
}> {
  const loaded = await loadEntries(config);
  const { edition } = validateEntries(loaded);
  return {
    edition,
    diagnostics: collectDiagnostics(loaded.map((entry) => entry.file)),
  };
}

/**
 * Builds the edition into `config.outDir`. A renderer can be passed in to share one browser between builds;
 * otherwise one is opened (finding Chromium may throw an EnvironmentError) and closed again.
 */
export async function buildEdition(
  config: BuildConfig,
  options: { renderer?: Renderer; progress?: ProgressReporter } = {},
): Promise<BuildResult> {
  const progress = options.progress ?? (() => undefined);
  const loaded = await loadEntries(config);
  const files = loaded.map((entry) => entry.file);
  progress(`Loaded ${String(loaded.length)} entries`);
  const { edition } = validateEntries(loaded);
  if (edition === undefined || hasErrors(files)) return { outputs: [], diagnostics: collectDiagnostics(files) };
  progress(`Validated: ${String(edition.principles.length)} principles, ${String(edition.cards.length)} cards`);

  const rendered = renderMarkdown(edition);
  const composed = await composeDocument(rendered, config);
  files.push(...composed.files);
  if (composed.document === undefined || hasErrors(files))
    return { outputs: [], diagnostics: collectDiagnostics(files) };

  const name = edition.edition.data.output ?? `edition-${String(edition.edition.data.year)}`;
  const pdfPath = path.join(config.outDir, `${name}.pdf`);
  const documentFile = new VFile({
    path: path.relative(config.displayRoot, pdfPath),
  });
  files.push(documentFile);

  progress('Paginating with Paged.js');
  const renderer =
    options.renderer ??
    (await openRenderer({
      chromiumPath: findChromium(process.env),
      timeoutMs: config.timeoutMs,
    }));
  let paginated;
  try {
    paginated = await renderer.render(composed.document);
  } finally {
    if (options.renderer === undefined) await renderer.close();
  }
  for (const problem of paginated.problems)
    addDiagnostic(documentFile, {
      reason: problem.message,
      rule: problem.rule,
    });

  const data = edition.edition.data;
  const sourceDate = process.env.SOURCE_DATE_EPOCH;
  const post = await postprocessPdf(paginated.pdf, {
    title: data.title,
    author: data.publisher,
    subject: data.subtitle,
    language: data.language,
    date: sourceDate === undefined ? undefined : new Date(Number(sourceDate) * 1000),
  });
  for (const font of post.foreignFonts) {
    addDiagnostic(documentFile, {
      reason: `The PDF uses the font "${font}": some text fell back from Arimo. Declare every weight and style the CSS uses in styles/fonts.css, and use only characters Arimo has`,
      rule: 'font-fallback',
    });
  }
  if (hasErrors(files)) return { outputs: [], diagnostics: collectDiagnostics(files) };

  const titles = new Map(edition.cards.map((card) => [card.data.id, card.data.title]));
  const pageMap: PageMap = {
    pages: paginated.pages,
    cards: paginated.cards.map((card) => ({
      id: card.id,
      title: titles.get(card.id) ?? '',
      firstPage: card.firstPage,
      lastPage: card.lastPage,
    })),
    terms: paginated.terms,
  };
  await writeOutputs([
    { path: pdfPath, data: post.pdf },
    {
      path: path.join(config.outDir, `${name}.json`),
      data: `${JSON.stringify(pageMap, null, 2)}\n`,
    },
  ]);
  progress(`Wrote ${path.relative(config.displayRoot, pdfPath)} (${String(paginated.pages)} pages)`);
  return {
    outputs: [{ path: pdfPath, pages: paginated.pages, pageMap }],
    diagnostics: collectDiagnostics(files),
  };
}
