/**
 * Rewrites of Chromium's structure tree, so that it says what the document is: each list item its label and one
 * body, and no NonStruct elements (Chromium writes one for each Paged.js page box, each section wrapper and each
 * run of text: 4,164 of 7,936 elements in the 2013 edition). Each rewrite writes new versions of the elements it
 * changes into the update and leaves the printed objects as they are; elements no longer referenced are not
 * written (pdf/write-pdf.ts writes only what the catalog reaches).
 */
import {
  arrayValues,
  dictText,
  readDict,
  referenced,
  referencesIn,
  type PdfDict,
  type PrintedPdf,
} from '../../pdf/printed-pdf.ts';
import type { ContinuedElements } from '../../model/types.ts';
import type { Update } from './update.ts';

/**
 * Chromium tags a list item as its label (Lbl) followed by one NonStruct element per run of text, where PDF/UA wants
 * the label and one body (LBody, ISO 32000-1 14.8.4.3.3; Matterhorn 09-005). The runs (and a nested list) move
 * into a new LBody element after the label: new versions of the item and of each moved child (its parent changes),
 * appended with the update; the new element's number is returned. An item whose children are not all structure elements, or whose label does not come
 * first, is left as it is (kompendium verify reports it).
 */
export function addListBody(pdf: PrintedPdf, update: Update, [number, item]: [number, PdfDict]): number | undefined {
  const kids = structureKids(item.get('K'));
  if (kids === undefined) return undefined;
  const children = kids.map((kid) => ({ kid, dict: update.current(pdf, kid) }));
  const labels = children.filter((child) => child.dict?.get('S') === '/Lbl');
  const body = children.slice(labels.length);
  const labelsFirst = children.slice(0, labels.length).every((child) => child.dict?.get('S') === '/Lbl');
  if (!labelsFirst || body.length === 0 || body.some((child) => child.dict === undefined)) return undefined;
  if (body.length === 1 && body[0]?.dict?.get('S') === '/LBody') return undefined;
  const listBody = update.reserve();
  update.set(
    listBody,
    new Map([
      ['Type', '/StructElem'],
      ['S', '/LBody'],
      ['P', `${String(number)} 0 R`],
      ['K', `[${body.map((child) => `${String(child.kid)} 0 R`).join(' ')}]`],
    ]),
  );
  for (const child of body) {
    if (child.dict !== undefined) update.set(child.kid, new Map([...child.dict, ['P', `${String(listBody)} 0 R`]]));
  }
  const newKids = [...labels.map((label) => label.kid), listBody];
  update.set(number, new Map([...item, ['K', `[${newKids.map((kid) => `${String(kid)} 0 R`).join(' ')}]`]]));
  return listBody;
}

/** The object numbers of a structure element's kids, or undefined when any kid is not a structure element. */
function structureKids(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (!value.startsWith('[')) {
    const single = referenced(value);
    return single === undefined ? undefined : [single];
  }
  // Anything left once the references are taken out is a marked-content id or reference: not a structure element.
  const onlyReferences =
    value
      .slice(1, -1)
      .replace(/\d+\s+\d+\s+R/g, '')
      .trim() === '';
  return onlyReferences ? referencesIn(value) : undefined;
}

/** The values of an element's /K: one value or the items of an array. */
function kidValues(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.startsWith('[') ? arrayValues(value) : [value];
}

const ref = (number: number): string => `${String(number)} 0 R`;

/**
 * Dissolves every NonStruct element into its nearest ancestor that is not one (ISO 32000-1 14.8.4.2: NonStruct has
 * no meaning of its own, and a reader passes over it): its kids take its place, in order, so the reading order is
 * unchanged. A marked-content id keeps its page, written as a marked-content reference (MCR) where the ancestor's
 * page is another; child elements get the ancestor as their parent; the parent tree, which names the element of
 * each marked-content sequence and annotation, names the ancestor. A NonStruct with no such ancestor (directly
 * under the StructTreeRoot) is kept.
 */
