/**
 * The conformance check (src/pdf/conformance.ts) and its reader (src/pdf/pdf-file.ts) on PDFs written by hand:
 * one that passes every checkpoint, and for each checkpoint one that breaks it, with the exact report. A check
 * that cannot fail, or cannot pass, counts for nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatViolation, runVerify } from '../../src/commands/verify.ts';
import { checkpoints, pdfDateTime, verifyPdf, xmpDateTime, type Violation } from '../../src/pdf/conformance.ts';
import { tallyContent } from '../../src/pdf/content-stream.ts';
import { objectText, readPdfFile, stringText } from '../../src/pdf/pdf-file.ts';
import { PdfFormError } from '../../src/pdf/printed-pdf.ts';
import { xmpValue, xmpValues } from '../../src/pdf/xmp.ts';
import { RunError } from '../../src/diagnostics/run-errors.ts';
import { pdfOf, streamOf, withUpdate } from '../helpers/hand-made-pdf.ts';

const xmp = `<?xpacket begin="\u00ef\u00bb\u00bf" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>U</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="de">Probe</rdf:li><rdf:li xml:lang="x-default">Probe &amp; Test</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Amt</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  pdf:Producer="kompendium" xmp:CreateDate="2013-01-01T01:00:00+01:00"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;

/** Tagged heading, an Artifact rule, and tagged RGB paint. */
const content =
  '/H1 <</MCID 0>> BDC BT /F1 12 Tf 10 800 Td (Titel) Tj ET EMC\n' +
  '/Artifact BMC 0 0 m 10 0 l S EMC\n' +
  '/P <</MCID 1>> BDC 1 0 0 rg 0 0 10 10 re f EMC';

/** The first bytes of an ICC profile as far as the check reads them: its device class and colour space. */
function iccHeader(deviceClass: string, colourSpace: string): string {
  return `${'\0'.repeat(12)}${deviceClass}${colourSpace}${'\0'.repeat(108)}`;
}

/** The bodies of a PDF that passes every checkpoint; a test changes one of them. Object n is index n - 1. */
function conformingBodies(): string[] {
  return [
    '<</Type /Catalog /Pages 3 0 R /MarkInfo <</Marked true>> /StructTreeRoot 5 0 R /Metadata 6 0 R /Lang (de)\n' +
      '/ViewerPreferences <</DisplayDocTitle true>>\n' +
      '/OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) /DestOutputProfile 7 0 R>>]>>',
    '<</Title (Probe & Test) /Author (Amt) /Producer (kompendium) /CreationDate (D:20130101000000Z)>>',
    '<</Type /Pages /Kids [4 0 R] /Count 1>>',
    '<</Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 8 0 R /Resources <<>> /Annots [9 0 R] /Tabs /S>>',
    '<</Type /StructTreeRoot /K [10 0 R]>>',
    streamOf('/Type /Metadata /Subtype /XML', xmp, false),
    streamOf('/N 3', iccHeader('mntr', 'RGB ')),
    streamOf('', content),
    '<</Type /Annot /Subtype /Link /Rect [0 0 10 10] /Contents (Zur Startseite) /StructParent 1>>',
    '<</Type /StructElem /S /Document /P 5 0 R /K [11 0 R 12 0 R 13 0 R 14 0 R 18 0 R]>>',
    '<</Type /StructElem /S /H1 /P 10 0 R /Pg 4 0 R /K 0>>',
    '<</Type /StructElem /S /P /P 10 0 R /Pg 4 0 R /K [<</Type /MCR /MCID 1 /Pg 4 0 R>>]>>',
    '<</Type /StructElem /S /L /P 10 0 R /Pg 4 0 R /K [15 0 R]>>',
    '<</Type /StructElem /S /Link /P 10 0 R /Pg 4 0 R /K [<</Type /OBJR /Obj 9 0 R>>]>>',
    '<</Type /StructElem /S /LI /P 13 0 R /K [16 0 R 17 0 R]>>',
    '<</Type /StructElem /S /Lbl /P 15 0 R /K []>>',
    '<</Type /StructElem /S /LBody /P 15 0 R /K []>>',
    '<</Type /StructElem /S /Figure /P 10 0 R /Pg 4 0 R /Alt (nicht angekreuzt) /K []>>',
  ];
}

