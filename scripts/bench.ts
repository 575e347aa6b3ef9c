/**
 * `npm run bench`: kompendium against bare pagedjs-cli on the same composed HTML, on an idle machine and with one
 * core kept busy; batch builds; a synthetic edition with 10× the cards; a batch after one card changed; and
 * `build --watch` rebuilding after one card was saved. For each: whole-process wall time (median of several runs
 * after a warm-up), the CPU time (user + system) of the whole process tree, Chromium's processes included
 * (scripts/tree-cpu.py adopts the processes Chromium leaves behind and counts them too), and the peak memory of the
 * tree (PSS sampled from /proc every 100 ms, in one more run of its own, because reading /proc takes CPU time from
 * the command being timed). It prints the ratios the performance issues set as targets, measured in this one run,
 * whether each is met and by how much it is missed, as a Markdown block; `npm run bench -- --docs` also writes that
 * block into docs/performance.md. Nothing here is a test: speed is measured, not asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'src/bin.js');
const pagedjsCli = path.join(root, 'node_modules/.bin/pagedjs-cli');
const chromium = '/usr/lib/chromium/chromium';

interface Sample {
  seconds: number;
  peakMiB: number;
  /** CPU time (user + system) of the whole process tree, Chromium's processes included. */
  cpuSeconds: number;
}

const treeCpu = path.join(root, 'scripts/tree-cpu.py');

/** Clock ticks per second, the unit of the CPU times in /proc/<pid>/stat. */
const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** The parent of every process now running (from /proc/<pid>/stat). */
function processParents(): Map<number, number> {
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
  return parents;
}

/** A process and all its descendants now running. */
function processTree(rootPid: number): Set<number> {
  const parents = processParents();
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
  return tree;
}

/**
 * CPU seconds used so far by a running process tree: each process's own time and that of its reaped children
 * (utime, stime, cutime, cstime). Under tree-cpu.py every orphan is the wrapper's child, so what ended is counted
 * in the wrapper's cutime and cstime.
 */
function treeCpuSeconds(rootPid: number): number {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended meanwhile: its time is its parent's now.
    }
  }
  return ticks / ticksPerSecond;
}

/**
 * Memory of a process and all its descendants, in bytes: the sum of their proportional set sizes (PSS), which
 * counts a page shared by several processes (Chromium's processes share libraries and buffers) once in all, where
 * a sum of resident sizes would count it once per process.
 */
