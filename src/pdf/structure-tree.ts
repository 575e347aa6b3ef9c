/**
 * The logical structure of a finished PDF (ISO 32000-1 14.7), read as far as the conformance check needs it: each
 * structure element's type (after the role map), page, children in order, the annotations it owns (OBJR) and its
 * alternative texts. The
 * parent tree is not read: walking down from the StructTreeRoot gives the same elements, in reading order.
 */
import { arrayOf, dictOf, nameOf, numberOf, resolved, stringText, type PdfFile } from './pdf-file.ts';
import { referenced, type PdfDict } from './printed-pdf.ts';

export interface MarkedContentId {
  mcid: number;
  page: number | undefined;
}

export interface StructElement {
  /** The structure type as written (/S). */
  written: string;
  /** The standard type it maps to through the role map (the written one when unmapped). */
  type: string;
  /** The element's object number; undefined for a direct dictionary. */
  object: number | undefined;
  /** The object number of its page (/Pg, inherited from the parent when absent). */
  page: number | undefined;
  children: StructElement[];
  /** Marked-content ids of its own content, with their pages. */
  mcids: MarkedContentId[];
  /** Its marked content and child elements together, in the order of /K (the reading order). */
  kids: (MarkedContentId | StructElement)[];
  /** Object numbers of the annotations (and other objects) it owns through OBJR. */
  objects: number[];
  /** Its alternative description (/Alt) and replacement text (/ActualText), when given. */
  alt: string | undefined;
  actualText: string | undefined;
}

/** The elements under StructTreeRoot /K, in order; undefined when the catalog has no StructTreeRoot. */
export function readStructureTree(pdf: PdfFile, catalog: PdfDict): StructElement[] | undefined {
  const root = dictOf(pdf, catalog.get('StructTreeRoot'));
  if (root === undefined) return undefined;
  const roleMap = dictOf(pdf, root.get('RoleMap')) ?? new Map<string, string>();
  const visited = new Set<number>();
  const elements: StructElement[] = [];
  for (const kid of arrayOf(pdf, root.get('K'))) {
    const element = readElement(pdf, kid, undefined, roleMap, visited);
    if (element !== undefined) elements.push(element);
  }
  return elements;
}

/** A standard type through the role map; a chain is followed, a loop stops at the type seen twice. */
function mappedType(pdf: PdfFile, written: string, roleMap: PdfDict): string {
  let type = written;
  const seen = new Set([type]);
  for (;;) {
    const next = nameOf(pdf, roleMap.get(type));
    if (next === undefined || seen.has(next)) return type;
    seen.add(next);
    type = next;
  }
}

/** One structure element (a reference or a direct dictionary with /S), or undefined for anything else. */
function readElement(
  pdf: PdfFile,
  value: string,
  parentPage: number | undefined,
  roleMap: PdfDict,
  visited: Set<number>,
): StructElement | undefined {
  const object = referenced(value);
  // An element reached twice (a damaged tree, or a loop) is read once.
  if (object !== undefined && visited.has(object)) return undefined;
  if (object !== undefined) visited.add(object);
  const dict = dictOf(pdf, value);
  const written = nameOf(pdf, dict?.get('S'));
  if (dict === undefined || written === undefined) return undefined;
  const page = referenced(dict.get('Pg')) ?? parentPage;
  const element: StructElement = {
    written,
    type: mappedType(pdf, written, roleMap),
    object,
    page,
    children: [],
    mcids: [],
    kids: [],
    objects: [],
    alt: stringText(resolved(pdf, dict.get('Alt'))),
    actualText: stringText(resolved(pdf, dict.get('ActualText'))),
  };
  for (const kid of arrayOf(pdf, dict.get('K'))) addKid(pdf, element, kid, roleMap, visited);
  return element;
}

/** A kid of /K: an MCID, a marked-content reference (MCR), an object reference (OBJR) or a structure element. */
function addKid(pdf: PdfFile, element: StructElement, kid: string, roleMap: PdfDict, visited: Set<number>): void {
  if (/^\d+$/.test(kid)) {
    addMcid(element, { mcid: Number(kid), page: element.page });
    return;
  }
  const dict = dictOf(pdf, kid);
  if (dict === undefined) return;
  const type = nameOf(pdf, dict.get('Type'));
  if (type === 'MCR') {
    const mcid = numberOf(pdf, dict.get('MCID'));
    if (mcid !== undefined) addMcid(element, { mcid, page: referenced(dict.get('Pg')) ?? element.page });
  } else if (type === 'OBJR') {
    const target = referenced(dict.get('Obj'));
    if (target !== undefined) element.objects.push(target);
  } else {
    const child = readElement(pdf, kid, element.page, roleMap, visited);
    if (child !== undefined) {
      element.children.push(child);
      element.kids.push(child);
    }
  }
}

function addMcid(element: StructElement, id: MarkedContentId): void {
  element.mcids.push(id);
  element.kids.push(id);
}

/** Every element of the tree, parents before their children, in reading order. */
export function allElements(elements: readonly StructElement[]): StructElement[] {
  return elements.flatMap((element) => [element, ...allElements(element.children)]);
}