export function dissolveNonStruct(pdf: PrintedPdf, update: Update, elements: readonly number[], root: PdfDict): void {
  const dicts = new Map<number, PdfDict>();
  for (const number of elements) {
    const dict = update.current(pdf, number);
    if (dict !== undefined) dicts.set(number, dict);
  }
  const isNonStruct = (number: number): boolean => dicts.get(number)?.get('S') === '/NonStruct';
  const ancestors = new Map<number, number>();
  for (const number of dicts.keys()) {
    if (!isNonStruct(number)) continue;
    const ancestor = realAncestor(number, dicts, isNonStruct);
    if (ancestor !== undefined) ancestors.set(number, ancestor);
  }
  if (ancestors.size === 0) return;

  // New kids and new parents are collected first: an element can get both, in either order.
  const newKids = new Map<number, string[]>();
  const newParents = new Map<number, number>();
  const newPages = new Map<number, string>();
  for (const [number, dict] of dicts) {
    if (ancestors.has(number) || isNonStruct(number)) continue;
    const kids = kidValues(dict.get('K'));
    if (!kids.some((kid) => ancestors.has(referenced(kid) ?? -1))) continue;
    const expanded = expandKids(kids, dict.get('Pg'), dicts, ancestors);
    const page = pageOf(dict.get('Pg'), expanded);
    if (page !== undefined) newPages.set(number, page);
    newKids.set(
      number,
      expanded.map((kid) => kidText(kid, page)),
    );
    for (const kid of expanded) {
      const child = 'value' in kid ? referenced(kid.value) : undefined;
      if (child !== undefined && dicts.has(child) && dicts.get(child)?.get('P') !== ref(number)) {
        newParents.set(child, number);
      }
    }
  }
  for (const number of new Set([...newKids.keys(), ...newParents.keys()])) {
    const dict = new Map(dicts.get(number));
    const kids = newKids.get(number);
    const parent = newParents.get(number);
    if (kids !== undefined) dict.set('K', `[${kids.join(' ')}]`);
    if (parent !== undefined) dict.set('P', ref(parent));
    const page = newPages.get(number);
    if (page !== undefined) dict.set('Pg', page);
    update.set(number, dict);
  }
  rewriteParentTree(pdf, update, referenced(root.get('ParentTree')), ancestors);
}

/** The nearest ancestor of a NonStruct element that is a structure element of another type, if any. */
function realAncestor(
  number: number,
  dicts: ReadonlyMap<number, PdfDict>,
  isNonStruct: (number: number) => boolean,
): number | undefined {
  const seen = new Set<number>();
  let current = number;
  while (isNonStruct(current)) {
    seen.add(current);
    const parent = referenced(dicts.get(current)?.get('P'));
    if (parent === undefined || seen.has(parent) || !dicts.has(parent)) return undefined;
    current = parent;
  }
  return current;
}

/** A kid after dissolving: a marked-content id with the page it is on, or any other kid as written. */
type ExpandedKid = { mcid: string; page: string | undefined } | { value: string };

/**
 * The kids of an element with each dissolved NonStruct replaced by its own kids. `page` is the page the kids'
 * bare marked-content ids belong to (the /Pg of the element that holds them).
 */
function expandKids(
  kids: readonly string[],
  page: string | undefined,
  dicts: ReadonlyMap<number, PdfDict>,
  ancestors: ReadonlyMap<number, number>,
): ExpandedKid[] {
  return kids.flatMap((kid): ExpandedKid[] => {
    const number = referenced(kid);
    const dict = number === undefined ? undefined : dicts.get(number);
    if (number !== undefined && dict !== undefined && ancestors.has(number)) {
      return expandKids(kidValues(dict.get('K')), dict.get('Pg') ?? page, dicts, ancestors);
    }
    if (/^\d+$/.test(kid)) return [{ mcid: kid, page }];
    if (kid.startsWith('<<') && page !== undefined) {
      // An MCR or OBJR without its own /Pg takes its page from the element that held it.
      const reference = readDict(kid, 0).dict;
      if (!reference.has('Pg')) return [{ value: dictText(new Map([...reference, ['Pg', page]])) }];
    }
    return [{ value: kid }];
  });
}

/**
 * The element's /Pg after dissolving: its own, or the one page all its bare marked-content ids are on, which
 * spares each of them a marked-content reference.
 */
