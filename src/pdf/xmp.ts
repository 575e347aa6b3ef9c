/**
 * Reading the XMP packet of a PDF's metadata stream, as far as the conformance check compares it: simple
 * properties and the items of rdf:Alt, rdf:Seq and rdf:Bag, by their usual prefixes (dc:, xmp:, pdf:, pdfaid:,
 * pdfuaid:). A property may be written as an attribute of rdf:Description (`pdfaid:part="2"`) or as an element
 * (`<pdfaid:part>2</pdfaid:part>`); both are read. This is not a general RDF parser: a packet that binds a schema to
 * another prefix is read as if the property were missing, which the check then reports.
 */

/** The namespaces of the identification schemas (ISO 19005-2 6.6.4, ISO 14289-1 5, ISO 15930-7). */
export const identificationNamespaces = {
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  pdfuaid: 'http://www.aiim.org/pdfua/ns/id/',
  pdfxid: 'http://www.npes.org/pdfx/ns/id/',
} as const;

/** The values of `name` (e.g. "dc:title"): one for a simple property, the items for an array; undefined if absent. */
export function xmpValues(packet: string, name: string): string[] | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const attribute = new RegExp(`<rdf:Description\\b[^>]*?\\s${escaped}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(packet);
  if (attribute !== null) return [xmlText(attribute[2] ?? attribute[3] ?? '')];
  const element = new RegExp(`<${escaped}(\\s[^>]*)?(/>|>([\\s\\S]*?)</${escaped}\\s*>)`).exec(packet);
  if (element === null) return undefined;
  const inner = element[3] ?? '';
  if (!/<rdf:(Alt|Seq|Bag)\b/.test(inner)) return [xmlText(inner.trim())];
  const items = [...inner.matchAll(/<rdf:li(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/rdf:li\s*>)/g)];
  // In an rdf:Alt the x-default item comes first, as readers show it.
  const ordered = [
    ...items.filter((item) => /xml:lang\s*=\s*["']x-default["']/.test(item[1] ?? '')),
    ...items.filter((item) => !/xml:lang\s*=\s*["']x-default["']/.test(item[1] ?? '')),
  ];
  return ordered.map((item) => xmlText((item[2] ?? '').trim()));
}

/** The first value of `name` (for an rdf:Alt, the x-default), or undefined. */
export function xmpValue(packet: string, name: string): string | undefined {
  return xmpValues(packet, name)?.[0];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data with its entity and character references decoded. */
function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, reference: string) => {
    if (reference.startsWith('#x')) return String.fromCodePoint(parseInt(reference.slice(2), 16));
    if (reference.startsWith('#')) return String.fromCodePoint(Number(reference.slice(1)));
    return entities[reference] ?? '';
  });
}

/** The namespace a packet binds `prefix` to (the first `xmlns:prefix` declaration), or undefined. */
export function xmpNamespace(packet: string, prefix: string): string | undefined {
  const match = new RegExp(`\\sxmlns:${prefix}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(packet);
  return match === null ? undefined : (match[2] ?? match[3]);
}

/** Every namespace the packet binds a prefix to, with the prefix. */
export function xmpNamespaces(packet: string): { prefix: string; uri: string }[] {
  return [...packet.matchAll(/\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)].map((match) => ({
    prefix: match[1] ?? '',
    uri: match[3] ?? match[4] ?? '',
  }));
}

/** The namespaces that the PDF/A extension schemas of the packet describe (each pdfaSchema:namespaceURI). */
export function describedNamespaces(packet: string): string[] {
  return [...packet.matchAll(/<pdfaSchema:namespaceURI>([^<]*)<\/pdfaSchema:namespaceURI>/g)]
    .map((match) => xmlText((match[1] ?? '').trim()))
    .filter((uri) => uri !== '');
}
