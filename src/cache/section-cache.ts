/**
 * Laid-out sections, kept for the outputs of the same run and for later runs. A section (the cover, a TEIL, a card,
 * src/browser/section-layout.js) is laid out once per run, whichever outputs contain it; its pages are kept in the
 * output folder under a hash of everything its layout depends on: its HTML, the document's language and
 * stylesheets, and the dependency key (stylesheet and font files, page scripts, kompendium's version, the browser).
 * A change to any of them gives a new key: the section is laid out again.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { markUsed } from './kept-files.ts';
import { writeOutputs } from '../stages/7-write/write-outputs.ts';

/** Content of a page that does not fit, by the page's place in its section. */
export interface SectionOverflow {
  index: number;
  text: string;
  where: string;
}

/** A section's pages as Paged.js laid them out (their HTML), and what on them does not fit. */
export interface SectionLayout {
  pages: string[];
  overflows: SectionOverflow[];
}

export function sectionKey(dependencyKey: string, context: string, html: string): string {
  return createHash('sha256').update(`${dependencyKey}\n${context}\n`).update(html).digest('hex');
}

export function sectionsDir(outDir: string): string {
  return path.join(outDir, '.kompendium-cache', 'sections');
}

export function sectionFile(outDir: string, key: string): string {
  return path.join(sectionsDir(outDir), `${key}.json`);
}

/** The kept layout of a section, or undefined when there is none (or it cannot be read). */
export async function readSection(outDir: string, key: string): Promise<SectionLayout | undefined> {
  const file = sectionFile(outDir, key);
  try {
    const layout = JSON.parse(await readFile(file, 'utf8')) as SectionLayout;
    if (!Array.isArray(layout.pages) || !Array.isArray(layout.overflows)) return undefined;
    await markUsed(file);
    return layout;
  } catch {
    return undefined;
  }
}

export async function writeSection(outDir: string, key: string, layout: SectionLayout): Promise<void> {
  await writeOutputs([{ path: sectionFile(outDir, key), data: JSON.stringify(layout) }]);
}
