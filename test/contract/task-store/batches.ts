import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/task/task.js';
import {
  DELTA,
  drafts,
  expectInvalid,
  invokedAt,
  LABOURER,
  NOW,
  placesOf,
  seedInvoked,
  seedReported,
  type TaskStoreFactory,
  withStore,
} from './fixtures.js';

/** claimMany and archiveMany: the batch forms of claim and archive. */
export function describeBatches(factory: TaskStoreFactory): void {
  describe('claimMany', () => {
    it('claims every queued task like claim does, in the order of the ids', () =>
      withStore(factory, async (store) => {
        const queued = await store.enqueue(LABOURER, drafts(4), NOW);
        const ids = [queued[2], queued[0], queued[3]].map((t) => (t as Task).taskId);
        const claimed = await store.claimMany(ids, NOW, invokedAt());
        expect(claimed.map((t) => t.taskId)).toEqual(ids);
        for (const task of claimed) {
          const before = queued.find((q) => q.taskId === task.taskId) as Task;
          expect(task).toEqual({ ...before, greenfield: NOW + DELTA, attempts: 1, invocations: 1 });
          expect(await store.get(task.taskId)).toEqual(task);
        }
        expect((await store.nextQueued(LABOURER, NOW, 10)).map((t) => t.taskId)).toEqual([queued[1]?.taskId]);
      }));

    it('leaves out invoked, unknown, not-yet-queued and repeated ids, and claims the rest once', () =>
      withStore(factory, async (store) => {
        const [a, b, c] = (await store.enqueue(LABOURER, drafts(3), NOW)) as Task[];
        await store.claim(a?.taskId ?? '', NOW, invokedAt(5));
        const ids = [a?.taskId, 'no-such-task', b?.taskId, b?.taskId, c?.taskId].map(String);
        // c is queued at 4000: not queued "before 4000".
        const claimed = await store.claimMany(ids, 4000, invokedAt());
        expect(claimed.map((t) => [t.taskId, t.attempts])).toEqual([[b?.taskId, 1]]);
        expect((await store.get(a?.taskId ?? ''))?.greenfield).toBe(invokedAt(5));
        expect(await store.claimMany([], NOW, invokedAt())).toEqual([]);
      }));

    it('lets exactly one of two concurrent batch claimers win each task', () =>
      withStore(factory, async (store) => {
        const ids = (await store.enqueue(LABOURER, drafts(6), NOW)).map((t) => t.taskId);
        const [first, second] = await Promise.all([
          store.claimMany(ids, NOW, invokedAt()),
          store.claimMany([...ids].reverse(), NOW, invokedAt(1)),
        ]);
        const won = [...(first ?? []), ...(second ?? [])].map((t) => t.taskId);
        expect(won.sort()).toEqual([...ids].sort());
      }));

    it('rejects bad arguments before claiming anything', () =>
      withStore(factory, async (store) => {
        const [task] = await store.enqueue(LABOURER, drafts(1), NOW);
        await expectInvalid(store.claimMany([task?.taskId ?? '', ''], NOW, invokedAt()), 'taskIds[1]');
        await expectInvalid(store.claimMany([task?.taskId ?? ''], NOW, Number.NaN), 'invokedGreenfield');
        expect(await store.get(task?.taskId ?? '')).toEqual(task);
      }));
  });

  describe('archiveMany', () => {
    it('moves each live task to the closed table as archive does, and returns the ids moved in order', () =>
      withStore(factory, async (store) => {
        const done = await seedReported(store, true);
        const dead = await seedReported(store, false);
        const moved = await store.archiveMany([dead.taskId, done.taskId], NOW + 100);
        expect(moved).toEqual([dead.taskId, done.taskId]);
        expect(await store.getClosed(done.taskId)).toEqual({ ...done, closedAt: NOW + 100, succeeded: true });
        expect(await store.getClosed(dead.taskId)).toEqual({ ...dead, closedAt: NOW + 100, succeeded: false });
        expect(await placesOf(store, done.taskId)).toEqual(['closed']);
        expect(await placesOf(store, dead.taskId)).toEqual(['closed']);
        expect(await store.countClosed(LABOURER, true)).toBe(1);
        expect(await store.countClosed(LABOURER, false)).toBe(1);
      }));

    it('leaves out ids that are not live, changes nothing for them, and moves repeated ids once', () =>
      withStore(factory, async (store) => {
        const [a, b] = (await seedInvoked(store, 2, [10, 20])) as Task[];
        expect(await store.archive(a?.taskId ?? '', NOW)).not.toBeNull();
        const moved = await store.archiveMany([a?.taskId ?? '', 'no-such-task', b?.taskId ?? '', b?.taskId ?? ''], NOW + 5);
        expect(moved).toEqual([b?.taskId]);
        expect((await store.getClosed(a?.taskId ?? ''))?.closedAt).toBe(NOW);
        expect(await placesOf(store, b?.taskId ?? '')).toEqual(['closed']);
        expect(await store.archiveMany([], NOW)).toEqual([]);
      }));

    it('rejects bad arguments before moving anything', () =>
      withStore(factory, async (store) => {
        const [task] = await seedInvoked(store, 1, [10]);
        await expectInvalid(store.archiveMany([task?.taskId ?? '', ''], NOW), 'taskIds[1]');
        await expectInvalid(store.archiveMany([task?.taskId ?? ''], Number.NaN), 'closedAt');
        expect(await placesOf(store, task?.taskId ?? '')).toEqual(['live']);
      }));
  });
}
