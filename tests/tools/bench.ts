/**
 * `npm run bench`: kompendium against bare pagedjs-cli on the same composed HTML, batch builds, a synthetic
 * edition with 10× the cards, and a batch after one card changed. Whole-process wall time and the peak memory of
 * the whole process tree (Chromium included, PSS sampled from /proc every 100 ms), medians of several runs after a warm-up. It
 * prints the ratios the performance issue sets as targets, measured in this one run, and a Markdown table for the
 * README. Nothing here is a test: speed is measured, not asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'src/bin.js');
const pagedjsCli = path.join(root, 'node_modules/.bin/pagedjs-cli');
const chromium = '/usr/lib/chromium/chromium';

interface Sample {
  seconds: number;
  peakMiB: number;
}

/**
 * Memory of a process and all its descendants, in bytes: the sum of their proportional set sizes (PSS), which
 * counts a page shared by several processes (Chromium's processes share libraries and buffers) once in all, where
 * a sum of resident sizes would count it once per process.
 */
function treePss(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const tree = new Set([rootPid]);
  for (let grown = true; grown;) {
    grown = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grown = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** Runs a command to its end; wall time and the peak memory of its process tree. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, treePss(child.pid));
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${stderr}`));
      else resolve({ seconds, peakMiB: peak / 1024 / 1024 });
    });
  });
}

async function median(label: string, runs: number, run: () => Promise<Sample>): Promise<Sample> {
  process.stderr.write(`${label}: warm-up`);
  await run();
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(` ${String(i + 1)}`);
    samples.push(await run());
  }
  process.stderr.write('\n');
  const mid = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { seconds: mid(samples.map((s) => s.seconds)), peakMiB: Math.max(...samples.map((s) => s.peakMiB)) };
}

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'kompendium-bench-'));

/** A copy of entries/ with every card repeated `times` times under new ids (no brochures). */
function syntheticEdition(times: number): string {
  const dir = path.join(scratch(), 'entries');
  cpSync(path.join(root, 'entries'), dir, { recursive: true });
  rmSync(path.join(dir, 'brochures.md'));
  const teil2 = path.join(dir, 'teil2');
  const cards = readdirSync(teil2).filter((name) => /^\d\d-/.test(name) && !name.startsWith('00-'));
  for (let copy = 2; copy <= times; copy++) {
    for (const name of cards) {
      const text = readFileSync(path.join(teil2, name), 'utf8').replace(/^id: (.*)$/m, `id: $1-${String(copy)}`);
      writeFileSync(path.join(teil2, `${String(copy).padStart(2, '0')}x${name}`), text);
    }
  }
  return dir;
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const build =
    (...args: string[]) =>
    () =>
      measure(process.execPath, [bin, 'build', ...args, '--out', scratch()]);
  const a = await median('a  kompendium build', runs, build('--no-cache'));
  const html = scratch();
  await measure(process.execPath, [bin, 'build', '--no-cache', '--out', scratch(), '--html', html]);
  const b = await median('b  bare pagedjs-cli', runs, () =>
    measure(
      pagedjsCli,
      [
        path.join(html, 'handlungsansaetze-2013.html'),
        '-o',
        path.join(scratch(), 'bare.pdf'),
        '--browserArgs=--no-sandbox',
      ],
      {
        PUPPETEER_EXECUTABLE_PATH: chromium,
      },
    ),
  );
  const c = await median('c  kompendium build --all', runs, build('--all', '--no-cache'));
  const one = syntheticEdition(1);
  const ten = syntheticEdition(10);
  const d1 = await median('d1 synthetic 1×', runs, () =>
    measure(process.execPath, [bin, 'build', '--no-cache', '--entries', one, '--out', scratch()]),
  );
  const d10 = await median('d10 synthetic 10×', Math.max(1, runs - 1), () =>
    measure(process.execPath, [bin, 'build', '--no-cache', '--entries', ten, '--out', scratch()]),
  );
  const e = await median('e  --all after one card changed', runs, async () => {
    const entries = path.join(scratch(), 'entries');
    cpSync(path.join(root, 'entries'), entries, { recursive: true });
    const out = scratch();
    await measure(process.execPath, [bin, 'build', '--all', '--entries', entries, '--out', out]);
    const card = path.join(entries, 'teil2/03-bg-coaching.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('89.775,- €', '90.000,- €'));
    return measure(process.execPath, [bin, 'build', '--all', '--entries', entries, '--out', out]);
  });
  const stageRun = spawnSync(
    process.execPath,
    [bin, 'build', '--no-cache', '--timings', '--json', '--out', scratch()],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const timings = (JSON.parse(stageRun.stdout) as { timings: Record<string, number> }).timings;
  const ratio = (x: Sample, y: Sample): number => x.seconds / y.seconds;
  const rows: [string, string, string][] = [
    ['a / b (kompendium / bare pagedjs-cli)', ratio(a, b).toFixed(2), '≤ 0.55'],
    ['c / a (--all / edition)', ratio(c, a).toFixed(2), '≤ 2.0'],
    ['d10 / d1 (10× / 1× cards)', ratio(d10, d1).toFixed(2), '≤ 11'],
    ['e / c (--all after one card changed / --all)', ratio(e, c).toFixed(2), '≤ 0.3'],
  ];
  const figures: [string, Sample][] = [
    ['a', a],
    ['b', b],
    ['c', c],
    ['d1', d1],
    ['d10', d10],
    ['e', e],
  ];
  const lines = [
    `Machine: ${String(os.cpus().length)} cores, ${String(Math.round(os.totalmem() / 2 ** 30))} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; medians of ${String(runs)} runs after a warm-up`,
    '',
    '| run | wall time | peak memory (process tree, PSS) |',
    '| --- | --- | --- |',
    ...figures.map(([name, s]) => `| ${name} | ${s.seconds.toFixed(2)} s | ${s.peakMiB.toFixed(0)} MiB |`),
    '',
    '| ratio | measured | target |',
    '| --- | --- | --- |',
    ...rows.map(([name, value, target]) => `| ${name} | ${value} | ${target} |`),
    '',
    `Time per stage of (a), from \`kompendium build --timings\`: ${Object.entries(timings)
      .map(([stage, seconds]) => `${stage} ${seconds.toFixed(2)} s`)
      .join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
