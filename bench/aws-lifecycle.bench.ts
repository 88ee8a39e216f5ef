/**
 * DynamoDB cost of the REAL engines on AWS: a job of N tasks (default 10,000) goes in through the
 * Scheduler, the Orchestrator invokes them through LambdaInvoker (pointed at the local Lambda
 * endpoint, whose worker returns its WorkerAssistant report), the WorkerAssistant records each
 * report and the Scavenger archives. Every DynamoDB request is counted per engine and operation by
 * the request-counting middleware on the one DynamoDB client the composition uses; consumed
 * capacity is asked for (ReturnConsumedCapacity TOTAL) and summed where moto reports it.
 * A report and its audit row are one TransactWriteItems (the WorkerAssistant passes `audit`); without
 * job records the archive is a conditional PutItem of the closed copy, the audit rows, a conditional DeleteItem.
 * The original needed 11.15 requests per task; the target is <= 4.
 * Run: npx tsx bench/aws-lifecycle.bench.ts [tasks]
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createSoswTables } from '../src/adapters/aws/dynamodb/create-sosw-tables.js';
import { countRequests } from '../src/adapters/aws/shared/request-counter.js';
import { startLambdaInvokeEndpoint } from '../src/adapters/local/lambda-invoke-endpoint.js';
import { createAwsEssentials } from '../src/aws-composition.js';
import { mapBounded } from '../src/essentials/task-manager/map-bounded.js';
import { startMotoServer } from '../test/integration/aws/moto.js';

const TASKS = Number(process.argv[2] ?? 10_000);
/** `--jobs`: keep job records (SOSW_JOBS_TABLE): counters ride in the archive transactions, the keeper runs after each sweep. */
const JOBS = process.argv.includes('--jobs');
const LABOURER = 'bench_worker';
type Engine = 'scheduler' | 'orchestrator' | 'worker_assistant' | 'scavenger';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const moto = await startMotoServer({ fastTransactions: true });
Object.assign(process.env, moto.env);
const dynamo = new DynamoDBClient({ maxAttempts: 10 });
const s3 = new S3Client({ forcePathStyle: true });
const reports: unknown[] = [];
const endpoint = await startLambdaInvokeEndpoint({
  functions: { [LABOURER]: { timeoutSeconds: 60, handler: (event) => void reports.push(toReport(event)) } },
});
process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint.url;

/** What a worker sends the WorkerAssistant for the event it got (the worker framework's report). */
function toReport(event: unknown): Record<string, unknown> {
  const e = event as { task_id: string; labourer_id: string; attempts: number };
  return { action: 'mark_task_as_completed', task_id: e.task_id, labourer_id: e.labourer_id, attempts: e.attempts, stats: { rows: 1 } };
}

