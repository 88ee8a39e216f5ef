import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/task/task.js';
import { drafts, invokedAt, LABOURER, NOW, OTHER, seedInvoked, type TaskStoreFactory, withStore } from './fixtures.js';
import { describeReportAudit } from './report-audit.js';

/** report: conditional completion and failure reports. */
export function describeReport(factory: TaskStoreFactory): void {
  describe('report', () => {
    it('completes an invoked task: completedAt, stats and result, and returns it', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const outcome = await store.report({
          taskId: task?.taskId ?? '',
          outcome: 'completed',
          at: NOW + 5,
          invokedAtLeast: NOW,
          attempt: 1,
          stats: { rows: 3 },
          result: { file: 'out.csv' },
        });
        const expected = { ...task, completedAt: NOW + 5, stats: { rows: 3 }, result: { file: 'out.csv' } };
        expect(outcome).toEqual({ applied: true, task: expected });
        expect(await store.get(task?.taskId ?? '')).toEqual(expected);
      }));

    it('counts failures and merges stats without completing', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const id = task?.taskId ?? '';
        await store.report({ taskId: id, outcome: 'failed', at: NOW, invokedAtLeast: NOW, stats: { a: 1, b: 1 } });
        const second = await store.report({ taskId: id, outcome: 'failed', at: NOW + 1, invokedAtLeast: NOW, stats: { b: 2 } });
        expect(second).toMatchObject({ applied: true, task: { failedAttempts: 2, stats: { a: 1, b: 2 } } });
        expect((await store.get(id))?.completedAt).toBeUndefined();
        const done = await store.report({ taskId: id, outcome: 'completed', at: NOW + 2, invokedAtLeast: NOW });
        expect(done).toMatchObject({ applied: true, task: { failedAttempts: 2, completedAt: NOW + 2 } });
      }));

    it('accepts a greenfield equal to invokedAtLeast', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [0]);
        const outcome = await store.report({
          taskId: task?.taskId ?? '',
          outcome: 'completed',
          at: NOW,
          invokedAtLeast: task?.greenfield ?? 0,
        });
        expect(outcome.applied).toBe(true);
      }));

    it('rejects an unknown task and creates nothing', () =>
      withStore(factory, async (store) => {
        const outcome = await store.report({ taskId: 'ghost', outcome: 'completed', at: NOW, invokedAtLeast: NOW });
        expect(outcome).toEqual({ applied: false, reason: 'unknown' });
        expect(await store.get('ghost')).toBeNull();
        expect(await store.listCompleted(LABOURER, 10)).toEqual([]);
      }));

    it('rejects a queued task as notInvoked and leaves it queued', () =>
      withStore(factory, async (store) => {
        const [task] = await store.enqueue(LABOURER, drafts(1), NOW);
        const outcome = await store.report({ taskId: task?.taskId ?? '', outcome: 'completed', at: NOW, invokedAtLeast: NOW });
        expect(outcome).toEqual({ applied: false, reason: 'notInvoked' });
        expect(await store.get(task?.taskId ?? '')).toEqual(task);
      }));

    it('rejects a report for another attempt', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const outcome = await store.report({ taskId: task?.taskId ?? '', outcome: 'completed', at: NOW, invokedAtLeast: NOW, attempt: 2 });
        expect(outcome).toEqual({ applied: false, reason: 'otherAttempt' });
        expect((await store.get(task?.taskId ?? ''))?.completedAt).toBeUndefined();
      }));

    it('rejects a report for another invocation, and applies reports that do not say (the original workers)', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const id = task?.taskId ?? '';
        expect(task?.invocations).toBe(1);
        const common = { taskId: id, outcome: 'failed', at: NOW, invokedAtLeast: NOW } as const;
        expect(await store.report({ ...common, invocation: 2 })).toEqual({ applied: false, reason: 'otherAttempt' });
        expect(await store.report({ ...common, attempt: 1, invocation: 2 })).toEqual({ applied: false, reason: 'otherAttempt' });
        expect((await store.get(id))?.failedAttempts).toBeUndefined();
        expect(await store.report({ ...common, attempt: 1, invocation: 1 })).toMatchObject({ applied: true });
        expect(await store.report(common)).toMatchObject({ applied: true });
        expect((await store.get(id))?.failedAttempts).toBe(2);
      }));

    it('never applies a report from before a redrive to the redriven attempt', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [60]);
        const id = task?.taskId ?? '';
        const first = { taskId: id, at: NOW, invokedAtLeast: NOW, attempt: 1, invocation: 1 } as const;
        await store.report({ ...first, outcome: 'failed' });
        await store.archive(id, NOW + 1);
        await store.redrive(id);
        const again = await store.claim(id, NOW + 2, invokedAt(-5));
        expect(again).toMatchObject({ attempts: 1, invocations: 2 });
        // The first invocation's late completion names attempt 1 too: its invocation tells them apart.
        expect(await store.report({ ...first, outcome: 'completed' })).toEqual({ applied: false, reason: 'otherAttempt' });
        expect((await store.get(id))?.completedAt).toBeUndefined();
        expect(await store.report({ ...first, invocation: 2, outcome: 'completed' })).toMatchObject({ applied: true });
        expect((await store.get(id))?.completedAt).toBe(NOW);
      }));

    it('rejects a report naming another labourer than the task and changes nothing', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const id = task?.taskId ?? '';
        const report = { taskId: id, outcome: 'completed', at: NOW, invokedAtLeast: NOW, attempt: 1 } as const;
        expect(await store.report({ ...report, labourerId: OTHER })).toEqual({ applied: false, reason: 'otherLabourer' });
        expect(await store.get(id)).toEqual(task);
        expect(await store.report({ ...report, labourerId: LABOURER })).toMatchObject({ applied: true });
      }));

    it('treats a second completion (or a late failure) as alreadyCompleted and changes nothing', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        const id = task?.taskId ?? '';
        await store.report({ taskId: id, outcome: 'completed', at: NOW + 1, invokedAtLeast: NOW, stats: { n: 1 } });
        const before = await store.get(id);
        const again = await store.report({ taskId: id, outcome: 'completed', at: NOW + 9, invokedAtLeast: NOW, stats: { n: 2 } });
        const failed = await store.report({ taskId: id, outcome: 'failed', at: NOW + 9, invokedAtLeast: NOW });
        expect(again).toEqual({ applied: false, reason: 'alreadyCompleted' });
        expect(failed).toEqual({ applied: false, reason: 'alreadyCompleted' });
        expect(await store.get(id)).toEqual(before);
      }));

    it('never resurrects a task that moved on: archived or retrying is unknown, re-queued is notInvoked', () =>
      withStore(factory, async (store) => {
        const [archived, retried] = (await seedInvoked(store, 2, [10, 10])) as [Task, Task];
        await store.archive(archived.taskId, NOW);
        await store.moveToRetry(retried.taskId, NOW - 1);
        const report = (taskId: string) => store.report({ taskId, outcome: 'completed', at: NOW, invokedAtLeast: NOW });
        expect(await report(archived.taskId)).toEqual({ applied: false, reason: 'unknown' });
        expect(await report(retried.taskId)).toEqual({ applied: false, reason: 'unknown' });
        await store.returnFromRetry(LABOURER, [retried.taskId]);
        expect(await report(retried.taskId)).toEqual({ applied: false, reason: 'notInvoked' });
        expect(await store.get(archived.taskId)).toBeNull();
        expect((await store.getClosed(archived.taskId))?.completedAt).toBeUndefined();
      }));
  });
  describeReportAudit(factory);
}