function pageOf(own: string | undefined, kids: readonly ExpandedKid[]): string | undefined {
  if (own !== undefined) return own;
  const pages = new Set(kids.flatMap((kid) => ('mcid' in kid ? [kid.page] : [])));
  const [only] = pages;
  return pages.size === 1 ? only : undefined;
}

/** A kid as /K writes it: a bare marked-content id on the element's own page, else a reference (MCR). */
function kidText(kid: ExpandedKid, page: string | undefined): string {
  if (!('mcid' in kid)) return kid.value;
  return kid.page === undefined || kid.page === page ? kid.mcid : `<</Type /MCR /Pg ${kid.page} /MCID ${kid.mcid}>>`;
}

/** New versions of the parent tree's nodes, each reference to a dissolved element made one to its ancestor. */
function rewriteParentTree(
  pdf: PrintedPdf,
  update: Update,
  node: number | undefined,
  ancestors: ReadonlyMap<number, number>,
): void {
  if (node === undefined) return;
  const dict = update.current(pdf, node);
  if (dict === undefined) return;
  for (const kid of referencesIn(dict.get('Kids') ?? '')) rewriteParentTree(pdf, update, kid, ancestors);
  const nums = dict.get('Nums');
  if (nums === undefined) return;
  const rewritten = nums.replace(/(\d+)(\s+\d+\s+R)/g, (whole, number: string, rest: string) => {
    const ancestor = ancestors.get(Number(number));
    return ancestor === undefined ? whole : `${String(ancestor)}${rest}`;
  });
  if (rewritten !== nums) update.set(node, new Map([...dict, ['Nums', rewritten]]));
}

/** The pages (1-based) a card of the document is on, from the page map. */
export interface CardPages {
  firstPage: number;
  lastPage: number;
}

/**
 * One Art element per card. Paged.js lays a card out as one article per page it is on, and Chromium tags each as
 * an Art, so a screen reader's list of articles held 115 for the edition's 36 cards. Consecutive Art elements whose
 * first page is in the same card's pages (from the page map) become the first of them: the others' kids follow its
 * own, in order, and the parent tree names it. A page that two cards share is left alone: which card an article
 * there belongs to cannot be told from its page.
 */
export function mergeCardArticles(
  pdf: PrintedPdf,
  update: Update,
  root: PdfDict,
  cards: readonly CardPages[],
  pageNumbers: ReadonlyMap<number, number>,
): void {
  const shared = new Set<number>();
  const cardOfPage = new Map<number, number>();
  cards.forEach((card, i) => {
    for (let page = card.firstPage; page <= card.lastPage; page++) {
      if (cardOfPage.has(page)) shared.add(page);
      cardOfPage.set(page, i);
    }
  });
  const merged = new Map<number, number>();
  const pages = new Pages(pdf, update, pageNumbers);
  for (const parent of referencesIn(root.get('K') ?? '')) {
    const dict = update.current(pdf, parent);
    if (dict === undefined) continue;
    const kids = kidValues(dict.get('K'));
    const groups = articleGroups(
      pdf,
      update,
      kids,
      (page) => (page === undefined || shared.has(page) ? undefined : cardOfPage.get(page)),
      pages,
    );
    if (groups.every((group) => group.length === 1)) continue;
    const newKids: string[] = [];
    for (const group of groups) {
      const [first, ...rest] = group;
      if (first === undefined) continue;
      newKids.push(first.value);
      if (rest.length === 0 || first.number === undefined) continue;
      mergeInto(
        pdf,
        update,
        first.number,
        rest.flatMap((kid) => (kid.number === undefined ? [] : [kid.number])),
      );
      for (const kid of rest) if (kid.number !== undefined) merged.set(kid.number, first.number);
    }
    update.set(parent, new Map([...dict, ['K', `[${newKids.join(' ')}]`]]));
  }
  rewriteParentTree(pdf, update, referenced(root.get('ParentTree')), merged);
}

/** The kids in order, consecutive Art elements of the same card in one group, every other kid alone. */
function articleGroups(
  pdf: PrintedPdf,
  update: Update,
  kids: readonly string[],
  cardOf: (page: number | undefined) => number | undefined,
  pages: Pages,
): { value: string; number: number | undefined }[][] {
  const groups: { value: string; number: number | undefined }[][] = [];
  let lastCard: number | undefined;
  for (const value of kids) {
    const number = referenced(value);
    const dict = number === undefined ? undefined : update.current(pdf, number);
    const card = dict?.get('S') === '/Art' && number !== undefined ? cardOf(pages.first(number)) : undefined;
    if (card !== undefined && card === lastCard) groups.at(-1)?.push({ value, number });
    else groups.push([{ value, number }]);
    lastCard = card;
  }
  return groups;
}

