/**
 * The parts of a PDF that archiving (PDF/A-2) and accessibility checkers (PDF/UA-1) look for at the document level,
 * which Chromium does not write: the XMP metadata packet, an output intent naming the colour space that the
 * document's DeviceRGB colours mean (sRGB), a file identifier, and a description of each link. Each is derived from
 * the document alone, so the same document gives the same bytes.
 *
 * The packet identifies the file as PDF/A-2u and PDF/UA-1. The claim is checked, not assumed: the build verifies
 * every post-processed PDF against both standards (src/pdf/conformance.ts) and writes none that breaks a rule, so
 * an archive that receives a kompendium PDF can rely on what it says of itself.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { projectRoot } from '../../model/config.ts';
import { identificationNamespaces } from '../../pdf/xmp.ts';
import { printStandard } from './print-variant.ts';

/** The document information, as both the Info dictionary and the XMP packet state it. */
export interface DocumentDescription {
  title: string;
  author: string;
  subject: string | undefined;
  language: string;
  /** Creation and modification date: fixed, so that output is reproducible. */
  date: Date;
  keywords: readonly string[];
  creatorTool: string;
  producer: string;
}

/** The ICC profiles of the output intents, each with its LICENSE beside it. */
export const colourProfiles = {
  /** The screen PDF's: sRGB, from Debian's icc-profiles-free (Zlib licence). */
  srgb: path.join(projectRoot, 'src/stages/6-postprocess/sRGB.icc'),
  /** The print variant's: FOGRA39 CMYK, made from icc-profiles-free's measurement data (Zlib licence). */
  cmyk: path.join(projectRoot, 'src/stages/6-postprocess/FOGRA39L.icc'),
} as const;

/** The name of the output condition, as the ICC registry spells the profile's colour space. */
export const srgbConditionName = 'sRGB IEC61966-2.1';

/** A profile, compressed as it is embedded (zlib's output is the same for the same input and level). */
export function compressedProfile(file: string): Buffer {
  try {
    return deflateSync(readFileSync(file), { level: 9 });
  } catch (error) {
    throw new Error(
      `The colour profile ${file} could not be read (${error instanceof Error ? error.message : String(error)}): it belongs to the checkout; restore it with git checkout`,
      { cause: error },
    );
  }
}

