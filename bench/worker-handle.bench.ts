/**
 * Worker framework overhead: how many tasks per second one in-process worker can take through
 * `handle()` (parse event, run a no-op `process`, build and send the report, fold stats), and
 * the cost of config assembly. Run: `npx tsx bench/worker-handle.bench.ts`.
 */
import { MemoryConfigSource } from '../src/adapters/local/memory-config-source.js';
import { deepMergeAll } from '../src/core/config/deep-merge.js';
import { buildWorker } from '../src/essentials/worker/build-worker.js';
import { createInvocationContext } from '../src/essentials/worker/context.js';
import { defineWorker } from '../src/essentials/worker/define-worker.js';
import type { Invoker } from '../src/ports/invoker.js';
import { silentLogger } from '../src/ports/logger.js';

const TASKS = 100_000;
let reports = 0;
const countingInvoker: Invoker = {
  invoke: async () => {
    reports += 1;
  },
  timeoutSeconds: async () => undefined,
};

const NoOp = defineWorker(async (_payload, ctx) => {
  ctx.stats.increment('items');
  return { ok: true };
});

async function measureHandle(concurrency: number): Promise<number> {
  const worker = await buildWorker(NoOp, { functionName: 'noop', invoker: countingInvoker, logger: silentLogger, env: {} });
  const ctx = createInvocationContext({ functionName: 'noop', requestId: 'bench' });
  const events = Array.from({ length: TASKS }, (_, i) => ({ task_id: `t${i}`, labourer_id: 'noop', attempts: 1, n: i }));
  const start = performance.now();
  for (let i = 0; i < TASKS; i += concurrency) {
    await Promise.all(events.slice(i, i + concurrency).map((event) => worker.handle(event, ctx)));
  }
  return TASKS / ((performance.now() - start) / 1000);
}

async function measureAssembly(): Promise<number> {
  const source = new MemoryConfigSource({
    noop_config: { task_config: { labourers: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`l${i}`, { arn: `a${i}` }])) } },
  });
  const rounds = 2_000;
  const start = performance.now();
  for (let i = 0; i < rounds; i += 1) {
    await buildWorker(NoOp, { functionName: 'noop', invoker: countingInvoker, configSource: source, logger: silentLogger, env: {} });
  }
  return ((performance.now() - start) * 1000) / rounds;
}

function measureMerge(): number {
  const base = { a: 1, nested: { x: 1, list: [1, 2, 3], deeper: { y: 2 } }, labourers: { w1: { arn: 'a' } } };
  const over = { nested: { list: [4], deeper: { z: 3 } }, labourers: { w2: { arn: 'b' } } };
  const rounds = 200_000;
  const start = performance.now();
  for (let i = 0; i < rounds; i += 1) deepMergeAll(base, over, { a: i });
  return ((performance.now() - start) * 1e6) / rounds;
}

const sequential = await measureHandle(1);
const concurrent = await measureHandle(100);
const assemblyUs = await measureAssembly();
const mergeNs = measureMerge();

console.table([
  { measure: 'handle(), one at a time', value: Math.round(sequential), unit: 'tasks/s' },
  { measure: 'handle(), 100 concurrent', value: Math.round(concurrent), unit: 'tasks/s' },
  { measure: 'buildWorker (config read + assembly)', value: Number(assemblyUs.toFixed(1)), unit: 'µs' },
  { measure: 'deepMergeAll of 3 small layers', value: Math.round(mergeNs), unit: 'ns' },
]);
console.log(
  JSON.stringify({
    bench: 'worker-handle',
    tasks: TASKS,
    reports,
    handleSequentialPerSec: Math.round(sequential),
    handleConcurrentPerSec: Math.round(concurrent),
    buildWorkerMicros: Number(assemblyUs.toFixed(1)),
    deepMergeNanos: Math.round(mergeNs),
  }),
);
