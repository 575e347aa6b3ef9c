/**
 * Blocks of the README that a script writes, never a hand: the text between a line `<!-- NAME:start -->` and a
 * line `<!-- NAME:end -->`. The rule table (`npm run rules`) and the fidelity figures (`npm run fidelity --
 * --readme`) are such blocks; their tests read the block back and compare it with what the script would write.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

export interface BlockMarkers {
  start: string;
  end: string;
}

/** The block's markers for a name: `<!-- rules:start -->` and `<!-- rules:end -->` for 'rules'. */
export function blockMarkers(name: string): BlockMarkers {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/** The text between the markers, as the README holds it; undefined when a marker is missing or out of order. */
export function readBlock(readme: string, markers: BlockMarkers): string | undefined {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  if (start === -1 || end < start) return undefined;
  return readme.slice(start + markers.start.length, end);
}

/** How a block's content stands between its markers: one empty line on either side. */
export function blockText(content: string): string {
  return `\n\n${content}\n\n`;
}

/** The README with `content` between the markers; both markers must be there already. */
export function withBlock(readme: string, markers: BlockMarkers, content: string): string {
  if (readBlock(readme, markers) === undefined) {
    throw new Error(`README.md needs the lines ${markers.start} and ${markers.end}, in this order`);
  }
  const start = readme.indexOf(markers.start) + markers.start.length;
  return `${readme.slice(0, start)}${blockText(content)}${readme.slice(readme.indexOf(markers.end))}`;
}

/** Rewrites the README's block in place (through a temporary file, so that a failed write leaves it whole). */
export function writeReadmeBlock(markers: BlockMarkers, content: string): void {
  const updated = withBlock(readFileSync(readmePath, 'utf8'), markers, content);
  const temporary = `${readmePath}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, updated);
  renameSync(temporary, readmePath);
}