/** The keywords as one string, the same in the Info dictionary and in the packet (pdf:Keywords). */
export function keywordText(keywords: readonly string[]): string {
  return keywords.join(' ');
}

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function xmlText(text: string): string {
  return text.replace(/[&<>"]/g, (character) => xmlEscapes[character] ?? character);
}

/** A date as XMP writes it, in UTC to the second: the same instant as the Info dictionary's D:…Z date. */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A language alternative with one default entry: dc:title and dc:description are written so. */
function languageAlternative(property: string, text: string): string {
  return `<${property}><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(text)}</rdf:li></rdf:Alt></${property}>`;
}

/** One property of an extension schema: its name, value type and what it says. */
interface ExtensionProperty {
  name: string;
  valueType: string;
  description: string;
}

/** A schema as PDF/A's extension schema describes it (ISO 19005-2 6.6.2.3): name, namespace, prefix, properties. */
function extensionSchema(schema: string, namespace: string, prefix: string, properties: ExtensionProperty[]): string {
  return [
    '<rdf:li rdf:parseType="Resource">',
    `<pdfaSchema:schema>${schema}</pdfaSchema:schema>`,
    `<pdfaSchema:namespaceURI>${namespace}</pdfaSchema:namespaceURI>`,
    `<pdfaSchema:prefix>${prefix}</pdfaSchema:prefix>`,
    '<pdfaSchema:property><rdf:Seq>',
    ...properties.map((property) =>
      [
        '<rdf:li rdf:parseType="Resource">',
        `<pdfaProperty:name>${property.name}</pdfaProperty:name>`,
        `<pdfaProperty:valueType>${property.valueType}</pdfaProperty:valueType>`,
        '<pdfaProperty:category>internal</pdfaProperty:category>',
        `<pdfaProperty:description>${property.description}</pdfaProperty:description>`,
        '</rdf:li>',
      ].join(''),
    ),
    '</rdf:Seq></pdfaSchema:property>',
    '</rdf:li>',
  ].join('\n');
}

/**
 * PDF/A admits only the XMP schemas it lists, and pdfuaid is not one of them: a PDF/A file that uses it describes
 * the schema in the packet itself (ISO 19005-2 6.6.2.3). The print variant adds pdfxid and pdf:Trapped, which the
 * XMP specification of 2005 that PDF/A-2 cites does not have either.
 */
function extensionSchemas(print: boolean): string {
  const schemas = [
    extensionSchema('PDF/UA identification', identificationNamespaces.pdfuaid, 'pdfuaid', [
      { name: 'part', valueType: 'Integer', description: 'The part of ISO 14289 the file conforms to' },
    ]),
    ...(print
      ? [
          extensionSchema('PDF/X identification', identificationNamespaces.pdfxid, 'pdfxid', [
            { name: 'GTS_PDFXVersion', valueType: 'Text', description: 'The PDF/X version the file conforms to' },
          ]),
          extensionSchema('Adobe PDF Schema', 'http://ns.adobe.com/pdf/1.3/', 'pdf', [
            { name: 'Trapped', valueType: 'Text', description: 'Whether the file has been trapped' },
          ]),
        ]
      : []),
  ];
  return [
    '<rdf:Description rdf:about=""',
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"',
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"',
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    '<pdfaExtension:schemas><rdf:Bag>',
    ...schemas,
    '</rdf:Bag></pdfaExtension:schemas>',
    '</rdf:Description>',
  ].join('\n');
}

/** What the print variant's packet adds: PDF/X's identification, trapping, and the document's identity. */
export interface PrintIdentity {
  /** A UUID URI derived from the document, so that rebuilds stay byte-identical. */
  documentId: string;
}

/**
 * The XMP packet: Dublin Core (title, creator, description, language, format), the XMP basic dates and creator
 * tool, and the PDF schema's producer and keywords, each equal to its Info dictionary entry as PDF/A requires;
 * then the identification as PDF/A-2u and PDF/UA-1 (and for the print variant PDF/X-4, with trapping and the
 * document's identity), with the extension schemas PDF/A asks for.
 */
export function xmpPacket(description: DocumentDescription, print?: PrintIdentity): string {
  const date = xmpDate(description.date);
  const properties = [
    languageAlternative('dc:title', description.title),
    `<dc:creator><rdf:Seq><rdf:li>${xmlText(description.author)}</rdf:li></rdf:Seq></dc:creator>`,
    description.subject === undefined ? '' : languageAlternative('dc:description', description.subject),
    `<dc:language><rdf:Bag><rdf:li>${xmlText(description.language)}</rdf:li></rdf:Bag></dc:language>`,
    '<dc:format>application/pdf</dc:format>',
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${xmlText(description.creatorTool)}</xmp:CreatorTool>`,
    `<pdf:Producer>${xmlText(description.producer)}</pdf:Producer>`,
    description.keywords.length === 0
      ? ''
      : `<pdf:Keywords>${xmlText(keywordText(description.keywords))}</pdf:Keywords>`,
    ...(print === undefined
      ? []
      : [
          `<pdf:Trapped>${printStandard.trapped}</pdf:Trapped>`,
          `<xmpMM:DocumentID>${print.documentId}</xmpMM:DocumentID>`,
          '<xmpMM:VersionID>1</xmpMM:VersionID>',
          '<xmpMM:RenditionClass>default</xmpMM:RenditionClass>',
        ]),
  ].filter((property) => property !== '');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
    ...properties,
    '</rdf:Description>',
    `<rdf:Description rdf:about="" xmlns:pdfaid="${identificationNamespaces.pdfaid}">`,
    '<pdfaid:part>2</pdfaid:part>',
    '<pdfaid:conformance>U</pdfaid:conformance>',
    '</rdf:Description>',
    `<rdf:Description rdf:about="" xmlns:pdfuaid="${identificationNamespaces.pdfuaid}">`,
    '<pdfuaid:part>1</pdfuaid:part>',
    '</rdf:Description>',
    ...(print === undefined
      ? []
      : [
          `<rdf:Description rdf:about="" xmlns:pdfxid="${identificationNamespaces.pdfxid}">`,
          `<pdfxid:GTS_PDFXVersion>${printStandard.version}</pdfxid:GTS_PDFXVersion>`,
          '</rdf:Description>',
        ]),
    extensionSchemas(print !== undefined),
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}

/**
 * The file identifier (trailer /ID), from the file's content: the same bytes give the same identifier, and both
 * of its halves are equal because kompendium writes each file anew rather than editing an earlier one.
 */
export function fileIdentifier(content: Uint8Array): string {
  const hash = createHash('md5').update(content).digest('hex').toUpperCase();
  return `[<${hash}> <${hash}>]`;
}

/**
 * What a screen reader announces for a link annotation (its /Contents, required for PDF/UA): the address it opens,
 * in the document's language, German.
 */
export function linkDescription(uri: string): string {
  return `Link zu ${uri}`;
}
