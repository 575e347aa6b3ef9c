/**
 * Stage 6: the printed PDF gets its document metadata (the Info dictionary and an XMP packet), outline, page labels,
 * an sRGB output intent, a file identifier and link descriptions (archival-parts.ts), and its fonts are checked: every
 * font in it must be an embedded Arimo face. Any other font means some text fell back (a missing @font-face, a
 * glyph Arimo lacks, a synthesised bold or italic), which must never pass silently.
 *
 * Page furniture is marked as Artifacts (artifacts.ts). The file is then written anew (pdf/write-pdf.ts): every
 * object but the streams packed into compressed object streams, one cross-reference stream, only what the catalog
 * and the document information reach. What differs from run to run in Chromium's own objects (its dates, the node
 * ids naming structure elements) is replaced by text of the same length first, so the same document gives the
 * same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import {
  arrayValues,
  dictText,
  nameText,
  objectDict,
  PdfFormError,
  readDict,
  readPrintedPdf,
  referenced,
  streamData,
  type PdfDict,
  type PrintedPdf,
} from '../../pdf/printed-pdf.ts';
import { dictOf, objectText, pageContent, pagesOf, stringText, type PdfPage } from '../../pdf/pdf-file.ts';
import { pageFonts, type FontText } from '../../pdf/text-layer.ts';
import { textString, writePdf } from '../../pdf/write-pdf.ts';
import { isArimoFace } from '../../model/fonts.ts';
import type { Bookmark, ContinuedElements } from '../../model/types.ts';
import {
  colourProfiles,
  compressedProfile,
  fileIdentifier,
  keywordText,
  linkDescription,
  srgbConditionName,
  xmpPacket,
  type DocumentDescription,
} from './archival-parts.ts';
import { markArtifacts } from './artifacts.ts';
import { compactGlyphRuns } from './glyph-runs.ts';
import { mendLineEnds, type DocumentWords } from './line-ends.ts';
import { grayContent, printConditionInfo, printConditionName, printStandard } from './print-variant.ts';
import {
  addListBody,
  dissolveNonStruct,
  mergeCardArticles,
  mergeContinuations,
  type CardPages,
} from './structure-rewrite.ts';
import { Update } from './update.ts';

/** What the build knows of the document; who made it is added here (creatorTool, producer). */
export interface PdfMetadata extends Omit<DocumentDescription, 'creatorTool' | 'producer'> {
  outline: readonly Bookmark[];
  /** The document's words (line-ends.ts, `documentWords`), by which each line end is judged. */
  words: DocumentWords;
  /** The pages of each card, from pagination: each card becomes one Art element. */
  cards: readonly CardPages[];
  /** Per page, the elements it goes on with from the page before (pagination's `continued`). */
  continued: readonly ContinuedElements[];
  /** `print`: the print-shop variant, PDF/X-4 as well (print-variant.ts); default `screen`. */
  variant?: 'screen' | 'print';
}

export interface PostprocessResult {
  pdf: Uint8Array;
  /** Names of fonts that are not Arimo (Type 3 fonts, which have no name, appear as "Type 3 font"). */
  foreignFonts: string[];
}

/** What one pass over the printed file's objects finds. */
interface Survey {
  fonts: string[];
  /** Stream data, which the in-place replacements must not touch. */
  streams: { start: number; end: number }[];
  /** Link annotations without a description (/Contents), by object number. */
  undescribedLinks: Map<number, PdfDict>;
  /** The structure elements of list items (LI), by object number. */
  listItems: Map<number, PdfDict>;
  /** The object numbers of every structure element. */
  structureElements: number[];
}

/** Who made the file, as the Info dictionary and the XMP packet name it. */
const creatorTool = 'kompendium';
const producer = 'kompendium (Paged.js, Chromium)';

