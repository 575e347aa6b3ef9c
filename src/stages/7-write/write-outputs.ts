/**
 * Stage 7: an output's PDF, its page map and its cache record go into the output folder together, through
 * temporary files and renames (src/files/atomic-write.ts): a build that fails or is interrupted leaves the
 * previous files untouched, and a PDF never stands beside another build's page map.
 */
import path from 'node:path';
import { outputRecord, outputRecordFile, type OutputRecord } from '../../cache/output-cache.ts';
import { writeFilesAtomically } from '../../files/atomic-write.ts';
import type { PageMap } from '../../model/types.ts';

export interface FinishedOutput {
  pdf: Uint8Array;
  pageMap: PageMap;
  /** What the output cache keeps, to find the output unchanged next time. */
  record: Omit<OutputRecord, 'pdfSha256' | 'pageMap'>;
}

/** Writes `<name>.pdf`, `<name>.json` and the output's cache record. */
export async function writeOutput(outDir: string, name: string, output: FinishedOutput): Promise<void> {
  await writeFilesAtomically([
    { path: path.join(outDir, `${name}.pdf`), data: output.pdf },
    { path: path.join(outDir, `${name}.json`), data: `${JSON.stringify(output.pageMap, null, 2)}\n` },
    { path: outputRecordFile(outDir, name), data: outputRecord(name, output.record, output.pdf, output.pageMap) },
  ]);
}