const conformingTrailer = '\n/ID [<0011AABB> <0011AABB>]';

/** The conforming PDF with object `number`'s body changed. */
function changed(number: number, change: (body: string) => string, trailer = conformingTrailer): Uint8Array {
  const bodies = conformingBodies();
  const body = bodies[number - 1] ?? '';
  const next = change(body);
  if (next === body) throw new Error(`the change to object ${String(number)} changed nothing`);
  bodies[number - 1] = next;
  return pdfOf(bodies, trailer);
}

/** A change that replaces text in an object's body. */
const replace = (from: string | RegExp, to: string) => (body: string) => body.replace(from, to);

function violation(checkpoint: string, extra: Partial<Violation> & { detail?: string } = {}): Violation {
  const declared = checkpoints.find((candidate) => candidate.id === checkpoint);
  if (declared === undefined) throw new Error(`no checkpoint ${checkpoint}`);
  const { detail, ...where } = extra;
  return { checkpoint, message: detail === undefined ? declared.text : `${declared.text} (${detail})`, ...where };
}

/**
 * The conforming PDF as the print variant writes it: PDF/X-4 as well (gray paint, one CMYK profile for both
 * intents, trim and bleed boxes, no annotation, the identification in Info and XMP).
 */
function printBodies(): string[] {
  const bodies = conformingBodies();
  const x4 = xmp
    .replace(
      '<rdf:Description rdf:about="" xmlns:pdfuaid=',
      '<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" pdfxid:GTS_PDFXVersion="PDF/X-4"/>\n' +
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmpMM:DocumentID="uuid:1"' +
        ' xmpMM:VersionID="1" pdf:Trapped="False" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"/>\n' +
        '<rdf:Description rdf:about="" xmlns:pdfuaid=',
    )
    .replace(
      '</rdf:li></rdf:Bag></pdfaExtension:schemas>',
      '</rdf:li><rdf:li rdf:parseType="Resource">\n' +
        '<pdfaSchema:namespaceURI>http://www.npes.org/pdfx/ns/id/</pdfaSchema:namespaceURI>\n' +
        '<pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>\n</rdf:li></rdf:Bag></pdfaExtension:schemas>',
    );
  const intent = (standard: string): string =>
    `<</Type /OutputIntent /S /${standard} /OutputConditionIdentifier (FOGRA39) /DestOutputProfile 7 0 R>>`;
  bodies[0] = (bodies[0] ?? '').replace(
    /\/OutputIntents \[.*\]/,
    `/OutputIntents [${intent('GTS_PDFX')} ${intent('GTS_PDFA1')}]`,
  );
  bodies[1] = (bodies[1] ?? '').replace('>>', ' /GTS_PDFXVersion (PDF/X-4) /Trapped /False>>');
  bodies[3] = (bodies[3] ?? '').replace(' /Annots [9 0 R]', ' /TrimBox [0 0 595 842] /BleedBox [0 0 595 842]');
  bodies[5] = streamOf('/Type /Metadata /Subtype /XML', x4, false);
  bodies[6] = streamOf('/N 4', iccHeader('prtr', 'CMYK'));
  bodies[7] = streamOf('', content.replace('1 0 0 rg', '0.5 g'));
  // The link element keeps its text; the annotation is gone.
  bodies[13] = '<</Type /StructElem /S /Link /P 10 0 R /Pg 4 0 R /K []>>';
  return bodies;
}

/** The print PDF with object `number`'s body changed. */
function printChanged(number: number, change: (body: string) => string): Uint8Array {
  const bodies = printBodies();
  const body = bodies[number - 1] ?? '';
  const next = change(body);
  if (next === body) throw new Error(`the change to object ${String(number)} changed nothing`);
  bodies[number - 1] = next;
  return pdfOf(bodies, conformingTrailer);
}

