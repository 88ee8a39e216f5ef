import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/task/task.js';
import { drafts, LABOURER, NOW, OTHER, placesOf, seedInvoked, seedReported, type TaskStoreFactory, withStore } from './fixtures.js';

/** Attributes a move must keep (everything but the place-specific fields). */
function kept(task: Task): Omit<Task, 'greenfield'> {
  const { greenfield: _greenfield, ...rest } = task;
  return rest;
}

/** archive, recentClosed, countClosed, getClosed, redrive. */
export function describeArchive(factory: TaskStoreFactory): void {
  describe('archive', () => {
    it('moves a completed task to the closed table with every attribute, succeeded', () =>
      withStore(factory, async (store) => {
        const task = await seedReported(store, true);
        const closed = await store.archive(task.taskId, NOW + 100);
        expect(closed).toEqual({ ...task, closedAt: NOW + 100, succeeded: true });
        expect(task).toMatchObject({ failedAttempts: 1, stats: { rows: 7, pages: 2 }, result: { error: 'boom', file: 'a.csv' } });
        expect(await store.getClosed(task.taskId)).toEqual(closed);
        expect(await placesOf(store, task.taskId)).toEqual(['closed']);
      }));

    it('closes a never completed task as not succeeded (dead)', () =>
      withStore(factory, async (store) => {
        const task = await seedReported(store, false);
        const closed = await store.archive(task.taskId, NOW);
        expect(closed).toEqual({ ...task, closedAt: NOW, succeeded: false });
      }));

    it('returns null for a task that is not live and changes nothing', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const id = task?.taskId ?? '';
        expect(await store.archive('no-such-task', NOW)).toBeNull();
        expect(await store.archive(id, NOW)).not.toBeNull();
        expect(await store.archive(id, NOW + 1)).toBeNull();
        expect((await store.getClosed(id))?.closedAt).toBe(NOW);
        expect(await placesOf(store, id)).toEqual(['closed']);
      }));

    it('lists and counts closed tasks per outcome, newest first', () =>
      withStore(factory, async (store) => {
        const tasks = (await seedInvoked(store, 4, [40, 30, 20, 10])) as Task[];
        for (const [i, task] of tasks.entries()) {
          if (i < 3) await store.report({ taskId: task.taskId, outcome: 'completed', at: NOW, invokedAtLeast: NOW });
          await store.archive(task.taskId, NOW + [5, 9, 7, 1][i]!);
        }
        const [foreign] = await store.enqueue(OTHER, drafts(1), NOW);
        await store.archive(foreign?.taskId ?? '', NOW);
        const succeeded = await store.recentClosed(LABOURER, true, 10);
        expect(succeeded.map((t) => t.closedAt)).toEqual([NOW + 9, NOW + 7, NOW + 5]);
        expect((await store.recentClosed(LABOURER, true, 1)).map((t) => t.taskId)).toEqual([tasks[1]?.taskId]);
        expect((await store.recentClosed(LABOURER, false, 10)).map((t) => t.taskId)).toEqual([tasks[3]?.taskId]);
        expect(await store.countClosed(LABOURER, true)).toBe(3);
        expect(await store.countClosed(LABOURER, false)).toBe(1);
        expect(await store.countClosed(OTHER, false)).toBe(1);
        expect(await store.getClosed('no-such-task')).toBeNull();
      }));
  });

  describe('redrive', () => {
    it('puts a dead task at the end of the queue as a fresh task: attempts reset, failures and their results dropped', () =>
      withStore(factory, async (store) => {
        const dead = await seedReported(store, false);
        expect(dead).toMatchObject({ failedAttempts: 1, result: { error: 'boom' }, invocations: 1 });
        await store.archive(dead.taskId, NOW + 10);
        await store.enqueue(LABOURER, drafts(1), NOW + 20);
        const requeued = await store.redrive(dead.taskId);
        const { failedAttempts: _failed, result: _result, ...fresh } = kept(dead);
        // Stats and the invocation count are kept: invocation numbers are never reused.
        expect(requeued).toEqual({ ...fresh, attempts: 0, greenfield: 3000 });
        expect(requeued).toMatchObject({ stats: { rows: 1 }, invocations: 1 });
        expect(await store.get(dead.taskId)).toEqual(requeued);
        expect(await placesOf(store, dead.taskId)).toEqual(['live']);
        expect((await store.nextQueued(LABOURER, NOW, 10)).map((t) => t.taskId).at(-1)).toBe(dead.taskId);
      }));

    it('returns null for a succeeded, a live or an unknown task', () =>
      withStore(factory, async (store) => {
        const done = await seedReported(store, true);
        await store.archive(done.taskId, NOW);
        const [live] = await store.enqueue(LABOURER, drafts(1), NOW);
        expect(await store.redrive(done.taskId)).toBeNull();
        expect(await store.redrive(live?.taskId ?? '')).toBeNull();
        expect(await store.redrive('no-such-task')).toBeNull();
        expect(await placesOf(store, done.taskId)).toEqual(['closed']);
      }));
  });
}

