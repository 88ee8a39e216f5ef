/**
 * DynamoDB cost benchmark: the DynamoDB requests of a 10,000-task job over its whole life, counted
 * per operation by a middleware on the client, against moto_server (started here with the test
 * harness). Driven through the ports the way the engines call them: enqueue in batches of 500,
 * nextQueued 100 at a time + one claim each, one report each, listCompleted + archive each, and
 * audit rows (created, invoked, completed, archived) written through MetaLog in batches of 25.
 * The original needed 11.15 requests per task (spec/weaknesses.md); the target is <= 4 (one third: 3.7).
 * Run: npx tsx bench/dynamo-cost.bench.ts [tasks]
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSoswTables } from '../src/adapters/aws/dynamodb/create-sosw-tables.js';
import { DynamoMetaLog } from '../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { countRequests, type RequestCounter } from '../src/adapters/aws/shared/request-counter.js';
import type { Task, TaskDraft } from '../src/core/task/task.js';
import type { MetaAction, MetaEntry } from '../src/ports/meta-log.js';
import { startMotoServer } from '../test/integration/aws/moto.js';

const TASKS = Number(process.argv[2] ?? 10_000);
const ENQUEUE_BATCH = 500;
const PAGE = 100;
const META_BATCH = 25;
const DELTA = 31_557_600;
const LABOURER = 'bench_worker';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const moto = await startMotoServer({ fastTransactions: true });
Object.assign(process.env, moto.env);
const client = new DynamoDBClient({ maxAttempts: 10 });

async function freshStore(tag: string): Promise<{ store: DynamoTaskStore; meta: DynamoMetaLog }> {
  const p = `bench_${tag}_${Date.now().toString(36)}`;
  const names = await createSoswTables(client, {
    tasks: `${p}_tasks`,
    closedTasks: `${p}_closed`,
    retryTasks: `${p}_retry`,
    meta: `${p}_meta`,
    config: `${p}_config`,
  });
  return { store: new DynamoTaskStore({ client, tableNames: names }), meta: new DynamoMetaLog({ client, tableName: names.meta }) };
}

async function writeMeta(meta: DynamoMetaLog, tasks: readonly Task[], action: MetaAction, at: number): Promise<void> {
  const entries = tasks.map(
    (t, i): MetaEntry => ({ taskId: t.taskId, createdAt: at + i / 1e4, action, labourerId: LABOURER, author: 'bench' }),
  );
  for (let i = 0; i < entries.length; i += META_BATCH) await meta.write(entries.slice(i, i + META_BATCH));
}

type Phase = 'enqueue' | 'claim' | 'report' | 'archive' | 'meta';
const phases: Record<Phase, Record<string, number>> = { enqueue: {}, claim: {}, report: {}, archive: {}, meta: {} };

const phaseSeconds: Record<Phase, number> = { enqueue: 0, claim: 0, report: 0, archive: 0, meta: 0 };

async function measure<T>(counter: RequestCounter, phase: Phase, body: () => Promise<T>): Promise<T> {
  counter.reset();
  const t0 = performance.now();
  const result = await body();
  phaseSeconds[phase] += (performance.now() - t0) / 1000;
  for (const [op, n] of Object.entries(counter.counts())) phases[phase][op] = (phases[phase][op] ?? 0) + n;
  return result;
}

function draftsFor(offset: number, size: number, withIds: boolean): TaskDraft[] {
  return Array.from({ length: size }, (_, i) => ({
    payload: JSON.stringify({ section: `s${(offset + i) % 97}`, date_list: ['2024-01-01'], n: offset + i }),
    ...(withIds ? { taskId: `job-${String(offset + i).padStart(8, '0')}` } : {}),
  }));
}

async function lifeOfAJob(): Promise<number> {
  const { store, meta } = await freshStore('life');
  const counter = countRequests(client);
  const now = Math.floor(Date.now() / 1000);
  const started = performance.now();
  for (let offset = 0; offset < TASKS; offset += ENQUEUE_BATCH) {
    const written = await measure(counter, 'enqueue', () =>
      store.enqueue(LABOURER, draftsFor(offset, Math.min(ENQUEUE_BATCH, TASKS - offset), false), now),
    );
    await measure(counter, 'meta', () => writeMeta(meta, written, 'created', now));
  }
  for (let done = 0; done < TASKS; ) {
    const claimed = await measure(counter, 'claim', async () => {
      const head = await store.nextQueued(LABOURER, now, PAGE);
      return (await Promise.all(head.map((t) => store.claim(t.taskId, now, now + DELTA)))).filter((t): t is Task => t !== null);
    });
    await measure(counter, 'meta', () => writeMeta(meta, claimed, 'invoked', now + 1));
    await measure(counter, 'report', () =>
      Promise.all(
        claimed.map((t) =>
          store.report({ taskId: t.taskId, outcome: 'completed', at: now + 2, invokedAtLeast: now, attempt: 1, stats: { rows: 1 } }),
        ),
      ),
    );
    await measure(counter, 'meta', () => writeMeta(meta, claimed, 'completed', now + 2));
    const archived = await measure(counter, 'archive', async () => {
      const completed = await store.listCompleted(LABOURER, PAGE);
      // One at a time: moto_server answers 500 to concurrent TransactWriteItems (real DynamoDB does not).
      const closed = [];
      for (const t of completed) closed.push(await store.archive(t.taskId, now + 3));
      return closed.filter((t): t is NonNullable<typeof t> => t !== null);
    });
    await measure(counter, 'meta', () => writeMeta(meta, archived, 'archived', now + 3));
    done += archived.length;
    if (done % 1000 === 0) console.error(`[dynamo-cost] ${done} tasks done, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (claimed.length === 0) break;
  }
  counter.detach();
  if ((await store.countClosed(LABOURER, true)) !== TASKS) throw new Error('not every task was archived');
  return (performance.now() - started) / 1000;
}

async function enqueueOnly(withIds: boolean): Promise<Record<string, number>> {
  const { store } = await freshStore(withIds ? 'ids' : 'gen');
  const counter = countRequests(client);
  for (let offset = 0; offset < TASKS; offset += ENQUEUE_BATCH)
    await store.enqueue(LABOURER, draftsFor(offset, Math.min(ENQUEUE_BATCH, TASKS - offset), withIds), 1_700_000_000);
  const counts = counter.counts();
  counter.detach();
  return counts;
}

try {
  const seconds = await lifeOfAJob();
  const perTask = (n: number): string => (n / TASKS).toFixed(3);
  const rows: [string, string, number][] = [];
  let total = 0;
  for (const [phase, ops] of Object.entries(phases)) {
    for (const [op, n] of Object.entries(ops)) {
      rows.push([phase, op, n]);
      total += n;
    }
  }
  console.log(
    `DynamoDB requests of a ${TASKS}-task job (moto, ${seconds.toFixed(1)} s: ${JSON.stringify(phaseSeconds, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(1)) : v))})`,
  );
  console.log('phase    operation            requests  per task');
  for (const [phase, op, n] of rows) console.log(`${phase.padEnd(8)} ${op.padEnd(20)} ${String(n).padStart(8)}  ${perTask(n).padStart(8)}`);
  console.log(`${'total'.padEnd(29)} ${String(total).padStart(8)}  ${perTask(total).padStart(8)}   (original: 11.15, target <= 4)`);
  const generated = await enqueueOnly(false);
  const explicit = await enqueueOnly(true);
  const sum = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);
  console.log(`enqueue, generated ids (BatchWriteItem): ${perTask(sum(generated))} requests/task ${JSON.stringify(generated)}`);
  console.log(`enqueue, caller ids (conditional TransactWriteItems): ${perTask(sum(explicit))} requests/task ${JSON.stringify(explicit)}`);
  const byPhase = Object.fromEntries(Object.entries(phases).map(([p, ops]) => [p, Number((sum(ops) / TASKS).toFixed(3))]));
  console.log(
    JSON.stringify({
      bench: 'dynamo-cost',
      tasks: TASKS,
      requestsPerTask: Number((total / TASKS).toFixed(3)),
      byPhase,
      byOperation: phases,
      enqueueGeneratedPerTask: Number((sum(generated) / TASKS).toFixed(4)),
      enqueueCallerIdsPerTask: Number((sum(explicit) / TASKS).toFixed(4)),
      seconds: Number(seconds.toFixed(1)),
    }),
  );
} finally {
  client.destroy();
  await moto.stop();
}
