import { describe, expect, it } from 'vitest';
import { isCanonicalTaskId } from '../../../src/core/task/task-id.js';
import { DELTA, drafts, invokedAt, LABOURER, NOW, OTHER, type TaskStoreFactory, withStore } from './fixtures.js';

/** enqueue, nextQueued, queueBounds, countQueued, claim, get. */
export function describeQueue(factory: TaskStoreFactory): void {
  describe('enqueue', () => {
    it('appends a first batch at 2000, 3000, ... with generated ids and zero attempts', () =>
      withStore(factory, async (store) => {
        const written = await store.enqueue(LABOURER, drafts(3), NOW + 0.25);
        expect(written.map((t) => t.greenfield)).toEqual([2000, 3000, 4000]);
        expect(written.every((t) => isCanonicalTaskId(t.taskId))).toBe(true);
        expect(new Set(written.map((t) => t.taskId)).size).toBe(3);
        expect(written[1]).toMatchObject({ labourerId: LABOURER, createdAt: NOW + 0.25, attempts: 0, payload: '{"n":1}' });
        expect(await store.get(written[1]?.taskId ?? '')).toEqual(written[1]);
      }));

    it('continues after the newest queued task, per labourer', () =>
      withStore(factory, async (store) => {
        await store.enqueue(LABOURER, drafts(2), NOW);
        const next = await store.enqueue(LABOURER, drafts(2), NOW + 1);
        const other = await store.enqueue(OTHER, drafts(1), NOW + 1);
        expect(next.map((t) => t.greenfield)).toEqual([4000, 5000]);
        expect(other.map((t) => t.greenfield)).toEqual([2000]);
      }));

    it('ignores invoked tasks when it picks the next position', () =>
      withStore(factory, async (store) => {
        const [first, second] = await store.enqueue(LABOURER, drafts(2), NOW);
        await store.claim(second?.taskId ?? '', NOW, invokedAt());
        const [added] = await store.enqueue(LABOURER, drafts(1), NOW);
        expect(first?.greenfield).toBe(2000);
        expect(added?.greenfield).toBe(3000);
      }));

    it('keeps explicit ids and skips ids that exist anywhere, so re-processing is idempotent', () =>
      withStore(factory, async (store) => {
        const batch = drafts(3, 'job1-');
        const written = await store.enqueue(LABOURER, batch, NOW);
        expect(written.map((t) => t.taskId)).toEqual(['job1-0000', 'job1-0001', 'job1-0002']);
        await store.claim('job1-0001', NOW, invokedAt());
        await store.moveToRetry('job1-0001', NOW + 60);
        await store.claim('job1-0002', NOW, invokedAt());
        await store.archive('job1-0002', NOW);

        const again = await store.enqueue(LABOURER, [...batch, { taskId: 'job1-0003', payload: '{}' }], NOW + 5);

        expect(again.map((t) => t.taskId)).toEqual(['job1-0003']);
        expect(again[0]?.greenfield).toBe(3000);
        expect(await store.countQueued(LABOURER, NOW)).toBe(2);
        expect((await store.get('job1-0000'))?.createdAt).toBe(NOW);
      }));

    it('writes a repeated id of one batch once', () =>
      withStore(factory, async (store) => {
        const written = await store.enqueue(
          LABOURER,
          [
            { taskId: 'same', payload: '{"a":1}' },
            { taskId: 'same', payload: '{"a":2}' },
          ],
          NOW,
        );
        expect(written).toHaveLength(1);
        expect((await store.get('same'))?.payload).toBe('{"a":1}');
      }));

    it('returns nothing for an empty batch', () =>
      withStore(factory, async (store) => {
        expect(await store.enqueue(LABOURER, [], NOW)).toEqual([]);
        expect(await store.countQueued(LABOURER, NOW)).toBe(0);
      }));
  });

  describe('nextQueued, queueBounds and countQueued', () => {
    it('return the head ascending, with `before` exclusive', () =>
      withStore(factory, async (store) => {
        await store.enqueue(OTHER, drafts(1), NOW);
        const written = await store.enqueue(LABOURER, drafts(3), NOW);
        expect((await store.nextQueued(LABOURER, NOW, 10)).map((t) => t.taskId)).toEqual(written.map((t) => t.taskId));
        expect((await store.nextQueued(LABOURER, 3000, 10)).map((t) => t.greenfield)).toEqual([2000]);
        expect((await store.nextQueued(LABOURER, 3001, 10)).map((t) => t.greenfield)).toEqual([2000, 3000]);
        expect((await store.nextQueued(LABOURER, NOW, 2)).map((t) => t.greenfield)).toEqual([2000, 3000]);
        expect(await store.countQueued(LABOURER, 4000)).toBe(2);
        expect(await store.countQueued(LABOURER, 4001)).toBe(3);
        expect(await store.queueBounds(LABOURER, 4000)).toEqual({ oldest: 2000, newest: 3000 });
      }));

    it('exclude invoked tasks', () =>
      withStore(factory, async (store) => {
        const [first] = await store.enqueue(LABOURER, drafts(2), NOW);
        await store.claim(first?.taskId ?? '', NOW, invokedAt());
        expect((await store.nextQueued(LABOURER, NOW, 10)).map((t) => t.greenfield)).toEqual([3000]);
        expect(await store.countQueued(LABOURER, NOW)).toBe(1);
        expect(await store.queueBounds(LABOURER, NOW)).toEqual({ oldest: 3000, newest: 3000 });
      }));

    it('nextQueuedRefs, when the store has it, names the head as nextQueued does: ids and queue positions', () =>
      withStore(factory, async (store) => {
        if (store.nextQueuedRefs === undefined) return;
        await store.enqueue(OTHER, drafts(1), NOW);
        const [first] = await store.enqueue(LABOURER, drafts(4), NOW);
        await store.claim(first?.taskId ?? '', NOW, invokedAt());
        for (const [before, limit] of [
          [NOW, 10],
          [4000, 10],
          [NOW, 2],
          [1000, 5],
        ] as const) {
          const head = await store.nextQueued(LABOURER, before, limit);
          expect(await store.nextQueuedRefs(LABOURER, before, limit)).toEqual(
            head.map((t) => ({ taskId: t.taskId, greenfield: t.greenfield })),
          );
        }
        expect(await store.nextQueuedRefs(LABOURER, NOW, 10)).toHaveLength(3);
      }));

    it('report an empty queue as nulls and zero', () =>
      withStore(factory, async (store) => {
        expect(await store.queueBounds(LABOURER, NOW)).toEqual({ oldest: null, newest: null });
        expect(await store.countQueued(LABOURER, NOW)).toBe(0);
        expect(await store.nextQueued(LABOURER, NOW, 5)).toEqual([]);
      }));
  });

  describe('unclaim', () => {
    it('puts a claimed task back at its queue position with attempts - 1, keeping invocations', () =>
      withStore(factory, async (store) => {
        const [task, second] = await store.enqueue(LABOURER, drafts(2), NOW);
        const id = task?.taskId ?? '';
        const claimed = await store.claim(id, NOW, invokedAt());
        const back = await store.unclaim(id, claimed?.greenfield ?? 0, task?.greenfield ?? 0);
        expect(back).toEqual({ ...task, attempts: 0, invocations: 1 });
        expect((await store.nextQueued(LABOURER, NOW, 10)).map((t) => t.taskId)).toEqual([id, second?.taskId]);
        expect((await store.claim(id, NOW, invokedAt(-1)))?.invocations).toBe(2);
      }));

    it('changes nothing once the task moved on: claimed again, completed, or unknown', () =>
      withStore(factory, async (store) => {
        const [task] = await store.enqueue(LABOURER, drafts(1), NOW);
        const id = task?.taskId ?? '';
        const first = await store.claim(id, NOW, invokedAt());
        expect(await store.unclaim(id, (first?.greenfield ?? 0) + 1, task?.greenfield ?? 0)).toBeNull();
        await store.report({ taskId: id, outcome: 'completed', at: NOW, invokedAtLeast: NOW });
        expect(await store.unclaim(id, first?.greenfield ?? 0, task?.greenfield ?? 0)).toBeNull();
        expect(await store.unclaim('no-such-task', first?.greenfield ?? 0, 1000)).toBeNull();
        expect((await store.get(id))?.attempts).toBe(1);
      }));
  });

  describe('claim', () => {
    it('marks a queued task invoked: new greenfield, attempts + 1, invocations + 1', () =>
      withStore(factory, async (store) => {
        const [task] = await store.enqueue(LABOURER, drafts(1), NOW);
        const claimed = await store.claim(task?.taskId ?? '', NOW, invokedAt());
        expect(claimed).toEqual({ ...task, greenfield: NOW + DELTA, attempts: 1, invocations: 1 });
        expect(await store.get(task?.taskId ?? '')).toEqual(claimed);
      }));

    it('returns null for an invoked, unknown, or not-yet-queued (greenfield == queuedBefore) task', () =>
      withStore(factory, async (store) => {
        const [task] = await store.enqueue(LABOURER, drafts(1), NOW);
        const id = task?.taskId ?? '';
        expect(await store.claim(id, 2000, invokedAt())).toBeNull();
        expect(await store.claim(id, NOW, invokedAt())).not.toBeNull();
        expect(await store.claim(id, NOW, invokedAt(-5))).toBeNull();
        expect(await store.claim('no-such-task', NOW, invokedAt())).toBeNull();
        expect((await store.get(id))?.attempts).toBe(1);
      }));

    it('lets exactly one of two concurrent claimers win', () =>
      withStore(factory, async (store) => {
        const [task] = await store.enqueue(LABOURER, drafts(1), NOW);
        const id = task?.taskId ?? '';
        const results = await Promise.all([store.claim(id, NOW, invokedAt()), store.claim(id, NOW, invokedAt(-1))]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect((await store.get(id))?.attempts).toBe(1);
      }));

    it('get returns null for an unknown task', () =>
      withStore(factory, async (store) => {
        expect(await store.get('no-such-task')).toBeNull();
      }));
  });
}
