/**
 * A render that hangs (a page script in a loop, a layout that never ends) must not hang the build: the watchdog
 * rejects after the time limit and lets the caller kill the browser, which also ends the work.
 */
import { RenderTimeoutError } from '../../diagnostics/run-errors.ts';

/** A time limit as the user gave it in --timeout: whole seconds, or tenths below ten. */
export function limitInSeconds(timeoutMs: number): string {
  const seconds = timeoutMs / 1000;
  return seconds >= 10 ? String(Math.round(seconds)) : String(Math.round(seconds * 10) / 10);
}

export async function withWatchdog<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  const timeoutError = new RenderTimeoutError(
    `The render did not finish within ${limitInSeconds(timeoutMs)} s and was stopped. A page script or the layout hangs; raise the limit with --timeout if the document is just very long`,
  );
  const watch = { timedOut: false };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      watch.timedOut = true;
      onTimeout();
      reject(timeoutError);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    // Killing the browser makes the work fail too ("frame detached"); the cause to report is the timeout.
    throw watch.timedOut ? timeoutError : error;
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