/** A case of the print variant's checkpoints (and of the PDF/A colour rule it meets differently). */
function printCases(): { checkpoint: string; pdf: () => Uint8Array; expected: Violation[] }[] {
  const xmpOf = (change: (packet: string) => string) => () =>
    streamOf(
      '/Type /Metadata /Subtype /XML',
      change(printBodies()[5]?.replace(/^[\s\S]*?stream\n|\nendstream$/g, '') ?? ''),
      false,
    );
  return [
    {
      checkpoint: 'PDF/X-4 version',
      pdf: () => {
        const text = Buffer.from(pdfOf(printBodies(), conformingTrailer)).toString('latin1');
        return Buffer.from(text.replace('%PDF-1.4', '%PDF-1.7'), 'latin1');
      },
      expected: [violation('PDF/X-4 version', { detail: 'PDF 1.7' })],
    },
    {
      checkpoint: 'PDF/X-4 identification',
      pdf: () => printChanged(2, replace('(PDF/X-4)', '(PDF/X-3)')),
      expected: [
        violation('PDF/X-4 identification', {
          detail: '/GTS_PDFXVersion PDF/X-3, pdfxid:GTS_PDFXVersion PDF/X-4',
        }),
      ],
    },
    {
      checkpoint: 'PDF/X-4 trapped',
      pdf: () => printChanged(2, replace('/Trapped /False', '/Trapped /Unknown')),
      expected: [violation('PDF/X-4 trapped', { detail: '/Trapped Unknown, pdf:Trapped False' })],
    },
    {
      checkpoint: 'PDF/X-4 output intent',
      pdf: () => printChanged(7, () => streamOf('/N 4', iccHeader('mntr', 'CMYK'))),
      expected: [violation('PDF/X-4 output intent', { detail: 'profile class mntr' })],
    },
    {
      checkpoint: 'PDF/X-4 page boxes',
      pdf: () => printChanged(4, replace(' /TrimBox [0 0 595 842]', ' /TrimBox [0 0 600 842]')),
      expected: [violation('PDF/X-4 page boxes', { page: 1, object: 4, detail: 'boxes not nested' })],
    },
    {
      checkpoint: 'PDF/X-4 document id',
      pdf: () =>
        printChanged(
          6,
          xmpOf((packet) => packet.replace(' xmpMM:DocumentID="uuid:1"', '')),
        ),
      expected: [violation('PDF/X-4 document id', { detail: 'xmpMM:DocumentID' })],
    },
    {
      checkpoint: 'PDF/X-4 annotations',
      pdf: () => printChanged(4, replace(' /TrimBox', ' /Annots [9 0 R] /TrimBox')),
      // The annotation is also in no Link element now.
      expected: [
        violation('28-011', { page: 1, object: 9 }),
        violation('PDF/X-4 annotations', { page: 1, object: 4, detail: '1 annotation' }),
      ],
    },
  ];
}

describe('the conforming hand-made PDF', () => {
  it('passes every checkpoint', () => {
    expect(verifyPdf(pdfOf(conformingBodies(), conformingTrailer))).toEqual([]);
  });

  it('passes every checkpoint as the print variant writes it, PDF/X-4 too', () => {
    expect(verifyPdf(pdfOf(printBodies(), conformingTrailer))).toEqual([]);
  });

  it('has checkpoints with unique ids and texts', () => {
    expect(new Set(checkpoints.map((checkpoint) => checkpoint.id)).size).toBe(checkpoints.length);
  });
});

