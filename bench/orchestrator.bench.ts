/**
 * Orchestrator and Scavenger on SQLite.
 *
 * 1. The cost of one Orchestrator tick that invokes 100 tasks (no-op invoker, audit rows written)
 *    over a queue of 1,000 and of 1,000,000 tasks. Target (ARCHITECTURE.md §5): the tick over 1M
 *    costs <= 2x the tick over 1k, because it grows with tasks invoked, not with queue length.
 * 2. The Scavenger's archive rate (completed tasks archived per second, audit rows included).
 *
 * Run: npx tsx bench/orchestrator.bench.ts [bigQueue=1000000] [archiveTasks=20000]
 */
import { openSqliteDatabase } from '../src/adapters/sqlite/database.js';
import { SqliteMetaLog } from '../src/adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from '../src/adapters/sqlite/sqlite-task-store.js';
import { ManualClock } from '../src/core/clock.js';
import { resolveOrchestratorConfig, resolveScavengerConfig } from '../src/core/config/essentials-config.js';
import { Orchestrator } from '../src/essentials/orchestrator/orchestrator.js';
import { Scavenger } from '../src/essentials/scavenger/scavenger.js';
import type { Invoker } from '../src/ports/invoker.js';

const BIG = Number(process.argv[2] ?? 1_000_000);
const ARCHIVE_TASKS = Number(process.argv[3] ?? 20_000);
const LABOURER = 'bench_worker';
const PER_TICK = 100;
const TICKS = 30;
const WARMUP = 3;
const T0_MS = Date.UTC(2024, 0, 1);
const TASK_CONFIG = { labourers: { [LABOURER]: { max_simultaneous_invocations: PER_TICK, max_duration: 60, max_attempts: 1000 } } };

const noopInvoker: Invoker = { invoke: async () => {}, timeoutSeconds: async () => undefined };

function open() {
  const database = openSqliteDatabase(':memory:');
  return { database, store: new SqliteTaskStore({ database }), metaLog: new SqliteMetaLog({ database }) };
}

async function fill(store: SqliteTaskStore, count: number, createdAt: number): Promise<void> {
  const batch = 10_000;
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    await store.enqueue(
      LABOURER,
      Array.from({ length: n }, (_, i) => ({ payload: `{"n":${done + i}}` })),
      createdAt,
    );
  }
}

const quantile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function tickCost(queueLength: number): Promise<{ queue: number; p50: number; p95: number; mean: number; fillSeconds: number }> {
  const { database, store, metaLog } = open();
  const clock = new ManualClock(T0_MS);
  const fillStart = performance.now();
  await fill(store, queueLength + (TICKS + WARMUP) * PER_TICK, T0_MS / 1000);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const orchestrator = new Orchestrator({
    store,
    metaLog,
    invoker: noopInvoker,
    clock,
    config: resolveOrchestratorConfig({ task_config: TASK_CONFIG }),
  });
  const samples: number[] = [];
  for (let i = 0; i < TICKS + WARMUP; i++) {
    // Let the previous tick's tasks expire so every tick finds 100 free slots.
    clock.advanceSeconds(1201);
    const start = performance.now();
    const [decision] = await orchestrator.tick();
    const ms = performance.now() - start;
    if (decision?.invoked !== PER_TICK) throw new Error(`tick invoked ${decision?.invoked}, expected ${PER_TICK}: ${decision?.reason}`);
    if (i >= WARMUP) samples.push(ms);
  }
  database.close();
  return {
    queue: queueLength,
    p50: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    fillSeconds,
  };
}

async function archiveRate(count: number): Promise<{ tasks: number; seconds: number; perSecond: number }> {
  const { database, store, metaLog } = open();
  const clock = new ManualClock(T0_MS);
  await fill(store, count, T0_MS / 1000);
  const now = T0_MS / 1000;
  const queued = await store.nextQueued(LABOURER, now, count);
  for (const t of queued) {
    await store.claim(t.taskId, now, now + 31_557_600);
    await store.report({ taskId: t.taskId, outcome: 'completed', at: now, invokedAtLeast: now });
  }
  clock.advanceSeconds(10);
  const scavenger = new Scavenger({ store, metaLog, clock, config: resolveScavengerConfig({ task_config: TASK_CONFIG }) });
  const start = performance.now();
  const result = await scavenger.run();
  const seconds = (performance.now() - start) / 1000;
  const archived = result.labourers[0]?.archived ?? 0;
  if (archived !== count) throw new Error(`archived ${archived} of ${count}`);
  database.close();
  return { tasks: archived, seconds, perSecond: archived / seconds };
}

const small = await tickCost(1_000);
const big = await tickCost(BIG);
const archive = await archiveRate(ARCHIVE_TASKS);
const ratio = big.p50 / small.p50;

console.log('\nOrchestrator tick (invokes 100 tasks, no-op invoker, SQLite in memory)');
console.log('| queue length | tick p50 (ms) | tick p95 (ms) | mean (ms) | queue fill (s) |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const r of [small, big]) {
  console.log(
    `| ${r.queue.toLocaleString('en')} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.mean.toFixed(2)} | ${r.fillSeconds.toFixed(1)} |`,
  );
}
console.log(`ratio ${BIG.toLocaleString('en')} / 1,000 (p50): ${ratio.toFixed(2)}x (target <= 2x) ${ratio <= 2 ? 'OK' : 'MISSED'}`);
console.log('\nScavenger archive (completed -> closed table, audit rows included)');
console.log(
  `| tasks | seconds | tasks/s |\n| ---: | ---: | ---: |\n| ${archive.tasks} | ${archive.seconds.toFixed(2)} | ${Math.round(archive.perSecond)} |`,
);
console.log(
  JSON.stringify({
    bench: 'orchestrator',
    tick: { small, big, ratio },
    archive,
  }),
);
