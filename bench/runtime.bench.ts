/**
 * Embedded runtime benchmark (ARCHITECTURE.md section 5):
 *  1. end-to-end throughput with no-op workers: schedule -> invoke -> report -> archive, target >= 10,000 tasks/s;
 *  2. dispatch latency: p50 from "slot freed" (the WorkerAssistant applied a completion) to "next task
 *     invoked" (the next worker run started), target <= 1 s, at the default 250 ms tick.
 * Everything runs through createEmbeddedRuntime on a SQLite file, with the real engines, from the
 * built package (dist/, rebuilt when stale; SOSW_BENCH_SOURCE=1 measures the sources through tsx).
 * Run: npx tsx bench/runtime.bench.ts [tasks]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../src/local.js';
import { embeddedThroughput, type Throughput } from './embedded-throughput.js';
import { measuredCode, shippedLocal } from './shipped.js';

const TASKS = Number(process.argv[2] ?? 50_000);
const { createEmbeddedRuntime } = await shippedLocal();
const dir = mkdtempSync(join(tmpdir(), 'sosw-runtime-bench-'));

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

const throughput = (tasks: number): Promise<Throughput> => embeddedThroughput(tasks, dir);

async function latency(tickMs: number): Promise<{ tickMs: number; samples: number; p50: number; p95: number; max: number }> {
  const cap = 4;
  const tasks = 200;
  const records: RunRecord[] = [];
  const runtime = await createEmbeddedRuntime({
    project: {
      name: 'bench',
      labourers: { slow: { max_simultaneous_invocations: cap, duration: 60, cooldown: 10, timeout: 30 } },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
    },
    cwd: dir,
    dbPath: join(dir, `latency-${tickMs}.db`),
    handlers: { slow: async () => new Promise((r) => setTimeout(r, 20)) },
    dispatchIntervalMs: tickMs,
    sweepIntervalMs: tickMs,
    heartbeat: false,
    onRun: (record) => records.push(record),
  });
  await runtime.schedule({ lambda_name: 'slow', items: Array.from({ length: tasks }, (_, i) => i), isolate_items: true });
  await runtime.start();
  while (runtime.metrics.total('archived') < tasks) await new Promise((r) => setTimeout(r, 10));
  await runtime.stop();
  // The i-th freed slot lets the (cap + i)-th invocation start.
  const frees = records
    .filter((r) => r.functionName === 'sosw_worker_assistant')
    .map((r) => r.endedAt)
    .sort((a, b) => a - b);
  const starts = records
    .filter((r) => r.functionName === 'slow')
    .map((r) => r.startedAt)
    .sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 0; cap + i < starts.length && i < frees.length; i++) gaps.push(Math.max(0, (starts[cap + i] ?? 0) - (frees[i] ?? 0)));
  return { tickMs, samples: gaps.length, p50: quantile(gaps, 0.5), p95: quantile(gaps, 0.95), max: Math.max(...gaps) };
}

try {
  const small = await throughput(Math.min(5_000, TASKS));
  const big = await throughput(TASKS);
  const lat250 = await latency(250);
  const lat1000 = await latency(1000);
  console.log(`\nEmbedded runtime (${measuredCode()}), no-op workers (schedule -> invoke -> report -> archive, SQLite file)\n`);
  console.log('| tasks | schedule (ms) | run (ms) | tasks/s (run) | tasks/s (incl. schedule) | tasks per CPU-second |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const t of [small, big]) {
    const cells = [t.tasks, t.scheduleMs, t.runMs, t.perSecond, t.endToEndPerSecond, t.perCpuSecond].map((n) => n.toFixed(0));
    console.log(`| ${cells.join(' | ')} |`);
  }
  console.log('\nDispatch latency: slot freed -> next task invoked (cap 4, 20 ms workers)\n');
  console.log('| tick (ms) | samples | p50 (ms) | p95 (ms) | max (ms) |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const l of [lat250, lat1000])
    console.log(`| ${l.tickMs} | ${l.samples} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.max.toFixed(1)} |`);
  console.log(
    `\n${JSON.stringify({ bench: 'runtime', code: measuredCode(), throughput: [small, big], latency: [lat250, lat1000], targets: { tasksPerSecond: 10_000, p50LatencyMs: 1000 } })}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
