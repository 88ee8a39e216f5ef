/**
 * Jobs through the AWS composition on moto: the Scheduler writes job records, the Scavenger's sweep
 * archives with counters and its keeper ends each job once and schedules the follow-up inline.
 * Workers are simulated on the store (claim + report), so the test needs no Lambda endpoint.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoTableNames } from '../../../src/adapters/aws/dynamodb/table-names.js';
import { MemoryConfigSource } from '../../../src/adapters/local/memory-config-source.js';
import { type AwsEssentials, createAwsEssentials } from '../../../src/aws-composition.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { JobRecord } from '../../../src/core/job/job.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

const LABOURER = 'chain_worker';
const DELTA = 31_557_600;

describe.skipIf(awsTierOff())('jobs through the AWS composition (moto)', () => {
  const dynamo = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  const clock = new ManualClock(1_700_000_000_000);
  let tables: { names: DynamoTableNames; drop(): Promise<void> };
  let bucket: string;
  const opened: AwsEssentials[] = [];

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    bucket = uniqueName('jobs-queue');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    for (const e of opened) await e.close();
    await tables.drop();
    dynamo.destroy();
    s3.destroy();
  });

  /** One composition (a Lambda container) on the shared tables. */
  function essentials(): AwsEssentials {
    const e = createAwsEssentials({
      env: {
        SOSW_TASKS_TABLE: tables.names.tasks,
        SOSW_CLOSED_TASKS_TABLE: tables.names.closedTasks,
        SOSW_RETRY_TASKS_TABLE: tables.names.retryTasks,
        SOSW_META_TABLE: tables.names.meta,
        SOSW_JOBS_TABLE: tables.names.jobs,
        SOSW_QUEUE_BUCKET: bucket,
      },
      clients: { dynamodb: dynamo, s3 },
      configSource: new MemoryConfigSource({
        sosw_essential_config: { task_config: { labourers: { [LABOURER]: { max_simultaneous_invocations: 50, max_duration: 60 } } } },
        sosw_scheduler_config: { job_schema_variants: { default: { chunkable_attrs: ['section'] } } },
      }),
      clock,
      scavengerConcurrency: 1,
    });
    opened.push(e);
    return e;
  }

  /** Every queued task of the labourer claimed and reported completed (what its workers would do). */
  async function workQueue(e: AwsEssentials): Promise<number> {
    const store = await e.store();
    const now = Math.floor(clock.now() / 1000);
    const queued = await store.nextQueued(LABOURER, now + 1, 1000);
    for (const task of queued) {
      await store.claim(task.taskId, now + 1, now + DELTA);
      await store.report({ taskId: task.taskId, outcome: 'completed', at: now, invokedAtLeast: now + DELTA });
    }
    return queued.length;
  }

  const chunked = (name: string, next?: Record<string, unknown>): Record<string, unknown> => ({
    lambda_name: LABOURER,
    job_id: name,
    isolate_sections: true,
    sections: ['a', 'b', 'c'],
    ...(next === undefined ? {} : { on_complete: { schedule: [next] } }),
  });

  it('chains A -> B -> C: racing Scavengers end each job exactly once and schedule its follow-up once', async () => {
    const main = essentials();
    const racers = [main, essentials(), essentials()];
    const scheduled = await (await main.scheduler()).run(chunked('job-a', chunked('job-b', chunked('job-c'))));
    expect(scheduled.queued).toBe(3);

    const endings: JobRecord[] = [];
    for (let round = 0; round < 6; round++) {
      await workQueue(main);
      clock.advance(1000);
      const runs = await Promise.all(racers.map(async (e) => (await e.scavenger()).run()));
      for (const run of runs) endings.push(...(run.jobs?.ended ?? []));
      const c = await main.jobStore?.get('job-c');
      if (c?.state === 'completed') break;
    }
    // Exactly one completion per job, whatever the number of Scavengers that saw it settled.
    expect(endings.map((j) => `${j.jobId}:${j.state}`).sort()).toEqual(['job-a:completed', 'job-b:completed', 'job-c:completed']);
    const jobs = (await main.jobStore?.list({ limit: 10 }))?.jobs ?? [];
    expect(jobs.map((j) => [j.jobId, j.state, j.planned, j.completed, j.dead]).sort()).toEqual([
      ['job-a', 'completed', 3, 3, 0],
      ['job-b', 'completed', 3, 3, 0],
      ['job-c', 'completed', 3, 3, 0],
    ]);
    expect(jobs.find((j) => j.jobId === 'job-b')?.scheduledBy).toBe('job:job-a');
    const store = await main.store();
    expect(await store.countClosed(LABOURER, true)).toBe(9);
  });

  it('cancels a job through the jobs API: queued tasks closed as cancelled, the job ends cancelled, idempotent', async () => {
    const e = essentials();
    await (await e.scheduler()).run(chunked('job-x'));
    const api = await e.jobs();
    if (api === undefined) throw new Error('jobs API missing with SOSW_JOBS_TABLE set');
    const first = await api.cancel('job-x', 'ann');
    expect(first.closed).toHaveLength(3);
    expect(first.job).toMatchObject({ state: 'cancelled', cancelled: 3, reason: 'cancelled by ann' });
    const again = await api.cancel('job-x', 'ann');
    expect(again).toMatchObject({ alreadyCancelled: true, closed: [] });
    expect((await api.get('job-x')).tasks).toMatchObject({ queued: 0, cancelled: 3 });
    expect(await workQueue(e)).toBe(0);
  });
});
