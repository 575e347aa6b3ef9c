/**
 * Types at the stage boundaries. Each entry carries its own VFile, so a problem found in any stage is reported at
 * the entry's file:line:column.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { Document, LineCounter } from 'yaml';
import type { BrochuresData, CardData, EditionData, PartData, PrincipleData, RegisterData } from './schema.ts';

/** Front matter as parsed YAML, with what is needed to turn YAML offsets into file positions. */
export interface FrontMatter {
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** File line (1-based) on which the YAML text starts, i.e. the line after the opening `---`. */
  firstLine: number;
}

/** An entry file as read: text, YAML document and Markdown tree, positions intact. */
export interface LoadedEntry {
  file: VFile;
  frontMatter: FrontMatter | undefined;
  tree: Root;
}

interface ValidBase {
  file: VFile;
  frontMatter: FrontMatter;
  tree: Root;
}
export interface EditionEntry extends ValidBase {
  kind: 'edition';
  data: EditionData;
}
export interface PartEntry extends ValidBase {
  kind: 'part';
  data: PartData;
}
export interface PrincipleEntry extends ValidBase {
  kind: 'principle';
  data: PrincipleData;
}
export interface CardEntry extends ValidBase {
  kind: 'card';
  data: CardData;
}
export interface RegisterEntry extends ValidBase {
  kind: 'register';
  data: RegisterData;
}
export interface BrochuresEntry extends ValidBase {
  kind: 'brochures';
  data: BrochuresData;
}
/** An entry whose front matter passed its kind's schema. */
export type ValidEntry = EditionEntry | PartEntry | PrincipleEntry | CardEntry | RegisterEntry | BrochuresEntry;

/** The validated edition, ordered as it prints. */
export interface Edition {
  edition: EditionEntry;
  parts: PartEntry[];
  principles: PrincipleEntry[];
  cards: CardEntry[];
  register: RegisterEntry | undefined;
  brochures: BrochuresEntry | undefined;
  /** Every file read, including the ones that failed: diagnostics live on them. */
  files: VFile[];
}

/** A place in the text that the index cites: `\index{Term}`, `\index{Term!Sub}`, or a range end `\index{Term|(}`. */
export interface IndexMark {
  /** Stable anchor id in the composed document. */
  anchor: string;
  term: string;
  sub: string | undefined;
  range: 'start' | 'end' | undefined;
}

/** One card field as rendered: its printed heading and HTML. */
export interface RenderedField {
  key: string;
  heading: string;
  html: string;
}

export interface RenderedCard {
  entry: CardEntry;
  fields: RenderedField[];
  /** In a redline edition: how the card changed, and a banner saying so (trusted HTML made by kompendium). */
  redline?: { state: 'added' | 'changed' | 'renamed' | 'removed'; banner: string };
}

export interface RenderedPrinciple {
  entry: PrincipleEntry;
  html: string;
}

export interface RenderedPart {
  entry: PartEntry;
  html: string;
}

/** The edition with every Markdown body turned into sanitised HTML. */
export interface RenderedEdition {
  edition: EditionEntry;
  parts: RenderedPart[];
  principles: RenderedPrinciple[];
  cards: RenderedCard[];
  marks: IndexMark[];
  register: RegisterEntry | undefined;
  /** In a redline edition: the change summary page after the cover (trusted HTML made by kompendium). */
  summary?: string;
}

/** One HTML document ready for Paged.js, with the files it may load. */
/** What every document of a styles folder links and may load: its stylesheets (in order) and those files and fonts. */
export interface DocumentLook {
  stylesheets: string[];
  assets: ReadonlyMap<string, string>;
}

export interface ComposedDocument {
  html: string;
  /** URL path (as referenced from the HTML) → absolute file path. Nothing else may be loaded. */
  assets: Map<string, string>;
  title: string;
}

/**
 * The elements a page goes on with from the page before: the chain of a break's ancestors, outermost first, as
 * HTML names them (article, section, ul, li, p). A page that starts afresh is not listed.
 */
export interface ContinuedElements {
  page: number;
  elements: string[];
}

/** Where a card landed in a paginated document (1-based pages). */
export interface PlacedCard {
  id: string;
  firstPage: number;
  lastPage: number;
}

/** The pages an index term (or its sub-entry) cites, as printed in the Stichwortverzeichnis. */
export interface PlacedTerm {
  term: string;
  sub?: string;
  pages: number[];
}

/**
 * An entry of the PDF's outline, read off the paginated pages: its level (1 = TEIL, index; 2 = principle, card),
 * title and 1-based page.
 */
export interface Bookmark {
  level: number;
  title: string;
  page: number;
}

/** What pagination found out, as written beside each PDF (`<name>.json`): the page count and where things landed. */
export interface PageMap {
  pages: number;
  cards: (PlacedCard & { title: string })[];
  terms: PlacedTerm[];
}
