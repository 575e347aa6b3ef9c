/**
 * The conformance check of a finished PDF against PDF/UA-1 (ISO 14289-1, through the Matterhorn Protocol 1.1)
 * and PDF/A-2u (ISO 19005-2), and for a file that claims it (the print variant) PDF/X-4 (ISO 15930-7): the failure
 * conditions a program can decide and that what kompendium writes can break. Each checkpoint is declared once, with its id (the Matterhorn failure-condition index, e.g. "06-001", or
 * the clause of the standard where Matterhorn has no index), its text, and the function that finds its
 * violations. What Matterhorn leaves to a person (reading order, alt texts that fit, headings that are headings)
 * is not checked here. It lives in pdf/, not features/, so that the build can run it after post-processing.
 */
import { tallyContent, type ContentTally } from './content-stream.ts';
import {
  arrayOf,
  catalogOf,
  dictOf,
  nameOf,
  pageContent,
  pagesOf,
  readPdfFile,
  resolved,
  streamBytes,
  stringText,
  type PdfFile,
  type PdfPage,
} from './pdf-file.ts';
import { referenced, type PdfDict } from './printed-pdf.ts';
import { allElements, readStructureTree, type StructElement } from './structure-tree.ts';
import {
  describedNamespaces,
  identificationNamespaces,
  xmpNamespace,
  xmpNamespaces,
  xmpValue,
  xmpValues,
} from './xmp.ts';

export interface Violation {
  /** The checkpoint's id ("01-005", "PDF/A-2 6.1.3"). */
  checkpoint: string;
  /** The checkpoint's text, and what was found in parentheses. */
  message: string;
  /** 1-based page number, when the violation is on a page. */
  page?: number;
  /** The object number of the offending object (page, structure element, annotation). */
  object?: number;
}

export interface Checkpoint {
  id: string;
  /** PDF/X-4's checkpoints apply to a file that claims PDF/X-4 (kompendium's print variant). */
  standard: 'PDF/UA-1' | 'PDF/A-2u' | 'PDF/X-4';
  text: string;
  check: (file: CheckedFile) => Finding[];
}

/** What a check finds: the detail of one violation; the checkpoint adds its id and text. */
interface Finding {
  detail?: string;
  page?: number;
  object?: number;
}

/** The parts of the file the checks look at, each read once. */
export interface CheckedFile {
  pdf: PdfFile;
  catalog: PdfDict;
  info: PdfDict | undefined;
  /** The catalog's metadata stream as text (UTF-8), or undefined when there is none. */
  xmp: string | undefined;
  pages: PdfPage[];
  /** Page number (1-based) by the page's object number. */
  pageNumbers: Map<number, number>;
  structure: StructElement[] | undefined;
  tallies: ContentTally[];
}

export function readCheckedFile(bytes: Uint8Array): CheckedFile {
  const pdf = readPdfFile(bytes);
  const catalog = catalogOf(pdf).dict;
  const pages = pagesOf(pdf);
  const metadata = referenced(catalog.get('Metadata'));
  return {
    pdf,
    catalog,
    info: dictOf(pdf, pdf.trailer.get('Info')),
    xmp: metadata === undefined ? undefined : streamBytes(pdf, metadata)?.toString('utf8'),
    pages,
    pageNumbers: new Map(pages.map((page) => [page.object, page.index])),
    structure: readStructureTree(pdf, catalog),
    tallies: pages.map((page) => tallyContent(pageContent(pdf, page), dictOf(pdf, page.resources?.get('Properties')))),
  };
}

/** Checks a PDF's bytes against every checkpoint. Throws `PdfFormError` for a file that cannot be read. */
export function verifyPdf(bytes: Uint8Array): Violation[] {
  const file = readCheckedFile(bytes);
  return checkpoints.flatMap((checkpoint) =>
    checkpoint.check(file).map(({ detail, page, object }) => ({
      checkpoint: checkpoint.id,
      message: detail === undefined ? checkpoint.text : `${checkpoint.text} (${detail})`,
      ...(page === undefined ? {} : { page }),
      ...(object === undefined ? {} : { object }),
    })),
  );
}

