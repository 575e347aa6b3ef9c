/**
 * Diagnostics are data on each entry's VFile (never thrown): stages record them, the build decides after each stage
 * whether to go on, and the CLI prints them all at once, compiler style or as JSON.
 */
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { ruleOf, type RuleId, type Severity } from './rules.ts';

export type { Severity } from './rules.ts';

/** A diagnostic as the CLI's `--json` prints it. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  rule: RuleId;
  message: string;
}

/**
 * Records a problem on an entry's file. `place` is where it is. The rule's severity comes from the catalogue
 * (rules.ts): errors stop the build, warnings do not.
 */
export function addDiagnostic(
  file: VFile,
  options: {
    reason: string;
    rule: RuleId;
    place?: Point | Position | undefined;
  },
): VFileMessage {
  const message = file.message(options.reason, {
    place: options.place,
    ruleId: options.rule,
    source: 'kompendium',
  });
  message.fatal = ruleOf(options.rule).severity === 'error';
  return message;
}

/** True when any file carries an error. */
export function hasErrors(files: readonly VFile[]): boolean {
  return files.some((file) => file.messages.some((message) => message.fatal === true));
}

/** Flattens the messages of all files into diagnostics, ordered by file, line and column. */
export function collectDiagnostics(files: readonly VFile[]): Diagnostic[] {
  const all = files.flatMap((file) =>
    file.messages.map((message): Diagnostic => ({
      file: file.path,
      line: message.line ?? 1,
      column: message.column ?? 1,
      severity: message.fatal === true ? 'error' : 'warning',
      // Every message on an entry's file is made by addDiagnostic, which always sets a catalogue id.
      rule: message.ruleId as RuleId,
      message: message.reason,
    })),
  );
  return all.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `entries/teil2/bg-coaching.md:4:8  error  message  rule`, one line per diagnostic. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${printableFileName(diagnostic.file)}:${String(diagnostic.line)}:${String(diagnostic.column)}`;
  return `${where}  ${diagnostic.severity}  ${diagnostic.message}  ${diagnostic.rule}`;
}

/**
 * A file name as one line of text: control characters in it (a newline in a name, which a tool can make) are written
 * as escapes, so that each diagnostic stays one line that editors and CI can parse.
 */
export function printableFileName(name: string): string {
  return name.replace(/\p{Cc}/gu, (character) => {
    const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return escapes[character] ?? `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** The position right after `before`, the text of a file up to a place (columns count UTF-16 units, as remark's). */
export function pointAfter(before: string): { line: number; column: number } {
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1) ?? '').length + 1 };
}

/**
 * For an edition that goes to print (`--strict`, or `status: final` in edition.md): every warning counts as an error,
 * saying why, so that nothing unfinished is printed.
 */
export function strictDiagnostics(diagnostics: readonly Diagnostic[], why: string): Diagnostic[] {
  return diagnostics.map((diagnostic) =>
    diagnostic.severity === 'warning'
      ? { ...diagnostic, severity: 'error', message: `${diagnostic.message} (an error: ${why})` }
      : diagnostic,
  );
}

/** A closing summary such as "2 errors, 1 warning". */
export function summariseDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
