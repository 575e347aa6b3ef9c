/**
 * The renderer: one browser for several documents, nothing loaded from outside the project, a watchdog for renders
 * that hang, and no Chromium process or profile folder left behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/browser/chromium.ts';
import { RenderTimeoutError } from '../../src/diagnostics/run-errors.ts';
import { openRenderer, type Renderer } from '../../src/stages/5-paginate/paginate.ts';
import type { ComposedDocument } from '../../src/model/types.ts';

function documentWith(body: string, head = ''): ComposedDocument {
  return {
    html: `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>T</title><style>@page { size: A4 }</style>${head}</head><body>${body}</body></html>`,
    assets: new Map(),
    title: 'T',
  };
}

/** Chromium processes started from this test process (other builds on the machine do not count). */
function chromiumProcesses(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }));
  const ours = new Set([process.pid]);
  for (let grown = true; grown;) {
    grown = false;
    for (const row of rows) {
      if (ours.has(row.ppid) && !ours.has(row.pid)) {
        ours.add(row.pid);
        grown = true;
      }
    }
  }
  return rows.filter((row) => ours.has(row.pid) && row.args.includes('kompendium-chromium-')).length;
}

/**
 * The renderers of this file keep their Chromium profiles in a temporary folder of the file's own (vitest runs each
 * test file in its own process), so that what the last test finds there is theirs, whatever else runs.
 */
const ownTmp = mkdtempSync(path.join(os.tmpdir(), 'kompendium-paginate-'));

function profileFolders(): string[] {
  return readdirSync(ownTmp).filter((name) => name.startsWith('kompendium-chromium-'));
}

describe('openRenderer', () => {
  let renderer: Renderer;
  const machineTmp = process.env.TMPDIR;

  beforeAll(async () => {
    process.env.TMPDIR = ownTmp;
    renderer = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 20_000 });
  });

  afterAll(async () => {
    await renderer.close();
    if (machineTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = machineTmp;
  });

  it('renders several documents with one browser, each with its own page count', async () => {
    const one = await renderer.render(documentWith('<p>Eins</p>'));
    const three = await renderer.render(
      documentWith('<p>A</p><p class="new">B</p><p class="new">C</p>', '<style>.new { break-before: page }</style>'),
    );
    expect(one.pages).toBe(1);
    expect(three.pages).toBe(3);
    expect(Buffer.from(three.pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('loads nothing from the network and reports what the document asked for', async () => {
    const result = await renderer.render(
      documentWith(
        '<p>Text</p><img src="https://example.org/logo.png">',
        '<link rel="stylesheet" href="/missing.css">',
      ),
    );
    const messages = result.problems.map((problem) => `${problem.rule}: ${problem.message}`).join('\n');
    expect(messages).toContain('resource-not-loaded: The document asked for https://example.org/logo.png');
    expect(messages).toContain('http://kompendium.invalid/missing.css');
  });

  it('reports content that does not fit on a page instead of clipping it silently', async () => {
    // A block of fixed height cannot be split: its text at the bottom lies beyond the page.
    const result = await renderer.render(
      documentWith('<div style="height: 400mm; display: flex; align-items: flex-end">Unten im Block</div>'),
    );
    const wide = await renderer.render(documentWith(`<p>${'Wort'.repeat(100)}</p>`));
    expect(wide.problems.map((problem) => problem.message).join('\n')).toContain('begins "WortWort');
    expect(result.problems.map((problem) => problem.rule)).toContain('content-overflow');
  });

  it('stops a render that hangs within the time limit, kills its browser, and renders again afterwards', async () => {
    const hanging = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 3_000 });
    const started = Date.now();
    await expect(hanging.render(documentWith('<p>x</p><script>while (true) {}</script>'))).rejects.toBeInstanceOf(
      RenderTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    const after = await hanging.render(documentWith('<p>wieder da</p>'));
    expect(after.pages).toBe(1);
    await hanging.close();
  });

  it('leaves no Chromium process and no profile folder behind', async () => {
    const extra = await openRenderer({ chromiumPath: findChromium(process.env), timeoutMs: 20_000 });
    await extra.render(documentWith('<p>x</p>'));
    await extra.close();
    await renderer.close();
    expect(chromiumProcesses()).toBe(0);
    expect(profileFolders()).toEqual([]);
  });
});
