/**
 * `npm run compile` (part of `npm run setup`): compiles the CLI with its packages into one script,
 * node_modules/.cache/kompendium/cli.cjs, that src/bin.js starts when it is newer than every source. Loading the
 * TypeScript sources one by one through tsx is slow at every start, and so is resolving and compiling some 600
 * package modules one by one. The one script is CommonJS so that src/bin.js can keep V8's compiled code for it
 * between runs (Node 20 has no compile cache for ES modules), so it starts faster still (docs/performance.md).
 * Packages that look for their own files (Paged.js, the fonts) still find them in node_modules.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/model/config.ts';

export const compiledCli = path.join(projectRoot, 'node_modules/.cache/kompendium/cli.cjs');

// Kept compiled code belongs to the script it was made from: a new script starts without any.
const dir = path.dirname(compiledCli);
mkdirSync(dir, { recursive: true });
for (const name of readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [entry.name] : []))) {
  if (name.startsWith('cli.')) rmSync(path.join(dir, name), { force: true });
}

await build({
  entryPoints: [path.join(projectRoot, 'src/cli/main.ts')],
  outfile: compiledCli,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // The sources are ES modules and find their files from import.meta.url; a CommonJS script has __filename.
  define: { 'import.meta.url': 'compiledScriptUrl' },
  banner: { js: "const compiledScriptUrl = require('node:url').pathToFileURL(__filename).href;" },
});
process.stderr.write(`kompendium: compiled the CLI into ${path.relative(projectRoot, compiledCli)}\n`);