function treePss(rootPid: number): number {
  const tree = processTree(rootPid);
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

/** What a run measures: its wall time only, or also its memory (which slows it down a little). */
type Measured = 'time' | 'memory';

/**
 * Runs a command to its end under tree-cpu.py: wall time, the CPU time of its whole process tree and, when asked,
 * its peak memory.
 */
function measure(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  measured: Measured = 'time',
): Promise<Sample> {
  const report = path.join(scratch(), 'cpu.json');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('python3', [treeCpu, report, '--', command, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    const timer =
      measured === 'memory'
        ? setInterval(() => {
            if (child.pid !== undefined) peak = Math.max(peak, treePss(child.pid));
          }, 100)
        : undefined;
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${stderr}`));
        return;
      }
      const cpu = JSON.parse(readFileSync(report, 'utf8')) as { user: number; system: number };
      resolve({ seconds, peakMiB: peak / 1024 / 1024, cpuSeconds: cpu.user + cpu.system });
    });
  });
}

/** The middle value (of an odd count; the upper middle of an even one). */
const middle = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;

/** The median wall time of `runs` timed runs after a warm-up, and the peak memory of one more run. */
async function median(label: string, runs: number, run: (measured: Measured) => Promise<Sample>): Promise<Sample> {
  process.stderr.write(`${label}: warm-up`);
  await run('time');
  const seconds: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(` ${String(i + 1)}`);
    const sample = await run('time');
    seconds.push(sample.seconds);
    cpu.push(sample.cpuSeconds);
  }
  process.stderr.write(' memory');
  const { peakMiB } = await run('memory');
  const sorted = [...seconds].sort((x, y) => x - y);
  process.stderr.write(` (${sorted.map((value) => value.toFixed(2)).join(', ')} s)\n`);
  return { seconds: middle(seconds), peakMiB, cpuSeconds: middle(cpu) };
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

/**
 * A bounded CPU hog for the busy-core runs: one Node process spinning on one core, for at most `limitMs` (it stops
 * by itself if the benchmark dies), stopped by `stop`.
 */
function startCpuHog(limitMs: number): { stop: () => Promise<void> } {
  const hog = spawn(
    process.execPath,
    ['-e', `const end = Date.now() + ${String(limitMs)}; while (Date.now() < end);`],
    {
      stdio: 'ignore',
    },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        if (hog.exitCode !== null) resolve();
        hog.once('exit', () => {
          resolve();
        });
        hog.kill('SIGKILL');
      }),
  };
}

/** One watch round: from the card's write to the edition PDF's rename, to the round's end, and its CPU time. */
interface WatchSample {
  renameSeconds: number;
  roundSeconds: number;
  cpuSeconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `kompendium build --watch` (with `extra` flags) on a copy of entries/: after its first build, card 3 is saved
 * with another amount `runs + 1` times (the first is a warm-up), and each time the benchmark polls for the edition
 * PDF's rename (a new inode) and for the round's closing line. CPU time is that of the watch's whole process tree
 * (Chromium's processes included) from the write to the round's end.
 */
async function measureWatch(extra: string[], runs: number): Promise<WatchSample> {
  const entries = path.join(scratch(), 'entries');
  cpSync(path.join(root, 'entries'), entries, { recursive: true });
  const out = scratch();
  const pdf = path.join(out, 'handlungsansaetze-2013.pdf');
  const card = path.join(entries, 'teil2/03-bg-coaching.md');
  const original = readFileSync(card, 'utf8');
  const command = [process.execPath, bin, 'build', '--watch', ...extra, '--entries', entries, '--out', out];
  // A process group of its own: Ctrl-C at the end goes to the watch as from a terminal (tree-cpu.py ignores it and
  // waits for the tree to end).
  const child = spawn('python3', [treeCpu, path.join(scratch(), 'cpu.json'), '--', ...command], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const wrapper = child.pid ?? 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const until = async (done: () => boolean, what: string): Promise<void> => {
    const limit = Date.now() + 120_000;
    while (!done()) {
      if (child.exitCode !== null) throw new Error(`build --watch ended: ${stderr}`);
      if (Date.now() > limit) throw new Error(`build --watch: no ${what} within 120 s: ${stderr}`);
      await sleep(2);
    }
  };
  await until(() => stderr.includes('Watching '), 'first build');
  const samples: WatchSample[] = [];
  for (let i = 0; i <= runs; i++) {
    const from = stderr.length;
    const inode = statSync(pdf).ino;
    const cpuBefore = treeCpuSeconds(wrapper);
    const started = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    writeFileSync(card, original.replace('89.775,- €', `${String(90 + i)}.000,- €`));
    let renameSeconds = 0;
    await until(() => {
      if (renameSeconds === 0 && statSync(pdf).ino !== inode) renameSeconds = elapsed();
      return /[✓✗] [^\n]*03-bg-coaching\.md: [^\n]*\n/.test(stderr.slice(from));
    }, 'round');
    const roundSeconds = elapsed();
    if (!/✓ [^\n]*03-bg-coaching\.md: [^\n]*written/.test(stderr.slice(from)))
      throw new Error(`build --watch did not write the PDF: ${stderr.slice(from)}`);
    if (renameSeconds === 0) throw new Error(`build --watch reported a written PDF, but ${pdf} was not replaced`);
    if (i > 0) samples.push({ renameSeconds, roundSeconds, cpuSeconds: treeCpuSeconds(wrapper) - cpuBefore });
    process.stderr.write(` ${renameSeconds.toFixed(2)}`);
    // Editors do not save twice within a few milliseconds; neither does the benchmark.
    await sleep(300);
  }
  const ended = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-wrapper, 'SIGINT');
  await ended;
  return {
    renameSeconds: middle(samples.map((sample) => sample.renameSeconds)),
    roundSeconds: middle(samples.map((sample) => sample.roundSeconds)),
    cpuSeconds: middle(samples.map((sample) => sample.cpuSeconds)),
  };
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (spawnSync('python3', ['--version']).status !== 0) {
    process.stderr.write(
      'bench: python3 is needed to count the CPU time of the processes Chromium leaves behind (scripts/tree-cpu.py): apt-get install python3\n',
    );
    process.exit(2);
  }
  // A source newer than the compiled CLI makes `kompendium` run through tsx, which starts slower: measure what users
  // run after the set-up.
  const compiled = spawnSync('npm', ['run', '--silent', 'compile'], { cwd: root, stdio: 'inherit' });
  if (compiled.status !== 0) throw new Error('npm run compile failed');
  const build =
    (...args: string[]) =>
    (measured: Measured) =>
      measure(process.execPath, [bin, 'build', ...args, '--out', scratch()], {}, measured);
  // The first builds after a pause run slower, each a little less (docs/performance.md): the machine warms up
  // before anything is measured, so that (a), measured first, is not the one that pays for it.
  process.stderr.write('machine warm-up');
  for (let i = 0; i < 3; i++) await build('--no-cache')('time');
  process.stderr.write('\n');
  const a = await median('a  kompendium build', runs, build('--no-cache'));
  const html = scratch();
  await measure(process.execPath, [bin, 'build', '--no-cache', '--out', scratch(), '--html', html]);
  const bare = (measured: Measured): Promise<Sample> =>
    measure(
      pagedjsCli,
      [
        path.join(html, 'handlungsansaetze-2013.html'),
        '-o',
        path.join(scratch(), 'bare.pdf'),
        '--browserArgs=--no-sandbox',
      ],
      { PUPPETEER_EXECUTABLE_PATH: chromium },
      measured,
    );
  const b = await median('b  bare pagedjs-cli', runs, bare);
  // One core busy: the hog runs through the runs of (a) and (b) and is stopped after them.
  const hog = startCpuHog(30 * 60_000);
  let aBusy: Sample;
  let bBusy: Sample;
  try {
    aBusy = await median('a  kompendium build, one core busy', runs, build('--no-cache'));
    bBusy = await median('b  bare pagedjs-cli, one core busy', runs, bare);
  } finally {
    await hog.stop();
  }
  const c = await median('c  kompendium build --all', runs, build('--all', '--no-cache'));
  const one = syntheticEdition(1);
  const ten = syntheticEdition(10);
  const d1 = await median('d1 synthetic 1×', runs, build('--no-cache', '--entries', one));
  const d10 = await median('d10 synthetic 10×', Math.max(1, runs - 1), build('--no-cache', '--entries', ten));
  const e = await median('e  --all after one card changed', runs, async (measured) => {
    const entries = path.join(scratch(), 'entries');
    cpSync(path.join(root, 'entries'), entries, { recursive: true });
    const out = scratch();
    await measure(process.execPath, [bin, 'build', '--all', '--entries', entries, '--out', out]);
    const card = path.join(entries, 'teil2/03-bg-coaching.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('89.775,- €', '90.000,- €'));
    return measure(process.execPath, [bin, 'build', '--all', '--entries', entries, '--out', out], {}, measured);
  });
  process.stderr.write('w  build --watch, one card saved: warm-up');
  const w = await measureWatch([], runs);
  process.stderr.write(' s\nwa build --watch --all, one card saved: warm-up');
  const wAll = await measureWatch(['--all'], runs);
  process.stderr.write(' s\n');
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
  const rows: Target[] = [
    { name: 'a / b (kompendium / bare pagedjs-cli), wall', value: ratio(a, b), limit: 0.5, digits: 2 },
    { name: 'a / b, wall, one core busy', value: ratio(aBusy, bBusy), limit: 0.6, digits: 2 },
    { name: 'a / b, CPU of the process tree', value: a.cpuSeconds / b.cpuSeconds, limit: 0.5, digits: 2 },
    { name: 'c / a (--all / edition)', value: ratio(c, a), limit: 2.0, digits: 2 },
    { name: 'd10 / d1 (10× / 1× cards)', value: ratio(d10, d1), limit: 11, digits: 2 },
    { name: 'e / c (--all after one card changed / --all)', value: ratio(e, c), limit: 0.3, digits: 2 },
    { name: 'peak memory of d10, MiB', value: d10.peakMiB, limit: 2048, digits: 0 },
    { name: 'w: watch, one card saved → edition PDF renamed, s', value: w.renameSeconds, limit: 0.8, digits: 2 },
    { name: 'wa: watch --all, one card saved → round done, s', value: wAll.roundSeconds, limit: 1.5, digits: 2 },
  ];
  const figures: [string, Sample][] = [
    ['a', a],
    ['b', b],
    ['a, one core busy', aBusy],
    ['b, one core busy', bBusy],
    ['c', c],
    ['d1', d1],
    ['d10', d10],
    ['e', e],
  ];
  const block = [
    `Machine: ${String(os.cpus().length)} cores, ${String(Math.round(os.totalmem() / 2 ** 30))} GiB, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; wall time: median of ${plural(runs, 'run')} after a warm-up (d10: ${plural(Math.max(1, runs - 1), 'run')}); peak memory: one more run`,
    '',
    '| run | wall time | CPU time (process tree) | peak memory (process tree, PSS) |',
    '| --- | --- | --- | --- |',
    ...figures.map(
      ([name, sample]) =>
        `| ${name} | ${sample.seconds.toFixed(2)} s | ${sample.cpuSeconds.toFixed(2)} s | ${sample.peakMiB.toFixed(0)} MiB |`,
    ),
    '',
    `Watch rounds (median of ${plural(runs, 'save')} after a warm-up; CPU of the watch's process tree from the write to the round's end):`,
    '',
    '| run | write → edition PDF renamed | write → round done | CPU time |',
    '| --- | --- | --- | --- |',
    ...(
      [
        ['w: build --watch', w],
        ['wa: build --watch --all', wAll],
      ] as const
    ).map(
      ([name, sample]) =>
        `| ${name} | ${sample.renameSeconds.toFixed(2)} s | ${sample.roundSeconds.toFixed(2)} s | ${sample.cpuSeconds.toFixed(2)} s |`,
    ),
    '',
    '| target | measured | limit | result |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) => `| ${row.name} | ${row.value.toFixed(row.digits)} | ≤ ${String(row.limit)} | ${verdict(row)} |`,
    ),
    '',
    `Time per stage of (a), from \`kompendium build --timings\`: ${Object.entries(timings)
      .map(([stage, seconds]) => `${stage} ${seconds.toFixed(2)} s`)
      .join(', ')}`,
  ].join('\n');
  process.stdout.write(`${block}\n`);
  if (options.docs) await writeIntoDocs(block);
}

const plural = (count: number, noun: string): string => `${String(count)} ${noun}${count === 1 ? '' : 's'}`;

/** A target of the performance issue: a measured value that must not exceed its limit. */
interface Target {
  name: string;
  value: number;
  limit: number;
  digits: number;
}

/** "met", or by how much the value is over its limit. */
function verdict({ value, limit, digits }: Target): string {
  if (value <= limit) return 'met';
  const over = value - limit;
  return `missed by ${over.toFixed(digits)} (${((over / limit) * 100).toFixed(0)} % over)`;
}

const docsFile = 'docs/performance.md';
const docsBegin = '<!-- bench:begin (written by npm run bench -- --docs) -->';
const docsEnd = '<!-- bench:end -->';

/** Replaces the results block in docs/performance.md (between its markers), formatted as the project does Markdown. */
async function writeIntoDocs(block: string): Promise<void> {
  const file = path.join(root, docsFile);
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(docsBegin);
  const end = text.indexOf(docsEnd);
  if (begin === -1 || end < begin) throw new Error(`${docsFile} has no ${docsBegin} … ${docsEnd} block to replace`);
  const updated = `${text.slice(0, begin + docsBegin.length)}\n\n${block}\n\n${text.slice(end)}`;
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(updated, { ...config, filepath: file }));
  process.stderr.write(`${docsFile}: results block rewritten\n`);
}

const usage = `Usage: npm run bench [-- --docs]

Measures kompendium against bare pagedjs-cli (also with one core kept busy), --all, a 10× edition, --all after
one card changed and build --watch after one card was saved: wall time and the CPU time of the whole process
tree (several minutes; needs python3; see ${docsFile}), and prints the results as a Markdown block.

  --docs      also write the block into ${docsFile}, between its bench:begin and bench:end markers
  -h, --help  show this help

BENCH_RUNS sets the number of timed runs per measurement (default 3).
`;

/** The command line, read before anything runs: a mistyped option must not cost a run of several minutes. */
function parseOptions(args: readonly string[]): { docs: boolean } {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const unknown = args.filter((arg) => arg !== '--docs');
  if (unknown.length > 0) {
    const renamed = unknown.includes('--readme') ? ` (--readme is now --docs: the results live in ${docsFile})` : '';
    process.stderr.write(`bench: unknown option ${unknown.join(' ')}${renamed}\n\n${usage}`);
    process.exit(2);
  }
  return { docs: args.includes('--docs') };
}

const options = parseOptions(process.argv.slice(2));
await main();