export async function postprocessPdf(printed: Uint8Array, metadata: PdfMetadata): Promise<PostprocessResult> {
  // Synchronous work, a few milliseconds; async so that a problem with the file rejects like the other stages.
  await Promise.resolve();
  try {
    return postprocess(printed, metadata);
  } catch (error) {
    if (!(error instanceof PdfFormError)) throw error;
    throw new Error(`Post-processing failed: ${error.message}. Report this with the Chromium version`, {
      cause: error,
    });
  }
}

function postprocess(printed: Uint8Array, metadata: PdfMetadata): PostprocessResult {
  const printedPdf = readPrintedPdf(printed);
  const survey = surveyObjects(printedPdf);
  const bytes = Buffer.from(printed);
  blankOldInfo(printedPdf, bytes);
  renumberStructureIds(printedPdf, survey, bytes);
  // Both replacements keep every length, so the objects stay where the cross-reference table says.
  const pdf: PrintedPdf = { ...printedPdf, text: bytes.toString('latin1') };

  const rootNumber = referenced(pdf.trailer.get('Root'));
  const root = rootNumber === undefined ? undefined : objectDict(pdf, rootNumber);
  if (rootNumber === undefined || root === undefined) throw new PdfFormError('the printed PDF has no catalog');
  const update = new Update(Number(pdf.trailer.get('Size')));
  const description: DocumentDescription = { ...metadata, creatorTool, producer };
  const print = metadata.variant === 'print';
  const info = update.add(infoDict(description, print));
  const catalog = new Map(root.dict);
  for (const key of ['Lang', 'ViewerPreferences', 'Outlines', 'PageLabels', 'Metadata', 'OutputIntents'])
    catalog.delete(key);
  catalog.set('ViewerPreferences', '<</DisplayDocTitle true>>');
  catalog.set('Lang', textString(metadata.language));
  // Page labels as printed: decimal numbers from 1 (the cover is page 1, unnumbered in print).
  catalog.set('PageLabels', '<</Nums [0 <</S /D>>]>>');
  const pages = pagesOf(pdf);
  const outlines = addOutline(
    update,
    metadata.outline,
    pages.map((page) => page.object),
  );
  if (outlines !== undefined) catalog.set('Outlines', `${String(outlines)} 0 R`);
  const identity = print ? { documentId: documentUuid(bytes) } : undefined;
  const packet = Buffer.from(xmpPacket(description, identity), 'utf8');
  const metadataStream = update.addStream(
    new Map([
      ['Type', '/Metadata'],
      ['Subtype', '/XML'],
    ]),
    packet,
  );
  catalog.set('Metadata', `${String(metadataStream)} 0 R`);
  catalog.set('OutputIntents', `[${outputIntents(update, print).map(dictText).join(' ')}]`);
  update.set(rootNumber, catalog);
  if (!print) for (const [number, link] of survey.undescribedLinks) update.set(number, describedLink(link));
  const listBodies = [...survey.listItems].flatMap((item) => addListBody(pdf, update, item) ?? []);
  const structureRootNumber = referenced(catalog.get('StructTreeRoot'));
  const structureRoot = structureRootNumber === undefined ? undefined : update.current(pdf, structureRootNumber);
  if (structureRoot !== undefined) {
    dissolveNonStruct(pdf, update, [...survey.structureElements, ...listBodies], structureRoot);
    const pageNumbers = new Map(pages.map((page) => [page.object, page.index]));
    mergeCardArticles(pdf, update, structureRoot, metadata.cards, pageNumbers);
    mergeContinuations(pdf, update, structureRoot, metadata.continued, pageNumbers);
  }
  rewritePageContent(pdf, pages, update, metadata.words, print);
  if (print) preparePagesForPrint(pdf, pages, update, survey.structureElements);

  const foreignFonts = survey.fonts.filter((name) => !isArimoFace(name));
  const objects = new Map<number, string>();
  for (const number of pdf.offsets.keys()) objects.set(number, wholeValue(pdf, number));
  for (const [number, value] of update.objects) objects.set(number, value);
  const trailer = new Map([
    ['Root', `${String(rootNumber)} 0 R`],
    ['Info', `${String(info)} 0 R`],
    ['ID', fileIdentifier(bytes)],
  ]);
  return { pdf: writePdf(objects, trailer, print ? '1.6' : '1.7'), foreignFonts };
}

