/**
 * The print-shop variant (`kompendium build --print`): a PDF/X-4 file (ISO 15930-7) for offset printing that stays
 * PDF/A-2u and PDF/UA-1. What it changes against the screen PDF:
 * - colour: every colour becomes DeviceGray, black text K only. A gray stays its gray; any other colour (the links'
 *   blue) prints black, because paper has no links to tell apart;
 * - output intent: the FOGRA39 CMYK profile (archival-parts.ts, `colourProfiles`) for both PDF/X (GTS_PDFX) and PDF/A
 *   (GTS_PDFA1): PDF/A-2 asks that several intents share one profile;
 * - page boxes: TrimBox and BleedBox, equal to the A4 MediaBox (the layout has no bleed);
 * - no link annotations: a printed page has nothing to click, and PDF/X allows no annotation on the page;
 * - the document information and the XMP packet name PDF/X-4 and say the file is not trapped; PDF 1.6.
 */
import { replaceRanges, scanOperators, type ContentEdit } from '../../pdf/content-stream.ts';

/**
 * What the print variant says of itself, in the document information and the XMP packet; `trapped` as Info's
 * /Trapped and XMP's pdf:Trapped say it (kompendium does not trap).
 */
export const printStandard = { version: 'PDF/X-4', trapped: 'False' } as const;

/** The characterization the profile is made from, as the ICC registry names it. */
export const printConditionName = 'FOGRA39';
export const printConditionInfo = 'Coated FOGRA39 (ISO 12647-2:2004/Amd 1)';

/** A number as a content stream writes it: at most four decimals, no trailing zeros. */
function numberText(value: number): string {
  const text = value.toFixed(4).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * The content with each RGB colour (rg, RG) set as DeviceGray (g, G): its gray where red, green and blue are
 * equal, else black. Only the operators change; what is painted where stays.
 */
export function grayContent(content: string): string {
  const edits: ContentEdit[] = [];
  scanOperators(content, (operator, operands, start, end) => {
    if (operator !== 'rg' && operator !== 'RG') return;
    const [red, green, blue] = operands.slice(-3).map(Number);
    if (red === undefined || green === undefined || blue === undefined) return;
    const gray = red === green && green === blue ? red : 0;
    edits.push({ start, end, text: `${numberText(gray)} ${operator === 'rg' ? 'g' : 'G'}` });
  });
  return replaceRanges(content, edits);
}
