/**
 * Stage 4: one HTML document from the rendered edition, through the Handlebars templates in templates/ and the
 * stylesheets in styles/. Entry text reaches the templates only as data (escaped by Handlebars, or as the
 * sanitised body HTML), so `{{…}}` written in an entry prints literally and is never evaluated.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import Handlebars from 'handlebars';
import { glob } from 'tinyglobby';
import { VFile } from 'vfile';
import { addDiagnostic, hasErrors } from '../../diagnostics/report.ts';
import { buildKeywordIndex, splitIndexName, type IndexGroup } from '../../index/keyword-index.ts';
import { boxStates, labelRunsIn, traegerBoxes } from '../../model/forms.ts';
import { laender } from '../../model/laender.ts';
import type { CardData, EditionData } from '../../model/schema.ts';
import { markKey } from '../../index/index-marks.ts';
import { arimoFileNames } from '../../model/fonts.ts';
import type { ComposedDocument, DocumentLook, RenderedCard, RenderedEdition } from '../../model/types.ts';

/** The cover's title and subtitle: the edition's, or a brochure's own. */
export interface CoverText {
  title: string;
  subtitle: string | undefined;
}

export interface ComposeOptions {
  templatesDir: string;
  stylesDir: string;
  /** Paths in diagnostics are shown relative to this folder. */
  displayRoot: string;
}

/** What the templates see. Every string in it is escaped by Handlebars except the `html` fields. */
interface DocumentContext {
  language: string;
  title: string;
  subtitle: string | undefined;
  publisher: string;
  year: number;
  stylesheets: string[];
  teil1: PartContext | undefined;
  teil2: PartContext | undefined;
  principles: { number: number; title: string; html: string }[];
  cards: CardContext[];
  index: IndexGroup[];
  indexSettings: EditionData['index'];
  summary: string | undefined;
}

interface PartContext {
  heading: string;
  title: string;
  html: string;
}

interface CardContext {
  id: string;
  variant: string;
  label: string;
  /** The label runs in: the title follows it on its line (forms.ts). */
  labelRunsIn: boolean;
  title: string;
  /** The project name's index mark: term and, for a name printed as a sub-entry, the sub-entry. */
  indexMark: { term: string; sub: string | undefined } | undefined;
  /** `state` is what the box says to a screen reader (see render-markdown.ts, `checkbox`). */
  boxes: { label: string; ticked: boolean; state: string }[];
  contact: CardData['contact'];
  laender: string[];
  fields: { key: string; heading: string; html: string }[];
  redline: RenderedCard['redline'];
}

/** Composes the document. Template errors are recorded on the template's file and yield undefined. */
export async function composeDocument(
  rendered: RenderedEdition,
  options: ComposeOptions,
  cover?: CoverText,
): Promise<{ document: ComposedDocument | undefined; files: VFile[] }> {
  const handlebars = Handlebars.create();
  const templateFiles = await loadTemplates(options);
  const files = [...templateFiles.values()];
  const stylesheets = await stylesheetNames(options.stylesDir);
  const context = documentContext(
    rendered,
    stylesheets.map((name) => `/styles/${name}`),
    cover ?? { title: rendered.edition.data.title, subtitle: rendered.edition.data.subtitle },
  );
  const main = templateFiles.get('document');
  if (main === undefined) throw new Error(`templates/document.hbs is missing in ${options.templatesDir}`);
  checkTemplateSyntax(handlebars, templateFiles);
  if (hasErrors(files)) return { document: undefined, files };
  for (const [name, file] of templateFiles) {
    if (name !== 'document') handlebars.registerPartial(name, String(file.value));
  }
  let html: string;
  try {
    html = handlebars.compile<DocumentContext>(String(main.value), { strict: true })(context);
  } catch (error) {
    reportTemplateError(error, main);
    return { document: undefined, files };
  }
  return {
    document: {
      html,
      assets: documentAssets(options, stylesheets),
      title: context.title,
    },
    files,
  };
}

