/**
 * `npm run compile` (part of `npm run setup`): compiles the CLI into one ES module,
 * node_modules/.cache/kompendium/cli.mjs, that src/bin.js starts when it is newer than every source. Loading the
 * TypeScript sources one by one through tsx costs about a second at every start; the compiled module loads in a
 * fraction of that. Packages stay external: Node loads them from node_modules as usual.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { projectRoot } from './config.ts';

export const compiledCli = path.join(projectRoot, 'node_modules/.cache/kompendium/cli.mjs');

await build({
  entryPoints: [path.join(projectRoot, 'src/cli.ts')],
  outfile: compiledCli,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
process.stderr.write(`kompendium: compiled the CLI into ${path.relative(projectRoot, compiledCli)}\n`);
