/**
 * Stage 3: Markdown bodies to sanitised HTML (remark tree → mdast-util-to-hast → raw HTML parsed → allow-list
 * sanitising → HTML text). Card bodies are split into their form fields at the `##` headings. Index marks become
 * empty anchors that pagination finds on the page. Running text gets soft hyphens at German break points.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent, Text as HastText } from 'hast';
import { raw } from 'hast-util-raw';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Heading, Root, RootContent } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import { hyphenateTree } from './hyphenation.ts';
import { splitAtIndexMarks } from '../../index/index-marks.ts';
import { splitCardFields, type CardField } from '../../model/card-fields.ts';
import { boxStates } from '../../model/forms.ts';
import type { Edition, IndexMark, RenderedEdition, RenderedField } from '../../model/types.ts';

/**
 * The allow-list: GitHub's schema (no scripts, event handlers, styles, iframes or forms), with ids kept as written
 * (no `user-content-` prefix, so in-document links and Paged.js counters keep working) and no remote images:
 * rendering must never load anything that is not part of the project.
 */
const sanitizeSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: '',
  // Elements that are not allowed are unwrapped, their text kept; these go with their content, which is code, a
  // style sheet or a fallback that was never meant to be read (validate-content.ts warns of each).
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'textarea', 'select', 'svg', 'math'],
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => tag !== 'img' && tag !== 'picture' && tag !== 'source'),
  protocols: { ...defaultSchema.protocols, src: [] },
};

/**
 * Renders every body of the edition. Marks get anchor ids numbered within their entry (`ix-<entry>-<n>`), so that
 * an entry renders the same in every output that contains it (its laid-out pages are then shared); the marks are
 * listed in printed order.
 */
export function renderMarkdown(edition: Edition): RenderedEdition {
  const marks: IndexMark[] = [];
  const renderer = (entryId: string) => {
    const entry = { id: entryId, marks: 0 };
    return (nodes: readonly RootContent[], containerLevel: HeadingLevel): string =>
      renderNodes(nodes, { containerLevel, marks, entry });
  };
  return {
    edition: edition.edition,
    parts: edition.parts.map((entry) => ({
      entry,
      // Under the TEIL's own heading (h1, templates/partials/part-opening.hbs).
      html: renderer(`teil${String(entry.data.part)}`)(bodyOf(entry.tree), 1),
    })),
    principles: edition.principles.map((entry) => ({
      entry,
      // Under the principle's title (h2, templates/partials/principle.hbs).
      html: renderer(`grundsatz${String(entry.data.number)}`)(bodyOf(entry.tree), 2),
    })),
    cards: edition.cards.map((entry) => {
      const render = renderer(entry.data.id);
      return {
        entry,
        fields: splitCardFields(entry.tree, entry.data.variant).map((f) => renderField(f, render)),
      };
    }),
    marks,
    register: edition.register,
  };
}

/** A heading's level, h1 to h6. */
type HeadingLevel = Heading['depth'];

interface RenderState {
  /** The level of the printed heading the body sits under: the body's own headings go one level below it. */
  containerLevel: HeadingLevel;
  /** Every mark of the edition, in printed order. */
  marks: IndexMark[];
  /** The entry being rendered (a card's id, a TEIL, a principle), and how many marks it has so far. */
  entry: { id: string; marks: number };
}

/** The body without its front matter node. */
function bodyOf(tree: Root): RootContent[] {
  return tree.children.filter((node) => node.type !== 'yaml');
}

function renderField(
  field: CardField,
  render: (nodes: readonly RootContent[], containerLevel: HeadingLevel) => string,
): RenderedField {
  return {
    key: field.key,
    heading: field.heading,
    // Under the field's heading (h3, templates/partials/card.hbs).
    html: render(field.nodes, 3),
  };
}

function containsHtml(node: RootContent): boolean {
  return node.type === 'html' || ('children' in node && node.children.some(containsHtml));
}

function renderNodes(nodes: readonly RootContent[], state: RenderState): string {
  const shift = headingShift(nodes, state.containerLevel);
  const tree: Root = {
    type: 'root',
    children: nodes.map((node) => shiftHeading(node, shift)),
  };
  const hast = toHast(tree, {
    allowDangerousHtml: true,
    footnoteLabel: 'Fußnoten',
    footnoteBackLabel: 'Zurück zum Text',
  });
  // Only raw HTML in the Markdown needs the HTML parser (a third of the render time when run on every field).
  const parsed = nodes.some(containsHtml) ? raw(hast) : hast;
  const clean = sanitize(imagesAsText(parsed), sanitizeSchema) as HastRoot;
  // Boxes come after hyphenation: their state text is not a word of the entry.
  return toHtml(replaceCheckboxes(hyphenateTree(splitCellLines(replaceMarks(clean, state)))));
}

/**
 * The report prints no images (rendering loads nothing from outside the project): an image, written as Markdown or
 * as raw HTML, prints its alt text in its place, so that no words are lost (validate-content.ts warns of each).
 */