describe('each checkpoint fails on a PDF that breaks it', () => {
  const cases: { checkpoint: string; pdf: () => Uint8Array; expected: Violation[] }[] = [
    {
      checkpoint: 'ISO 14289-1 7.1 Marked',
      pdf: () => changed(1, replace('/Marked true', '/Marked false')),
      expected: [violation('ISO 14289-1 7.1 Marked')],
    },
    {
      checkpoint: 'ISO 14289-1 7.1 StructTreeRoot',
      pdf: () => changed(1, replace(' /StructTreeRoot 5 0 R', '')),
      // Without a tree the link annotation is in no Link element either.
      expected: [violation('ISO 14289-1 7.1 StructTreeRoot'), violation('28-011', { page: 1, object: 9 })],
    },
    {
      checkpoint: '01-003',
      pdf: () => changed(8, () => streamOf('', '/P <</MCID 0>> BDC /Artifact BMC 0 0 m 1 1 l S EMC EMC')),
      expected: [violation('01-003', { page: 1, object: 4, detail: '1 artifact' })],
    },
    {
      checkpoint: '01-004',
      pdf: () => changed(8, () => streamOf('', '/Artifact BMC /P <</MCID 0>> BDC (a) Tj EMC EMC')),
      expected: [violation('01-004', { page: 1, object: 4, detail: '1 tagged sequence' })],
    },
    {
      checkpoint: '01-005',
      pdf: () => changed(8, () => streamOf('', `${content}\nBT (12) Tj ET 0 0 m 5 5 l S q /Im1 Do Q /Sh1 sh`)),
      expected: [violation('01-005', { page: 1, object: 4, detail: '4 painting operators' })],
    },
    {
      checkpoint: '01-007',
      pdf: () => changed(1, replace('/Marked true', '/Marked true /Suspects true')),
      expected: [violation('01-007')],
    },
    {
      checkpoint: '06-001',
      pdf: () => changed(1, replace(' /Metadata 6 0 R', '')),
      // Without metadata the Info entries have nothing to agree with; PDF/A names the same lack.
      expected: [violation('06-001'), violation('PDF/A-2 6.6.2.1')],
    },
    {
      checkpoint: '06-002',
      pdf: () =>
        changed(6, () => streamOf('/Type /Metadata /Subtype /XML', xmp.replace(' pdfuaid:part="1"', ''), false)),
      expected: [violation('06-002', { detail: 'part missing' })],
    },
    {
      checkpoint: '06-002',
      pdf: () =>
        changed(6, () =>
          streamOf(
            '/Type /Metadata /Subtype /XML',
            xmp.replace('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"', 'xmlns:pdfuaid="http://example.org/ua/"'),
            false,
          ),
        ),
      // The wrong namespace is also one no extension schema describes.
      expected: [
        violation('06-002', {
          detail: 'pdfuaid is bound to http://example.org/ua/, not http://www.aiim.org/pdfua/ns/id/',
        }),
        violation('PDF/A-2 6.6.2.3.1', { detail: 'pdfuaid: http://example.org/ua/' }),
      ],
    },
    {
      checkpoint: '06-003',
      pdf: () =>
        changed(6, () => streamOf('/Type /Metadata /Subtype /XML', xmp.replace(/<dc:title>.*<\/dc:title>/, ''), false)),
      expected: [violation('06-003'), violation('PDF/A-2 6.6.3', { detail: '/Title is set, dc:title is missing' })],
    },
    {
      checkpoint: '07-001',
      pdf: () => changed(1, replace('<</DisplayDocTitle true>>', '<<>>')),
      expected: [violation('07-001')],
    },
    {
      checkpoint: '07-002',
      pdf: () => changed(1, replace('/DisplayDocTitle true', '/DisplayDocTitle false')),
      expected: [violation('07-002')],
    },
    {
      checkpoint: '09-005',
      pdf: () => changed(17, replace('/S /LBody', '/S /NonStruct')),
      expected: [violation('09-005', { page: 1, object: 15, detail: 'NonStruct' })],
    },
    {
      checkpoint: '11-006',
      pdf: () => changed(1, replace(' /Lang (de)', '')),
      expected: [violation('11-006')],
    },
    {
      checkpoint: '13-004',
      pdf: () => changed(18, replace(' /Alt (nicht angekreuzt)', ' /Alt ( )')),
      expected: [violation('13-004', { page: 1, object: 18, detail: 'Figure' })],
    },
    {
      checkpoint: '14-002',
      pdf: () => changed(11, replace('/S /H1', '/S /H2')),
      expected: [violation('14-002', { page: 1, object: 11, detail: 'the first is H2' })],
    },
    {
      checkpoint: '14-003',
      pdf: () => changed(12, replace('/S /P', '/S /H3')),
      expected: [violation('14-003', { page: 1, object: 12, detail: 'H3 follows H1' })],
    },
    {
      checkpoint: '28-011',
      pdf: () => changed(14, replace('/S /Link', '/S /Span')),
      expected: [violation('28-011', { page: 1, object: 9 })],
    },
    {
      checkpoint: '28-012',
      pdf: () => changed(9, replace(' /Contents (Zur Startseite)', '')),
      expected: [violation('28-012', { page: 1, object: 9 })],
    },
    {
      checkpoint: 'PDF/A-2 6.1.3',
      pdf: () => pdfOf(conformingBodies()),
      expected: [violation('PDF/A-2 6.1.3')],
    },
    {
      checkpoint: 'PDF/A-2 6.2.4.3',
      pdf: () => changed(1, replace(/\n\/OutputIntents \[.*\]/, '')),
      expected: [violation('PDF/A-2 6.2.4.3', { detail: 'DeviceRGB; the intent has no profile' })],
    },
    {
      checkpoint: 'PDF/A-2 6.2.4.3',
      pdf: () => changed(7, () => streamOf('/N 4', iccHeader('prtr', 'CMYK'))),
      expected: [violation('PDF/A-2 6.2.4.3', { detail: 'DeviceRGB; the intent has a CMYK profile' })],
    },
    {
      checkpoint: 'PDF/A-2 6.6.2.1',
      pdf: () => changed(1, replace(' /Metadata 6 0 R', '')),
      expected: [violation('06-001'), violation('PDF/A-2 6.6.2.1')],
    },
    {
      checkpoint: 'PDF/A-2 6.6.2.3.1',
      pdf: () =>
        changed(6, () =>
          streamOf(
            '/Type /Metadata /Subtype /XML',
            xmp.replace(/<pdfaExtension:schemas>[\s\S]*<\/pdfaExtension:schemas>/, ''),
            false,
          ),
        ),
      expected: [violation('PDF/A-2 6.6.2.3.1', { detail: 'pdfuaid: http://www.aiim.org/pdfua/ns/id/' })],
    },
    {
      checkpoint: 'PDF/A-2 6.6.4',
      pdf: () =>
        changed(6, () =>
          streamOf(
            '/Type /Metadata /Subtype /XML',
            xmp.replace(
              'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
              'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id"',
            ),
            false,
          ),
        ),
      expected: [
        violation('PDF/A-2 6.6.2.3.1', { detail: 'pdfaid: http://www.aiim.org/pdfa/ns/id' }),
        violation('PDF/A-2 6.6.4', {
          detail: 'pdfaid is bound to http://www.aiim.org/pdfa/ns/id, not http://www.aiim.org/pdfa/ns/id/',
        }),
      ],
    },
    {
      checkpoint: 'PDF/A-2 6.6.3',
      pdf: () => changed(2, replace('(Amt)', '(Anderes Amt)')),
      expected: [violation('PDF/A-2 6.6.3', { detail: '/Author "Anderes Amt" ≠ dc:creator "Amt"' })],
    },
    {
      checkpoint: 'PDF/A-2 6.6.4',
      pdf: () =>
        changed(6, () =>
          streamOf(
            '/Type /Metadata /Subtype /XML',
            xmp.replace('<pdfaid:conformance>U</pdfaid:conformance>', ''),
            false,
          ),
        ),
      expected: [violation('PDF/A-2 6.6.4', { detail: 'part 2, conformance missing' })],
    },

    ...printCases(),
  ];

  it('covers every checkpoint', () => {
    expect([...new Set(cases.map((test) => test.checkpoint))].sort()).toEqual(
      checkpoints.map((checkpoint) => checkpoint.id).sort(),
    );
  });

  it.each(cases)('$checkpoint: $expected.0.message', ({ pdf, expected }) => {
    expect(verifyPdf(pdf())).toEqual(expected);
  });

  it('reports a date that disagrees, and a device colour given by name', () => {
    expect(verifyPdf(changed(2, replace('D:20130101000000Z', "D:20130101000000+02'00'")))).toEqual([
      violation('PDF/A-2 6.6.3', {
        detail: '/CreationDate "D:20130101000000+02\'00\'" ≠ xmp:CreateDate "2013-01-01T01:00:00+01:00"',
      }),
    ]);
    const bodies = conformingBodies();
    bodies[0] = (bodies[0] ?? '').replace(/\n\/OutputIntents \[.*\]/, '');
    bodies[7] = streamOf('', '/Artifact BMC /DeviceCMYK cs 0 0 m 1 1 l S EMC');
    expect(verifyPdf(pdfOf(bodies, conformingTrailer))).toEqual([
      violation('PDF/A-2 6.2.4.3', { detail: 'DeviceCMYK; the intent has no profile' }),
    ]);
  });
});