async function loadTemplates(options: ComposeOptions): Promise<Map<string, VFile>> {
  const names = await glob('**/*.hbs', { cwd: options.templatesDir });
  names.sort();
  const templates = new Map<string, VFile>();
  for (const name of names) {
    const absolute = path.join(options.templatesDir, name);
    const value = await readFile(absolute, 'utf8');
    const key = name.replace(/\.hbs$/, '').replace(/^partials\//, '');
    templates.set(key, new VFile({ path: path.relative(options.displayRoot, absolute), value }));
  }
  return templates;
}

/** Parses every template on its own, so that a syntax error is reported on the file that has it. */
function checkTemplateSyntax(handlebars: typeof Handlebars, templates: Map<string, VFile>): void {
  for (const file of templates.values()) {
    try {
      handlebars.parse(String(file.value));
    } catch (error) {
      reportTemplateError(error, file);
    }
  }
}

/** Handlebars says "Parse error on line N" (syntax) or "… - N:M" (a missing field in strict mode). */
function reportTemplateError(error: unknown, file: VFile): void {
  const message = error instanceof Error ? error.message : String(error);
  const parsePosition = /line (\d+)/.exec(message);
  const runtimePosition = / - (\d+):(\d+)$/.exec(message.split('\n')[0] ?? '');
  const line = Number(parsePosition?.[1] ?? runtimePosition?.[1] ?? 1);
  const column = Number(runtimePosition?.[2] ?? 0) + 1;
  addDiagnostic(file, {
    reason: `The template could not be applied: ${message.split('\n')[0] ?? message}`,
    rule: 'template-error',
    place: { line, column },
  });
}

function documentContext(rendered: RenderedEdition, stylesheets: string[], cover: CoverText): DocumentContext {
  const data = rendered.edition.data;
  const part = (n: 1 | 2): PartContext | undefined => {
    const found = rendered.parts.find((p) => p.entry.data.part === n);
    return (
      found && {
        heading: found.entry.data.heading,
        title: found.entry.data.title,
        html: found.html,
      }
    );
  };
  return {
    language: data.language,
    title: cover.title,
    subtitle: cover.subtitle,
    publisher: data.publisher,
    year: data.year,
    stylesheets,
    teil1: part(1),
    teil2: part(2),
    principles: rendered.principles.map((p) => ({
      number: p.entry.data.number,
      title: p.entry.data.title,
      html: p.html,
    })),
    cards: rendered.cards.map(cardContext),
    index: buildKeywordIndex(
      rendered.register,
      rendered.cards.map((card) => card.entry),
      { collation: data.index.collation, markedKeys: markedKeys(rendered) },
    ),
    indexSettings: data.index,
    summary: rendered.summary,
  };
}

/** Index keys with a mark in the text, or a project name (marked at its card's title by the card template). */
function markedKeys(rendered: RenderedEdition): Set<string> {
  const keys = new Set(rendered.marks.map(markKey));
  for (const card of rendered.cards) {
    if (card.entry.data.indexName !== undefined) keys.add(markKey(splitIndexName(card.entry.data.indexName)));
  }
  return keys;
}

function cardContext(card: RenderedCard): CardContext {
  const data = card.entry.data;
  return {
    id: data.id,
    variant: data.variant,
    label: data.label,
    labelRunsIn: labelRunsIn(data.label),
    title: data.title,
    indexMark: data.indexName === undefined ? undefined : splitIndexName(data.indexName),
    boxes: traegerBoxes.map((box) => {
      const ticked = box.type === data.traeger.type;
      return { label: box.label, ticked, state: ticked ? boxStates.ticked : boxStates.unticked };
    }),
    contact: data.contact,
    laender: data.land.map((land) => laender[land.code]),
    fields: card.fields,
    redline: card.redline,
  };
}

/** The stylesheets every document links, in order: the CSS files in styles/. */
async function stylesheetNames(stylesDir: string): Promise<string[]> {
  const names = await glob('*.css', { cwd: stylesDir });
  return names.sort();
}

/**
 * What every document of the styles folder links and may load, known before any document is composed (the
 * renderer loads it into pages while the entries are read).
 */
export async function documentLook(options: Pick<ComposeOptions, 'stylesDir'>): Promise<DocumentLook> {
  const stylesheets = await stylesheetNames(options.stylesDir);
  return { stylesheets: stylesheets.map((name) => `/styles/${name}`), assets: documentAssets(options, stylesheets) };
}

/** The only files the document may load: its stylesheets, the Arimo faces they declare, nothing else. */
function documentAssets(options: Pick<ComposeOptions, 'stylesDir'>, stylesheets: string[]): Map<string, string> {
  const assets = new Map<string, string>();
  for (const name of stylesheets) assets.set(`/styles/${name}`, path.join(options.stylesDir, name));
  const fontDir = path.join(
    path.dirname(createRequire(import.meta.url).resolve('@fontsource/arimo/package.json')),
    'files',
  );
  for (const name of arimoFileNames()) assets.set(`/fonts/${name}`, path.join(fontDir, name));
  return assets;
}