function imagesAsText<T extends HastRoot | HastContent>(node: T): T {
  if (!('children' in node)) return node;
  const children = node.children.map((child) =>
    child.type === 'element' && child.tagName === 'img'
      ? { type: 'text' as const, value: child.properties.alt ?? '' }
      : imagesAsText(child),
  );
  return { ...node, children };
}

/**
 * How far a body's headings move so that its shallowest one prints one level below the heading the body sits
 * under, whether the editor wrote it as `#`, `##` or `###`: a screen reader's outline then never skips a level
 * there (PDF/UA-1, Matterhorn 14-003). Deeper headings keep their distance from it.
 */
function headingShift(nodes: readonly RootContent[], containerLevel: HeadingLevel): number {
  const depths = nodes.flatMap((node) => (node.type === 'heading' ? [node.depth] : []));
  return depths.length === 0 ? 0 : containerLevel + 1 - Math.min(...depths);
}

function shiftHeading(node: RootContent, shift: number): RootContent {
  if (node.type !== 'heading') return node;
  const depth = Math.min(6, Math.max(1, node.depth + shift)) as HeadingLevel;
  return { ...node, depth };
}

/** A drawn box: "X" when ticked, else a no-break space, which Chromium paints (styles/print.css says why). */
function checkbox(ticked: boolean): Element {
  const state = ticked ? boxStates.ticked : boxStates.unticked;
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ticked ? ['box', 'box-ticked'] : ['box'], role: 'img', ariaLabel: state },
    children: [{ type: 'text', value: ticked ? 'X' : '\u00A0' }],
  };
}

/** Replaces `\index{…}` in text with empty anchors `<a class="ix-mark" id="ix-<entry>-N">` that pagination collects. */
function replaceMarks<T extends HastRoot | Element>(node: T, state: RenderState): T {
  const children: (HastContent | ElementContent)[] = [];
  for (const child of node.children) {
    if (child.type === 'text' && child.value.includes('\\index{')) {
      children.push(...splitTextAtMarks(child, state));
    } else if (child.type === 'element') {
      children.push(replaceMarks(child, state));
    } else {
      children.push(child);
    }
  }
  return { ...node, children };
}

function splitTextAtMarks(node: HastText, state: RenderState): ElementContent[] {
  const { text, marks: found } = splitAtIndexMarks(node.value);
  const out: ElementContent[] = [];
  text.forEach((piece, i) => {
    if (piece !== '') out.push({ type: 'text', value: piece });
    const mark = found[i];
    if (mark === undefined) return;
    state.entry.marks += 1;
    const anchor = `ix-${state.entry.id}-${String(state.entry.marks)}`;
    state.marks.push({ anchor, term: mark.term, sub: mark.sub, range: mark.range });
    out.push(markElement({ anchor, term: mark.term, sub: mark.sub, range: mark.range }));
  });
  return out;
}

/** The empty element that marks a term's place; the attributes are what the pagination script reads. */
export function markElement(mark: IndexMark): Element {
  return {
    type: 'element',
    tagName: 'a',
    properties: {
      id: mark.anchor,
      className: ['ix-mark'],
      dataTerm: mark.term,
      ...(mark.sub === undefined ? {} : { dataSub: mark.sub }),
      ...(mark.range === undefined ? {} : { dataRange: mark.range }),
    },
    children: [],
  };
}

/**
 * GFM task list boxes become drawn boxes: a disabled form control has no place in print. A box is an image to
 * assistive technology (a Figure whose alternative text is its state: "angekreuzt", "nicht angekreuzt"); its text
 * is what the page shows, so copied text has the X of a ticked box and nothing for an empty one. The card template
 * draws the Träger boxes the same way.
 */
function replaceCheckboxes<T extends HastRoot | Element>(node: T): T {
  const children = node.children.map((child) => {
    if (child.type !== 'element') return child;
    if (child.tagName === 'input' && child.properties.type === 'checkbox') {
      return checkbox(child.properties.checked === true);
    }
    return replaceCheckboxes(child);
  });
  return { ...node, children };
}

/**
 * A line break in a table cell becomes a paragraph break. The print's phase tables (cards 31, 33) hold whole
 * descriptions in one cell, one item per line; as paragraphs they can continue on the next page, while Paged.js
 * cannot split a single long run of text lines inside a cell and would clip it.
 */
function splitCellLines<T extends HastRoot | Element>(node: T): T {
  const children = node.children.map((child) => {
    if (child.type !== 'element') return child;
    if ((child.tagName === 'td' || child.tagName === 'th') && child.children.some((c) => isBreak(c))) {
      return { ...child, children: paragraphsBetweenBreaks(child.children) };
    }
    return splitCellLines(child);
  });
  return { ...node, children };
}

function isBreak(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'br';
}

function paragraphsBetweenBreaks(nodes: readonly ElementContent[]): Element[] {
  const paragraphs: Element[] = [{ type: 'element', tagName: 'p', properties: {}, children: [] }];
  for (const node of nodes) {
    if (isBreak(node)) paragraphs.push({ type: 'element', tagName: 'p', properties: {}, children: [] });
    else paragraphs.at(-1)?.children.push(node);
  }
  return paragraphs.filter((paragraph) => paragraph.children.length > 0);
}