describe('the reader of finished PDFs', () => {
  it('takes the newest version of an object from an incremental update', () => {
    const original = changed(1, replace(' /Lang (de)', ''));
    const updated = withUpdate(original, { 1: conformingBodies()[0] ?? '', 18: '(new)' }, conformingTrailer);
    const pdf = readPdfFile(updated);
    expect(objectText(pdf, 1)).toContain('/Lang (de)');
    expect(objectText(pdf, 18)).toBe('(new)');
    expect(objectText(pdf, 4)).toContain('/Type /Page');
    expect(pdf.trailer.get('Prev')).toBeDefined();
    expect(verifyPdf(original)).toEqual([violation('11-006')]);
    expect(verifyPdf(updated)).toEqual([]);
  });

  it('reads literal and hex strings, UTF-16 too', () => {
    expect(stringText('(a\\(b\\) \\101\\n)')).toBe('a(b) A\n');
    expect(stringText('<FEFF00DC0062>')).toBe('Üb');
    expect(stringText('<4142>')).toBe('AB');
  });

  it('reports a file it cannot read as a PdfFormError', () => {
    expect(() => verifyPdf(Buffer.from('not a pdf'))).toThrow(PdfFormError);
    const truncated = Buffer.from(pdfOf(conformingBodies())).subarray(0, 300);
    expect(() => verifyPdf(truncated)).toThrow(PdfFormError);
  });
});

