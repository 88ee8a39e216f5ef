import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/task/task.js';
import type { MetaEntry, MetaLog } from '../../../src/ports/meta-log.js';
import type { ReportRequest, TaskStore } from '../../../src/ports/task-store.js';
import { drafts, expectInvalid, LABOURER, NOW, seedInvoked, type TaskStoreFactory } from './fixtures.js';

/** Run `body` against a fresh store and the MetaLog on its meta table; always clean up. */
async function withAudit(factory: TaskStoreFactory, body: (store: TaskStore, metaLog: MetaLog) => Promise<void>): Promise<void> {
  const { store, metaLog, cleanup } = await factory();
  try {
    if (metaLog === undefined) throw new Error('the contract runner must return the metaLog on the store meta table');
    await body(store, metaLog);
  } finally {
    await cleanup();
  }
}

/** The audit row of a report of `taskId` (float seconds, as the engines stamp them). */
function auditOf(taskId: string, action: MetaEntry['action'] = 'marked_as_completed', createdAt = NOW + 0.25): MetaEntry {
  return { taskId, createdAt, action, labourerId: LABOURER, author: 'sosw_worker_assistant', invocationId: 'req-1', extra: { attempt: 1 } };
}

function report(taskId: string, extra: Partial<ReportRequest> = {}): ReportRequest {
  return { taskId, outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW, audit: auditOf(taskId), ...extra };
}

