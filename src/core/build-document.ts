/**
 * One output of a build: an edition or a subset of it (a brochure) rendered, composed, paginated, post-processed
 * and written with its page map. Problems go on the document's own VFile, named after its PDF.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { codeKey, findUnchangedOutput, outputKey } from '../cache/output-cache.ts';
import { editionOutputName } from './targets.ts';
import { addDiagnostic, hasErrors, pointAfter } from '../diagnostics/report.ts';
import { describeViolation, verifyPdf } from '../pdf/conformance.ts';
import { writeFilesAtomically, type OutputFile } from '../files/atomic-write.ts';
import { projectRoot, type BuildConfig } from '../model/config.ts';
import type { EditionData } from '../model/schema.ts';
import { StageTimings } from '../model/stage-timings.ts';
import type { ComposedDocument, Edition, PageMap, RenderedEdition } from '../model/types.ts';
import { renderMarkdown } from '../stages/3-render/render-markdown.ts';
import { composeDocument, type CoverText } from '../stages/4-compose/compose-document.ts';
import type { PaginationResult, Renderer } from '../stages/5-paginate/paginate.ts';
import { documentWords } from '../stages/6-postprocess/line-ends.ts';
import { postprocessPdf } from '../stages/6-postprocess/postprocess-pdf.ts';
import { writeOutput } from '../stages/7-write/write-outputs.ts';

/** What to build: a name for the files, the (possibly reduced) edition, and the cover's text. */
export interface BuildTarget {
  /** File name without extension; also how progress and failures name the output. */
  name: string;
  edition: Edition;
  cover: CoverText;
  /** The PDF's document title (a brochure adds its subtitle, so that readers tell them apart). */
  pdfTitle: string;
  /** Renders the edition differently (the redline edition); default: the entries as they are. */
  render?: () => RenderedEdition;
  /** `print`: the print-shop variant (src/stages/6-postprocess/print-variant.ts); default `screen`. */
  variant?: 'screen' | 'print';
}

export interface DocumentResult {
  /** Set when the PDF was written, or found unchanged in the output folder (`cached`). */
  output:
    | {
        path: string;
        pages: number;
        pageMap: PageMap;
        cached: boolean;
        /** For a rendered PDF: its sections, how many had to be laid out (the others were known), how many in a helper page. */
        sections?: { total: number; laidOut: number; inHelper: number };
      }
    | undefined;
  /** Files carrying this document's diagnostics (templates, the PDF's own file). */
  files: VFile[];
}

/** Runs Node-side work of several outputs one after another, in the order asked for (see `buildDocument`). */
export type InTurn = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Where in its entry content that does not fit begins: the card's or principle's file, at the first place its text begins with the
 * text the page found (the longest of a few prefixes that occurs; the page's text has lost the Markdown's markup).
 * The entry's first line when the text is not found as written.
 */
function placeInEntry(
  target: BuildTarget,
  source: { entry: string; text: string },
  displayRoot: string,
): { file: VFile; place: { line: number; column: number } } | undefined {
  const [kind, key] = source.entry.split(':');
  const entry =
    kind === 'card'
      ? target.edition.cards.find((card) => card.data.id === key)
      : target.edition.principles.find((principle) => String(principle.data.number) === key);
  if (entry === undefined) return undefined;
  const text = String(entry.file.value);
  // A file of this output's own: the entry's VFile holds the check's messages, which were reported already.
  const file = new VFile({ path: entry.file.path, cwd: displayRoot });
  for (const length of [80, 40, 20, 10]) {
    const prefix = source.text.slice(0, length).trim();
    if (prefix.length < Math.min(length, 6)) continue;
    const offset = text.indexOf(prefix);
    if (offset < 0) continue;
    return { file, place: pointAfter(text.slice(0, offset)) };
  }
  return { file, place: { line: 1, column: 1 } };
}

/**
 * Builds one target with a shared renderer (or one still starting: the document is composed meanwhile). Writes
 * nothing unless the document is free of errors. Outputs built side by side pass `inTurn`: rendering and composing
 * take the one Node thread, and the first output reaches the browser sooner when it has the thread to itself.
 */
