import { afterEach, describe, expect, it } from 'vitest';
import { resolveOrchestratorConfig } from '../../../../src/core/config/essentials-config.js';
import { dispatchLeaseName } from '../../../../src/essentials/orchestrator/orchestrator.js';
import type { TaskStore } from '../../../../src/ports/task-store.js';
import { type Harness, makeHarness, T0 } from '../task-manager/harness.js';

const CAP = 10;
const LABOURERS = { w: { max_simultaneous_invocations: CAP, max_duration: 600, max_attempts: 3 } };

/** Wrap the store so every call yields a few times first (seeded): the orchestrators interleave. */
function jittery(store: TaskStore, seed: number): TaskStore {
  let a = seed;
  const random = (): number => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        for (let i = Math.floor(random() * 3); i > 0; i--) await new Promise<void>((r) => setImmediate(r));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The store with `nextQueued` answering late: the other orchestrator claims the head meanwhile. */
function lateHead(store: TaskStore): TaskStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if ((prop !== 'nextQueued' && prop !== 'nextQueuedRefs') || typeof value !== 'function')
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const LEASE = { dispatch_lease_seconds: 60 };

describe('dispatch lease (weakness 39)', () => {
  it('is off by default (a crashed holder would block a restarted runtime); seconds > 0 turn it on', () => {
    expect(resolveOrchestratorConfig({}).dispatchLeaseSeconds).toBe(0);
    expect(resolveOrchestratorConfig({ dispatch_lease_seconds: 60 }).dispatchLeaseSeconds).toBe(60);
    expect(resolveOrchestratorConfig({ dispatch_lease_seconds: 0 }).dispatchLeaseSeconds).toBe(0);
    expect(() => resolveOrchestratorConfig({ dispatch_lease_seconds: -1 })).toThrow(/dispatch_lease_seconds/);
  });

  it.each([1, 2, 3, 4, 5])('two racing orchestrators never exceed the cap together (seed %d)', async (seed) => {
    h = makeHarness({ labourers: LABOURERS });
    await h.enqueue('w', 100);
    const store = jittery(h.store, seed);
    const [a, b] = [h.orchestrator(LEASE, { store }), h.orchestrator(LEASE, { store })];
    for (let wave = 0; wave < 5; wave++) {
      const decisions = (await Promise.all([a.tick(), b.tick()])).flat();
      expect(decisions.filter((d) => d.leaseHeldUntil !== undefined)).toHaveLength(1);
      expect(h.invoker.invocations.length).toBeLessThanOrEqual(CAP);
      h.clock.advanceSeconds(1);
    }
    expect(h.invoker.invocations).toHaveLength(CAP);
  });

  it('says in the decision that another orchestrator holds the lease, and dispatches once it is released', async () => {
    h = makeHarness({ labourers: LABOURERS });
    await h.enqueue('w', 30);
    const [a, b] = [h.orchestrator(LEASE), h.orchestrator(LEASE)];
    expect((await a.tick())[0]?.invoked).toBe(CAP);
    const [held] = await b.tick();
    expect(held).toMatchObject({ labourerId: 'w', invoked: 0, requested: 0, leaseHeldUntil: T0 + 60 });
    expect(held?.reason).toBe(
      'another orchestrator is dispatching for w; lease held until 2024-01-01T00:01:00.000Z at the latest, so nothing is invoked this tick.',
    );
    // The holder renews it each tick; after it releases, the other one dispatches at once.
    h.clock.advanceSeconds(30);
    await a.tick();
    h.clock.advanceSeconds(40);
    expect((await b.tick())[0]?.leaseHeldUntil).toBeDefined();
    await a.releaseLeases();
    expect((await b.tick())[0]?.leaseHeldUntil).toBeUndefined();
  });

  it('is released at the end of a run and taken over once it expires', async () => {
    h = makeHarness({ labourers: LABOURERS });
    await h.enqueue('w', 30);
    const [a, b] = [h.orchestrator(LEASE), h.orchestrator(LEASE)];
    await a.run();
    expect(await h.store.acquireLease(dispatchLeaseName('w'), 'someone', T0, T0 + 60)).toBe(true);
    await h.store.releaseLease(dispatchLeaseName('w'), 'someone');
    await a.tick();
    expect((await b.tick())[0]?.leaseHeldUntil).toBeDefined();
    h.clock.advanceSeconds(60);
    expect((await b.tick())[0]?.leaseHeldUntil).toBeUndefined();
    expect((await a.tick())[0]?.leaseHeldUntil).toBeDefined();
  });

  it('disabled (0), keeps the old behaviour: each counts running once per tick, so together they exceed the cap', async () => {
    h = makeHarness({ labourers: LABOURERS });
    await h.enqueue('w', 100);
    const a = h.orchestrator({ dispatch_lease_seconds: 0 });
    const b = h.orchestrator({ dispatch_lease_seconds: 0 }, { store: lateHead(h.store) });
    const decisions = (await Promise.all([a.tick(), b.tick()])).flat();
    expect(decisions.every((d) => d.leaseHeldUntil === undefined && d.running === 0)).toBe(true);
    expect(h.invoker.invocations.length).toBeGreaterThan(CAP);
    expect(await h.store.acquireLease(dispatchLeaseName('w'), 'someone', T0, T0 + 60)).toBe(true);
  });
});