/**
 * Page numbers, borders and rules become Artifacts (artifacts.ts), line ends get their spaces and soft hyphens
 * (line-ends.ts), and for print every colour becomes a gray (print-variant.ts): each page's content that changed
 * is written as one new compressed stream in place of its old content stream(s).
 */
function rewritePageContent(
  pdf: PrintedPdf,
  pages: readonly PdfPage[],
  update: Update,
  words: DocumentWords,
  print: boolean,
): void {
  const fonts = new Map<number, FontText>();
  const pageFontsOf = pages.map((page) => pageFonts(pdf, page, fonts));
  const compact = pages.map((page, i) => compactGlyphRuns(pageContent(pdf, page), pageFontsOf[i] ?? new Map()));
  const marked = markArtifacts(compact.map((page) => page.content));
  const mended = mendLineEnds(
    pages.map((page, i) => ({
      content: marked[i]?.content ?? '',
      fonts: pageFontsOf[i] ?? new Map<string, FontText>(),
      properties: dictOf(pdf, page.resources?.get('Properties')),
    })),
    words,
  );
  pages.forEach((page, i) => {
    const artifacts = marked[i];
    const content = mended[i];
    if (artifacts === undefined || content === undefined) return;
    const changes =
      (compact[i]?.runs ?? 0) +
      artifacts.layoutArtifacts +
      artifacts.paginationArtifacts +
      content.spaces +
      content.softHyphens;
    if (changes === 0 && !print) return;
    const text = print ? grayContent(content.content) : content.content;
    // Level 7 of zlib: the edition's content 1.2 % smaller than at the default level for 5 % more time; level 9
    // saves twice as much for four times the time (docs/performance.md).
    const data = deflateSync(Buffer.from(text, 'latin1'), { level: 7 });
    const single = referenced(page.dict.get('Contents'));
    const dict = new Map([['Filter', '/FlateDecode']]);
    if (single !== undefined) update.setStream(single, dict, data);
    else update.set(page.object, new Map([...page.dict, ['Contents', `${String(update.addStream(dict, data))} 0 R`]]));
  });
}

/** Object `number`'s whole value as the file has it: a stream's dictionary with its data. */
function wholeValue(pdf: PrintedPdf, number: number): string {
  const object = objectDict(pdf, number);
  if (object === undefined) return objectText(pdf, number) ?? 'null';
  const stream = streamData(pdf, object.dict, object.end);
  if (stream === undefined) return pdf.text.slice(object.start, object.end);
  return `${dictText(new Map([...object.dict, ['Length', String(stream.end - stream.start)]]))}\nstream\n${pdf.text.slice(stream.start, stream.end)}\nendstream`;
}

/** A date as PDF writes it: D:YYYYMMDDHHmmSSZ, in UTC. */
function dateString(date: Date): string {
  return `(D:${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z)`;
}

function infoDict(description: DocumentDescription, print: boolean): PdfDict {
  const info: PdfDict = new Map([
    ['Title', textString(description.title)],
    ['Author', textString(description.author)],
  ]);
  if (description.subject !== undefined) info.set('Subject', textString(description.subject));
  if (description.keywords.length > 0) info.set('Keywords', textString(keywordText(description.keywords)));
  info.set('Creator', textString(description.creatorTool));
  info.set('Producer', textString(description.producer));
  info.set('CreationDate', dateString(description.date));
  info.set('ModDate', dateString(description.date));
  if (print) {
    info.set('GTS_PDFXVersion', textString(printStandard.version));
    info.set('Trapped', `/${printStandard.trapped}`);
  }
  return info;
}

/**
 * The output intents. On screen: Chromium paints every colour as DeviceRGB, which PDF/A allows only with an output
 * intent that says what those numbers mean; the page was designed on screen, in sRGB. In print: the FOGRA39 CMYK
 * condition, for PDF/X and PDF/A alike, both naming the one embedded profile (PDF/A-2 6.2.3 asks that).
 */
