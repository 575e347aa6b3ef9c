/**
 * Laid-out sections, kept for the outputs of the same run and for later runs. A section (the cover, a TEIL, a card,
 * src/page/section-layout.js) is laid out once per run, whichever outputs contain it; its pages are kept in the
 * output folder under a hash of everything its layout depends on: its HTML, the document's language and
 * stylesheets, and the dependency key (stylesheet and font files, page scripts, kompendium's version, the browser).
 * A change to any of them gives a new key: the section is laid out again.
 */
import { createHash } from 'node:crypto';
import type { SectionLayout } from '../page/page-api.ts';
import { cacheDir, KeptRecords } from './store.ts';

export function sectionKey(dependencyKey: string, context: string, html: string): string {
  return createHash('sha256').update(`${dependencyKey}\n${context}\n`).update(html).digest('hex');
}

function isSectionLayout(value: unknown): value is SectionLayout {
  const layout = value as Partial<SectionLayout> | null;
  return Array.isArray(layout?.pages) && Array.isArray(layout.overflows);
}

/** The laid-out sections kept in an output folder. */
export function keptSections(outDir: string): KeptRecords<SectionLayout> {
  return new KeptRecords(cacheDir(outDir, 'sections'), isSectionLayout);
}
