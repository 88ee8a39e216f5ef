import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/task/task.js';
import { drafts, invokedAt, LABOURER, NOW, OTHER, seedInvoked, type TaskStoreFactory, withStore } from './fixtures.js';

function ids(tasks: readonly Task[]): string[] {
  return tasks.map((t) => t.taskId);
}

/** countInvokedSince, listInvokedSince, listInvokedBetween, listCompleted. */
export function describeStates(factory: TaskStoreFactory): void {
  describe('countInvokedSince and listInvokedSince', () => {
    it('count invoked, not completed tasks with greenfield >= since (inclusive)', () =>
      withStore(factory, async (store) => {
        const [old, mid, recent] = await seedInvoked(store, 4, [300, 200, 100]);
        const since = mid?.greenfield ?? 0;
        expect(await store.countInvokedSince(LABOURER, since)).toBe(2);
        expect(await store.countInvokedSince(LABOURER, since + 1)).toBe(1);
        expect(ids(await store.listInvokedSince(LABOURER, since, 10))).toEqual(ids([mid as Task, recent as Task]));
        expect(ids(await store.listInvokedSince(LABOURER, NOW, 2))).toEqual(ids([old as Task, mid as Task]));
      }));

    it('leave out queued and completed tasks and other labourers', () =>
      withStore(factory, async (store) => {
        const [done, running] = await seedInvoked(store, 3, [100, 50]);
        await store.report({ taskId: done?.taskId ?? '', outcome: 'completed', at: NOW, invokedAtLeast: NOW });
        const [foreign] = await store.enqueue(OTHER, drafts(1), NOW);
        await store.claim(foreign?.taskId ?? '', NOW, invokedAt(10));
        expect(await store.countInvokedSince(LABOURER, NOW)).toBe(1);
        expect(ids(await store.listInvokedSince(LABOURER, NOW, 10))).toEqual([running?.taskId]);
      }));

    it('count a failed (reported) but not completed task as still invoked', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        await store.report({ taskId: task?.taskId ?? '', outcome: 'failed', at: NOW, invokedAtLeast: NOW });
        expect(await store.countInvokedSince(LABOURER, NOW)).toBe(1);
      }));
  });

  describe('listInvokedBetween', () => {
    it('selects from <= greenfield < to, not completed, ascending', () =>
      withStore(factory, async (store) => {
        const [a, b, c, d] = await seedInvoked(store, 4, [400, 300, 200, 100]);
        await store.report({ taskId: b?.taskId ?? '', outcome: 'completed', at: NOW, invokedAtLeast: NOW });
        const between = await store.listInvokedBetween(LABOURER, a?.greenfield ?? 0, d?.greenfield ?? 0, 10);
        expect(ids(between)).toEqual(ids([a as Task, c as Task]));
        expect(ids(await store.listInvokedBetween(LABOURER, (a?.greenfield ?? 0) + 1, (d?.greenfield ?? 0) + 1, 10))).toEqual(
          ids([c as Task, d as Task]),
        );
        expect(ids(await store.listInvokedBetween(LABOURER, NOW, invokedAt(-1), 1))).toEqual([a?.taskId]);
      }));

    it('never returns queued tasks when from is at or above now', () =>
      withStore(factory, async (store) => {
        await store.enqueue(LABOURER, drafts(2), NOW);
        expect(await store.listInvokedBetween(LABOURER, NOW, invokedAt(), 10)).toEqual([]);
      }));
  });

  describe('listCompleted', () => {
    it('lists completed, not archived tasks, oldest completion first', () =>
      withStore(factory, async (store) => {
        const [a, b, c] = await seedInvoked(store, 4, [30, 20, 10]);
        for (const [task, at] of [
          [a, NOW + 9],
          [b, NOW + 3],
          [c, NOW + 6],
        ] as const) {
          await store.report({ taskId: task?.taskId ?? '', outcome: 'completed', at, invokedAtLeast: NOW });
        }
        const [foreign] = await store.enqueue(OTHER, drafts(1), NOW);
        await store.claim(foreign?.taskId ?? '', NOW, invokedAt());
        await store.report({ taskId: foreign?.taskId ?? '', outcome: 'completed', at: NOW, invokedAtLeast: NOW });

        expect(ids(await store.listCompleted(LABOURER, 10))).toEqual(ids([b as Task, c as Task, a as Task]));
        expect(ids(await store.listCompleted(LABOURER, 1))).toEqual([b?.taskId]);
        await store.archive(b?.taskId ?? '', NOW + 20);
        expect(ids(await store.listCompleted(LABOURER, 10))).toEqual(ids([c as Task, a as Task]));
      }));

    it('listCompletedRefs, when the store has it, names the same tasks in the same order with their archiving fields', () =>
      withStore(factory, async (store) => {
        if (store.listCompletedRefs === undefined) return;
        const [a, b, c] = await seedInvoked(store, 3, [30, 20, 10]);
        const [jobbed] = await store.enqueue(LABOURER, [{ payload: '{}', jobId: 'job-1' }], NOW);
        await store.claim(jobbed?.taskId ?? '', NOW, invokedAt(5));
        for (const [task, at] of [
          [a, NOW + 9],
          [b, NOW + 3],
          [jobbed, NOW + 6],
        ] as const) {
          await store.report({ taskId: task?.taskId ?? '', outcome: 'completed', at, invokedAtLeast: NOW, stats: { rows: 1 } });
        }
        await store.report({ taskId: c?.taskId ?? '', outcome: 'failed', at: NOW + 1, invokedAtLeast: NOW });
        const full = await store.listCompleted(LABOURER, 10);
        const refs = await store.listCompletedRefs(LABOURER, 10);
        expect(refs).toEqual(
          full.map((t) => ({
            taskId: t.taskId,
            labourerId: t.labourerId,
            greenfield: t.greenfield,
            completedAt: t.completedAt,
            ...(t.jobId === undefined ? {} : { jobId: t.jobId }),
          })),
        );
        expect(refs.map((r) => r.jobId)).toEqual([undefined, 'job-1', undefined]);
        expect(await store.listCompletedRefs(LABOURER, 1)).toEqual(refs.slice(0, 1));
        expect(await store.listCompletedRefs(OTHER, 10)).toEqual([]);
      }));
  });
}