/** `page 3 (object 57 0 R): 01-005 Content is … (12 painting operators)`: where, then which rule and what. */
export function describeViolation(violation: Violation): string {
  const where = [
    violation.page === undefined ? '' : `page ${String(violation.page)}`,
    violation.object === undefined ? '' : `(object ${String(violation.object)} 0 R)`,
  ].filter(Boolean);
  return `${where.length === 0 ? '' : `${where.join(' ')}: `}${violation.checkpoint} ${violation.message}`;
}

/** One finding for the whole document when `failed`. */
function whole(failed: boolean, detail?: string): Finding[] {
  return failed ? [detail === undefined ? {} : { detail }] : [];
}

/** One finding per page whose tally gives a count above 0, with the count of `unit` (singular; an s is added). */
function perPage(file: CheckedFile, count: (tally: ContentTally, page: PdfPage) => number, unit: string): Finding[] {
  return file.pages.flatMap((page, i) => {
    const tally = file.tallies[i];
    const n = tally === undefined ? 0 : count(tally, page);
    return n === 0
      ? []
      : [{ page: page.index, object: page.object, detail: `${String(n)} ${unit}${n === 1 ? '' : 's'}` }];
  });
}

function isTrue(file: CheckedFile, value: string | undefined): boolean {
  return resolved(file.pdf, value) === 'true';
}

/** A structure element's page number and object, as a finding. */
function at(file: CheckedFile, element: StructElement, detail: string): Finding {
  const pageObject = firstPage(element);
  const page = pageObject === undefined ? undefined : file.pageNumbers.get(pageObject);
  return {
    detail,
    ...(page === undefined ? {} : { page }),
    ...(element.object === undefined ? {} : { object: element.object }),
  };
}

/**
 * The page an element is on: its /Pg, else that of its first marked content or descendant (Chromium gives /Pg
 * to the marked-content references, not always to the element).
 */
function firstPage(element: StructElement): number | undefined {
  if (element.page !== undefined) return element.page;
  const mcid = element.mcids.find((reference) => reference.page !== undefined);
  if (mcid !== undefined) return mcid.page;
  for (const child of element.children) {
    const page = firstPage(child);
    if (page !== undefined) return page;
  }
  return undefined;
}

/** The level of a numbered heading (H1, H2, … also beyond H6, as PDF/UA-1 names them), or undefined. */
function headingLevel(element: StructElement): number | undefined {
  const match = /^H(\d+)$/.exec(element.written) ?? /^H(\d+)$/.exec(element.type);
  return match === null ? undefined : Number(match[1]);
}

function headingFindings(file: CheckedFile, which: 'first' | 'skip'): Finding[] {
  const headings = allElements(file.structure ?? []).flatMap((element) => {
    const level = headingLevel(element);
    return level === undefined ? [] : [{ element, level }];
  });
  const [first] = headings;
  if (which === 'first') {
    return first === undefined || first.level === 1
      ? []
      : [at(file, first.element, `the first is H${String(first.level)}`)];
  }
  return headings.flatMap((heading, i) => {
    const before = headings[i - 1];
    if (before === undefined || heading.level <= before.level + 1) return [];
    return [at(file, heading.element, `H${String(heading.level)} follows H${String(before.level)}`)];
  });
}

/** The link annotations of every page, with their page. */
function linkAnnotations(file: CheckedFile): { page: PdfPage; object: number | undefined; dict: PdfDict }[] {
  return file.pages.flatMap((page) =>
    arrayOf(file.pdf, page.dict.get('Annots')).flatMap((value) => {
      const dict = dictOf(file.pdf, value);
      if (dict === undefined || nameOf(file.pdf, dict.get('Subtype')) !== 'Link') return [];
      return [{ page, object: referenced(value), dict }];
    }),
  );
}

/** The device colour spaces the file uses: set in page content, or named in a dictionary (images, shadings). */
function deviceColourSpaces(file: CheckedFile): string[] {
  const used = new Set<string>(file.tallies.flatMap((tally) => [...tally.deviceColour]));
  for (const match of file.pdf.text.matchAll(/\/(DeviceRGB|DeviceCMYK|DeviceGray)(?![^\s/<>[\]()])/g)) {
    if (match[1] !== undefined) used.add(match[1]);
  }
  return [...used].sort();
}

