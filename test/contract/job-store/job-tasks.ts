import { describe, expect, it } from 'vitest';
import { TASK_CANCELLED_AT_FIELD } from '../../../src/core/job/job-fields.js';
import type { JobStore, JobTasks } from '../../../src/ports/job-store.js';
import type { TaskStore } from '../../../src/ports/task-store.js';
import { complete, type JobStoreFactory, LABOURER, NOW, newJob, queueJobTasks, withJobStores } from './fixtures.js';

/** The job's counters must equal a recount of its tasks after every move. */
async function expectCountersExact(jobStore: JobStore, taskStore: TaskStore & JobTasks, jobId: string): Promise<void> {
  const job = await jobStore.get(jobId);
  const counts = await taskStore.countJobTasks(LABOURER, jobId);
  expect({ completed: job?.completed, dead: job?.dead, cancelled: job?.cancelled }).toEqual({
    completed: counts.completed,
    dead: counts.dead,
    cancelled: counts.cancelled,
  });
}

/** Tasks by job: job ids on tasks, counters folded into the moves, recount, listing and cancel. */
export function describeJobTasks(factory: JobStoreFactory): void {
  describe('tasks of a job', () => {
    it('keeps the job id on a task through queue, retry and closed tables', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j'));
        const [a, b] = await queueJobTasks(taskStore, 'j', 2, 2);
        expect((await taskStore.get(a as string))?.jobId).toBe('j');
        expect((await taskStore.moveToRetry(a as string, NOW + 60))?.jobId).toBe('j');
        expect((await taskStore.getRetry(a as string))?.jobId).toBe('j');
        await taskStore.archive(b as string, NOW + 2);
        expect((await taskStore.getClosed(b as string))?.jobId).toBe('j');
        const [back] = await taskStore.returnFromRetry(LABOURER, [a as string]);
        expect(back?.jobId).toBe('j');
      }));

    it('adds archived tasks to completed and dead in the same move (archive and archiveMany)', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 4 }));
        await jobStore.create(newJob('k', { planned: 1 }));
        const ids = await queueJobTasks(taskStore, 'j', 4, 4);
        const [other] = await queueJobTasks(taskStore, 'k', 1, 1);
        await complete(taskStore, ids[0] as string);
        await complete(taskStore, ids[1] as string);
        await complete(taskStore, other as string);
        expect(
          await taskStore.archiveMany([ids[0] as string, ids[1] as string, ids[2] as string, ids[0] as string, other as string], NOW + 5),
        ).toHaveLength(4);
        await taskStore.archive(ids[3] as string, NOW + 6);
        // Archiving again moves nothing and counts nothing.
        expect(await taskStore.archiveMany([ids[0] as string], NOW + 7)).toEqual([]);
        expect(await taskStore.archive(ids[3] as string, NOW + 7)).toBeNull();
        expect(await jobStore.get('j')).toMatchObject({ completed: 2, dead: 2, cancelled: 0 });
        expect(await jobStore.get('k')).toMatchObject({ completed: 1, dead: 0, cancelled: 0 });
        await expectCountersExact(jobStore, taskStore, 'j');
        await expectCountersExact(jobStore, taskStore, 'k');
      }));

    it('takes a redriven dead task off the dead counter', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 1 }));
        const [id] = await queueJobTasks(taskStore, 'j', 1, 1);
        await taskStore.archive(id as string, NOW + 5);
        expect((await jobStore.get('j'))?.dead).toBe(1);
        expect((await taskStore.redrive(id as string))?.jobId).toBe('j');
        expect((await jobStore.get('j'))?.dead).toBe(0);
        await expectCountersExact(jobStore, taskStore, 'j');
      }));

    it('counts and lists the tasks of a job by place', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 7 }));
        await queueJobTasks(taskStore, 'other', 2);
        const ids = (await queueJobTasks(taskStore, 'j', 7, 5)) as string[];
        await complete(taskStore, ids[0] as string);
        await complete(taskStore, ids[1] as string);
        await taskStore.archive(ids[1] as string, NOW + 5);
        await taskStore.archive(ids[2] as string, NOW + 5);
        await taskStore.moveToRetry(ids[3] as string, NOW + 60);
        expect(await taskStore.countJobTasks(LABOURER, 'j')).toEqual({
          queued: 2,
          running: 1,
          awaitingArchive: 1,
          retrying: 1,
          completed: 1,
          dead: 1,
          cancelled: 0,
        });
        const ofPlace = async (place: Parameters<JobTasks['listJobTasks']>[2]): Promise<string[]> =>
          (await taskStore.listJobTasks(LABOURER, 'j', place, 10)).map((t) => t.taskId);
        expect(await ofPlace('queued')).toEqual([ids[5], ids[6]]);
        expect(await ofPlace('running')).toEqual([ids[4]]);
        expect(await ofPlace('awaitingArchive')).toEqual([ids[0]]);
        expect(await ofPlace('retrying')).toEqual([ids[3]]);
        expect(await ofPlace('completed')).toEqual([ids[1]]);
        expect(await ofPlace('dead')).toEqual([ids[2]]);
        expect(await ofPlace('cancelled')).toEqual([]);
        expect(await taskStore.listJobTasks(LABOURER, 'j', 'queued', 1)).toHaveLength(1);
        expect(await taskStore.countJobTasks(LABOURER, 'missing')).toEqual({
          queued: 0,
          running: 0,
          awaitingArchive: 0,
          retrying: 0,
          completed: 0,
          dead: 0,
          cancelled: 0,
        });
      }));
  });

  describe('cancelJobTasks', () => {
    it('closes queued and retrying tasks as cancelled, leaves running ones, counts them, and is idempotent', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 5 }));
        const otherIds = await queueJobTasks(taskStore, 'other', 2);
        const ids = (await queueJobTasks(taskStore, 'j', 5, 3)) as string[];
        await taskStore.moveToRetry(ids[0] as string, NOW + 60);
        const closed = await taskStore.cancelJobTasks(LABOURER, 'j', NOW + 10);
        expect([...closed].sort()).toEqual([ids[0], ids[3], ids[4]].sort());
        for (const id of closed) {
          const task = await taskStore.getClosed(id);
          expect(task).toMatchObject({ succeeded: false, closedAt: NOW + 10, jobId: 'j' });
          expect(task?.extra?.[TASK_CANCELLED_AT_FIELD]).toBe(NOW + 10);
        }
        // Running tasks stay where they are; other jobs are untouched.
        expect((await taskStore.get(ids[1] as string))?.jobId).toBe('j');
        expect(await taskStore.countQueued(LABOURER, NOW)).toBe(otherIds.length);
        expect(await jobStore.get('j')).toMatchObject({ completed: 0, dead: 0, cancelled: 3 });
        expect(await taskStore.cancelJobTasks(LABOURER, 'j', NOW + 20)).toEqual([]);
        expect((await jobStore.get('j'))?.cancelled).toBe(3);
        const counts = await taskStore.countJobTasks(LABOURER, 'j');
        expect(counts).toMatchObject({ queued: 0, retrying: 0, running: 2, cancelled: 3, dead: 0 });
        expect((await taskStore.listJobTasks(LABOURER, 'j', 'cancelled', 10)).length).toBe(3);
        await expectCountersExact(jobStore, taskStore, 'j');
        // A running task that later dies counts as dead, not cancelled.
        await taskStore.archive(ids[1] as string, NOW + 30);
        expect(await jobStore.get('j')).toMatchObject({ dead: 1, cancelled: 3 });
        await expectCountersExact(jobStore, taskStore, 'j');
      }));

    it('closes given live tasks as cancelled with closeCancelled (not completed ones), counting them once', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 3 }));
        const ids = (await queueJobTasks(taskStore, 'j', 3, 3)) as string[];
        await complete(taskStore, ids[2] as string);
        const closed = await taskStore.closeCancelled([ids[0] as string, ids[1] as string, ids[2] as string, 'missing'], NOW + 40);
        expect(closed).toEqual([ids[0], ids[1]]);
        expect(await taskStore.closeCancelled([ids[0] as string], NOW + 41)).toEqual([]);
        expect((await taskStore.getClosed(ids[0] as string))?.extra?.[TASK_CANCELLED_AT_FIELD]).toBe(NOW + 40);
        expect(await jobStore.get('j')).toMatchObject({ cancelled: 2, completed: 0, dead: 0 });
        await expectCountersExact(jobStore, taskStore, 'j');
      }));

    it('cancelTasks closes only the queued and retry-table tasks it names, counting them per job, idempotently', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 5 }));
        await jobStore.create(newJob('k', { planned: 2 }));
        const ids = (await queueJobTasks(taskStore, 'j', 5, 2)) as string[];
        const other = (await queueJobTasks(taskStore, 'k', 2)) as string[];
        const [running, done, retrying, queued, untouched] = ids as [string, string, string, string, string];
        await complete(taskStore, done);
        await taskStore.moveToRetry(retrying, NOW + 60);
        const ref = (taskId: string) => ({ taskId, labourerId: LABOURER });
        const named = [running, done, retrying, queued, other[0] as string, 'missing'].map(ref);
        const closed = await taskStore.cancelTasks(named, NOW + 10);
        // Running and completed tasks are left to finish; an unknown id is left out.
        expect([...closed].sort()).toEqual([retrying, queued, other[0]].sort());
        for (const id of closed) expect((await taskStore.getClosed(id))?.extra?.[TASK_CANCELLED_AT_FIELD]).toBe(NOW + 10);
        expect((await taskStore.get(running))?.completedAt).toBeUndefined();
        expect(await taskStore.get(running)).not.toBeNull();
        expect((await taskStore.get(done))?.completedAt).toBeDefined();
        expect(await taskStore.get(untouched)).not.toBeNull();
        expect(await jobStore.get('j')).toMatchObject({ cancelled: 2, dead: 0, completed: 0 });
        expect(await jobStore.get('k')).toMatchObject({ cancelled: 1 });
        await expectCountersExact(jobStore, taskStore, 'j');
        await expectCountersExact(jobStore, taskStore, 'k');
        expect(await taskStore.cancelTasks(named, NOW + 20)).toEqual([]);
        expect((await jobStore.get('j'))?.cancelled).toBe(2);
        expect(await taskStore.cancelTasks([], NOW + 20)).toEqual([]);
      }));

    it('counts cancelled tasks apart from dead ones among the closed, not succeeded tasks (countCancelled)', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 5 }));
        await jobStore.create(newJob('k', { planned: 1 }));
        // j: 2 running (one dies later), 3 queued (cancelled); k: one task that dies; another labourer: cancelled too.
        const ids = (await queueJobTasks(taskStore, 'j', 5, 2)) as string[];
        const [doomed] = await queueJobTasks(taskStore, 'k', 1, 1);
        await taskStore.archive(doomed as string, NOW + 5);
        expect(await taskStore.countCancelled(LABOURER)).toBe(0);
        await taskStore.cancelJobTasks(LABOURER, 'j', NOW + 10);
        await taskStore.archive(ids[0] as string, NOW + 20);
        await taskStore.archive(ids[1] as string, NOW + 21);

        expect(await taskStore.countClosed(LABOURER, false)).toBe(6);
        expect(await taskStore.countCancelled(LABOURER)).toBe(3);
        expect(await taskStore.countCancelled(LABOURER, 100)).toBe(3);
        // With a limit only the newest closed are looked at: the two dead (closed last), then one cancelled.
        expect(await taskStore.countCancelled(LABOURER, 2)).toBe(0);
        expect(await taskStore.countCancelled(LABOURER, 3)).toBe(1);
        expect(await taskStore.countCancelled(LABOURER, 5)).toBe(3);
        expect(await taskStore.countCancelled('nobody')).toBe(0);
        // A redriven cancelled task is neither cancelled nor dead any more.
        const cancelled = (await taskStore.listJobTasks(LABOURER, 'j', 'cancelled', 10)).map((t) => t.taskId);
        await taskStore.redrive(cancelled[0] as string);
        expect(await taskStore.countCancelled(LABOURER)).toBe(2);
        expect(await taskStore.countClosed(LABOURER, false)).toBe(5);
        await expect(taskStore.countCancelled(LABOURER, 0)).rejects.toMatchObject({ code: 'store.invalidArgument' });
      }));

    it('gives a redriven cancelled task back to the queue without cancelled_at and off the cancelled counter', () =>
      withJobStores(factory, async ({ jobStore, taskStore }) => {
        await jobStore.create(newJob('j', { planned: 1 }));
        const [id] = await queueJobTasks(taskStore, 'j', 1);
        await taskStore.cancelJobTasks(LABOURER, 'j', NOW + 10);
        const back = await taskStore.redrive(id as string);
        expect(back?.extra?.[TASK_CANCELLED_AT_FIELD]).toBeUndefined();
        expect((await jobStore.get('j'))?.cancelled).toBe(0);
        await expectCountersExact(jobStore, taskStore, 'j');
      }));
  });
}