export async function buildDocument(
  target: BuildTarget,
  config: Pick<BuildConfig, 'outDir' | 'templatesDir' | 'stylesDir' | 'displayRoot'>,
  rendererReady: Renderer | Promise<Renderer>,
  options: { cache?: boolean; htmlDir?: string | undefined; timings?: StageTimings; inTurn?: InTurn } = {},
): Promise<DocumentResult> {
  const pdfPath = path.join(config.outDir, `${target.name}.pdf`);
  const documentFile = new VFile({ path: path.relative(config.displayRoot, pdfPath) });
  const timings = options.timings ?? new StageTimings();
  const compose = (): ReturnType<typeof composeTarget> => composeTarget(target, config, timings);
  const composed = await (options.inTurn === undefined ? compose() : options.inTurn(compose));
  const files = [...composed.files, documentFile];
  if (composed.document === undefined || hasErrors(files)) return { output: undefined, files };

  if (options.htmlDir !== undefined) await writeComposedHtml(composed.document, options.htmlDir, target.name);
  const renderer = await rendererReady;
  const dependency = await renderer.dependencyKey(composed.document);
  // The variant, the metadata the PDF carries and kompendium's code are part of the key: each changes the file.
  const data = target.edition.edition.data;
  const date = documentDate(data, process.env.SOURCE_DATE_EPOCH);
  const described = { title: target.pdfTitle, subject: target.cover.subtitle, date, data };
  const context = [target.variant ?? 'screen', await codeKey(path.join(projectRoot, 'src')), JSON.stringify(described)];
  const key = outputKey(`${dependency}\n${context.join('\n')}`, composed.document);
  const unchanged = options.cache === false ? undefined : await findUnchangedOutput(config.outDir, target.name, key);
  if (unchanged !== undefined) {
    const { pageMap } = unchanged;
    return { output: { path: pdfPath, pages: pageMap.pages, pageMap, cached: true }, files };
  }

  const document = composed.document;
  const paginated = await timings.time('paginate', () =>
    renderer.render(document, {
      dependencyKey: dependency,
      sectionCache: { outDir: config.outDir, reuse: options.cache !== false },
    }),
  );
  timings.addPaginationSteps(paginated.steps);
  for (const problem of paginated.problems) {
    const atEntry = problem.source === undefined ? undefined : placeInEntry(target, problem.source, config.displayRoot);
    if (atEntry !== undefined) files.push(atEntry.file);
    addDiagnostic(atEntry?.file ?? documentFile, {
      reason: atEntry === undefined ? problem.message : `In ${target.name}.pdf: ${problem.message}`,
      rule: problem.rule,
      place: atEntry?.place,
    });
  }
  if (hasErrors(files)) return { output: undefined, files };

  const post = await timings.time('post-process', () =>
    postprocessPdf(paginated.pdf, {
      title: target.pdfTitle,
      author: data.publisher,
      subject: target.cover.subtitle,
      language: data.language,
      date,
      keywords: data.keywords,
      outline: paginated.bookmarks,
      words: documentWords(document.html),
      cards: paginated.cards,
      continued: paginated.continued,
      variant: target.variant ?? 'screen',
    }),
  );
  for (const font of post.foreignFonts) {
    addDiagnostic(documentFile, {
      reason: `The PDF uses the font "${font}": some text fell back from Arimo. Declare every weight and style the CSS uses in styles/fonts.css, and use only characters Arimo has`,
      rule: 'font-fallback',
    });
  }
  if (hasErrors(files)) return { output: undefined, files };

  // The packet claims PDF/UA-1 and PDF/A-2u; a file that breaks either is not written, so the claim holds.
  const violations = await timings.time('verify', () => verifyPdf(post.pdf));
  for (const violation of violations) {
    addDiagnostic(documentFile, { reason: describeViolation(violation), rule: 'pdf-conformance' });
  }
  if (hasErrors(files)) return { output: undefined, files };

  const pageMap = pageMapOf(paginated, target.edition);
  await timings.time('write', () =>
    writeOutput(config.outDir, target.name, {
      pdf: post.pdf,
      pageMap,
      record: { key, sectionKeys: paginated.sectionKeys, edition: editionOutputName(target.edition) },
    }),
  );
  const sections = paginated.sections;
  return { output: { path: pdfPath, pages: paginated.pages, pageMap, cached: false, sections }, files };
}

/**
 * The PDF's creation and modification date. Reproducible by default: the edition's date (or 1 January of its
 * year), so the same entries give the same bytes; SOURCE_DATE_EPOCH overrides it, as usual.
 */
function documentDate(data: EditionData, sourceDateEpoch: string | undefined): Date {
  if (sourceDateEpoch !== undefined) return new Date(Number(sourceDateEpoch) * 1000);
  return new Date(`${data.date ?? `${String(data.year)}-01-01`}T00:00:00Z`);
}

/** The page map written beside the PDF: what pagination found, with each card's title. */
function pageMapOf(paginated: PaginationResult, edition: Edition): PageMap {
  const titles = new Map(edition.cards.map((card) => [card.data.id, card.data.title]));
  return {
    pages: paginated.pages,
    cards: paginated.cards.map((card) => ({ ...card, title: titles.get(card.id) ?? '' })),
    terms: paginated.terms,
  };
}

/** Renders and composes one target: the HTML document that pagination (or the preview) lays out. */
export async function composeTarget(
  target: BuildTarget,
  config: Pick<BuildConfig, 'templatesDir' | 'stylesDir' | 'displayRoot'>,
  timings: StageTimings = new StageTimings(),
): Promise<{ document: ComposedDocument | undefined; files: VFile[] }> {
  const rendered = await timings.time('render', () => target.render?.() ?? renderMarkdown(target.edition));
  const composed = await timings.time('compose', () => composeDocument(rendered, config, target.cover));
  return { document: hasErrors(composed.files) ? undefined : composed.document, files: composed.files };
}

/**
 * Writes the composed document as a folder that opens without kompendium: `<name>.html` with its stylesheets and
 * fonts beside it under relative paths (for inspection, and for comparing engines on the same HTML).
 */
async function writeComposedHtml(document: ComposedDocument, dir: string, name: string): Promise<void> {
  const relative = (url: string): string => url.replace(/^\//, '');
  let html = document.html;
  for (const url of document.assets.keys()) html = html.replaceAll(`"${url}"`, `"${relative(url)}"`);
  const files: OutputFile[] = [{ path: path.join(dir, `${name}.html`), data: html }];
  for (const [url, file] of document.assets) {
    let data: Uint8Array | string = await readFile(file);
    if (url.endsWith('.css')) data = String(data).replace(/url\((['"]?)\//g, 'url($1../');
    files.push({ path: path.join(dir, relative(url)), data });
  }
  await writeFilesAtomically(files);
}
