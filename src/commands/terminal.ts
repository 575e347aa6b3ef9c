/**
 * What the commands print: diagnostics compiler style on stderr, or one JSON object on stdout, and the exit codes.
 * Exit codes: 0 success, 1 problems in the entries, 2 usage or environment error.
 */
import { formatDiagnostic, summariseDiagnostics, type Diagnostic } from '../diagnostics/report.ts';

export const exitCodes = { ok: 0, entryProblems: 1, usageOrEnvironment: 2 } as const;

export function printJson(value: {
  outputs: unknown[];
  diagnostics: Diagnostic[];
  failures?: unknown[];
  error?: string;
}): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], whenNone: string): void {
  for (const diagnostic of diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (diagnostics.length > 0) process.stderr.write(`\n${summariseDiagnostics(diagnostics)}\n`);
  else if (whenNone !== '') process.stdout.write(`${whenNone}\n`);
}
