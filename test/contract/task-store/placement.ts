import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/core/task/task.js';
import { drafts, LABOURER, NOW, type TaskStoreFactory, withStore } from './fixtures.js';

const ids = (tasks: readonly Task[]): string[] => tasks.map((t) => t.taskId);
const lanes = (keys: readonly string[], prefix: string) =>
  keys.map((lane, i) => ({ taskId: `${prefix}${String(i).padStart(4, '0')}`, payload: JSON.stringify({ tenant: lane }), lane }));

/** enqueue's placement: priority bands, delayed tasks and fair lanes. */
export function describePlacement(factory: TaskStoreFactory): void {
  describe('enqueue placement', () => {
    it('without placement gives the original positions (2000, 3000, ...)', () =>
      withStore(factory, async (store) => {
        const tasks = await store.enqueue(LABOURER, drafts(3), NOW, {});
        expect(tasks.map((t) => t.greenfield)).toEqual([2000, 3000, 4000]);
      }));

    it('a higher priority starts before every task queued at a lower one, in its own order', () =>
      withStore(factory, async (store) => {
        const low = await store.enqueue(LABOURER, drafts(5, 'low'), NOW);
        const urgent = await store.enqueue(LABOURER, drafts(2, 'hi9'), NOW + 1, { priority: 9 });
        const mid = await store.enqueue(LABOURER, drafts(2, 'mid'), NOW + 2, { priority: 3 });
        const urgentLater = await store.enqueue(LABOURER, drafts(1, 'hj9'), NOW + 3, { priority: 9 });
        const head = await store.nextQueued(LABOURER, NOW + 10, 100);
        expect(ids(head)).toEqual([...ids(urgent), ...ids(urgentLater), ...ids(mid), ...ids(low)]);
        // Band 0 keeps appending after its own newest, not after a priority band's.
        const more = await store.enqueue(LABOURER, drafts(1, 'mor'), NOW + 4);
        expect(more[0]?.greenfield).toBe(7000);
        expect(head.every((t) => t.greenfield < NOW)).toBe(true);
      }));

    it('delayed tasks wait in the retry table, due at notBefore, and are not queued', () =>
      withStore(factory, async (store) => {
        const delayed = await store.enqueue(LABOURER, drafts(3, 'dly'), NOW, { notBefore: NOW + 3600 });
        expect(delayed).toHaveLength(3);
        expect(await store.countQueued(LABOURER, NOW + 10)).toBe(0);
        expect(await store.countRetries(LABOURER)).toBe(3);
        expect(await store.dueRetries(LABOURER, NOW + 3599, 10)).toEqual([]);
        const due = await store.dueRetries(LABOURER, NOW + 3600, 10);
        expect(due.map((t) => [t.desiredLaunchTime, t.attempts])).toEqual([
          [NOW + 3600, 0],
          [NOW + 3600, 0],
          [NOW + 3600, 0],
        ]);
        // Idempotent like any enqueue: the same ids are not written twice, in either table.
        expect(await store.enqueue(LABOURER, drafts(3, 'dly'), NOW, { notBefore: NOW + 3600 })).toEqual([]);
        expect(await store.enqueue(LABOURER, drafts(3, 'dly'), NOW)).toEqual([]);
      }));

    it('a notBefore not after createdAt queues the tasks at once', () =>
      withStore(factory, async (store) => {
        await store.enqueue(LABOURER, drafts(2), NOW, { notBefore: NOW });
        expect(await store.countQueued(LABOURER, NOW + 1)).toBe(2);
      }));

    it('a lane arriving behind a long lane is interleaved at the head of the queue', () =>
      withStore(factory, async (store) => {
        await store.enqueue(LABOURER, lanes(Array(40).fill('big'), 'big'), NOW);
        const small = await store.enqueue(LABOURER, lanes(['small', 'small'], 'sml'), NOW + 1);
        const head = await store.nextQueued(LABOURER, NOW + 10, 6);
        const smallIds = new Set(ids(small));
        expect(head.filter((t) => smallIds.has(t.taskId))).toHaveLength(2);
        // More tasks of the small lane go after its own, still near the head.
        const again = await store.enqueue(LABOURER, lanes(['small'], 'sm2'), NOW + 2);
        const head2 = await store.nextQueued(LABOURER, NOW + 10, 8);
        expect(ids(head2)).toContain(again[0]?.taskId);
      }));

    it('lanes interleave within one batch (round-robin by arrival)', () =>
      withStore(factory, async (store) => {
        await store.enqueue(LABOURER, lanes(['a', 'a', 'a', 'b', 'b', 'c'], 'mix'), NOW);
        const order = (await store.nextQueued(LABOURER, NOW + 1, 10)).map((t) => JSON.parse(t.payload).tenant);
        expect(order.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
        expect(order.slice(3, 5).sort()).toEqual(['a', 'b']);
        expect(order[5]).toBe('a');
      }));
  });
}