describe('reading XMP and dates', () => {
  it('reads attribute and element forms and rdf:Alt with x-default first', () => {
    expect(xmpValue(xmp, 'pdfuaid:part')).toBe('1');
    expect(xmpValue(xmp, 'pdfaid:part')).toBe('2');
    expect(xmpValues(xmp, 'dc:title')).toEqual(['Probe & Test', 'Probe']);
    expect(xmpValues(xmp, 'dc:creator')).toEqual(['Amt']);
    expect(xmpValue(xmp, 'dc:description')).toBeUndefined();
  });

  it('compares PDF and XMP dates as instants', () => {
    expect(pdfDateTime("D:20130101010000+01'00'")).toBe(xmpDateTime('2013-01-01T00:00:00Z'));
    expect(pdfDateTime('D:2013')).toBe(xmpDateTime('2013'));
    expect(pdfDateTime('2013')).toBeNaN();
  });
});

describe('the content tally', () => {
  it('counts painting outside marked content, named property lists, and skips inline image data', () => {
    const properties = new Map([['MC0', '<</MCID 3>>']]);
    const tally = tallyContent(
      "/Span /MC0 BDC (a) Tj EMC BI /W 1 /H 1 ID \x00Tj EI Q (b) ' [(c) 5 (d)] TJ n",
      properties,
    );
    expect(tally.untagged).toBe(3);
  });
});

describe('kompendium verify', () => {
  it('formats a violation with page and object', () => {
    expect(
      formatViolation('a.pdf', violation('01-005', { page: 3, object: 57, detail: '12 painting operators' })),
    ).toBe(
      'a.pdf: page 3 (object 57 0 R): 01-005 Content is neither marked as Artifact nor tagged as real content (12 painting operators)',
    );
    expect(formatViolation('a.pdf', violation('06-001'))).toBe('a.pdf: 06-001 The catalog has no XMP metadata stream');
  });

  it('stops with a RunError (exit 2) for a file that is not a PDF', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kompendium-verify-'));
    const file = path.join(dir, 'broken.pdf');
    writeFileSync(file, 'not a pdf');
    expect(() => runVerify([file], {})).toThrow(RunError);
    expect(() => runVerify([path.join(dir, 'missing.pdf')], {})).toThrow(/cannot be read \(ENOENT\)/);
  });
});