/** Moves the kids of `others` to the end of `target`'s, in order; moved elements name `target` as their parent. */
function mergeInto(pdf: PrintedPdf, update: Update, target: number, others: readonly number[]): void {
  const dict = update.current(pdf, target);
  if (dict === undefined) return;
  const none = new Map<number, never>();
  const expanded = expandKids(kidValues(dict.get('K')), dict.get('Pg'), none, none);
  for (const other of others) {
    const otherDict = update.current(pdf, other);
    if (otherDict === undefined) continue;
    const moved = expandKids(kidValues(otherDict.get('K')), otherDict.get('Pg'), none, none);
    expanded.push(...moved);
    for (const kid of moved) {
      const child = 'value' in kid ? referenced(kid.value) : undefined;
      const childDict = child === undefined ? undefined : update.current(pdf, child);
      if (child !== undefined && childDict?.get('Type') === '/StructElem') {
        update.set(child, new Map([...childDict, ['P', ref(target)]]));
      }
    }
  }
  const page = pageOf(dict.get('Pg'), expanded);
  const merged = new Map([...dict, ['K', `[${expanded.map((kid) => kidText(kid, page)).join(' ')}]`]]);
  if (page !== undefined) merged.set('Pg', page);
  update.set(target, merged);
}

/** The structure type Chromium gives an HTML element that Paged.js can split; others (wrappers) it dissolves. */
const splitTypes: Record<string, string> = {
  p: 'P',
  ul: 'L',
  ol: 'L',
  li: 'LI',
  table: 'Table',
  blockquote: 'BlockQuote',
  dl: 'L',
};

/**
 * One element for a paragraph, list or table that a page break cut in two. Paged.js lays the rest out on the next
 * page as a new element (pagination reports which: `continued`), and Chromium tags both halves. For each page that
 * goes on with such elements, the first element of that type that starts on the page is merged into the sibling
 * before it, when that sibling is of the same type and ends on the page before; then the same one level down (a
 * list's item, and the item's body). A word broken at the page's end then reads whole.
 */
export function mergeContinuations(
  pdf: PrintedPdf,
  update: Update,
  root: PdfDict,
  continued: readonly ContinuedElements[],
  pageNumbers: ReadonlyMap<number, number>,
): void {
  const merged = new Map<number, number>();
  const pages = new Pages(pdf, update, pageNumbers);
  // Where each element starts, read once: the outermost element that goes on is looked up by its page.
  const startingOn = new Map<number, number[]>();
  for (const element of treeOrder(pdf, update, referencesIn(root.get('K') ?? ''))) {
    const first = pages.first(element);
    if (first !== undefined) startingOn.set(first, [...(startingOn.get(first) ?? []), element]);
  }
  for (const { page, elements } of continued) {
    const types = elements.flatMap((element) => splitTypes[element] ?? []);
    const [outermost] = types;
    const candidates = (startingOn.get(page) ?? []).filter(
      (element) => update.current(pdf, element)?.get('S') === `/${String(outermost)}`,
    );
    let parents = [
      ...new Set(candidates.flatMap((element) => referenced(update.current(pdf, element)?.get('P')) ?? [])),
    ];
    for (const type of types) {
      const pair = findSplitPair(pdf, update, parents, type, page, pages);
      if (pair === undefined) break;
      merged.set(pair.rest, pair.start);
      mergeInto(pdf, update, pair.start, [pair.rest]);
      removeKid(pdf, update, pair.parent, pair.rest);
      pages.forget(pair.start);
      parents = [pair.start];
      if (type === 'LI') {
        // A list item that goes on has only its body on the new page: the bodies become one too, and what goes
        // on further down (a paragraph of the item) is in the body.
        const body = findSplitPair(pdf, update, [pair.start], 'LBody', page, pages);
        if (body !== undefined) {
          merged.set(body.rest, body.start);
          mergeInto(pdf, update, body.start, [body.rest]);
          removeKid(pdf, update, body.parent, body.rest);
          pages.forget(body.start);
          parents = [body.start];
        }
      }
    }
  }
  rewriteParentTree(pdf, update, referenced(root.get('ParentTree')), merged);
}

