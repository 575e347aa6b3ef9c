/**
 * A card's body is its form: each `##` heading opens a field (its wording as printed for the card's form variant,
 * src/model/forms.ts), and the nodes up to the next `##` heading are the field's content. Validation, rendering and
 * the edition diff all read a card this way.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { findFormField, type CardVariant } from './forms.ts';

export interface CardField {
  /** The form field's key, or 'unknown' for a heading that is not a field of the form (validation reports it). */
  key: string;
  /** The heading as written. */
  heading: string;
  headingNode: Heading;
  nodes: RootContent[];
}

/** Splits a card's tree at its `##` headings; what stands before the first one (the front matter) belongs to none. */
export function splitCardFields(tree: Root, variant: CardVariant): CardField[] {
  const fields: CardField[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) {
      const heading = toString(node);
      fields.push({ key: findFormField(variant, heading)?.key ?? 'unknown', heading, headingNode: node, nodes: [] });
    } else if (node.type !== 'yaml') {
      fields.at(-1)?.nodes.push(node);
    }
  }
  return fields;
}
