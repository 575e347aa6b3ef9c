/**
 * What the commands print: diagnostics compiler style on stderr, or one JSON object on stdout, and the exit codes.
 * The exit codes are declared with the errors that set them (src/diagnostics/run-errors.ts).
 */
import { formatDiagnostic, summariseDiagnostics, type Diagnostic } from '../diagnostics/report.ts';

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
