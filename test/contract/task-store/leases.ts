import { describe, expect, it } from 'vitest';
import { LABOURER, NOW, type TaskStoreFactory, withStore } from './fixtures.js';

const LEASE = `dispatch#${LABOURER}`;

/** acquireLease / releaseLease: the Orchestrator's per-labourer dispatch lease. */
export function describeLeases(factory: TaskStoreFactory): void {
  describe('leases', () => {
    it('a free lease is acquired', () =>
      withStore(factory, async (store) => {
        expect(await store.acquireLease(LEASE, 'a', NOW, NOW + 60)).toBe(true);
      }));

    it('a lease held by another live owner is refused until it expires, then taken over', () =>
      withStore(factory, async (store) => {
        await store.acquireLease(LEASE, 'a', NOW, NOW + 60);
        expect(await store.acquireLease(LEASE, 'b', NOW + 59, NOW + 119)).toBe(false);
        expect(await store.acquireLease(LEASE, 'b', NOW + 60, NOW + 120)).toBe(true);
        expect(await store.acquireLease(LEASE, 'a', NOW + 61, NOW + 121)).toBe(false);
      }));

    it('the same owner renews its lease', () =>
      withStore(factory, async (store) => {
        await store.acquireLease(LEASE, 'a', NOW, NOW + 60);
        expect(await store.acquireLease(LEASE, 'a', NOW + 30, NOW + 90)).toBe(true);
        expect(await store.acquireLease(LEASE, 'b', NOW + 70, NOW + 130)).toBe(false);
      }));

    it('leases of different names are independent', () =>
      withStore(factory, async (store) => {
        await store.acquireLease(LEASE, 'a', NOW, NOW + 60);
        expect(await store.acquireLease('dispatch#other_worker', 'b', NOW, NOW + 60)).toBe(true);
      }));

    it('only the owner releases a lease', () =>
      withStore(factory, async (store) => {
        await store.acquireLease(LEASE, 'a', NOW, NOW + 60);
        await store.releaseLease(LEASE, 'b');
        expect(await store.acquireLease(LEASE, 'b', NOW + 1, NOW + 61)).toBe(false);
        await store.releaseLease(LEASE, 'a');
        expect(await store.acquireLease(LEASE, 'b', NOW + 1, NOW + 61)).toBe(true);
        await store.releaseLease('dispatch#never_taken', 'a');
      }));

    it('exactly one of racing acquirers wins', () =>
      withStore(factory, async (store) => {
        const owners = ['a', 'b', 'c', 'd', 'e'];
        const won = await Promise.all(owners.map((o) => store.acquireLease(LEASE, o, NOW, NOW + 60)));
        expect(won.filter(Boolean)).toHaveLength(1);
      }));

    it('a lease is never seen as a task', () =>
      withStore(factory, async (store) => {
        await store.acquireLease(LEASE, 'a', NOW, NOW + 60);
        expect(await store.countQueued(LABOURER, NOW + 1e9)).toBe(0);
        expect(await store.countInvokedSince(LABOURER, 0)).toBe(0);
        expect(await store.nextQueued(LABOURER, NOW + 1e9, 10)).toEqual([]);
        expect(await store.listCompleted(LABOURER, 10)).toEqual([]);
        expect(await store.queueBounds(LABOURER, NOW + 1e9)).toEqual({ oldest: null, newest: null });
      }));
  });
}