/** report with `audit`: the row is written in the same atomic write as an applied report, never for a rejected one. */
export function describeReportAudit(factory: TaskStoreFactory): void {
  describe('report with its audit row', () => {
    it('writes exactly the given row with an applied report and says so', () =>
      withAudit(factory, async (store, metaLog) => {
        const [task] = (await seedInvoked(store, 1, [10])) as [Task];
        const outcome = await store.report(report(task.taskId, { stats: { rows: 3 } }));
        expect(outcome).toMatchObject({ applied: true, audited: true });
        const after = await store.get(task.taskId);
        expect(after).toEqual({ ...task, completedAt: NOW + 5, stats: { rows: 3 } });
        // A store whose atomic write returns the item answers it; one that cannot leaves `task` out.
        if (outcome.applied && outcome.task !== undefined) expect(outcome.task).toEqual(after);
        expect(await metaLog.forTask(task.taskId)).toEqual([auditOf(task.taskId)]);
      }));

    it('writes one row per applied report, failures included', () =>
      withAudit(factory, async (store, metaLog) => {
        const [task] = (await seedInvoked(store, 1, [10])) as [Task];
        const failed = auditOf(task.taskId, 'marked_as_failed', NOW + 1.5);
        expect(await store.report(report(task.taskId, { outcome: 'failed', audit: failed }))).toMatchObject({
          applied: true,
          audited: true,
        });
        expect(await store.report(report(task.taskId))).toMatchObject({ applied: true, audited: true });
        expect((await store.get(task.taskId))?.failedAttempts).toBe(1);
        expect(await metaLog.forTask(task.taskId)).toEqual([auditOf(task.taskId), failed]);
      }));

    it('writes no row for a rejected report: unknown, notInvoked, otherAttempt, alreadyCompleted', () =>
      withAudit(factory, async (store, metaLog) => {
        const [done, running] = (await seedInvoked(store, 2, [10, 10])) as [Task, Task];
        const [queued] = (await store.enqueue(LABOURER, drafts(1), NOW)) as [Task];
        await store.report({ taskId: done.taskId, outcome: 'completed', at: NOW + 1, invokedAtLeast: NOW });
        expect(await store.report(report('ghost'))).toEqual({ applied: false, reason: 'unknown' });
        expect(await store.report(report(queued.taskId))).toEqual({ applied: false, reason: 'notInvoked' });
        expect(await store.report(report(running.taskId, { attempt: 2 }))).toEqual({ applied: false, reason: 'otherAttempt' });
        expect(await store.report(report(done.taskId))).toEqual({ applied: false, reason: 'alreadyCompleted' });
        for (const id of ['ghost', queued.taskId, running.taskId, done.taskId]) expect(await metaLog.forTask(id)).toEqual([]);
        expect(await store.get('ghost')).toBeNull();
        expect((await store.get(running.taskId))?.completedAt).toBeUndefined();
        expect(await store.get(queued.taskId)).toEqual(queued);
      }));

    it('moves a row whose key is taken a little later instead of rejecting the report', () =>
      withAudit(factory, async (store, metaLog) => {
        const [task] = (await seedInvoked(store, 1, [10])) as [Task];
        const invoked: MetaEntry = { taskId: task.taskId, createdAt: NOW + 0.25, action: 'invoked', labourerId: LABOURER };
        await metaLog.write([invoked]);
        expect(await store.report(report(task.taskId))).toMatchObject({ applied: true });
        expect((await store.get(task.taskId))?.completedAt).toBe(NOW + 5);
        const rows = await metaLog.forTask(task.taskId);
        expect(rows.map((r) => r.action)).toEqual(['invoked', 'marked_as_completed']);
        expect(rows[0]).toEqual(invoked);
        expect(rows[1]?.createdAt).toBeGreaterThan(invoked.createdAt);
        expect(rows[1]?.createdAt).toBeLessThan(invoked.createdAt + 0.001);
      }));

    it('applies exactly one of two racing completions, with exactly one row', () =>
      withAudit(factory, async (store, metaLog) => {
        const [task] = (await seedInvoked(store, 1, [10])) as [Task];
        const outcomes = await Promise.all([
          store.report(report(task.taskId)),
          store.report(report(task.taskId, { at: NOW + 6, audit: auditOf(task.taskId, 'marked_as_completed', NOW + 0.5) })),
        ]);
        expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
        expect(outcomes.filter((o) => !o.applied)).toEqual([{ applied: false, reason: 'alreadyCompleted' }]);
        const rows = await metaLog.forTask(task.taskId);
        expect(rows).toHaveLength(1);
        expect(rows[0]?.createdAt === NOW + 0.25 ? NOW + 5 : NOW + 6).toBe((await store.get(task.taskId))?.completedAt);
      }));

    it('gives each of a burst of reports made together the outcome it would have alone, with exactly its rows', () =>
      withAudit(factory, async (store, metaLog) => {
        // More reports than one audit chunk of the SQLite store (64), of every kind, all in flight at once.
        const tasks = await seedInvoked(
          store,
          75,
          Array.from({ length: 75 }, () => 10),
        );
        const [merged, taken, plain, ...rest] = tasks as [Task, Task, Task, ...Task[]];
        await store.report({ taskId: merged.taskId, outcome: 'failed', at: NOW + 1, invokedAtLeast: NOW, stats: { rows: 1 } });
        const takenRow: MetaEntry = { taskId: taken.taskId, createdAt: NOW + 0.25, action: 'invoked', labourerId: LABOURER };
        await metaLog.write([takenRow]);
        const requests: ReportRequest[] = [
          report(taken.taskId),
          ...rest.slice(0, 60).map((t) => report(t.taskId)),
          ...rest
            .slice(60, 66)
            .map((t) => report(t.taskId, { outcome: 'failed', result: { error: 'boom' }, audit: auditOf(t.taskId, 'marked_as_failed') })),
          report(merged.taskId, { stats: { rows: 2 } }),
          { taskId: plain.taskId, outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW },
          report('ghost'),
          report((rest[66] as Task).taskId, { attempt: 2 }),
          report((rest[67] as Task).taskId, { labourerId: 'someone_else' }),
        ];
        const outcomes = await Promise.all(requests.map((r) => store.report(r)));
        const reasons = outcomes.map((o) => (o.applied ? 'applied' : o.reason));
        expect(reasons).toEqual([...new Array(69).fill('applied'), 'unknown', 'otherAttempt', 'otherLabourer']);
        expect(outcomes[68]).toMatchObject({ applied: true, task: { taskId: plain.taskId, completedAt: NOW + 5 } });
        for (const t of rest.slice(0, 60)) {
          expect((await store.get(t.taskId))?.completedAt).toBe(NOW + 5);
          expect(await metaLog.forTask(t.taskId)).toEqual([auditOf(t.taskId)]);
        }
        for (const t of rest.slice(60, 66)) {
          expect(await store.get(t.taskId)).toMatchObject({ failedAttempts: 1, result: { error: 'boom' } });
          expect(await metaLog.forTask(t.taskId)).toEqual([auditOf(t.taskId, 'marked_as_failed')]);
        }
        expect(await store.get(merged.taskId)).toMatchObject({ completedAt: NOW + 5, failedAttempts: 1, stats: { rows: 2 } });
        expect(await metaLog.forTask(merged.taskId)).toEqual([auditOf(merged.taskId)]);
        const takenRows = await metaLog.forTask(taken.taskId);
        expect(takenRows.map((r) => r.action)).toEqual(['invoked', 'marked_as_completed']);
        expect(takenRows[1]?.createdAt).toBeGreaterThan(NOW + 0.25);
        expect(await metaLog.forTask(plain.taskId)).toEqual([]);
        for (const t of [rest[66], rest[67]] as Task[]) {
          expect((await store.get(t.taskId))?.completedAt).toBeUndefined();
          expect(await metaLog.forTask(t.taskId)).toEqual([]);
        }
      }));

    it('refuses an audit row of another task or with an unknown action, before touching data', () =>
      withAudit(factory, async (store, metaLog) => {
        const [task] = (await seedInvoked(store, 1, [10])) as [Task];
        await expectInvalid(store.report(report(task.taskId, { audit: auditOf('other') })), 'audit.taskId');
        const bad = { ...auditOf(task.taskId), action: 'deleted' } as unknown as MetaEntry;
        await expectInvalid(store.report(report(task.taskId, { audit: bad })), 'audit.action');
        expect((await store.get(task.taskId))?.completedAt).toBeUndefined();
        expect(await metaLog.forTask(task.taskId)).toEqual([]);
      }));
  });
}
