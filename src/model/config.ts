/**
 * Resolved options of a run: where entries, templates, styles and outputs are. Templates and styles belong to the
 * kompendium installation; entries and the output folder come from the command line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The kompendium checkout or installation: the folder holding package.json, templates/ and styles/. Found upwards
 * from this module, which runs from src/ or from the compiled CLI in node_modules/.cache/kompendium/.
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === 'kompendium') return dir;
    } catch {
      // No package.json here: look further up.
    }
    if (path.dirname(dir) === dir) throw new Error(`kompendium's package.json was not found above ${start}`);
  }
}

/** kompendium's version, from its package.json (`--version`, and part of every output's cache key). */
export const kompendiumVersion = (
  JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;

export interface BuildConfig {
  entriesDir: string;
  outDir: string;
  templatesDir: string;
  stylesDir: string;
  /** Diagnostics show paths relative to this folder. */
  displayRoot: string;
  /** Longest time one document may take to paginate and print. */
  timeoutMs: number;
}

/** The folders an output is made from: what the preview and `build --watch` watch for saves. */
export function sourceFolders(config: Pick<BuildConfig, 'entriesDir' | 'templatesDir' | 'stylesDir'>): string[] {
  return [config.entriesDir, config.templatesDir, config.stylesDir];
}

export interface ConfigInput {
  entries?: string | undefined;
  out?: string | undefined;
  timeoutSeconds?: number | undefined;
  cwd: string;
}

export function resolveConfig(input: ConfigInput): BuildConfig {
  return {
    entriesDir: path.resolve(input.cwd, input.entries ?? 'entries'),
    outDir: path.resolve(input.cwd, input.out ?? 'out'),
    templatesDir: path.join(projectRoot, 'templates'),
    stylesDir: path.join(projectRoot, 'styles'),
    displayRoot: input.cwd,
    timeoutMs: (input.timeoutSeconds ?? 300) * 1000,
  };
}
