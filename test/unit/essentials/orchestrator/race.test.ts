import { afterEach, describe, expect, it } from 'vitest';
import type { Invoker } from '../../../../src/ports/invoker.js';
import type { TaskStore } from '../../../../src/ports/task-store.js';
import { type Harness, makeHarness } from '../task-manager/harness.js';

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const yieldTimes = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

/** Wrap the store so every call yields a random number of times first: orchestrators interleave. */
function jittery(store: TaskStore, random: () => number): TaskStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await yieldTimes(Math.floor(random() * 3));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('racing orchestrators', () => {
  it.each([2, 5, 8])('%d orchestrators over one store never invoke a task twice per attempt', async (n) => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 40, max_duration: 60, max_attempts: 3 } } });
    const ids = await h.enqueue('w', 120);
    const random = prng(n);
    const invoked: string[] = [];
    const invoker: Invoker = {
      invoke: async (_fn, event) => {
        await yieldTimes(Math.floor(random() * 2));
        const e = event as { task_id: string; attempts: number };
        invoked.push(`${e.task_id}#${e.attempts}`);
      },
      timeoutSeconds: async () => undefined,
    };
    const store = jittery(h.store, random);
    // Without dispatch leases, so the orchestrators really race for the same claims.
    const orchestrators = Array.from({ length: n }, () =>
      h.orchestrator({ invoke_concurrency: 4, dispatch_lease_seconds: 0 }, { invoker, store }),
    );
    // Three rounds: race, let everything expire, scavenge (retry), race again.
    for (let round = 0; round < 3; round++) {
      for (let wave = 0; wave < 4; wave++) {
        await Promise.all(orchestrators.map((o) => o.tick()));
        h.clock.advanceSeconds(1);
      }
      h.clock.advanceSeconds(1300);
      await h.scavenger().run();
      h.clock.advanceSeconds(400);
      await h.scavenger().run();
    }
    expect(invoked.length).toBeGreaterThanOrEqual(120);
    expect(h.metrics.total('claim_lost')).toBeGreaterThan(0);
    expect(new Set(invoked).size).toBe(invoked.length);
    const attempts = new Map<string, number>();
    for (const key of invoked) {
      const [id] = key.split('#');
      attempts.set(id!, (attempts.get(id!) ?? 0) + 1);
    }
    expect(Math.max(...attempts.values())).toBeLessThanOrEqual(3);
    // Every claim won is one invoked row in the audit trail; lost claims wrote nothing (weakness 40).
    expect(h.metaLog.rows.filter((r) => r.action === 'invoked')).toHaveLength(invoked.length);
    expect(h.metrics.total('invoked')).toBe(invoked.length);
    expect(ids).toHaveLength(120);
  });
});
