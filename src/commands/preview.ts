/**
 * The `kompendium preview` command: starts the preview server (src/preview/), prints where it is and what each
 * rebuild did, optionally opens a browser, and runs until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import type { BuildRequest } from '../core/targets.ts';
import { exitCodes, PreviewStartError } from '../diagnostics/run-errors.ts';
import { resolveConfig, type BuildConfig } from '../model/config.ts';
import { startPreview, type RunningPreview } from '../preview/preview-server.ts';
import { buildRequest, type BuildOptions } from './build.ts';

export interface PreviewOptions extends Omit<BuildOptions, 'brochure'> {
  port: number;
  open?: boolean;
  brochure?: string;
}

export async function runPreview(options: PreviewOptions): Promise<number> {
  const config = resolveConfig({ entries: options.entries, cwd: process.cwd() });
  const { brochure, ...filters } = options;
  const request = buildRequest(brochure === undefined ? filters : { ...filters, brochure: [brochure] });
  await runPreviewCommand({
    config,
    request,
    port: options.port,
    open: options.open === true,
    log: (line) => void process.stderr.write(`${line}\n`),
    printAddress: (url) => void process.stdout.write(`${url}\n`),
  });
  // The server keeps the process alive until Ctrl-C.
  return exitCodes.ok;
}

export interface PreviewCommandOptions {
  config: BuildConfig;
  request: BuildRequest;
  port: number;
  open: boolean;
  /** Where the terminal lines go (stderr; stdout gets only the address, for scripts). */
  log: (line: string) => void;
  printAddress: (url: string) => void;
}

export async function runPreviewCommand(options: PreviewCommandOptions): Promise<RunningPreview> {
  let preview: RunningPreview;
  try {
    preview = await startPreview({
      config: options.config,
      request: options.request,
      port: options.port,
      log: options.log,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new PreviewStartError(
        `Port ${String(options.port)} on 127.0.0.1 is in use (another preview?). Choose another with --port N, or --port 0 for any free port`,
      );
    if (code === 'EACCES')
      throw new PreviewStartError(`Port ${String(options.port)} is not allowed for this user. Use a port above 1023`);
    throw error;
  }
  options.printAddress(preview.url);
  options.log(`Watching entries, templates/ and styles/; the page reloads after each change. Ctrl-C stops.`);
  if (options.open) openInBrowser(preview.url, options.log);
  // Ctrl-C ends the process (the CLI's signal handler); the server and watchers end with it.
  process.once('exit', () => {
    options.log('Preview stopped.');
  });
  return preview;
}

/** Opens the address with the desktop's default browser (xdg-open), or says how to open it by hand. */
function openInBrowser(url: string, log: (line: string) => void): void {
  const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {
    log(`Could not start a browser (xdg-open is not available); open ${url} yourself.`);
  });
  // xdg-open that finds no desktop or no browser (a server, an SSH session) exits with an error and opens nothing.
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      log(
        `Could not open a browser (xdg-open exited with code ${String(code)}: no desktop browser?); open ${url} yourself.`,
      );
    }
  });
  child.unref();
}
