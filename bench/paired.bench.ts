/**
 * Paired runs of the embedded runtime's end-to-end throughput (embedded-throughput.ts): two variants,
 * alternating A, B, A, B..., each run in its own process, so that a busy minute of the machine hits
 * both sides alike. A variant is a built copy of the package (a `dist` folder, e.g. one copied before
 * a change) and runtime options. Prints each pair's ratio and each side's median rate and CPU time.
 *
 * Run: npx tsx bench/paired.bench.ts [tasks] [--pairs N] [--a <dist>] [--b <dist>]
 *                                   [--a-option key=value]... [--b-option key=value]...
 *   e.g. before/after a change: cp -r dist .bench/before (then change, npm run build), and
 *        npx tsx bench/paired.bench.ts 50000 --a .bench/before
 *   e.g. an option:  npx tsx bench/paired.bench.ts 50000 --a-option backgroundCheckpoints=false
 * `<dist>` defaults to this repository's dist/ (rebuilt when stale). A copy must sit inside this
 * repository (`.bench/` is ignored by git) so that its imports find node_modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { embeddedThroughput, type Throughput, type ThroughputOptions } from './embedded-throughput.js';
import { ensureBuilt } from './shipped.js';

const argv = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const flags = (name: string): string[] => argv.flatMap((a, i) => (a === name && argv[i + 1] !== undefined ? [argv[i + 1] as string] : []));

/** `key=value` pairs as runtime options (numbers and booleans parsed). */
function runtimeOptions(pairs: readonly string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`expected key=value, got ${pair}`);
    const raw = pair.slice(at + 1);
    options[pair.slice(0, at)] = raw === 'true' ? true : raw === 'false' ? false : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return options;
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function child(): Promise<void> {
  const dist = flag('--child') as string;
  const tasks = Number(flag('--tasks'));
  const local = (await import(pathToFileURL(join(dist, 'local.js')).href)) as ThroughputOptions['local'];
  const dir = mkdtempSync(join(tmpdir(), 'sosw-paired-bench-'));
  try {
    const result = await embeddedThroughput(tasks, dir, { local, runtimeOptions: JSON.parse(flag('--options') ?? '{}') });
    console.log(JSON.stringify(result));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(dist: string, tasks: number, options: Record<string, unknown>): Throughput {
  const self = fileURLToPath(import.meta.url);
  const done = spawnSync(
    process.execPath,
    ['--import', 'tsx', self, '--child', dist, '--tasks', String(tasks), '--options', JSON.stringify(options)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 15 * 60_000,
    },
  );
  const line = (done.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  if (done.status !== 0 || line === undefined) throw new Error(`the run of ${dist} failed (exit ${done.status})`);
  return JSON.parse(line) as Throughput;
}

async function main(): Promise<void> {
  if (flag('--child') !== undefined) return child();
  const tasks = Number(argv.find((a) => /^\d+$/.test(a)) ?? 50_000);
  const pairs = Number(flag('--pairs') ?? 6);
  ensureBuilt();
  const sides = {
    A: { dist: resolve(flag('--a') ?? join(root, 'dist')), options: runtimeOptions(flags('--a-option')) },
    B: { dist: resolve(flag('--b') ?? join(root, 'dist')), options: runtimeOptions(flags('--b-option')) },
  };
  console.log(`Paired runs, ${tasks} no-op tasks, ${pairs} pairs`);
  for (const [name, side] of Object.entries(sides)) console.log(`  ${name}: ${side.dist} ${JSON.stringify(side.options)}`);
  const results: Record<'A' | 'B', Throughput[]> = { A: [], B: [] };
  console.log('\n| pair | A (tasks/s) | B (tasks/s) | B / A | A CPU s | B CPU s |\n| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (let i = 1; i <= pairs; i += 1) {
    const a = run(sides.A.dist, tasks, sides.A.options);
    const b = run(sides.B.dist, tasks, sides.B.options);
    results.A.push(a);
    results.B.push(b);
    const cpu = (t: Throughput): string => (t.tasks / t.perCpuSecond).toFixed(2);
    console.log(
      `| ${i} | ${Math.round(a.perSecond)} | ${Math.round(b.perSecond)} | ${(b.perSecond / a.perSecond).toFixed(2)} | ${cpu(a)} | ${cpu(b)} |`,
    );
  }
  const rate = (side: 'A' | 'B'): number => median(results[side].map((t) => t.perSecond));
  const cpuSeconds = (side: 'A' | 'B'): number => median(results[side].map((t) => t.tasks / t.perCpuSecond));
  console.log(
    `\nMedians: A ${Math.round(rate('A'))} tasks/s (${cpuSeconds('A').toFixed(2)} CPU s), B ${Math.round(rate('B'))} tasks/s (${cpuSeconds('B').toFixed(2)} CPU s): B / A ${(rate('B') / rate('A')).toFixed(3)}x`,
  );
  console.log(JSON.stringify({ bench: 'paired', tasks, pairs, sides, a: results.A, b: results.B, ratio: rate('B') / rate('A') }));
}

await main();
