/**
 * Finding and starting Chromium. kompendium never downloads a browser: it uses the one named by
 * PUPPETEER_EXECUTABLE_PATH or CHROME_PATH, else Debian's /usr/bin/chromium. Each browser gets its own temporary
 * profile folder, removed when the browser closes — also when the process exits early.
 */
import { accessSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { EnvironmentError } from '../diagnostics/run-errors.ts';
import { processIsAlive } from '../files/process-alive.ts';

export const installHint =
  'Install Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROME_PATH to a Chromium/Chrome binary';

/** Where Chromium is, from the environment or the default, or an EnvironmentError saying how to get it. */
export function findChromium(env: NodeJS.ProcessEnv): string {
  const candidates: [string, string | undefined][] = [
    ['PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
    ['CHROME_PATH', env.CHROME_PATH],
  ];
  for (const [variable, value] of candidates) {
    if (value === undefined || value === '') continue;
    if (isExecutable(value)) return value;
    throw new EnvironmentError(`${variable} is set to ${value}, which is not an executable file. ${installHint}`);
  }
  // Debian's /usr/bin/chromium is a shell wrapper that does not exec the browser; start the binary behind it, so
  // that the process kompendium watches (and may have to kill) is Chromium itself.
  if (isExecutable('/usr/bin/chromium')) {
    return isExecutable('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
  }
  throw new EnvironmentError(`Chromium was not found at /usr/bin/chromium. ${installHint}`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Flags for a headless render on a closed network, as root: no sandbox (Chromium refuses to start as root with
 * it), no background networking or component updates (their connections would be refused), fonts only from the
 * document (hinting off so glyph advances match the PDF).
 */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--font-render-hinting=none',
  '--export-tagged-pdf',
  // Lets the page run the garbage collector between layout and printing (src/browser/section-layout.js).
  '--js-flags=--expose-gc',
  // Chromium 156 preloads the omnibox's WebUI popup even headless: a renderer (and work in the browser process) that
  // took CPU time right after every launch, while kompendium loaded the entries on the other core. Puppeteer adds
  // these to its own list of disabled features.
  '--disable-features=WebUIOmniboxAimPopup,WebUIOmniboxPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI',
];

/** A running Chromium with its profile folder; `close` ends both, and so does process exit. */
export interface RunningBrowser {
  browser: Browser;
  /** Kills the browser at once (for a render that hangs) and removes its profile. */
  kill: () => void;
  close: () => Promise<void>;
}

const runFolderPrefix = 'kompendium-chromium-';

/**
 * A folder of this run's own in the temporary folder, named after kompendium's pid. Chromium's profile is in it, and
 * Chromium is given it as TMPDIR, so that the files Chromium makes there itself (`org.chromium.Chromium.*`) go with
 * it when it is removed. Folders of runs whose process is gone (a build that was SIGKILLed) are removed first.
 */
function makeRunFolder(): { folder: string; profile: string } {
  removeFoldersOfEndedRuns(os.tmpdir());
  const folder = mkdtempSync(path.join(os.tmpdir(), `${runFolderPrefix}${String(process.pid)}-`));
  const profile = path.join(folder, 'profile');
  return { folder, profile };
}

/**
 * Chromium's environment: TMPDIR is the run's folder, unless that would make the path of Chromium's singleton socket
 * (`<TMPDIR>/org.chromium.Chromium.XXXXXX/SingletonSocket`) longer than a Unix socket path may be (107 bytes):
 * Chromium then stops at launch. In a temporary folder that deep, Chromium keeps the inherited TMPDIR.
 */
function chromiumEnvironment(folder: string): NodeJS.ProcessEnv {
  const socket = path.join(folder, 'org.chromium.Chromium.XXXXXX', 'SingletonSocket');
  return Buffer.byteLength(socket) <= 107 ? { ...process.env, TMPDIR: folder } : { ...process.env };
}

function removeFoldersOfEndedRuns(tmp: string): void {
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = new RegExp(`^${runFolderPrefix}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || processIsAlive(Number(pid))) continue;
    const folder = path.join(tmp, name);
    // A Chromium of that run may still be alive (its parent was killed, it was not): it goes first.
    const orphans = processesUsing(folder);
    for (const orphan of orphans) signalQuietly(orphan, 'SIGKILL');
    waitUntilGone(orphans, 2_000);
    rmSync(folder, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  }
}

export async function launchChromium(executablePath: string): Promise<RunningBrowser> {
  const { folder, profile } = makeRunFolder();
  let browser: Browser | undefined;
  const kill = (): void => {
    const pid = browser?.process()?.pid;
    if (pid !== undefined) {
      try {
        // Puppeteer starts Chromium as a process group leader: kill the whole group (renderers, GPU process).
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    // A signal during launch comes before puppeteer knows the pid; the processes are then found by their profile.
    // They are waited for, so that none writes into the profile after it was removed.
    const others = processesUsing(folder);
    for (const other of others) signalQuietly(other, 'SIGKILL');
    waitUntilGone(pid === undefined ? others : [pid, ...others], 2_000);
    rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  };
  process.once('exit', kill);
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir: profile,
      args: chromiumArgs,
      env: chromiumEnvironment(folder),
      pipe: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: 30_000,
    });
  } catch (error) {
    kill();
    process.removeListener('exit', kill);
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new EnvironmentError(`Chromium at ${executablePath} did not start: ${reason}. ${installHint}`);
  }
  const started = browser;
  return {
    browser: started,
    kill: () => {
      kill();
      process.removeListener('exit', kill);
    },
    close: async () => {
      try {
        await started.close();
      } finally {
        kill();
        process.removeListener('exit', kill);
      }
    },
  };
}

/** The pids of the processes whose command line names the profile folder (Linux /proc; elsewhere none). */
function processesUsing(profile: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes(profile)) pids.push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return pids;
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits (synchronously: this also runs in the 'exit' handler) until the processes are gone or zombies. */
function waitUntilGone(pids: number[], timeoutMs: number): void {
  const until = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (pids.some(isRunning) && Date.now() < until) Atomics.wait(pause, 0, 0, 20);
}

function isRunning(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat is the state; Z (zombie) and X (dead) no longer write anything.
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
