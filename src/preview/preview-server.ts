/**
 * `kompendium preview`: the composed document served on loopback, paginated by Paged.js in the reader's browser
 * with the same scripts as the PDF. Every change to entries, templates or styles rebuilds it (load → validate →
 * render → compose); the page reloads when the document changed and shows problems in an overlay, while the last
 * good document stays on screen.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkEdition } from '../core/build.ts';
import { resolveTargets, type BuildRequest } from '../core/targets.ts';
import { SelectionError } from '../diagnostics/run-errors.ts';
import { composeTarget } from '../core/build-document.ts';
import { projectRoot, sourceFolders, type BuildConfig } from '../model/config.ts';
import { collectDiagnostics, formatDiagnostic, type Diagnostic } from '../diagnostics/report.ts';
import { documentPageHtml, pageResource } from '../browser/document-page.ts';
import type { ComposedDocument } from '../model/types.ts';
import { watchFolders, type FolderWatch } from '../files/watch-folders.ts';

export interface PreviewOptions {
  config: Pick<BuildConfig, 'entriesDir' | 'templatesDir' | 'stylesDir' | 'displayRoot'>;
  /** Which document to preview: the edition, a named brochure or a selection (the first output it names). */
  request: BuildRequest;
  /** 0 picks a free port. */
  port: number;
  /** One line per rebuild, and the problems, for the terminal. */
  log: (line: string) => void;
}

/** What the page asks the server for: the current state, pushed again on every rebuild. */
export interface PreviewState {
  /** Increases with every rebuild that changed the document: the page reloads when it differs from its own. */
  version: number;
  /** Name of the previewed output (edition or brochure). */
  name: string;
  /** Problems of the last rebuild, formatted as in the terminal; while there are errors, the page is the last good one. */
  problems: (Diagnostic & { text: string })[];
  /** True while there is no good document at all (the first build failed). */
  empty: boolean;
}

export interface RunningPreview {
  url: string;
  state: () => PreviewState;
  /** Rebuilds now (the watcher calls it after a change); resolves when the state is updated. */
  rebuild: (reason: string) => Promise<void>;
  close: () => Promise<void>;
}

