/**
 * Reading the XMP packet of a PDF's metadata stream, as far as the conformance check compares it: simple
 * properties and the items of rdf:Alt, rdf:Seq and rdf:Bag, by their usual prefixes (dc:, xmp:, pdf:, pdfaid:,
 * pdfuaid:). A property may be written as an attribute of rdf:Description (`pdfaid:part="2"`) or as an element
 * (`<pdfaid:part>2</pdfaid:part>`); both are read. This is not a general RDF parser: a packet that binds a schema to
 * another prefix is read as if the property were missing, which the check then reports.
 */

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
