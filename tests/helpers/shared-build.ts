/**
 * One `kompendium build --all` of entries/ per test run, for the end-to-end tests that only read what it writes:
 * the 2013 edition (tests/e2e/edition-2013.test.ts, tests/e2e/sections.test.ts) and the brochures
 * (tests/e2e/brochures.test.ts). It is built by the real CLI on first use, into the run's scratch folder
 * (tests/helpers/global-setup.ts), so a run of files that do not need it does not wait for it. A file that reads it
 * must not change it: copy it first.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import type { PageMap } from '../../src/model/types.ts';
import { projectRoot, runCli, type CliResult } from './cli.ts';

/** What `build --json` prints. */
export interface BuildJson {
  outputs: {
    name: string;
    path: string;
    pages: number;
    cached: boolean;
    sections?: { total: number; laidOut: number; inHelper: number };
    pageMap: PageMap;
  }[];
  diagnostics: unknown[];
  failures: unknown[];
}

export interface SharedBuild {
  /** The output folder: every output's PDF and page map, and the kept files (.kompendium-cache). */
  outDir: string;
  /** The CLI's exit status, stdout (the JSON) and stderr. */
  result: CliResult;
  json: BuildJson;
  /** The PDF of an output, by name. */
  pdf: (name: string) => string;
  pageMap: (name: string) => PageMap;
}

/** The name of the 2013 edition's output. */
export const editionName = 'handlungsansaetze-2013';

let shared: SharedBuild | undefined;

/** The `build --all` of entries/ of this run, built now if no test file built it yet. */
export function sharedBuild(): SharedBuild {
  shared ??= readOrBuild();
  return shared;
}

function readOrBuild(): SharedBuild {
  const suiteDir = inject('suiteDir');
  if (typeof suiteDir !== 'string') throw new Error('no suiteDir: run the end-to-end tests through vitest.config.ts');
  const dir = path.join(suiteDir, 'build-all');
  const outDir = path.join(dir, 'out');
  const resultFile = path.join(dir, 'result.json');
  let mine = true;
  try {
    mkdirSync(dir);
  } catch {
    mine = false;
  }
  if (mine) {
    const result = runCli(['build', '--all', '--out', outDir, '--json'], { cwd: projectRoot });
    writeFileSync(`${resultFile}.tmp`, JSON.stringify(result));
    renameSync(`${resultFile}.tmp`, resultFile);
  } else {
    // Another test file (in another worker) is building it: wait for its result.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const until = Date.now() + 600_000;
    while (!existsSync(resultFile)) {
      if (Date.now() > until) throw new Error(`${resultFile} was not written within 10 minutes`);
      Atomics.wait(pause, 0, 0, 200);
    }
  }
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as CliResult;
  let json: BuildJson = { outputs: [], diagnostics: [], failures: [] };
  try {
    json = JSON.parse(result.stdout) as BuildJson;
  } catch {
    // The tests report the exit status and stderr.
  }
  return {
    outDir,
    result,
    json,
    pdf: (name) => path.join(outDir, `${name}.pdf`),
    pageMap: (name) => JSON.parse(readFileSync(path.join(outDir, `${name}.json`), 'utf8')) as PageMap,
  };
}