/** moveToRetry, dueRetries, returnFromRetry, countRetries, getRetry. */
export function describeRetry(factory: TaskStoreFactory): void {
  describe('moveToRetry', () => {
    it('moves a live, not completed task to the retry table with every attribute', () =>
      withStore(factory, async (store) => {
        const task = await seedReported(store, false);
        const retry = await store.moveToRetry(task.taskId, NOW + 900);
        expect(retry).toEqual({ ...task, desiredLaunchTime: NOW + 900 });
        expect(await store.getRetry(task.taskId)).toEqual(retry);
        expect(await placesOf(store, task.taskId)).toEqual(['retry']);
        expect(await store.countRetries(LABOURER)).toBe(1);
      }));

    it('returns null for a completed, a missing or an already moved task', () =>
      withStore(factory, async (store) => {
        const done = await seedReported(store, true);
        const [running] = await seedInvoked(store, 1, [5]);
        expect(await store.moveToRetry(done.taskId, NOW)).toBeNull();
        expect(await placesOf(store, done.taskId)).toEqual(['live']);
        expect(await store.moveToRetry('no-such-task', NOW)).toBeNull();
        expect(await store.moveToRetry(running?.taskId ?? '', NOW)).not.toBeNull();
        expect(await store.moveToRetry(running?.taskId ?? '', NOW + 1)).toBeNull();
        expect((await store.getRetry(running?.taskId ?? ''))?.desiredLaunchTime).toBe(NOW);
        expect(await store.getRetry('no-such-task')).toBeNull();
      }));
  });

  describe('dueRetries and returnFromRetry', () => {
    it('list due retries (desiredLaunchTime <= dueAt) ascending, per labourer', () =>
      withStore(factory, async (store) => {
        const tasks = (await seedInvoked(store, 3, [30, 20, 10])) as Task[];
        for (const [i, task] of tasks.entries()) await store.moveToRetry(task.taskId, NOW + [20, 10, 30][i]!);
        expect((await store.dueRetries(LABOURER, NOW + 20, 10)).map((t) => t.desiredLaunchTime)).toEqual([NOW + 10, NOW + 20]);
        expect((await store.dueRetries(LABOURER, NOW + 19, 10)).map((t) => t.taskId)).toEqual([tasks[1]?.taskId]);
        expect((await store.dueRetries(LABOURER, NOW + 99, 1)).map((t) => t.taskId)).toEqual([tasks[1]?.taskId]);
        expect(await store.dueRetries(OTHER, NOW + 99, 10)).toEqual([]);
      }));

    it('put retries at the head of the queue, first one first, keeping every attribute', () =>
      withStore(factory, async (store) => {
        const failed = await seedReported(store, false);
        const [other] = await seedInvoked(store, 1, [5]);
        await store.moveToRetry(failed.taskId, NOW - 20);
        await store.moveToRetry(other?.taskId ?? '', NOW - 10);
        const queued = await store.enqueue(LABOURER, drafts(2), NOW);
        const due = await store.dueRetries(LABOURER, NOW, 10);

        const back = await store.returnFromRetry(
          LABOURER,
          due.map((t) => t.taskId),
        );

        expect(back.map((t) => t.taskId)).toEqual([failed.taskId, other?.taskId]);
        expect(back[0]).toEqual({ ...kept(failed), greenfield: back[0]?.greenfield });
        const head = await store.nextQueued(LABOURER, NOW, 10);
        expect(head.map((t) => t.taskId)).toEqual([failed.taskId, other?.taskId, ...queued.map((t) => t.taskId)]);
        expect(back.every((t) => t.greenfield < (queued[0]?.greenfield ?? 0))).toBe(true);
        expect(await placesOf(store, failed.taskId)).toEqual(['live']);
        expect(await store.countRetries(LABOURER)).toBe(0);
      }));

    it('skip ids that are not waiting for that labourer and return nothing the second time', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [5]);
        const id = task?.taskId ?? '';
        await store.moveToRetry(id, NOW);
        expect(await store.returnFromRetry(OTHER, [id])).toEqual([]);
        expect((await store.returnFromRetry(LABOURER, ['no-such-task', id])).map((t) => t.taskId)).toEqual([id]);
        expect(await store.returnFromRetry(LABOURER, [id])).toEqual([]);
        expect(await placesOf(store, id)).toEqual(['live']);
      }));

    it('round-trips a task through retry without losing attributes', () =>
      withStore(factory, async (store) => {
        const task = await seedReported(store, false);
        await store.moveToRetry(task.taskId, NOW);
        const [back] = await store.returnFromRetry(LABOURER, [task.taskId]);
        const claimed = await store.claim(task.taskId, NOW, task.greenfield + 600);
        expect(kept(back as Task)).toEqual(kept(task));
        expect(claimed).toMatchObject({ attempts: 2, failedAttempts: 1, stats: task.stats, result: task.result });
      }));
  });
}