function outputIntents(update: Update, print: boolean): PdfDict[] {
  const profile = update.addStream(
    new Map([
      ['N', print ? '4' : '3'],
      ['Filter', '/FlateDecode'],
    ]),
    compressedProfile(print ? colourProfiles.cmyk : colourProfiles.srgb),
  );
  const intent = (standard: string): PdfDict =>
    new Map([
      ['Type', '/OutputIntent'],
      ['S', standard],
      ['OutputConditionIdentifier', textString(print ? printConditionName : srgbConditionName)],
      ['RegistryName', textString('http://www.color.org')],
      ['Info', textString(print ? printConditionInfo : srgbConditionName)],
      ['DestOutputProfile', `${String(profile)} 0 R`],
    ]);
  return print ? [intent('/GTS_PDFX'), intent('/GTS_PDFA1')] : [intent('/GTS_PDFA1')];
}

/**
 * The print variant's pages: TrimBox and BleedBox as large as the page, no link annotations; and each Link element
 * loses its reference to the annotation that is gone (its text stays a Link for a screen reader).
 */
function preparePagesForPrint(
  pdf: PrintedPdf,
  pages: readonly PdfPage[],
  update: Update,
  elements: readonly number[],
): void {
  for (const page of pages) {
    const dict = update.current(pdf, page.object);
    const media = dict?.get('MediaBox');
    if (dict === undefined || media === undefined) continue;
    const boxed = new Map([...dict, ['TrimBox', media], ['BleedBox', media]]);
    boxed.delete('Annots');
    update.set(page.object, boxed);
  }
  for (const number of elements) {
    const dict = update.current(pdf, number);
    if (dict?.get('S') !== '/Link') continue;
    const kids = dict.get('K') ?? '[]';
    const values = kids.startsWith('[') ? arrayValues(kids) : [kids];
    const kept = values.filter((kid) => !(kid.startsWith('<<') && readDict(kid, 0).dict.get('Type') === '/OBJR'));
    update.set(number, new Map([...dict, ['K', `[${kept.join(' ')}]`]]));
  }
}

