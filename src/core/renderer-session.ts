/**
 * The browser of one build. Chromium starts while the entries are read and checked (it is another process), and
 * pages are made ready with the edition's stylesheets meanwhile; it is used only if the entries are valid, and
 * closed once, however the build ends. A renderer passed in (the preview, the diff) belongs to the caller.
 */
import { findChromium } from '../browser/chromium.ts';
import type { BuildConfig } from '../model/config.ts';
import { documentLook } from '../stages/4-compose/compose-document.ts';
import { openRenderer, type Renderer } from '../stages/5-paginate/paginate.ts';

export async function withRenderer<T>(
  config: BuildConfig,
  given: Renderer | undefined,
  work: (renderer: Promise<Renderer>) => Promise<T>,
): Promise<T> {
  if (given !== undefined) return work(Promise.resolve(given));
  // A missing Chromium stops the build before it starts (and before any progress line): it is found here, at once,
  // and launched while the entries load.
  const starting = startRenderer(config, findChromium(process.env));
  try {
    return await work(starting);
  } finally {
    await closeRenderer(starting);
  }
}

/**
 * A renderer for many builds (`build --watch`): Chromium found at once (a missing one is an EnvironmentError here),
 * launched, and its pages made ready with the edition's stylesheets. The caller closes it.
 */
export function openBuildRenderer(config: BuildConfig): Promise<Renderer> {
  return startRenderer(config, findChromium(process.env));
}

/** A failure to start (Chromium does not launch, say) surfaces where the renderer is awaited, not before. */
function startRenderer(config: BuildConfig, chromiumPath: string): Promise<Renderer> {
  const starting = (async () => {
    const [renderer, look] = await Promise.all([
      openRenderer({ chromiumPath, timeoutMs: config.timeoutMs }),
      documentLook(config),
    ]);
    renderer.prepare(look);
    return renderer;
  })();
  // Awaited later, or closed unused; until then a rejection is not an unhandled one.
  starting.catch(() => undefined);
  return starting;
}

async function closeRenderer(starting: Promise<Renderer>): Promise<void> {
  try {
    await (await starting).close();
  } catch {
    // It did not start: nothing to close, and nothing was going to be rendered.
  }
}