/** Two sibling elements of `type` among the kids of `parents`: the first ends on the page before `page`, the second starts on it. */
function findSplitPair(
  pdf: PrintedPdf,
  update: Update,
  parents: readonly number[],
  type: string,
  page: number,
  pages: Pages,
): { parent: number; start: number; rest: number } | undefined {
  for (const parent of parents) {
    const kids = kidValues(update.current(pdf, parent)?.get('K')).flatMap((kid) => {
      const number = referenced(kid);
      return number === undefined ? [] : [number];
    });
    const elements = kids.filter((kid) => update.current(pdf, kid)?.get('Type') === '/StructElem');
    for (let i = 0; i < elements.length; i++) {
      const rest = elements[i];
      const start = elements[i - 1];
      if (rest === undefined) continue;
      const restType = update.current(pdf, rest)?.get('S');
      if (
        start !== undefined &&
        restType === `/${type}` &&
        update.current(pdf, start)?.get('S') === restType &&
        pages.first(rest) === page &&
        pages.last(start) === page - 1
      ) {
        return { parent, start, rest };
      }
    }
  }
  return undefined;
}

/** Removes the reference to `kid` from `parent`'s /K. */
function removeKid(pdf: PrintedPdf, update: Update, parent: number, kid: number): void {
  const dict = update.current(pdf, parent);
  if (dict === undefined) return;
  const kids = kidValues(dict.get('K')).filter((value) => referenced(value) !== kid);
  update.set(parent, new Map([...dict, ['K', `[${kids.join(' ')}]`]]));
}

/** Every structure element under `roots`, parents before their kids, in reading order. */
function treeOrder(pdf: PrintedPdf, update: Update, roots: readonly number[]): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  const stack = [...roots].reverse();
  for (let element = stack.pop(); element !== undefined; element = stack.pop()) {
    const dict = update.current(pdf, element);
    if (seen.has(element) || dict?.get('Type') !== '/StructElem') continue;
    seen.add(element);
    order.push(element);
    const kids = kidValues(dict.get('K')).flatMap((kid) => referenced(kid) ?? []);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k] ?? -1);
  }
  return order;
}

/** The first and last page of each element's content, read once and kept until the element changes. */
class Pages {
  private readonly known = new Map<number, { first: number | undefined; last: number | undefined }>();
  constructor(
    private readonly pdf: PrintedPdf,
    private readonly update: Update,
    private readonly pageNumbers: ReadonlyMap<number, number>,
  ) {}

  first(element: number): number | undefined {
    return this.read(element, 0).first;
  }

  last(element: number): number | undefined {
    return this.read(element, 0).last;
  }

  forget(element: number): void {
    this.known.delete(element);
  }

  /** From the element's kids in order: the page of its first marked content and of its last. */
  private read(element: number, depth: number): { first: number | undefined; last: number | undefined } {
    const known = this.known.get(element);
    if (known !== undefined) return known;
    const dict = this.update.current(this.pdf, element);
    let first: number | undefined;
    let last: number | undefined;
    const add = (page: number | undefined): void => {
      if (page === undefined) return;
      first ??= page;
      last = page;
    };
    const ownPage = referenced(dict?.get('Pg'));
    for (const kid of kidValues(dict?.get('K'))) {
      if (/^\d+$/.test(kid)) add(this.pageNumbers.get(ownPage ?? -1));
      else if (kid.startsWith('<<')) {
        const reference = readDict(kid, 0).dict;
        if (reference.get('Type') === '/MCR')
          add(this.pageNumbers.get(referenced(reference.get('Pg')) ?? ownPage ?? -1));
      } else {
        const child = referenced(kid);
        if (child === undefined || depth > 64) continue;
        const pages = this.read(child, depth + 1);
        add(pages.first);
        add(pages.last);
      }
    }
    const pages = { first, last };
    this.known.set(element, pages);
    return pages;
  }
}
