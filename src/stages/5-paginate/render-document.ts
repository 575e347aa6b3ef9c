/**
 * Lays out and prints one document in the browser. The page that prints cuts the document into sections (the
 * cover, TEIL 1, TEIL 2, each card, the index); sections known from other outputs of the run, or kept from earlier
 * runs, are taken as they are; the others are laid out there and, when there is enough of them, partly in a second
 * page at the same time. A long document's second page also prints a part of it. The page that prints then puts the
 * pages together, lays out the index with the page numbers it reads off them, and prints.
 */
import type { Page } from 'puppeteer-core';
import { keptSections, sectionKey } from '../../cache/section-cache.ts';
import type { DocumentPages } from '../../browser/document-pages.ts';
import { noPaginationTime, type PaginationStep } from '../../model/stage-timings.ts';
import type { ComposedDocument } from '../../model/types.ts';
import { mergePrintedParts } from '../../pdf/merge-pdf.ts';
import type { Assembled, Failure, LayoutAnswer, PartRequest, SectionCut, SectionLayout } from '../../page/page-api.ts';
import { isLong, partOfDocument, shareWithSecondPage, type DocumentPart } from './document-parts.ts';
import type { SectionClaims, SettleClaim } from './section-claims.ts';
import type { PaginationProblem, PaginationResult, RenderOptions } from './pagination-result.ts';

/** The browser's pages for documents, and whether the browser still runs. */
export interface BrowserPages {
  pages: DocumentPages;
  connected: () => boolean;
}

/** How this render may use a second page: 'off' lays everything out in the page that prints (for comparison). */
export type SecondPageUse = 'auto' | 'off';

/** What is known of the sections before layout: their keys, and the layouts of other outputs or earlier runs. */
interface KnownSections {
  keys: string[];
  known: Map<number, Promise<SectionLayout | undefined>>;
  /** Sections (not the index) that this render must lay out; each is claimed. */
  missing: number[];
}

