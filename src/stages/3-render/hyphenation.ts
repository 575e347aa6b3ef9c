/**
 * German hyphenation for print. Chromium has no German hyphenation dictionary here, so the break opportunities
 * are written into the text as soft hyphens (U+00AD) at render time, from hyph-utf8's patterns for the reformed
 * spelling (`hyphen` package). Pagination removes the ones that did not end a line and turns the used ones into a
 * visible hyphen, so that the PDF's text holds whole words (see src/browser/hyphens.js).
 */
import type { Element, Root } from 'hast';
import german from 'hyphen/de-1996/index.js';

export const softHyphen = '\u00ad';

export interface HyphenationRules {
  /** Shorter words are never broken. */
  minWordLength: number;
  /** Letters that must stay before a break, and after it. */
  minBefore: number;
  minAfter: number;
}

/**
 * Calibrated on the 2013 edition: long compounds break, short words do not, and the number of hyphenated lines
 * comes near the print's (about 160 soft breaks in its body text).
 */
export const printRules: HyphenationRules = { minWordLength: 8, minBefore: 2, minAfter: 3 };

/** Runs of letters: the words hyphenation may break (digits, punctuation and hyphens already present end them). */
const word = /\p{L}+/gu;

/** The text with soft hyphens at the allowed break points of each word. */
export function hyphenateText(text: string, rules: HyphenationRules = printRules): string {
  return text.replace(word, (letters) => hyphenateWord(letters, rules));
}

/**
 * Hyphenated words by rule set: an edition repeats its words many times, and the patterns are the slowest part of
 * rendering. A pure function's results, so sharing them is safe.
 */
const hyphenatedWords = new WeakMap<HyphenationRules, Map<string, string>>();

function hyphenateWord(letters: string, rules: HyphenationRules): string {
  // Acronyms and names in capitals (SGB, JOBSTARTER) are never broken.
  if (letters.length < rules.minWordLength || letters === letters.toUpperCase()) return letters;
  let known = hyphenatedWords.get(rules);
  if (known === undefined) {
    known = new Map();
    hyphenatedWords.set(rules, known);
  }
  let hyphenated = known.get(letters);
  if (hyphenated === undefined) {
    hyphenated = breakWord(letters, rules);
    known.set(letters, hyphenated);
  }
  return hyphenated;
}

function breakWord(letters: string, rules: HyphenationRules): string {
  const parts = german.hyphenateSync(letters, { hyphenChar: softHyphen, minWordLength: 1 }).split(softHyphen);
  let out = '';
  let before = 0;
  for (const [i, part] of parts.entries()) {
    const after = letters.length - before;
    if (i > 0 && before >= rules.minBefore && after >= rules.minAfter) out += softHyphen;
    out += part;
    before += part.length;
  }
  return out;
}

/** Elements whose text is never hyphenated: headings, links and addresses, code. */
const keepWhole = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'code', 'pre', 'kbd', 'samp']);

/** Email addresses and web addresses in running text stay whole too. */
const address = /\S+@\S+|\b(?:https?:\/\/|www\.)\S+/g;

/** Adds soft hyphens to the running text of a rendered tree. */
export function hyphenateTree<T extends Root | Element>(node: T, rules: HyphenationRules = printRules): T {
  const children = node.children.map((child) => {
    if (child.type === 'text') return { ...child, value: hyphenateOutsideAddresses(child.value, rules) };
    if (child.type === 'element' && !keepWhole.has(child.tagName)) return hyphenateTree(child, rules);
    return child;
  });
  return { ...node, children };
}

function hyphenateOutsideAddresses(text: string, rules: HyphenationRules): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(address)) {
    out += hyphenateText(text.slice(last, match.index), rules) + match[0];
    last = match.index + match[0].length;
  }
  return out + hyphenateText(text.slice(last), rules);
}
