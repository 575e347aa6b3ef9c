/**
 * File-name-safe slugs of German text (card ids, output names): umlauts and ß transliterated, everything else
 * that is not a letter or digit folded into single hyphens.
 */
export function slugify(text: string, maxLength = 50): string {
  return text
    .toLocaleLowerCase('de')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, maxLength)
    .replace(/-$/, '');
}
