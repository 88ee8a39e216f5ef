/**
 * Scale figures of the Orchestrator (SQLite store in memory, real engine):
 * 1. the cost of one tick over 100 labourers (each with a cap of 10: 1,000 invocations a tick, no-op
 *    invoker), by total queue length;
 * 2. one Orchestrator run's invocations per second through LambdaInvoker against the local
 *    Lambda-Invoke-API endpoint (HTTP on loopback, one labourer, 1,000 invocations a run), by queue length.
 * Queue lengths: 1k, 10k, 100k by default (pass others, e.g. 1000 10000 100000 1000000).
 * Run: npx tsx bench/scale.bench.ts [queue lengths...]
 */
import { LambdaInvoker } from '../src/adapters/aws/lambda/lambda-invoker.js';
import { startLambdaInvokeEndpoint } from '../src/adapters/local/lambda-invoke-endpoint.js';
import { openSqliteDatabase } from '../src/adapters/sqlite/database.js';
import { SqliteMetaLog } from '../src/adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from '../src/adapters/sqlite/sqlite-task-store.js';
import { ManualClock } from '../src/core/clock.js';
import { resolveOrchestratorConfig } from '../src/core/config/essentials-config.js';
import { Orchestrator } from '../src/essentials/orchestrator/orchestrator.js';
import type { Invoker } from '../src/ports/invoker.js';

const QUEUES = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const LENGTHS = QUEUES.length > 0 ? QUEUES : [1_000, 10_000, 100_000];
const LABOURERS = 100;
const CAP = 10;
const TICKS = 8;
const WARMUP = 2;
const T0_MS = Date.UTC(2024, 0, 1);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const noopInvoker: Invoker = { invoke: async () => {}, timeoutSeconds: async () => undefined };
const quantile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function fill(store: SqliteTaskStore, labourers: readonly string[], perLabourer: number, createdAt: number): Promise<void> {
  for (const id of labourers) {
    for (let done = 0; done < perLabourer; done += 10_000) {
      const n = Math.min(10_000, perLabourer - done);
      await store.enqueue(
        id,
        Array.from({ length: n }, (_, i) => ({ payload: `{"n":${done + i}}` })),
        createdAt,
      );
    }
  }
}

async function manyLabourers(queue: number): Promise<{ queue: number; p50: number; p95: number; invokedPerTick: number }> {
  const database = openSqliteDatabase(':memory:');
  const store = new SqliteTaskStore({ database });
  const ids = Array.from({ length: LABOURERS }, (_, i) => `labourer_${i}`);
  // Enough beyond the measured queue for every tick's invocations.
  await fill(store, ids, Math.ceil(queue / LABOURERS) + (TICKS + WARMUP) * CAP, T0_MS / 1000);
  const clock = new ManualClock(T0_MS);
  const labourers = Object.fromEntries(ids.map((id) => [id, { max_simultaneous_invocations: CAP, max_duration: 60, max_attempts: 1000 }]));
  const orchestrator = new Orchestrator({
    store,
    metaLog: new SqliteMetaLog({ database }),
    invoker: noopInvoker,
    clock,
    config: resolveOrchestratorConfig({ task_config: { labourers } }),
  });
  const samples: number[] = [];
  let invoked = 0;
  for (let i = 0; i < TICKS + WARMUP; i++) {
    clock.advanceSeconds(1201);
    const start = performance.now();
    const decisions = await orchestrator.tick();
    const ms = performance.now() - start;
    invoked = decisions.reduce((n, d) => n + d.invoked, 0);
    if (invoked !== LABOURERS * CAP) throw new Error(`tick invoked ${invoked}, expected ${LABOURERS * CAP}`);
    if (i >= WARMUP) samples.push(ms);
  }
  database.close();
  return { queue, p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), invokedPerTick: invoked };
}

async function throughLambdaEndpoint(queue: number): Promise<{ queue: number; invocations: number; seconds: number; perSecond: number }> {
  let received = 0;
  const endpoint = await startLambdaInvokeEndpoint({
    functions: {
      bench_worker: {
        timeoutSeconds: 60,
        handler: () => {
          received += 1;
        },
      },
    },
  });
  const saved = process.env.AWS_ENDPOINT_URL_LAMBDA;
  process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint.url;
  const database = openSqliteDatabase(':memory:');
  const store = new SqliteTaskStore({ database });
  const perRun = 1000;
  await fill(store, ['bench_worker'], queue + perRun, T0_MS / 1000);
  const clock = new ManualClock(T0_MS + 1000);
  const invoker = new LambdaInvoker({ clientConfig: { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } } });
  const orchestrator = new Orchestrator({
    store,
    metaLog: new SqliteMetaLog({ database }),
    invoker,
    clock,
    config: resolveOrchestratorConfig({
      task_config: { labourers: { bench_worker: { max_simultaneous_invocations: perRun, max_duration: 60 } } },
      invoke_concurrency: 64,
    }),
  });
  try {
    const start = performance.now();
    const [decision] = await orchestrator.tick();
    const seconds = (performance.now() - start) / 1000;
    await endpoint.idle();
    if (decision?.invoked !== perRun || received !== perRun) throw new Error(`invoked ${decision?.invoked}, received ${received}`);
    return { queue, invocations: perRun, seconds, perSecond: perRun / seconds };
  } finally {
    database.close();
    await endpoint.close();
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    else process.env.AWS_ENDPOINT_URL_LAMBDA = saved;
  }
}

// The first run loads the AWS SDK's Lambda client: warm it up outside the measurement.
await throughLambdaEndpoint(LENGTHS[0] ?? 1000);
const ticks = [];
const lambda = [];
for (const queue of LENGTHS) {
  ticks.push(await manyLabourers(queue));
  lambda.push(await throughLambdaEndpoint(queue));
  console.error(`[scale] queue ${queue} done`);
}
console.log(`\nOrchestrator tick over ${LABOURERS} labourers (cap ${CAP} each: ${LABOURERS * CAP} invocations a tick, no-op invoker)\n`);
console.log('| total queue | tick p50 (ms) | tick p95 (ms) | per invocation p50 (us) | vs smallest queue |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const t of ticks) {
  console.log(
    `| ${t.queue.toLocaleString('en')} | ${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} | ${((t.p50 * 1000) / t.invokedPerTick).toFixed(0)} | ${(t.p50 / (ticks[0]?.p50 ?? 1)).toFixed(2)}x |`,
  );
}
console.log('\nOne Orchestrator run through LambdaInvoker to the local Lambda-Invoke-API endpoint (1,000 invocations)\n');
console.log('| queue | seconds | invocations/s | vs smallest queue |');
console.log('| ---: | ---: | ---: | ---: |');
for (const l of lambda) {
  console.log(
    `| ${l.queue.toLocaleString('en')} | ${l.seconds.toFixed(2)} | ${l.perSecond.toFixed(0)} | ${(l.perSecond / (lambda[0]?.perSecond ?? 1)).toFixed(2)}x |`,
  );
}
console.log(`\n${JSON.stringify({ bench: 'scale', labourers: LABOURERS, cap: CAP, ticks, lambda })}`);