/** An output intent of the catalog, with what its destination profile's header says (ICC.1 7.2). */
interface OutputIntent {
  standard: string | undefined;
  condition: string | undefined;
  /** The profile's device class ("prtr", "mntr") and colour space ("RGB", "CMYK", "GRAY"); undefined without one. */
  profile: { deviceClass: string; colourSpace: string } | undefined;
}

function outputIntents(file: CheckedFile): OutputIntent[] {
  return arrayOf(file.pdf, file.catalog.get('OutputIntents')).flatMap((value) => {
    const intent = dictOf(file.pdf, value);
    if (intent === undefined) return [];
    const profile = referenced(intent.get('DestOutputProfile'));
    const bytes = profile === undefined ? undefined : streamBytes(file.pdf, profile);
    return [
      {
        standard: nameOf(file.pdf, intent.get('S')),
        condition: stringText(resolved(file.pdf, intent.get('OutputConditionIdentifier'))),
        profile:
          bytes === undefined || bytes.length < 20
            ? undefined
            : {
                deviceClass: bytes.subarray(12, 16).toString('latin1').trim(),
                colourSpace: bytes.subarray(16, 20).toString('latin1').trim(),
              },
      },
    ];
  });
}

/** The device colour space each ICC colour space stands for. */
const deviceSpaceOf: Record<string, string> = { RGB: 'DeviceRGB', CMYK: 'DeviceCMYK', GRAY: 'DeviceGray' };

/** Does the file claim PDF/X-4 (in its XMP packet or document information)? */
function claimsPdfx(file: CheckedFile): boolean {
  const info = stringText(resolved(file.pdf, file.info?.get('GTS_PDFXVersion')));
  return (file.xmp !== undefined && xmpValue(file.xmp, 'pdfxid:GTS_PDFXVersion') !== undefined) || info !== undefined;
}

/** The PDF version the file's header states ("1.7"). */
function headerVersion(file: CheckedFile): string | undefined {
  return /^%PDF-(\d\.\d)/.exec(file.pdf.text.slice(0, 16))?.[1];
}

/** A rectangle ([x1 y1 x2 y2], in either corner order) of a page, or undefined. */
function pageBox(file: CheckedFile, page: PdfPage, key: string): [number, number, number, number] | undefined {
  const values = arrayOf(file.pdf, page.dict.get(key)).map((value) => Number(resolved(file.pdf, value)));
  if (values.length !== 4 || values.some((value) => !Number.isFinite(value))) return undefined;
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = values;
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

/** Is `inner` inside `outer` (to a hundredth of a point)? */
function within(inner: readonly number[], outer: readonly number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0] = inner;
  const [e = 0, f = 0, g = 0, h = 0] = outer;
  return a >= e - 0.01 && b >= f - 0.01 && c <= g + 0.01 && d <= h + 0.01;
}