export async function renderDocument(
  browser: BrowserPages,
  document: ComposedDocument,
  dependency: string,
  claims: SectionClaims,
  options: RenderOptions,
  secondPageUse: SecondPageUse,
): Promise<PaginationResult> {
  const problems: PaginationProblem[] = [];
  const steps = stepClock();
  // The printing page takes the first page made ready: the second page's work starts only after this one has cut
  // the document.
  const opening = browser.pages.show(document, problems);
  let secondPage = secondPageUse !== 'off' && isLong(document) ? pageShowing(browser, document, problems) : undefined;
  secondPage?.catch(() => undefined);
  const { page, origin } = await opening;
  steps.done('page');
  // Claimed sections are settled in `finally`, also when this render fails: other outputs wait for them.
  const claimed = new Map<number, SettleClaim>();
  let printed = false;
  try {
    const cut = await page.evaluate(() => window.kompendiumSections());
    steps.done('cut');
    const sections = await findKnownSections(cut, dependency, claims, claimed, options);
    const [laidOutHere, laidOutInSecondPage] =
      secondPageUse === 'off' ? [sections.missing, []] : shareWithSecondPage(sections.missing, cut.sections);
    const indexSections = cut.sections.flatMap((section, i) => (section.holdsIndex ? [i] : []));
    // The sections whose pages the second page prints. Decided by the document alone, not by what is known from
    // earlier runs: a build from kept sections then prints the same parts, and gives the same bytes.
    const beforeIndex = cut.sections.flatMap((section, i) => (section.holdsIndex ? [] : [i]));
    const printedBySecondPage =
      secondPageUse === 'off' || !isLong(document) ? [] : shareWithSecondPage(beforeIndex, cut.sections)[1];
    const secondPageLaysOut = laidOutInSecondPage.length > 0;
    if (secondPageLaysOut || printedBySecondPage.length > 0) secondPage ??= pageShowing(browser, document, problems);
    const [ownAnswer, secondAnswer] = await Promise.all([
      page.evaluate((request) => window.kompendiumLayout(request), {
        layout: laidOutHere,
        zone: [...laidOutHere, ...indexSections],
        serialize: true,
      }),
      secondPage === undefined || !secondPageLaysOut
        ? Promise.resolve<LayoutAnswer>({ results: [] })
        : layOutInSecondPage(secondPage, laidOutInSecondPage),
    ]);
    steps.done('layout');
    if ('failure' in ownAnswer) return stoppedEarly(problems, ownAnswer.failure);
    if ('failure' in secondAnswer) return stoppedEarly(problems, secondAnswer.failure);

    const laidOut = new Map<number, SectionLayout>();
    for (const { index, pages, overflows } of [...ownAnswer.results, ...secondAnswer.results]) {
      const layout = { pages, overflows };
      laidOut.set(index, layout);
      claimed.get(index)?.(layout);
      claimed.delete(index);
      if (options.sectionCache !== undefined) {
        await keptSections(options.sectionCache.outDir).write([
          { key: sections.keys[index] ?? '', json: JSON.stringify(layout) },
        ]);
      }
    }
    // Per section: null for what this page lays out (or laid out), else the pages laid out elsewhere.
    const pagesToAssemble: (SectionLayout | null)[] = [];
    for (const [i, section] of cut.sections.entries()) {
      if (section.holdsIndex || laidOutHere.includes(i)) {
        pagesToAssemble.push(null);
        continue;
      }
      const sectionPages = laidOut.get(i) ?? (await sections.known.get(i));
      if (sectionPages === undefined) throw new SharedSectionLost();
      pagesToAssemble.push(sectionPages);
    }

    // The second page prints its part while this one puts the document together and lays out the index.
    const part =
      printedBySecondPage.length === 0
        ? undefined
        : partOfDocument(cut.sections, printedBySecondPage, (i) => pagesToAssemble[i] ?? laidOut.get(i));
    const partPrint =
      secondPage === undefined || part === undefined
        ? undefined
        : printPart(browser, secondPage, {
            sections: part.sections.map(([i, layout]) => [i, laidOutInSecondPage.includes(i) ? null : layout.pages]),
            firstPage: part.first,
            cut: !secondPageLaysOut,
          });
    partPrint?.catch(() => undefined);
    const assembled = await page.evaluate(
      (sectionPages, elsewhere) => window.kompendiumAssemble(sectionPages, elsewhere),
      pagesToAssemble,
      printedBySecondPage,
    );
    steps.done('assemble');
    if ('failure' in assembled) return stoppedEarly(problems, assembled.failure);
    problems.push(...assemblyProblems(assembled));
    const pdf = await printWhole(browser, page, assembled.pages, part, partPrint);
    if ('failure' in pdf) return stoppedEarly(problems, pdf.failure);
    printed = true;
    steps.done('print');
    return {
      pdf: pdf.bytes,
      pages: assembled.pages,
      cards: assembled.cards,
      terms: assembled.terms,
      bookmarks: assembled.bookmarks,
      continued: assembled.continued,
      problems,
      pageOrigin: origin,
      steps: steps.seconds,
      sections: {
        total: cut.sections.length,
        laidOut: laidOutHere.length + laidOutInSecondPage.length + indexSections.length,
        inHelper: laidOutInSecondPage.length,
      },
      sectionKeys: sections.keys.filter((_, i) => cut.sections[i]?.holdsIndex !== true),
    };
  } finally {
    // Outputs waiting for a section this render claimed and did not lay out (it failed) learn so, and stop too.
    for (const settle of claimed.values()) settle(undefined);
    // Pages that printed are used again for the next document (a second page that had nothing to do, too).
    if (browser.connected()) await browser.pages.release(page, printed);
    if (browser.connected())
      await secondPage?.then((second) => browser.pages.release(second, printed)).catch(() => undefined);
  }
}

/**
 * Looks up every section but the index among those of other outputs of this run, then among the kept ones; what
 * is in neither is claimed for this render (in `claimed`), before anything is awaited.
 */
async function findKnownSections(
  cut: SectionCut,
  dependency: string,
  claims: SectionClaims,
  claimed: Map<number, SettleClaim>,
  options: RenderOptions,
): Promise<KnownSections> {
  const keys = cut.sections.map((section) => sectionKey(dependency, cut.context, section.html));
  const known = new Map<number, Promise<SectionLayout | undefined>>();
  const missing: number[] = [];
  for (const [i, section] of cut.sections.entries()) {
    if (section.holdsIndex) continue;
    const key = keys[i] ?? '';
    const elsewhere = claims.claimedElsewhere(key);
    if (elsewhere !== undefined) {
      known.set(i, elsewhere);
      continue;
    }
    const settle = claims.claim(key);
    const kept =
      options.sectionCache?.reuse === true ? await keptSections(options.sectionCache.outDir).read(key) : undefined;
    if (kept !== undefined) {
      settle(kept);
      known.set(i, Promise.resolve(kept));
    } else {
      missing.push(i);
      claimed.set(i, settle);
    }
  }
  return { keys, known, missing };
}

