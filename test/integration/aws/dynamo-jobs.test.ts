import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSoswTables, deleteSoswTables } from '../../../src/adapters/aws/dynamodb/create-sosw-tables.js';
import { DynamoJobStore } from '../../../src/adapters/aws/dynamodb/dynamo-job-store.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import type { DynamoTableNames } from '../../../src/adapters/aws/dynamodb/table-names.js';
import { closedCount, type NewJob } from '../../../src/core/job/job.js';
import type { Task } from '../../../src/core/task/task.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

const NOW = 1_700_000_000;
const DELTA = 31_557_600;
const LABOURER = 'sosw_sandbox';

function newJob(jobId: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    jobId,
    labourerId: LABOURER,
    document: { lambda_name: LABOURER, job_id: jobId, chunks: [1, 2.5, 'x'] },
    planned: 0,
    state: 'scheduling',
    createdAt: NOW,
    scheduledBy: 'test',
    after: [],
    runAfterFailure: false,
    toleratedFailurePercentage: 0,
    ...overrides,
  };
}

describe.skipIf(awsTierOff())('DynamoDB jobs: job records and counters folded into task moves', () => {
  const client = new DynamoDBClient({});
  let tables: { names: DynamoTableNames; drop(): Promise<void> };
  let jobs: DynamoJobStore;
  let store: DynamoTaskStore;
  afterAll(() => client.destroy());
  beforeEach(async () => {
    tables = await freshSoswTables(client);
    jobs = new DynamoJobStore({ client, tableNames: tables.names });
    store = new DynamoTaskStore({ client, tableNames: tables.names, jobs: true });
  });
  afterEach(async () => {
    await store.close();
    await jobs.close();
    await tables.drop();
  });

  /** Enqueue `count` tasks of the job and return them. */
  async function queueJob(jobId: string, count: number): Promise<Task[]> {
    await jobs.create(newJob(jobId, { planned: count }));
    const tasks = await store.enqueue(
      LABOURER,
      Array.from({ length: count }, (_, i) => ({ payload: JSON.stringify({ i }), jobId })),
      NOW,
    );
    await jobs.transition(jobId, { from: ['scheduling'], to: 'running', at: NOW });
    return tasks;
  }

  async function complete(task: Task): Promise<void> {
    const claimed = await store.claim(task.taskId, NOW + 1, NOW + DELTA);
    expect(claimed).not.toBeNull();
    const outcome = await store.report({ taskId: task.taskId, outcome: 'completed', at: NOW + 2, invokedAtLeast: NOW + DELTA });
    expect(outcome.applied).toBe(true);
  }

  /** The counters always equal a recount of the tasks. */
  async function expectCountersMatchRecount(jobId: string): Promise<void> {
    const job = await jobs.get(jobId);
    const recount = await store.countJobTasks(LABOURER, jobId);
    expect({ completed: job?.completed, dead: job?.dead, cancelled: job?.cancelled }).toEqual({
      completed: recount.completed,
      dead: recount.dead,
      cancelled: recount.cancelled,
    });
  }

  it('create is idempotent: racing creates of one id make one record, the others get it back', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => jobs.create(newJob('job-a', { scheduledBy: `writer-${i}` }))));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    const winner = outcomes.find((o) => o.created)?.job.scheduledBy;
    for (const o of outcomes) expect(o.job.scheduledBy).toBe(winner);
    const stored = await jobs.get('job-a');
    expect(stored).toMatchObject({ jobId: 'job-a', state: 'scheduling', completed: 0, dead: 0, cancelled: 0, planned: 0 });
    expect(stored?.document).toEqual({ lambda_name: LABOURER, job_id: 'job-a', chunks: [1, 2.5, 'x'] });
    expect(await jobs.get('missing')).toBeNull();
    expect((await jobs.getMany(['job-a', 'missing'])).map((j) => j.jobId)).toEqual(['job-a']);
  });

  it('lists newest first across pages, and open jobs from the sparse index', async () => {
    for (let i = 0; i < 5; i++) await jobs.create(newJob(`job-${i}`, { createdAt: NOW + i, state: i % 2 === 0 ? 'running' : 'waiting' }));
    await jobs.transition('job-4', { from: ['running'], to: 'cancelled', at: NOW + 10, reason: 'cancelled by test' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await jobs.list({ limit: 2, cursor });
      seen.push(...page.jobs.map((j) => j.jobId));
      cursor = page.cursor;
    } while (cursor !== undefined && seen.length < 20);
    expect(seen).toEqual(['job-4', 'job-3', 'job-2', 'job-1', 'job-0']);
    const open = await jobs.list({ states: ['running', 'waiting'], limit: 10 });
    expect(open.jobs.map((j) => j.jobId)).toEqual(['job-3', 'job-2', 'job-1', 'job-0']);
    expect((await jobs.list({ states: ['cancelled'], limit: 10 })).jobs.map((j) => j.reason)).toEqual(['cancelled by test']);
    expect((await jobs.list({ states: ['waiting'], labourerId: LABOURER, limit: 10 })).jobs.map((j) => j.jobId)).toEqual([
      'job-3',
      'job-1',
    ]);
  });

  it('archiveMany adds completed and dead to the counters in its transactions; racing keepers settle the job once', async () => {
    const tasks = await queueJob('job-c', 60);
    for (const task of tasks.slice(0, 55)) await complete(task);
    // Five tasks die: claimed, never reported, archived as they are.
    for (const task of tasks.slice(55)) expect(await store.claim(task.taskId, NOW + 1, NOW + DELTA)).not.toBeNull();
    const early = await jobs.transition('job-c', { from: ['running'], to: 'completed', at: NOW + 3, whenSettled: true });
    expect(early).toBeNull();
    const archived = await store.archiveMany(
      tasks.map((t) => t.taskId),
      NOW + 5,
    );
    expect(archived.sort()).toEqual(tasks.map((t) => t.taskId).sort());
    expect(await jobs.get('job-c')).toMatchObject({ completed: 55, dead: 5, cancelled: 0 });
    await expectCountersMatchRecount('job-c');

    // Archiving again changes nothing (the tasks are gone from the live table).
    expect(await store.archiveMany([tasks[0]?.taskId as string], NOW + 6)).toEqual([]);
    expect(closedCount((await jobs.get('job-c')) as NonNullable<Awaited<ReturnType<typeof jobs.get>>>)).toBe(60);

    const keepers = await Promise.all(
      Array.from({ length: 8 }, () => jobs.transition('job-c', { from: ['running'], to: 'failed', at: NOW + 7, whenSettled: true })),
    );
    const winners = keepers.filter((k) => k !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ state: 'failed', finishedAt: NOW + 7 });
    expect((await jobs.list({ states: ['running', 'scheduling', 'waiting'], limit: 10 })).jobs).toEqual([]);
  });

  it('single archive and redrive keep the counters equal to a recount', async () => {
    const [done, dead] = await queueJob('job-d', 2);
    if (done === undefined || dead === undefined) throw new Error('enqueue');
    await complete(done);
    await store.claim(dead.taskId, NOW + 1, NOW + DELTA);
    expect(await store.archive(done.taskId, NOW + 5)).toMatchObject({ succeeded: true, jobId: 'job-d' });
    expect(await store.archive(dead.taskId, NOW + 5)).toMatchObject({ succeeded: false });
    expect(await jobs.get('job-d')).toMatchObject({ completed: 1, dead: 1 });
    await expectCountersMatchRecount('job-d');
    expect(await store.redrive(dead.taskId)).toMatchObject({ jobId: 'job-d', attempts: 0 });
    expect(await jobs.get('job-d')).toMatchObject({ completed: 1, dead: 0 });
    await expectCountersMatchRecount('job-d');
  });

  it('cancelJobTasks closes queued and retrying tasks as cancelled, leaves running ones, and is idempotent', async () => {
    const tasks = await queueJob('job-e', 6);
    const [running, retrying] = tasks;
    if (running === undefined || retrying === undefined) throw new Error('enqueue');
    await store.claim(running.taskId, NOW + 1, NOW + DELTA);
    await store.claim(retrying.taskId, NOW + 1, NOW + DELTA);
    expect(await store.moveToRetry(retrying.taskId, NOW + 100)).not.toBeNull();

    const cancelled = await store.cancelJobTasks(LABOURER, 'job-e', NOW + 10);
    expect(cancelled.sort()).toEqual(
      tasks
        .slice(1)
        .map((t) => t.taskId)
        .sort(),
    );
    expect(await store.cancelJobTasks(LABOURER, 'job-e', NOW + 11)).toEqual([]);
    expect(await jobs.get('job-e')).toMatchObject({ completed: 0, dead: 0, cancelled: 5 });
    expect(await store.get(running.taskId)).not.toBeNull();
    const closed = await store.getClosed(retrying.taskId);
    expect(closed).toMatchObject({ succeeded: false, jobId: 'job-e' });
    expect(closed?.extra?.cancelled_at).toBe(NOW + 10);
    expect(await store.countJobTasks(LABOURER, 'job-e')).toEqual({
      queued: 0,
      running: 1,
      awaitingArchive: 0,
      retrying: 0,
      completed: 0,
      dead: 0,
      cancelled: 5,
    });
    expect((await store.listJobTasks(LABOURER, 'job-e', 'cancelled', 2)).length).toBe(2);
    expect((await store.listJobTasks(LABOURER, 'job-e', 'running', 10)).map((t) => t.taskId)).toEqual([running.taskId]);
    await expectCountersMatchRecount('job-e');
  });

  it('setCounters overwrites with a recount and keeps whenSettled working', async () => {
    await jobs.create(newJob('job-f', { planned: 3, state: 'running' }));
    expect(await jobs.setCounters('job-f', { completed: 2, dead: 1, cancelled: 0 }, NOW + 1)).toMatchObject({ completed: 2, dead: 1 });
    expect(await jobs.transition('job-f', { from: ['running'], to: 'completed', at: NOW + 2, whenSettled: true })).toMatchObject({
      state: 'completed',
    });
    await jobs.markActionsDone('job-f', NOW + 3);
    await jobs.markActionsDone('job-f', NOW + 4);
    expect((await jobs.get('job-f'))?.actionsDoneAt).toBe(NOW + 3);
    expect(await jobs.setCounters('missing', { completed: 0, dead: 0, cancelled: 0 }, NOW)).toBeNull();
  });
});

