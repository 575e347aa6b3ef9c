/**
 * Exit codes, and the one error type that stops a run for a reason outside the entries. Problems in entries are
 * diagnostics (report.ts) and give exit code 1; what the user must fix in the call (an unknown brochure, a git
 * revision that does not exist) or on the machine (no Chromium, a full disk, a render that hung) is a
 * `RunError`: its message says what to do, and the command line prints it and exits with code 2, in one place
 * (src/cli/main.ts). The subclasses exist where code must tell one cause from another.
 */

export const exitCodes = { ok: 0, entryProblems: 1, usageOrEnvironment: 2 } as const;

export class RunError extends Error {
  override name = 'RunError';
  readonly exitCode = exitCodes.usageOrEnvironment;
}

/** The machine lacks what a build needs (Chromium), with a one-line hint. */
export class EnvironmentError extends RunError {
  override name = 'EnvironmentError';
}

/** The output folder cannot be written (no permission, disk full): nothing there was changed. */
export class OutputError extends RunError {
  override name = 'OutputError';
}

/** A render exceeded its time; the browser was killed. */
export class RenderTimeoutError extends RunError {
  override name = 'RenderTimeoutError';
}

/** A selection or brochure id that does not fit the edition: the message names the valid values. */
export class SelectionError extends RunError {
  override name = 'SelectionError';
}

/** A side of `kompendium diff` that is neither an edition folder nor a git revision of this repository. */
export class EditionSourceError extends RunError {
  override name = 'EditionSourceError';
}

/** The entries folder given with --entries is not there, or not a folder. */
export class EntriesFolderError extends RunError {
  override name = 'EntriesFolderError';
}

/** The preview server could not listen on the port asked for. */
export class PreviewStartError extends RunError {
  override name = 'PreviewStartError';
}
