/**
 * A render that hangs (a page script in a loop, a layout that never ends) must not hang the build: the watchdog
 * rejects after the time limit and lets the caller kill the browser, which also ends the work.
 */
import { RenderTimeoutError } from '../../diagnostics/run-errors.ts';

export async function withWatchdog<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  const timeoutError = new RenderTimeoutError(
    `The render did not finish within ${String(Math.round(timeoutMs / 1000))} s and was stopped. A page script or the layout hangs; raise the limit with --timeout if the document is just very long`,
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
