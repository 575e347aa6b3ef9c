/**
 * What the commands print: diagnostics compiler style on stderr, or one JSON object on stdout, and the exit codes.
 * The exit codes are declared with the errors that set them (src/diagnostics/run-errors.ts).
 */
import { formatDiagnostic, summariseDiagnostics, type Diagnostic } from '../diagnostics/report.ts';

/** The commands that print JSON with `--json` (diff: `--format json`). */
export type JsonCommand = 'build' | 'check' | 'diff' | 'verify';

/**
 * The one JSON envelope every command prints with `--json`, whatever the outcome (README, "JSON output"): the
 * command, its exit code, what it wrote (`outputs`), the problems in entries (`diagnostics`), the outputs that failed
 * (`failures`) and the error that stopped the run (`error`, null when none); the command's own fields beside them.
 */
export interface JsonEnvelope {
  command: JsonCommand;
  exitCode: number;
  outputs: unknown[];
  diagnostics: Diagnostic[];
  failures: { name: string; message: string }[];
  error: string | null;
}

export function printJson(
  command: JsonCommand,
  exitCode: number,
  parts: Partial<Omit<JsonEnvelope, 'command' | 'exitCode'>> & Record<string, unknown> = {},
): void {
  const envelope: JsonEnvelope & Record<string, unknown> = {
    command,
    exitCode,
    outputs: [],
    diagnostics: [],
    failures: [],
    error: null,
    ...parts,
  };
  process.stdout.write(`${JSON.stringify(envelope)}\n`);
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], whenNone: string): void {
  for (const diagnostic of diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  if (diagnostics.length > 0) process.stderr.write(`\n${summariseDiagnostics(diagnostics)}\n`);
  else if (whenNone !== '') process.stdout.write(`${whenNone}\n`);
}