/** The only address the server listens on: the preview is for the person at this machine. */
const loopback = '127.0.0.1';
const clientFiles = new Map([
  ['/kompendium/preview.js', path.join(projectRoot, 'src/preview/preview-client.js')],
  ['/kompendium/preview.css', path.join(projectRoot, 'src/preview/preview.css')],
]);

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  let document: ComposedDocument | undefined;
  let state: PreviewState = { version: 0, name: '', problems: [], empty: true };
  const listeners = new Set<ServerResponse>();

  const publish = (next: PreviewState): void => {
    state = next;
    const message = `event: state\ndata: ${JSON.stringify(state)}\n\n`;
    for (const listener of listeners) listener.write(message);
  };

  const rebuild = serialised(async (reason: string): Promise<void> => {
    const started = performance.now();
    const outcome = await composePreview(options);
    // A selection that names no output is a usage error at the start; later it is a problem of the entries.
    if (outcome.selectionError !== undefined && reason === 'start') throw outcome.selectionError;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const problems = outcome.diagnostics.map((diagnostic) => ({ ...diagnostic, text: formatDiagnostic(diagnostic) }));
    for (const problem of problems) options.log(problem.text);
    const changed = outcome.document !== undefined && outcome.document.html !== document?.html;
    if (outcome.document !== undefined) document = outcome.document;
    if (outcome.document === undefined) {
      const kept = document === undefined ? 'nothing to show yet' : 'showing the last good document';
      options.log(`✗ ${reason}: not rebuilt (${String(errorCount(problems))} error(s)); ${kept}`);
    } else {
      options.log(`✓ ${reason}: rebuilt in ${seconds} s${changed ? '' : ' (no change in the document)'}`);
    }
    publish({
      version: state.version + (changed ? 1 : 0),
      name: outcome.name ?? state.name,
      problems,
      empty: document === undefined,
    });
  });

  // The port first: a port in use is reported at once, not after the first build (seconds on a large edition), and
  // a page opened meanwhile shows the document when it is ready.
  const server = createServer((request, response) => {
    void answer(request, response, { document: () => document, state: () => state, listeners });
  });
  const address = await listen(server, options.port);
  const url = `http://${loopback}:${String(address.port)}/`;
  try {
    await rebuild('start');
  } catch (error) {
    server.close();
    throw error;
  }

  let watch: FolderWatch;
  try {
    watch = watchFolders(sourceFolders(options.config), (files) => {
      const names = files.map((file) => path.relative(options.config.displayRoot, file));
      void rebuild(names.length === 1 ? `${names[0] ?? ''} changed` : `${String(names.length)} files changed`);
    });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    url,
    state: () => state,
    rebuild,
    close: async () => {
      watch.close();
      for (const listener of listeners) listener.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** Load → validate → choose the output → render → compose, as a build does, without paginating. */
async function composePreview(options: PreviewOptions): Promise<{
  document: ComposedDocument | undefined;
  diagnostics: Diagnostic[];
  name?: string;
  selectionError?: SelectionError;
}> {
  const { edition, diagnostics } = await checkEdition(options.config);
  if (edition === undefined || diagnostics.some((d) => d.severity === 'error'))
    return { document: undefined, diagnostics };
  let target;
  try {
    [target] = resolveTargets(edition, options.request);
  } catch (error) {
    if (!(error instanceof SelectionError)) throw error;
    const where = path.relative(options.config.displayRoot, options.config.entriesDir) || '.';
    const problem = { file: where, line: 1, column: 1, severity: 'error', rule: 'selection', message: error.message };
    return { document: undefined, diagnostics: [...diagnostics, problem as Diagnostic], selectionError: error };
  }
  if (target === undefined) return { document: undefined, diagnostics };
  const composed = await composeTarget(target, options.config);
  return {
    document: composed.document,
    diagnostics: [...diagnostics, ...collectDiagnostics(composed.files)],
    name: target.name,
  };
}

function errorCount(problems: readonly Diagnostic[]): number {
  return problems.filter((problem) => problem.severity === 'error').length;
}

/** Runs one call at a time; a call made while one runs waits for it (changes during a rebuild are not lost). */
function serialised<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let queue = Promise.resolve();
  return (...args) => {
    queue = queue.then(() => work(...args));
    return queue;
  };
}

async function listen(server: Server, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopback, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

interface Served {
  document: () => ComposedDocument | undefined;
  state: () => PreviewState;
  listeners: Set<ServerResponse>;
}

async function answer(request: IncomingMessage, response: ServerResponse, served: Served): Promise<void> {
  // Only pages opened on this machine by its loopback name may talk to the server (no DNS rebinding).
  const host = request.headers.host ?? '';
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) {
    respond(response, 403, 'text/plain; charset=utf-8', 'kompendium preview answers only http://127.0.0.1\n');
    return;
  }
  const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (pathname === '/' || pathname === '/index.html') {
    respond(response, 200, 'text/html; charset=utf-8', previewPage(served.document(), served.state().version));
    return;
  }
  if (pathname === '/kompendium/state') {
    respond(response, 200, 'application/json; charset=utf-8', JSON.stringify(served.state()));
    return;
  }
  if (pathname === '/kompendium/events') {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(`event: state\ndata: ${JSON.stringify(served.state())}\n\n`);
    served.listeners.add(response);
    request.on('close', () => served.listeners.delete(response));
    return;
  }
  const clientFile = clientFiles.get(pathname);
  if (clientFile !== undefined) {
    const type = clientFile.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    respond(response, 200, type, await readFile(clientFile));
    return;
  }
  const resource = await pageResource(pathname, served.document()?.assets ?? new Map<string, string>());
  if (resource.status === 200) respond(response, 200, resource.contentType, resource.body);
  else respond(response, 404, 'text/plain; charset=utf-8', `${pathname} is not part of the document\n`);
}

function respond(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

/** The document with the preview's script and style; before the first good build, a page for the overlay only. */
function previewPage(document: ComposedDocument | undefined, version: number): string {
  const head =
    `<meta name="kompendium-version" content="${String(version)}">` +
    '<script src="/kompendium/preview.js" defer></script>';
  if (document !== undefined) return documentPageHtml(document, head);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kompendium preview</title>${head}</head><body class="kompendium-preview-empty"></body></html>`;
}
