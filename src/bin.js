#!/usr/bin/env node
// Starts the CLI. `npm run setup` compiles it into one module (src/compile-cli.ts), which starts about a second
// faster than the TypeScript sources loaded one by one through tsx. While a source is newer than that module (during
// development), the sources run through tsx instead, so what runs is always the current code.
import { readdirSync, statSync } from 'node:fs';

const compiled = new URL('../node_modules/.cache/kompendium/cli.mjs', import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  try {
    return statSync(compiled).mtimeMs >= newestSource(new URL('./', import.meta.url));
  } catch {
    return false;
  }
}

if (compiledIsCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
