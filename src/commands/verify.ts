/**
 * `kompendium verify FILE.pdf…`: checks finished PDFs against the machine-checkable conditions of PDF/UA-1
 * (Matterhorn Protocol 1.1) and PDF/A-2u (src/pdf/conformance.ts) and reports every violation with its
 * checkpoint, page and object. Exit code 0 when no file has a violation, 1 when one has, 2 when a file cannot be
 * read. Fast (the file is read once, its content streams tokenised once), so it prints no progress.
 */
import { readFileSync } from 'node:fs';
import { checkpoints, describeViolation, verifyPdf, type Violation } from '../pdf/conformance.ts';
import { PdfFormError } from '../pdf/printed-pdf.ts';
import { exitCodes, RunError } from '../diagnostics/run-errors.ts';
import { printJson } from './terminal.ts';

export interface VerifyOptions {
  json?: boolean;
}

export function runVerify(files: readonly string[], options: VerifyOptions): number {
  const results = files.map((file) => ({ file, violations: verifyFile(file) }));
  const total = results.reduce((sum, result) => sum + result.violations.length, 0);
  if (options.json === true) {
    printJson('verify', total === 0 ? exitCodes.ok : exitCodes.entryProblems, {
      files: results,
      checkpoints: checkpoints.length,
    });
  } else {
    for (const { file, violations } of results) {
      for (const violation of violations) process.stdout.write(`${formatViolation(file, violation)}\n`);
    }
    process.stdout.write(
      `${summary(
        results.flatMap((result) => result.violations),
        results.length,
      )}\n`,
    );
  }
  return total === 0 ? exitCodes.ok : exitCodes.entryProblems;
}

function verifyFile(file: string): Violation[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new RunError(`${file}: cannot be read (${reason})`);
  }
  try {
    return verifyPdf(bytes);
  } catch (error) {
    if (!(error instanceof PdfFormError)) throw error;
    throw new RunError(`${file}: not a PDF that can be checked: ${error.message}`);
  }
}

/** `FILE: page 3 (object 57 0 R): 01-005 Content is … (12 painting operators)`. */
export function formatViolation(file: string, violation: Violation): string {
  return `${file}: ${describeViolation(violation)}`;
}

/** "N violations of M rules checked", with the count per checkpoint that was violated. */
function summary(violations: readonly Violation[], files: number): string {
  const counts = new Map<string, number>();
  for (const violation of violations) counts.set(violation.checkpoint, (counts.get(violation.checkpoint) ?? 0) + 1);
  const perCheckpoint = [...counts].map(([checkpoint, count]) => `${checkpoint}: ${String(count)}`).join(', ');
  const inFiles = files === 1 ? '' : ` in ${String(files)} files`;
  const noun = violations.length === 1 ? 'violation' : 'violations';
  return (
    `${String(violations.length)} ${noun} of ${String(checkpoints.length)} rules checked${inFiles}` +
    (perCheckpoint === '' ? '' : ` (${perCheckpoint})`)
  );
}
