/**
 * Stage 6: the printed PDF gets its document metadata, and its fonts are checked: every font in it must be an
 * embedded Arimo face. Any other font means some text fell back (a missing @font-face, a glyph Arimo lacks, a
 * synthesised bold or italic), which must never pass silently.
 */
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string | undefined;
  language: string;
  /** Fixed creation date for reproducible output (SOURCE_DATE_EPOCH); now when undefined. */
  date: Date | undefined;
}

export interface PostprocessResult {
  pdf: Uint8Array;
  /** Names of fonts that are not Arimo (Type 3 fonts, which have no name, appear as "Type 3 font"). */
  foreignFonts: string[];
}

export async function postprocessPdf(printed: Uint8Array, metadata: PdfMetadata): Promise<PostprocessResult> {
  const document = await PDFDocument.load(printed, { updateMetadata: false });
  const date = metadata.date ?? new Date();
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  if (metadata.subject !== undefined) document.setSubject(metadata.subject);
  document.setCreator('kompendium');
  document.setProducer('kompendium (Paged.js, Chromium, pdf-lib)');
  document.setLanguage(metadata.language);
  document.setCreationDate(date);
  document.setModificationDate(date);
  const foreignFonts = listFonts(document).filter(
    (name) => !/^([A-Z]{6}\+)?Arimo-(Regular|Bold|Italic|BoldItalic)$/.test(name),
  );
  const pdf = await document.save({ useObjectStreams: false });
  return { pdf, foreignFonts };
}

/** Base font names of all top-level font dictionaries in the file. */
export function listFonts(document: PDFDocument): string[] {
  const names = new Set<string>();
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('CIDFontType2') || subtype === PDFName.of('CIDFontType0')) continue;
    if (subtype === PDFName.of('Type3')) {
      names.add('Type 3 font');
      continue;
    }
    const base = object.get(PDFName.of('BaseFont'));
    names.add(base instanceof PDFName ? base.decodeText() : 'unnamed font');
  }
  return [...names];
}
