/**
 * `kompendium preview`, driven as an editor uses it: the real CLI serves a scratch edition, headless Chromium
 * opens the page, and the test edits entry files on disk and watches the page change by itself.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, launchChromium, type RunningBrowser } from '../../src/browser/chromium.ts';
import { copyFixtureEdition, projectRoot, runCli } from '../helpers/cli.ts';
import { pageCount } from '../helpers/pdf.ts';

const bin = path.join(projectRoot, 'src/bin.js');

interface RunningPreviewProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
}

/** Starts `kompendium preview --port 0` and waits for the address it prints on stdout. */
async function startPreviewProcess(cwd: string, args: string[] = []): Promise<RunningPreviewProcess> {
  const child = spawn(process.execPath, [bin, 'preview', '--entries', 'entries', '--port', '0', ...args], { cwd });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined) resolve(line.trim());
    });
    child.on('exit', (code) => {
      reject(new Error(`preview exited with ${String(code)}: ${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

async function openPreview(browser: RunningBrowser, url: string): Promise<Page> {
  const page = await browser.browser.newPage();
  await page.setViewport({ width: 1000, height: 900 });
  await page.goto(url);
  await waitUntilReady(page);
  return page;
}

async function waitUntilReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.kompendiumPreview === 'ready', {
    timeout: 30_000,
  });
}

/**
 * Waits until the page, reloaded by itself or not, is laid out and shows the text. Polls instead of using
 * waitForFunction, whose wait does not survive the page's own reload.
 */
async function waitForText(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const shown = await page
      .evaluate(
        (wanted) =>
          document.documentElement.dataset.kompendiumPreview === 'ready' && document.body.innerText.includes(wanted),
        text,
      )
      .catch(() => false);
    if (shown) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The preview did not show "${text}" within ${String(timeoutMs)} ms`);
}

const pagesShown = (page: Page): Promise<number> =>
  page.evaluate(() => document.querySelectorAll('.pagedjs_page').length);

describe('kompendium preview', () => {
  let dir: string;
  let preview: RunningPreviewProcess;
  let browser: RunningBrowser;
  const card = (): string => path.join(dir, 'entries/teil2/02-amiga.md');

  beforeAll(async () => {
    dir = copyFixtureEdition();
    preview = await startPreviewProcess(dir);
    browser = await launchChromium(findChromium(process.env));
  }, 60_000);

  afterAll(async () => {
    await browser.close();
    preview.child.kill('SIGINT');
  });

  it('prints a loopback address and listens on loopback only', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = Number(new URL(preview.url).port);
    const outward = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
    if (outward !== undefined) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: outward.address, port });
        socket.on('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => {
          resolve(true);
        });
      });
      expect(refused, `connecting on ${outward.address}`).toBe(true);
    }
    // A page of another site that resolves its name to 127.0.0.1 (DNS rebinding) is refused.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', headers: { host: `example.com:${String(port)}` } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        })
        .on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('paginates in the page exactly as the PDF does', async () => {
    const page = await openPreview(browser, preview.url);
    const built = runCli(['build', '--entries', 'entries', '--out', 'out'], { cwd: dir });
    expect(built.status, built.stderr).toBe(0);
    expect(await pagesShown(page)).toBe(pageCount(path.join(dir, 'out/fixture-2013.pdf')));
    expect(await page.evaluate(() => document.body.innerText)).toContain('AmigA');
    await page.close();
  });

  it('shows an edited entry without a manual reload, at the place being read', async () => {
    const page = await openPreview(browser, preview.url);
    const offset = 120;
    await page.evaluate((down) => {
      const first = document.querySelector('.pagedjs_page [data-card="amiga"]')?.closest('.pagedjs_page');
      if (!first) throw new Error('no page of the card');
      window.scrollTo(0, first.getBoundingClientRect().top + window.scrollY + down);
    }, offset);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    writeFileSync(card(), readFileSync(card(), 'utf8').replace('Seit 2005', 'Seit 2005 Vorschautext'));
    await waitForText(page, 'Vorschautext');
    // The page reloaded by itself (the marker set before is gone) and came back to the card being read.
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBeUndefined();
    const cardTop = await page.evaluate(() => {
      const first = document.querySelector('.pagedjs_page [data-card="amiga"]')?.closest('.pagedjs_page');
      return first?.getBoundingClientRect().top;
    });
    expect(cardTop).toBeCloseTo(-offset, -1);
    await page.close();
  });

  it('shows a broken entry in an overlay with its position, keeping the last good pages', async () => {
    const page = await openPreview(browser, preview.url);
    const before = await pagesShown(page);
    const good = readFileSync(card(), 'utf8');
    writeFileSync(card(), good.replace('code: DE-BB', 'code: DE-XX'));
    await page.waitForSelector('.kompendium-overlay:not([hidden])', { timeout: 20_000 });
    const overlay = await page.$eval('.kompendium-overlay', (element) => element.textContent);
    expect(overlay).toMatch(/entries\/teil2\/02-amiga\.md:\d+:\d+ error/);
    expect(overlay).toContain('last good document');
    expect(await pagesShown(page)).toBe(before);
    expect(await page.evaluate(() => document.body.innerText)).toContain('AmigA');
    expect(preview.stderr()).toMatch(/entries\/teil2\/02-amiga\.md:\d+:\d+ {2}error/);

    writeFileSync(card(), good.replace('Seit 2005', 'Seit 2005 wieder gut'));
    await waitForText(page, 'wieder gut');
    expect(await page.$eval('.kompendium-overlay', (element) => (element as HTMLElement).hidden)).toBe(true);
    await page.close();
  });

  it('shows content that would be clipped, as the build would report it', async () => {
    const good = readFileSync(card(), 'utf8');
    // A string wider than the page with no break point: the layout in the page cannot fit it.
    writeFileSync(card(), good.replace('Seit 2005', `Seit 2005 ${'0123456789'.repeat(20)}`));
    const page = await openPreview(browser, preview.url);
    await waitForText(page, '0123456789');
    const overlay = await page.$eval('.kompendium-overlay', (element) => element.textContent);
    expect(overlay).toContain('does not fit on the page');
    expect(overlay).toContain('card amiga, field "Handlungszeitraum"');
    expect(overlay).toContain('the PDF would not be written');
    writeFileSync(card(), good);
    await page.close();
  });

  it('stops cleanly on Ctrl-C', async () => {
    const { child, url } = await startPreviewProcess(dir);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('kompendium preview, under faults', () => {
  it('a port in use is reported at once, before any build, with exit 2', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = runCli(['preview', '--entries', 'entries', '--port', String(port)], { cwd: copyFixtureEdition() });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`Port ${String(port)} on 127.0.0.1 is in use`);
      expect(result.stderr).not.toContain('rebuilt');
    } finally {
      blocker.close();
    }
  });

  it('survives a save with a YAML alias bomb: reports it at its position and keeps serving', async () => {
    const dir = copyFixtureEdition();
    const running = await startPreviewProcess(dir);
    try {
      const file = path.join(dir, 'entries/teil2/02-amiga.md');
      const bomb = Array.from(
        { length: 8 },
        (_, i) =>
          `l${String(i + 1)}: &l${String(i + 1)} [${Array(9)
            .fill(`*l${String(i)}`)
            .join(', ')}]`,
      );
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('kind: card\n', `kind: card\nl0: &l0 [x]\n${bomb.join('\n')}\n`),
      );
      const until = Date.now() + 20_000;
      while (!running.stderr().includes('not rebuilt') && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      expect(running.stderr()).toMatch(/entries\/teil2\/02-amiga\.md:4:\d+ {2}error .*The alias \*l0/);
      expect(running.child.exitCode).toBeNull();
      expect((await fetch(running.url)).status).toBe(200);
    } finally {
      running.child.kill('SIGINT');
    }
  });

  it('--open where no desktop browser opens says so, with the address to open by hand', async () => {
    const dir = copyFixtureEdition();
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    // xdg-open as on a server without a desktop: it finds no browser and exits 3.
    writeFileSync(path.join(bin, 'xdg-open'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
    const child = spawn(
      process.execPath,
      [path.join(projectRoot, 'src/bin.js'), 'preview', '--entries', 'entries', '--port', '0', '--open'],
      {
        cwd: dir,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const until = Date.now() + 20_000;
      while (!stderr.includes('Could not open a browser') && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      expect(stderr).toMatch(
        /Could not open a browser \(xdg-open exited with code 3: no desktop browser\?\); open http:\/\/127\.0\.0\.1:\d+\/ yourself/,
      );
    } finally {
      child.kill('SIGINT');
    }
  });
});

describe('kompendium preview, refusing', () => {
  it('exits 2 naming the brochures when --brochure names none', () => {
    const result = runCli(['preview', '--brochure', 'nirgendwo', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('There is no brochure "nirgendwo"');
  });
});
