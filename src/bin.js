#!/usr/bin/env node
// Starts the CLI. `npm run setup` compiles it into one script (scripts/compile-cli.ts), which starts much faster
// than the TypeScript sources loaded one by one through tsx. While a source is newer than that script (during
// development), the sources run through tsx instead, so what runs is always the current code.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const compiled = fileURLToPath(new URL('../node_modules/.cache/kompendium/cli.cjs', import.meta.url));

/**
 * The newest modification time of the TypeScript sources under a folder.
 * @param {string} dir
 * @returns {number}
 */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  try {
    return statSync(compiled).mtimeMs >= newestSource(fileURLToPath(new URL('./', import.meta.url)));
  } catch {
    return false;
  }
}

/**
 * Runs the compiled script with V8's compiled code from an earlier run, which saves compiling the whole bundle again
 * at every start. V8 checks that the code fits its version and flags, but knows the script only by
 * its length: the kept code is named after the script's size and time, and `npm run compile` removes it.
 */
function runCompiled() {
  const stamp = statSync(compiled);
  const codeFile = `${compiled}.${String(stamp.size)}-${String(Math.round(stamp.mtimeMs))}.code`;
  let cachedData;
  try {
    cachedData = readFileSync(codeFile);
  } catch {
    // Not made yet: this run makes it.
  }
  const source = readFileSync(compiled, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: compiled,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Made at exit, so that it holds the functions the run compiled too. Written under a temporary name: two
    // runs may make it at once.
    process.once('exit', () => {
      try {
        const temporary = `${codeFile}.${String(process.pid)}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, codeFile);
      } catch {
        // The next run compiles again.
      }
    });
  }
  /** @type {{ exports: Partial<CliModule> }} */
  const module = { exports: {} };
  /** @type {(exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void} */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vm gives a script's value as any: the compiled CLI is esbuild's CommonJS wrapper, typed just above.
  const moduleFunction = script.runInThisContext();
  moduleFunction(module.exports, createRequire(compiled), module, compiled, path.dirname(compiled));
  return module.exports;
}

/** @typedef {typeof import('./cli/main.ts')} CliModule */

/** @returns {Promise<Partial<CliModule>>} */
async function loadCli() {
  if (compiledIsCurrent()) return runCompiled();
  const { register } = await import('tsx/esm/api');
  register();
  return import('./cli/main.ts');
}

const { main } = await loadCli();
if (main === undefined) throw new Error(`${compiled} does not export main: run npm run compile`);
await main(process.argv);