/** A PDF date (D:YYYYMMDDHHmmSS+HH'mm' or …Z, later parts optional) as milliseconds since 1970, or NaN. */
export function pdfDateTime(value: string): number {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?'?$/.exec(value.trim());
  if (match === null) return NaN;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', sign, tzHour, tzMinute] = match;
  const offset = sign === '+' || sign === '-' ? `${sign}${tzHour ?? '00'}:${tzMinute ?? '00'}` : 'Z';
  return Date.parse(`${String(year)}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
}

/** An XMP date (ISO 8601, later parts optional; no zone read as UTC) as milliseconds since 1970, or NaN. */
export function xmpDateTime(value: string): number {
  const text = value.trim();
  const full = /^\d{4}$/.test(text) ? `${text}-01-01` : /^\d{4}-\d{2}$/.test(text) ? `${text}-01` : text;
  return Date.parse(/T.*(Z|[+-]\d{2}:\d{2})$/.test(full) || !full.includes('T') ? full : `${full}Z`);
}

/** Document information entries and the XMP property each must agree with (ISO 19005-2, Table 3 of 19005-1). */
const infoEquivalents: { key: string; property: string; kind: 'text' | 'creators' | 'date' }[] = [
  { key: 'Title', property: 'dc:title', kind: 'text' },
  { key: 'Author', property: 'dc:creator', kind: 'creators' },
  { key: 'Subject', property: 'dc:description', kind: 'text' },
  { key: 'Keywords', property: 'pdf:Keywords', kind: 'text' },
  { key: 'Creator', property: 'xmp:CreatorTool', kind: 'text' },
  { key: 'Producer', property: 'pdf:Producer', kind: 'text' },
  { key: 'CreationDate', property: 'xmp:CreateDate', kind: 'date' },
  { key: 'ModDate', property: 'xmp:ModifyDate', kind: 'date' },
];

function infoFindings(file: CheckedFile): Finding[] {
  const { info, xmp } = file;
  if (info === undefined || xmp === undefined) return [];
  return infoEquivalents.flatMap(({ key, property, kind }) => {
    const entry = stringText(resolved(file.pdf, info.get(key)));
    if (entry === undefined) return [];
    const values = xmpValues(xmp, property);
    if (values === undefined) return [{ detail: `/${key} is set, ${property} is missing` }];
    const agrees =
      kind === 'date'
        ? pdfDateTime(entry) === xmpDateTime(values[0] ?? '')
        : kind === 'creators'
          ? entry === values.join(', ')
          : entry === values[0];
    return agrees ? [] : [{ detail: `/${key} "${entry}" ≠ ${property} "${values.join(', ')}"` }];
  });
}

/**
 * The namespaces a PDF/A-2 packet may use without describing them: the schemas of the XMP specification (2005)
 * that ISO 19005-2 6.6.2.3.1 admits, with their value types, PDF/A's identification, and the extension schema's own.
 */
const predefinedNamespaces = new Set([
  'adobe:ns:meta/',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://purl.org/dc/elements/1.1/',
  'http://ns.adobe.com/xap/1.0/',
  'http://ns.adobe.com/xap/1.0/rights/',
  'http://ns.adobe.com/xap/1.0/mm/',
  'http://ns.adobe.com/xap/1.0/bj/',
  'http://ns.adobe.com/xap/1.0/t/pg/',
  'http://ns.adobe.com/xmp/1.0/DynamicMedia/',
  'http://ns.adobe.com/pdf/1.3/',
  'http://ns.adobe.com/photoshop/1.0/',
  'http://ns.adobe.com/camera-raw-settings/1.0/',
  'http://ns.adobe.com/exif/1.0/',
  'http://ns.adobe.com/exif/1.0/aux/',
  'http://ns.adobe.com/tiff/1.0/',
  'http://ns.adobe.com/xap/1.0/sType/Dimensions#',
  'http://ns.adobe.com/xap/1.0/sType/Font#',
  'http://ns.adobe.com/xap/1.0/sType/ResourceEvent#',
  'http://ns.adobe.com/xap/1.0/sType/ResourceRef#',
  'http://ns.adobe.com/xap/1.0/sType/Version#',
  'http://ns.adobe.com/xap/1.0/sType/Job#',
  'http://ns.adobe.com/xap/1.0/g/',
  'http://ns.adobe.com/xap/1.0/g/img/',
  identificationNamespaces.pdfaid,
  'http://www.aiim.org/pdfa/ns/extension/',
  'http://www.aiim.org/pdfa/ns/schema#',
  'http://www.aiim.org/pdfa/ns/property#',
  'http://www.aiim.org/pdfa/ns/type#',
  'http://www.aiim.org/pdfa/ns/field#',
]);

/** A finding when the packet uses `prefix` bound to another namespace than its schema's. */
function namespaceFindings(xmp: string, prefix: keyof typeof identificationNamespaces): Finding[] {
  const uri = xmpNamespace(xmp, prefix);
  const expected = identificationNamespaces[prefix];
  return uri === undefined || uri === expected ? [] : [{ detail: `${prefix} is bound to ${uri}, not ${expected}` }];
}

/** The checkpoints, PDF/UA-1 first, each in the order of its standard. */
export const checkpoints: readonly Checkpoint[] = [
  {
    id: 'ISO 14289-1 7.1 Marked',
    standard: 'PDF/UA-1',
    text: 'The catalog does not declare the file as Tagged PDF (MarkInfo /Marked true)',
    check: (file) => whole(!isTrue(file, dictOf(file.pdf, file.catalog.get('MarkInfo'))?.get('Marked'))),
  },
  {
    id: 'ISO 14289-1 7.1 StructTreeRoot',
    standard: 'PDF/UA-1',
    text: 'The catalog has no structure tree (StructTreeRoot)',
    check: (file) => whole(file.structure === undefined),
  },
  {
    id: '01-003',
    standard: 'PDF/UA-1',
    text: 'Content marked as Artifact is inside tagged content',
    check: (file) => perPage(file, (tally) => tally.artifactsInTagged, 'artifact'),
  },
  {
    id: '01-004',
    standard: 'PDF/UA-1',
    text: 'Tagged content is inside content marked as Artifact',
    check: (file) => perPage(file, (tally) => tally.taggedInArtifacts, 'tagged sequence'),
  },
  {
    id: '01-005',
    standard: 'PDF/UA-1',
    text: 'Content is neither marked as Artifact nor tagged as real content',
    check: (file) => perPage(file, (tally) => tally.untagged, 'painting operator'),
  },
  {
    id: '01-007',
    standard: 'PDF/UA-1',
    text: 'The MarkInfo dictionary says Suspects true',
    check: (file) => whole(isTrue(file, dictOf(file.pdf, file.catalog.get('MarkInfo'))?.get('Suspects'))),
  },
  {
    id: '06-001',
    standard: 'PDF/UA-1',
    text: 'The catalog has no XMP metadata stream',
    check: (file) => whole(file.xmp === undefined),
  },
  {
    id: '06-002',
    standard: 'PDF/UA-1',
    text: 'The XMP metadata lack the PDF/UA identifier (pdfuaid:part)',
    // Without metadata 06-001 says it all.
    check: (file) => {
      if (file.xmp === undefined) return [];
      const part = xmpValue(file.xmp, 'pdfuaid:part');
      return part === '1' ? namespaceFindings(file.xmp, 'pdfuaid') : whole(true, `part ${part ?? 'missing'}`);
    },
  },
  {
    id: '06-003',
    standard: 'PDF/UA-1',
    text: 'The XMP metadata have no dc:title',
    check: (file) => whole(file.xmp !== undefined && (xmpValue(file.xmp, 'dc:title') ?? '') === ''),
  },
  {
    id: '07-001',
    standard: 'PDF/UA-1',
    text: "The catalog's ViewerPreferences have no DisplayDocTitle entry",
    check: (file) => whole(dictOf(file.pdf, file.catalog.get('ViewerPreferences'))?.has('DisplayDocTitle') !== true),
  },
  {
    id: '07-002',
    standard: 'PDF/UA-1',
    text: "The catalog's ViewerPreferences say DisplayDocTitle false",
    check: (file) =>
      whole(
        resolved(file.pdf, dictOf(file.pdf, file.catalog.get('ViewerPreferences'))?.get('DisplayDocTitle')) === 'false',
      ),
  },
  {
    id: '09-005',
    standard: 'PDF/UA-1',
    text: 'A list item (LI) has a child other than Lbl and LBody, against ISO 32000-1 14.8.4.3.3',
    check: (file) =>
      allElements(file.structure ?? []).flatMap((element) => {
        if (element.type !== 'LI') return [];
        const others = element.children.filter((child) => child.type !== 'Lbl' && child.type !== 'LBody');
        const content = element.mcids.length > 0 ? ['marked content'] : [];
        const wrong = [...new Set([...others.map((child) => child.written), ...content])];
        return wrong.length === 0 ? [] : [at(file, element, wrong.join(', '))];
      }),
  },
  {
    id: '11-006',
    standard: 'PDF/UA-1',
    text: 'The natural language of the document cannot be determined (no /Lang in the catalog)',
    check: (file) => whole((stringText(resolved(file.pdf, file.catalog.get('Lang'))) ?? '') === ''),
  },
  {
    id: '13-004',
    standard: 'PDF/UA-1',
    text: 'A Figure has neither alternative text (/Alt) nor replacement text (/ActualText)',
    check: (file) =>
      allElements(file.structure ?? []).flatMap((element) =>
        element.type !== 'Figure' || (element.alt ?? '').trim() !== '' || (element.actualText ?? '') !== ''
          ? []
          : [at(file, element, element.written)],
      ),
  },
  {
    id: '14-002',
    standard: 'PDF/UA-1',
    text: 'Numbered headings are used, but the first is not H1',
    check: (file) => headingFindings(file, 'first'),
  },
  {
    id: '14-003',
    standard: 'PDF/UA-1',
    text: 'A numbered heading level is skipped',
    check: (file) => headingFindings(file, 'skip'),
  },
  {
    id: '28-011',
    standard: 'PDF/UA-1',
    text: 'A link annotation is not nested in a Link structure element',
    check: (file) => {
      const linked = new Set(
        allElements(file.structure ?? []).flatMap((element) => (element.type === 'Link' ? element.objects : [])),
      );
      return linkAnnotations(file).flatMap(({ page, object }) =>
        object !== undefined && linked.has(object)
          ? []
          : [{ page: page.index, ...(object === undefined ? {} : { object }) }],
      );
    },
  },
  {
    id: '28-012',
    standard: 'PDF/UA-1',
    text: 'A link annotation has no alternate description in its /Contents',
    check: (file) =>
      linkAnnotations(file).flatMap(({ page, object, dict }) =>
        (stringText(resolved(file.pdf, dict.get('Contents'))) ?? '').trim() !== ''
          ? []
          : [{ page: page.index, ...(object === undefined ? {} : { object }) }],
      ),
  },
  {
    id: 'PDF/A-2 6.1.3',
    standard: 'PDF/A-2u',
    text: 'The trailer has no /ID array of two strings',
    check: (file) => {
      const id = resolved(file.pdf, file.pdf.trailer.get('ID'));
      const parts = id?.startsWith('[') === true ? arrayOf(file.pdf, id) : [];
      return whole(parts.length !== 2 || parts.some((part) => stringText(part) === undefined));
    },
  },
  {
    id: 'PDF/A-2 6.2.4.3',
    standard: 'PDF/A-2u',
    text: "A device colour space is used that the PDF/A OutputIntent's profile (GTS_PDFA1) does not have",
    check: (file) => {
      // DeviceGray goes with any profile; DeviceRGB needs an RGB one, DeviceCMYK a CMYK one (ISO 19005-2 6.2.4.3).
      const intent = outputIntents(file).find((candidate) => candidate.standard === 'GTS_PDFA1');
      const space = intent?.profile === undefined ? undefined : deviceSpaceOf[intent.profile.colourSpace];
      const wrong = deviceColourSpaces(file).filter((used) => used !== 'DeviceGray' && used !== space);
      const has = intent?.profile === undefined ? 'no profile' : `a ${intent.profile.colourSpace} profile`;
      return whole(wrong.length > 0, `${wrong.join(', ')}; the intent has ${has}`);
    },
  },
  {
    id: 'PDF/A-2 6.6.2.1',
    standard: 'PDF/A-2u',
    text: 'The catalog has no XMP metadata stream (/Metadata)',
    check: (file) => whole(file.xmp === undefined),
  },
  {
    id: 'PDF/A-2 6.6.2.3.1',
    standard: 'PDF/A-2u',
    text: 'The XMP metadata use a schema that is neither predefined nor described by a PDF/A extension schema',
    check: (file) => {
      if (file.xmp === undefined) return [];
      const described = new Set(describedNamespaces(file.xmp));
      const undescribed = xmpNamespaces(file.xmp).filter(
        ({ uri }) => !predefinedNamespaces.has(uri) && !described.has(uri),
      );
      return [...new Map(undescribed.map((binding) => [binding.uri, binding])).values()].map(({ prefix, uri }) => ({
        detail: `${prefix}: ${uri}`,
      }));
    },
  },
  {
    id: 'PDF/A-2 6.6.3',
    standard: 'PDF/A-2u',
    text: 'A document information entry disagrees with its XMP equivalent',
    check: infoFindings,
  },
  {
    id: 'PDF/A-2 6.6.4',
    standard: 'PDF/A-2u',
    text: 'The XMP metadata do not identify the file as PDF/A-2u: pdfaid:part 2, pdfaid:conformance U or A',
    check: (file) => {
      if (file.xmp === undefined) return [];
      const part = xmpValue(file.xmp, 'pdfaid:part');
      const conformance = xmpValue(file.xmp, 'pdfaid:conformance');
      const ok = part === '2' && (conformance === 'U' || conformance === 'A');
      if (!ok) return whole(true, `part ${part ?? 'missing'}, conformance ${conformance ?? 'missing'}`);
      return namespaceFindings(file.xmp, 'pdfaid');
    },
  },
  {
    id: 'PDF/X-4 version',
    standard: 'PDF/X-4',
    text: 'A PDF/X-4 file is PDF 1.6 or earlier (ISO 15930-7)',
    check: (file) =>
      claimsPdfx(file) ? whole(Number(headerVersion(file) ?? '9') > 1.6, `PDF ${headerVersion(file) ?? '?'}`) : [],
  },
  {
    id: 'PDF/X-4 identification',
    standard: 'PDF/X-4',
    text: 'The document information and the XMP packet do not both say GTS_PDFXVersion PDF/X-4',
    check: (file) => {
      if (!claimsPdfx(file)) return [];
      const info = stringText(resolved(file.pdf, file.info?.get('GTS_PDFXVersion')));
      const xmp = file.xmp === undefined ? undefined : xmpValue(file.xmp, 'pdfxid:GTS_PDFXVersion');
      const namespace = file.xmp === undefined ? [] : namespaceFindings(file.xmp, 'pdfxid');
      if (info === 'PDF/X-4' && xmp === 'PDF/X-4') return namespace;
      return whole(true, `/GTS_PDFXVersion ${info ?? 'missing'}, pdfxid:GTS_PDFXVersion ${xmp ?? 'missing'}`);
    },
  },
  {
    id: 'PDF/X-4 trapped',
    standard: 'PDF/X-4',
    text: 'The document information and the XMP packet do not say alike whether the file is trapped (True or False)',
    check: (file) => {
      if (!claimsPdfx(file)) return [];
      const info = nameOf(file.pdf, file.info?.get('Trapped'));
      const xmp = file.xmp === undefined ? undefined : xmpValue(file.xmp, 'pdf:Trapped');
      const ok = (info === 'True' || info === 'False') && info === xmp;
      return whole(!ok, `/Trapped ${info ?? 'missing'}, pdf:Trapped ${xmp ?? 'missing'}`);
    },
  },
  {
    id: 'PDF/X-4 output intent',
    standard: 'PDF/X-4',
    text: 'There is no GTS_PDFX OutputIntent with an OutputConditionIdentifier and an embedded output (prtr) profile',
    check: (file) => {
      if (!claimsPdfx(file)) return [];
      const intent = outputIntents(file).find((candidate) => candidate.standard === 'GTS_PDFX');
      const ok = intent?.condition !== undefined && intent.profile?.deviceClass === 'prtr';
      return whole(!ok, intent === undefined ? 'none' : `profile class ${intent.profile?.deviceClass ?? 'missing'}`);
    },
  },
  {
    id: 'PDF/X-4 page boxes',
    standard: 'PDF/X-4',
    text: 'A page has no TrimBox (or ArtBox), or its boxes are not nested: TrimBox within BleedBox within MediaBox',
    check: (file) => {
      if (!claimsPdfx(file)) return [];
      return file.pages.flatMap((page) => {
        const media = pageBox(file, page, 'MediaBox');
        const trim = pageBox(file, page, 'TrimBox') ?? pageBox(file, page, 'ArtBox');
        const bleed = pageBox(file, page, 'BleedBox') ?? media;
        const problem =
          trim === undefined
            ? 'no TrimBox'
            : media === undefined || bleed === undefined || !within(trim, bleed) || !within(bleed, media)
              ? 'boxes not nested'
              : undefined;
        return problem === undefined ? [] : [{ page: page.index, object: page.object, detail: problem }];
      });
    },
  },
  {
    id: 'PDF/X-4 document id',
    standard: 'PDF/X-4',
    text: 'The XMP packet lacks xmpMM:DocumentID or xmpMM:VersionID',
    check: (file) => {
      if (!claimsPdfx(file) || file.xmp === undefined) return [];
      const missing = ['xmpMM:DocumentID', 'xmpMM:VersionID'].filter(
        (name) => (xmpValue(file.xmp ?? '', name) ?? '') === '',
      );
      return whole(missing.length > 0, missing.join(', '));
    },
  },
  {
    id: 'PDF/X-4 annotations',
    standard: 'PDF/X-4',
    text: 'A page of a PDF/X-4 file has an annotation (PDF/X allows on the page only printer marks and trap networks)',
    check: (file) =>
      claimsPdfx(file)
        ? perPage(file, (_, page) => arrayOf(file.pdf, page.dict.get('Annots')).length, 'annotation')
        : [],
  },
];