/**
 * A section this output waited for, claimed by another output of the run, was not laid out there (that render failed
 * or timed out). The renderer then renders this document again with claims of its own (src/stages/5-paginate/paginate.ts).
 */
export class SharedSectionLost extends Error {
  override name = 'SharedSectionLost';
  constructor() {
    super('a section shared with another output was not laid out there');
  }
}

/** Problems the assembled pages show: page-script messages, and content that does not fit on its page. */
function assemblyProblems(assembled: Assembled): PaginationProblem[] {
  return [
    ...assembled.problems.map((message): PaginationProblem => ({ rule: 'page-script-error', message })),
    ...assembled.overflowingPages.map((overflow): PaginationProblem => ({
      rule: 'content-overflow',
      message: `Content on page ${String(overflow.page)}${overflow.where === '' ? '' : ` (${overflow.where})`} does not fit on the page and would be clipped (it begins "${overflow.text}"). Shorten or split the element that is taller or wider than a page`,
      ...(overflow.entry === '' ? {} : { source: { entry: overflow.entry, text: overflow.text } }),
    })),
  ];
}

/** Prints the document: in one go, or this page's pages and the second page's part, merged in page order. */
async function printWhole(
  browser: BrowserPages,
  page: Page,
  pageCount: number,
  part: DocumentPart | undefined,
  partPrint: Promise<{ pdf: Uint8Array } | Failure> | undefined,
): Promise<{ bytes: Uint8Array } | Failure> {
  if (part === undefined || partPrint === undefined) return { bytes: await browser.pages.print(page) };
  const [own, other] = await Promise.all([browser.pages.print(page), partPrint]);
  if ('failure' in other) return other;
  const pageIndices = Array.from({ length: pageCount }, (_, i) => i);
  return {
    bytes: mergePrintedParts([
      { pdf: own, places: pageIndices.filter((i) => i < part.first - 1 || i >= part.last) },
      { pdf: other.pdf, places: pageIndices.slice(part.first - 1, part.last) },
    ]),
  };
}

function stoppedEarly(problems: PaginationProblem[], failure: string): PaginationResult {
  problems.push({
    rule: 'page-script-error',
    message: `Paged.js stopped before the layout was done (${failure}); usually a stylesheet or font could not be loaded`,
  });
  return {
    pdf: new Uint8Array(),
    pages: 0,
    cards: [],
    terms: [],
    bookmarks: [],
    continued: [],
    problems,
    sections: { total: 0, laidOut: 0, inHelper: 0 },
    sectionKeys: [],
    pageOrigin: 'new',
    steps: noPaginationTime(),
  };
}

/** Seconds per pagination step: each step ends when `done` is called for it, and began when the one before ended. */
function stepClock(): { seconds: Record<PaginationStep, number>; done: (step: PaginationStep) => void } {
  const seconds = noPaginationTime();
  let last = performance.now();
  return {
    seconds,
    done: (step) => {
      const now = performance.now();
      seconds[step] += (now - last) / 1000;
      last = now;
    },
  };
}

/** A page showing the document (for the second page: whether it was made ready ahead does not matter). */
async function pageShowing(
  browser: BrowserPages,
  document: ComposedDocument,
  problems: PaginationProblem[],
): Promise<Page> {
  return (await browser.pages.show(document, problems)).page;
}

/** Lays out sections in the second page, which shows the same document. */
async function layOutInSecondPage(opening: Promise<Page>, indices: number[]): Promise<LayoutAnswer | Failure> {
  const page = await opening;
  await page.evaluate(() => window.kompendiumCut());
  return page.evaluate((request) => window.kompendiumLayout(request), {
    layout: indices,
    zone: indices,
    serialize: true,
  });
}

/** Prints a part of the document in the second page: its sections' pages, numbered by their place. */
async function printPart(
  browser: BrowserPages,
  opening: Promise<Page>,
  request: PartRequest & { cut: boolean },
): Promise<{ pdf: Uint8Array } | Failure> {
  const page = await opening;
  if (request.cut) await page.evaluate(() => window.kompendiumCut());
  const answer = await page.evaluate((part) => window.kompendiumPart(part), {
    sections: request.sections,
    firstPage: request.firstPage,
  });
  if ('failure' in answer) return answer;
  return { pdf: await browser.pages.print(page) };
}
