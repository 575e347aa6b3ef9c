/**
 * The text an entry prints, read from its Markdown tree: what the PDF should contain, for word comparisons.
 */
import type { Nodes } from 'mdast';
import { traegerBoxes } from '../../src/model/forms.ts';
import type { CardEntry } from '../../src/model/types.ts';

const inlineTypes = new Set(['text', 'emphasis', 'strong', 'delete', 'link', 'inlineCode', 'break']);

/** Printed text of a Markdown tree: blocks separated by spaces, index marks removed. */
export function plainText(node: Nodes): string {
  if (node.type === 'yaml') return '';
  if (node.type === 'html') return ' ';
  if ('value' in node) return node.value.replace(/\\index\{[^{}]*\}/g, '');
  if (!('children' in node)) return '';
  if (node.type === 'list' && node.ordered === true) {
    // An ordered list prints its numbers.
    const start = node.start ?? 1;
    return node.children.map((item, i) => `${String(start + i)}. ${plainText(item)}`).join(' ');
  }
  const separator = node.children.every((child) => inlineTypes.has(child.type)) ? '' : ' ';
  return node.children.map((child) => plainText(child as Nodes)).join(separator);
}

/** The card as printed: top line, label, title, contact block, then every field heading and its text. */
export function printedCard(card: CardEntry): string {
  const { label, title, contact } = card.data;
  const contactLines = [
    ...(contact?.persons ?? []).map((person, i) => (i === 0 ? `Ansprechpartner: ${person}` : person)),
    contact?.organisation === undefined
      ? ''
      : `${contact.persons.length === 0 ? 'Ansprechpartner: ' : ''}${contact.organisation}`,
    ...(contact?.emails ?? []).map((email, i) => (i === 0 ? `${contact?.emailLabel ?? ''} ${email}` : email)),
    ...(contact?.phones ?? []).map((phone, i) => (i === 0 ? `Telefon: ${phone}` : phone)),
  ];
  const boxes = traegerBoxes.map((box) => box.label).join(' ');
  return [boxes, label, title, ...contactLines, plainText(card.tree)].join(' ');
}