/** A UUID URI for the document (xmpMM:DocumentID), from its printed bytes: the same document, the same id. */
function documentUuid(content: Uint8Array): string {
  const hex = createHash('sha256').update(content).digest('hex');
  return `uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A new version of a link annotation, with a description of where it leads (/Contents). */
function describedLink(link: PdfDict): PdfDict {
  const action = link.get('A');
  const uri = action?.startsWith('<<') === true ? readDict(action, 0).dict.get('URI') : undefined;
  const target = stringText(uri) ?? 'eine Stelle im Dokument';
  return new Map([...link, ['Contents', textString(linkDescription(target))]]);
}

/** One pass over every object: the names of the top-level fonts, and where stream data lies. */
function surveyObjects(pdf: PrintedPdf): Survey {
  const fonts = new Set<string>();
  const streams: Survey['streams'] = [];
  const undescribedLinks: Survey['undescribedLinks'] = new Map();
  const listItems: Survey['listItems'] = new Map();
  const structureElements: number[] = [];
  for (const number of pdf.offsets.keys()) {
    const object = objectDict(pdf, number);
    if (object === undefined) continue;
    const stream = streamData(pdf, object.dict, object.end);
    if (stream !== undefined) streams.push(stream);
    if (object.dict.get('Subtype') === '/Link' && !object.dict.has('Contents'))
      undescribedLinks.set(number, object.dict);
    if (object.dict.get('Type') === '/StructElem') {
      structureElements.push(number);
      if (object.dict.get('S') === '/LI') listItems.set(number, object.dict);
    }
    if (object.dict.get('Type') !== '/Font') continue;
    const subtype = object.dict.get('Subtype');
    if (subtype === '/CIDFontType2' || subtype === '/CIDFontType0') continue;
    fonts.add(subtype === '/Type3' ? 'Type 3 font' : (nameText(object.dict.get('BaseFont')) ?? 'unnamed font'));
  }
  streams.sort((a, b) => a.start - b.start);
  return { fonts: [...fonts], streams, undescribedLinks, listItems, structureElements };
}

/** Writes the outline (bookmarks) as a two-level tree, each item pointing at the top of its page. */
function addOutline(update: Update, items: readonly Bookmark[], pages: number[]): number | undefined {
  if (items.length === 0 || pages.length === 0) return undefined;
  interface Node {
    number: number;
    item: Bookmark;
    children: Node[];
  }
  const outlines = update.reserve();
  const roots: Node[] = [];
  for (const item of items) {
    const node: Node = { number: update.reserve(), item, children: [] };
    const parent = roots.at(-1);
    if (item.level > 1 && parent !== undefined) parent.children.push(node);
    else roots.push(node);
  }
  const ref = (node: Node | undefined): string | undefined =>
    node === undefined ? undefined : `${String(node.number)} 0 R`;
  const write = (siblings: Node[], parent: number): void => {
    siblings.forEach((node, i) => {
      const page = pages[Math.min(Math.max(node.item.page, 1), pages.length) - 1] ?? 0;
      const entry: PdfDict = new Map([
        ['Title', textString(node.item.title)],
        ['Parent', `${String(parent)} 0 R`],
        ['Dest', `[${String(page)} 0 R /XYZ null null null]`],
      ]);
      const previous = ref(siblings[i - 1]);
      const next = ref(siblings[i + 1]);
      if (previous !== undefined) entry.set('Prev', previous);
      if (next !== undefined) entry.set('Next', next);
      const first = ref(node.children[0]);
      const last = ref(node.children.at(-1));
      if (first !== undefined && last !== undefined) {
        entry.set('First', first);
        entry.set('Last', last);
        entry.set('Count', String(-node.children.length));
      }
      update.set(node.number, entry);
      write(node.children, node.number);
    });
  };
  write(roots, outlines);
  update.set(
    outlines,
    new Map([
      ['Type', '/Outlines'],
      ['First', ref(roots[0]) ?? 'null'],
      ['Last', ref(roots.at(-1)) ?? 'null'],
      ['Count', String(roots.length)],
    ]),
  );
  return outlines;
}

/**
 * Chromium names the tagged PDF's structure elements after DOM node ids ("node00001845"), which shift between
 * runs. Renumbering them by rank, at the same width, keeps their order (the ID tree stays sorted, table header
 * references stay valid) and makes the same document give the same bytes.
 */
function renumberStructureIds(pdf: PrintedPdf, survey: Survey, bytes: Buffer): void {
  const found: { at: number; digits: string }[] = [];
  let stream = 0;
  for (const match of pdf.text.matchAll(/\(node(\d+)\)/g)) {
    const at = match.index + 5;
    while (stream < survey.streams.length && (survey.streams[stream]?.end ?? 0) <= at) stream++;
    const inside = survey.streams[stream];
    if (inside !== undefined && inside.start <= at) continue;
    found.push({ at, digits: match[1] ?? '' });
  }
  const ranks = new Map(
    [...new Set(found.map((id) => Number(id.digits)))].sort((a, b) => a - b).map((id, rank) => [id, rank + 1]),
  );
  for (const { at, digits } of found) {
    bytes.write(String(ranks.get(Number(digits)) ?? 0).padStart(digits.length, '0'), at, 'latin1');
  }
}

/**
 * Chromium's document information (its dates, its user agent as creator) is not written again, but the file
 * identifier is a hash of the printed bytes: its dictionary is emptied in place first, so that nothing of it makes
 * the identifier differ between runs.
 */
function blankOldInfo(pdf: PrintedPdf, bytes: Buffer): void {
  const number = referenced(pdf.trailer.get('Info'));
  const old = number === undefined ? undefined : objectDict(pdf, number);
  if (old === undefined) return;
  bytes.write(`<<${' '.repeat(old.end - old.start - 4)}>>`, old.start, 'latin1');
}