// Ask for consumed capacity on every request and add up what comes back.
const capacity = { read: 0, write: 0, total: 0, reported: 0 };
dynamo.middlewareStack.add(
  (next) => async (args) => {
    const input = args.input as Record<string, unknown>;
    if (input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    for (const c of (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) as Array<Record<string, number>>) {
      capacity.reported += 1;
      capacity.total += c.CapacityUnits ?? 0;
      capacity.read += c.ReadCapacityUnits ?? 0;
      capacity.write += c.WriteCapacityUnits ?? 0;
    }
    return result;
  },
  { step: 'initialize', name: 'benchConsumedCapacity' },
);

const prefix = `life_${Date.now().toString(36)}`;
const names = await createSoswTables(dynamo, {
  tasks: `${prefix}_tasks`,
  closedTasks: `${prefix}_closed`,
  retryTasks: `${prefix}_retry`,
  meta: `${prefix}_meta`,
  config: `${prefix}_config`,
  jobs: `${prefix}_jobs`,
});
const bucket = `${prefix.replace(/_/g, '-')}-queue`;
await s3.send(new CreateBucketCommand({ Bucket: bucket }));
const rows = {
  sosw_essential_config: { task_config: { labourers: { [LABOURER]: { max_simultaneous_invocations: 1000, max_duration: 60 } } } },
  sosw_scheduler_config: { rows_to_process: 500, job_schema_variants: { default: { chunkable_attrs: ['section'] } } },
};
for (const [name, value] of Object.entries(rows)) {
  await DynamoDBDocumentClient.from(dynamo).send(
    new PutCommand({ TableName: names.config, Item: { env: 'production', config_name: name, config_value: JSON.stringify(value) } }),
  );
}

const essentials = createAwsEssentials({
  env: {
    SOSW_TASKS_TABLE: names.tasks,
    SOSW_CLOSED_TASKS_TABLE: names.closedTasks,
    SOSW_RETRY_TASKS_TABLE: names.retryTasks,
    SOSW_META_TABLE: names.meta,
    SOSW_CONFIG_TABLE: names.config,
    SOSW_QUEUE_BUCKET: bucket,
    ...(JOBS ? { SOSW_JOBS_TABLE: names.jobs } : {}),
  },
  clients: { dynamodb: dynamo, s3 },
  // moto_server answers 500 to concurrent TransactWriteItems (real DynamoDB does not): archive one at a time.
  scavengerConcurrency: 1,
});
const [scheduler, orchestrator, assistant, scavenger, store] = await Promise.all([
  essentials.scheduler(),
  essentials.orchestrator(),
  essentials.workerAssistant(),
  essentials.scavenger(),
  essentials.store(),
]);
const counter = countRequests(dynamo as never);
const byEngine: Record<Engine, Record<string, number>> = { scheduler: {}, orchestrator: {}, worker_assistant: {}, scavenger: {} };
const seconds: Record<Engine, number> = { scheduler: 0, orchestrator: 0, worker_assistant: 0, scavenger: 0 };

async function measure<T>(engine: Engine, body: () => Promise<T>): Promise<T> {
  counter.reset();
  const t0 = performance.now();
  const result = await body();
  seconds[engine] += (performance.now() - t0) / 1000;
  for (const [op, n] of Object.entries(counter.counts())) byEngine[engine][op] = (byEngine[engine][op] ?? 0) + n;
  return result;
}

const started = performance.now();
try {
  const job = { lambda_name: LABOURER, isolate_sections: true, sections: Array.from({ length: TASKS }, (_, i) => `s${i}`) };
  const queued = await measure('scheduler', () => scheduler.run(job));
  if (queued.queued !== TASKS || !queued.done) throw new Error(`the Scheduler queued ${queued.queued} of ${TASKS}`);
  let closed = 0;
  for (let round = 0; closed < TASKS; round++) {
    const run = await measure('orchestrator', () => orchestrator.run());
    await endpoint.idle();
    const batch = reports.splice(0);
    await measure('worker_assistant', () => mapBounded(batch, 16, (report) => assistant.handle(report)));
    const swept = await measure('scavenger', () => scavenger.run());
    closed += swept.labourers.reduce((n, l) => n + l.archived, 0);
    console.error(`[aws-lifecycle] round ${round + 1}: invoked ${run.invoked}, closed ${closed}/${TASKS}`);
    if (run.invoked === 0 && swept.labourers.every((l) => l.archived === 0)) throw new Error('no progress');
  }
  if ((await store.countClosed(LABOURER, true)) !== TASKS) throw new Error('not every task was archived');
  // The report and its audit row are one write: sampled trails hold exactly one marked_as_completed, in order.
  for (const task of await store.recentClosed(LABOURER, true, 20)) {
    const trail = (await essentials.metaLog.forTask(task.taskId)).map((e) => e.action).join(',');
    if (trail !== 'created,invoked,marked_as_completed,archived') throw new Error(`audit trail of ${task.taskId}: ${trail}`);
  }
  if (JOBS) {
    // The keeper ran after the last sweep: one job, completed, its counters equal to the tasks.
    const record = (await essentials.jobStore?.list({ limit: 10 }))?.jobs ?? [];
    if (record.length !== 1 || record[0]?.state !== 'completed' || record[0].completed !== TASKS)
      throw new Error(`job record: ${JSON.stringify(record.map((j) => ({ state: j.state, completed: j.completed, dead: j.dead })))}`);
  }
  const elapsed = (performance.now() - started) / 1000;
  const perTask = (n: number): string => (n / TASKS).toFixed(3);
  const sum = (ops: Record<string, number>): number => Object.values(ops).reduce((a, b) => a + b, 0);
  const total = Object.values(byEngine).reduce((n, ops) => n + sum(ops), 0);
  console.log(`DynamoDB requests of a ${TASKS}-task job through the real engines (moto, ${elapsed.toFixed(1)} s)`);
  console.log('engine            operation            requests  per task');
  for (const [engine, ops] of Object.entries(byEngine)) {
    for (const [op, n] of Object.entries(ops))
      console.log(`${engine.padEnd(17)} ${op.padEnd(20)} ${String(n).padStart(8)}  ${perTask(n).padStart(8)}`);
  }
  console.log(`${'total'.padEnd(38)} ${String(total).padStart(8)}  ${perTask(total).padStart(8)}   (original: 11.15, target <= 4)`);
  console.log(
    `consumed capacity reported on ${capacity.reported} responses: ${capacity.total.toFixed(1)} units (${perTask(capacity.total)} per task)`,
  );
  console.log(
    JSON.stringify({
      bench: 'aws-lifecycle',
      tasks: TASKS,
      jobs: JOBS,
      requestsPerTask: Number((total / TASKS).toFixed(3)),
      byEngine: Object.fromEntries(Object.entries(byEngine).map(([e, ops]) => [e, Number((sum(ops) / TASKS).toFixed(3))])),
      byOperation: byEngine,
      consumedCapacityUnitsPerTask: capacity.reported === 0 ? null : Number((capacity.total / TASKS).toFixed(3)),
      seconds: Number(elapsed.toFixed(1)),
      engineSeconds: Object.fromEntries(Object.entries(seconds).map(([e, s]) => [e, Number(s.toFixed(1))])),
    }),
  );
} finally {
  counter.detach();
  await essentials.close();
  await endpoint.close();
  dynamo.destroy();
  s3.destroy();
  await moto.stop();
}
