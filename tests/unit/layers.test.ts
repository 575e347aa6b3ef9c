/**
 * The folders of src/ are layers, and imports only go down: a command may use the pipeline, the pipeline its
 * stages, a stage the caches, the browser and the PDF code, and everything the model; never the other way. Within
 * stages/, a stage may use an earlier one, never a later one. docs/architecture.md draws the same order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli.ts';

/** Top to bottom. */
const layers = [
  'cli',
  'commands',
  'preview',
  'core',
  'features',
  'stages',
  'subset',
  'cache',
  'browser',
  'pdf',
  'index',
  'page',
  'files',
  'diagnostics',
  'model',
];

const src = path.join(projectRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|js)$/.test(entry.name) ? [file] : [];
  });
}

/** The layer of a file under src/, and for a stage its folder (`3-render`). */
function placeOf(file: string): { layer: string; stage: string | undefined } {
  const [layer = '', stage] = path.relative(src, file).split(path.sep);
  return { layer, stage: layer === 'stages' ? stage : undefined };
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) => match[1] ?? '');
}

describe('layers of src/', () => {
  const files = sourceFiles(src).filter((file) => path.dirname(file) !== src);

  it('has a layer for every folder', () => {
    const folders = readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).sort()).toEqual([...layers].sort());
  });

  it('imports only go down', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = placeOf(file);
      for (const specifier of relativeImports(file)) {
        const target = placeOf(path.resolve(path.dirname(file), specifier));
        const name = `${path.relative(src, file)} → ${specifier}`;
        if (from.layer === target.layer) {
          if (from.stage !== undefined && target.stage !== undefined && target.stage > from.stage) upward.push(name);
        } else if (layers.indexOf(target.layer) < layers.indexOf(from.layer)) {
          upward.push(name);
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
