/**
 * Task store benchmark (SQLite, temp files in WAL mode): enqueue rate at 100k and 1M tasks, claim
 * rate, and the latency of the orchestrator's hot queries at queue lengths 1k and 1M.
 * Run: npx tsx bench/task-store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore } from '../src/sqlite.js';

const NOW = 1_700_000_000;
const INVOKED = NOW + 31_557_600;
const LABOURER = 'bench_worker';
const RUNNING = 100;
const LATENCY_SAMPLES = 3000;

const dir = mkdtempSync(join(tmpdir(), 'sosw-bench-'));
let dbCount = 0;
function freshStore(): SqliteTaskStore {
  dbCount += 1;
  return new SqliteTaskStore({ path: join(dir, `store-${dbCount}.db`) });
}

function payload(i: number): string {
  return `{"section":"s${i % 97}","date_list":["2024-01-${String((i % 28) + 1).padStart(2, '0')}"],"n":${i}}`;
}

/** A rate over wall-clock time and over this process's CPU time (robust when other processes share the cores). */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

function rateSince(count: number, started: number, cpu0: NodeJS.CpuUsage): Rate {
  const cpu = process.cpuUsage(cpu0);
  return { wall: Math.round(count / ((performance.now() - started) / 1000)), cpu: Math.round(count / ((cpu.user + cpu.system) / 1e6)) };
}

/** Enqueue `total` tasks in batches. */
async function fill(store: SqliteTaskStore, total: number, batchSize: number): Promise<Rate> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (let offset = 0; offset < total; offset += batchSize) {
    const size = Math.min(batchSize, total - offset);
    const drafts = new Array<{ payload: string }>(size);
    for (let i = 0; i < size; i++) drafts[i] = { payload: payload(offset + i) };
    await store.enqueue(LABOURER, drafts, NOW + offset / 1e6);
  }
  return rateSince(total, started, cpu0);
}

/** Claim the head of the queue, `count` tasks, `page` at a time. */
async function claimHead(store: SqliteTaskStore, count: number, page: number): Promise<Rate> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let claimed = 0;
  while (claimed < count) {
    const head = await store.nextQueued(LABOURER, NOW, Math.min(page, count - claimed));
    if (head.length === 0) break;
    for (const task of head) if ((await store.claim(task.taskId, NOW, INVOKED)) !== null) claimed += 1;
  }
  return rateSince(claimed, started, cpu0);
}

async function p50Micros(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  const samples = new Array<number>(LATENCY_SAMPLES);
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    await fn();
    samples[i] = (performance.now() - t0) * 1000;
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

async function latencies(store: SqliteTaskStore): Promise<{ nextQueued: number; countInvokedSince: number }> {
  return {
    nextQueued: await p50Micros(() => store.nextQueued(LABOURER, NOW, 10)),
    countInvokedSince: await p50Micros(() => store.countInvokedSince(LABOURER, NOW)),
  };
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const small = freshStore();
  await fill(small, 1000, 1000);
  await claimHead(small, RUNNING, 50);
  const latSmall = await latencies(small);

  const hundredK = freshStore();
  const rate100k = await fill(hundredK, 100_000, 2500);
  await hundredK.close();
  const rssAfter100k = peakRssMb();

  const million = freshStore();
  const rate1m = await fill(million, 1_000_000, 5000);
  const rssAfter1m = peakRssMb();
  await claimHead(million, RUNNING, 50);
  const latLarge = await latencies(million);
  const claimRate = await claimHead(million, 20_000, 100);
  await million.close();
  await small.close();
  rmSync(dir, { recursive: true, force: true });

  const ratio = (large: number, base: number): number => Math.round((large / base) * 100) / 100;
  const result = {
    enqueue100kPerSec: rate100k,
    enqueue1mPerSec: rate1m,
    claimPerSec: claimRate,
    loadAverage1m: round(loadavg()[0] ?? 0),
    nextQueuedP50Us: {
      q1k: round(latSmall.nextQueued),
      q1m: round(latLarge.nextQueued),
      ratio: ratio(latLarge.nextQueued, latSmall.nextQueued),
    },
    countInvokedSinceP50Us: {
      q1k: round(latSmall.countInvokedSince),
      q1m: round(latLarge.countInvokedSince),
      ratio: ratio(latLarge.countInvokedSince, latSmall.countInvokedSince),
    },
    peakRssMb: { after100k: rssAfter100k, after1m: rssAfter1m, end: peakRssMb() },
    runningTasks: RUNNING,
    totalSeconds: round((performance.now() - t0) / 1000),
  };
  console.table([
    { metric: 'enqueue 100k (batches of 2500), tasks/s', value: show(rate100k), target: '>= 100,000' },
    { metric: 'enqueue 1M (batches of 5000), tasks/s', value: show(rate1m), target: '>= 100,000' },
    { metric: 'claim (nextQueued 100 + claim each), 1M queue, claims/s', value: show(claimRate), target: '' },
    {
      metric: 'nextQueued(10) p50, 1k / 1M queue',
      value: `${result.nextQueuedP50Us.q1k} / ${result.nextQueuedP50Us.q1m} us (x${result.nextQueuedP50Us.ratio})`,
      target: '<= 2x',
    },
    {
      metric: `countInvokedSince p50 (${RUNNING} running), 1k / 1M queue`,
      value: `${result.countInvokedSinceP50Us.q1k} / ${result.countInvokedSinceP50Us.q1m} us (x${result.countInvokedSinceP50Us.ratio})`,
      target: '<= 2x',
    },
    { metric: 'peak RSS', value: `${result.peakRssMb.end} MB`, target: '<= 256 MB' },
    { metric: 'total runtime', value: `${result.totalSeconds} s`, target: '< 180 s' },
    { metric: 'load average (1 min, 2 cores)', value: String(result.loadAverage1m), target: '' },
  ]);
  console.log(JSON.stringify({ bench: 'task-store', ...result }));
}

function show(rate: Rate): string {
  return `${rate.wall.toLocaleString('en')} wall / ${rate.cpu.toLocaleString('en')} cpu`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

await main();