describe.skipIf(awsTierOff())('DynamoDB without the jobs table', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('createSoswTables({ jobs: false }) keeps the original five tables, and a store without `jobs` never touches a jobs table', async () => {
    const prefix = uniqueName('nj');
    const names = await createSoswTables(
      client,
      {
        tasks: `${prefix}_tasks`,
        closedTasks: `${prefix}_closed`,
        retryTasks: `${prefix}_retry`,
        meta: `${prefix}_meta`,
        config: `${prefix}_config`,
        jobs: `${prefix}_jobs`,
      },
      { jobs: false },
    );
    const store = new DynamoTaskStore({ client, tableNames: names });
    try {
      const tasks = await store.enqueue(
        LABOURER,
        [
          { payload: '{}', jobId: 'j1' },
          { payload: '{}', jobId: 'j1' },
        ],
        NOW,
      );
      expect(tasks.map((t) => t.jobId)).toEqual(['j1', 'j1']);
      for (const task of tasks) await store.claim(task.taskId, NOW + 1, NOW + DELTA);
      expect(
        await store.archiveMany(
          tasks.map((t) => t.taskId),
          NOW + 2,
        ),
      ).toHaveLength(2);
      expect((await store.getClosed(tasks[0]?.taskId as string))?.jobId).toBe('j1');
      await expect(new DynamoJobStore({ client, tableNames: names }).get('j1')).rejects.toMatchObject({ code: 'store.unavailable' });
    } finally {
      await store.close();
      await deleteSoswTables(client, names);
    }
  });
});
