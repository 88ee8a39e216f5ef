/**
 * Seeded random scenarios (arrivals, completions, pauses, drains, pins, time) against the invariants
 * of operator controls, with one Orchestrator and with two racing ones over one SQLite store:
 * after a pause no tick starts anything; starts never take running above the pinned cap; a pin
 * reverts at its TTL; resume restores full dispatch; drain reports drained only when nothing runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteControlStore } from '../../../../src/adapters/sqlite/sqlite-control-store.js';
import { LabourerControls } from '../../../../src/essentials/flow/labourer-controls.js';
import type { DispatchDecision } from '../../../../src/essentials/orchestrator/decision.js';
import type { Orchestrator } from '../../../../src/essentials/orchestrator/orchestrator.js';
import type { Invoker } from '../../../../src/ports/invoker.js';
import { type Harness, makeHarness } from '../task-manager/harness.js';

const CAP = 6;
const LABOURERS = { w: { max_simultaneous_invocations: CAP, max_duration: 864_000, duration: 86_400, max_attempts: 3 } };

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The test's own model of the controls (not read back from the store). */
interface Model {
  hold: { mode: 'paused' | 'draining'; until: number | null } | null;
  pin: { max: number; until: number } | null;
}

function heldAt(model: Model, nowMs: number): Model['hold'] {
  const h = model.hold;
  return h !== null && (h.until === null || h.until * 1000 > nowMs) ? h : null;
}

function pinAt(model: Model, nowMs: number): number | null {
  return model.pin !== null && model.pin.until * 1000 > nowMs ? model.pin.max : null;
}

let h: Harness;
let controlStore: SqliteControlStore;
afterEach(async () => {
  await controlStore.close();
  await h.close();
});

interface Outcome {
  ticks: number;
  pausedTicks: number;
  pinnedTicks: number;
  drainedSeen: number;
  expiredPins: number;
}

async function runScenario(seed: number, orchestratorCount: number, steps: number): Promise<Outcome> {
  h = makeHarness({ labourers: LABOURERS });
  controlStore = new SqliteControlStore();
  const random = prng(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const controls = new LabourerControls({ store: controlStore, labourers: [{ id: 'w', maxSimultaneousInvocations: CAP }], clock: h.clock });
  const running = new Map<string, number>();
  let started = 0;
  const invoker: Invoker = {
    invoke: async (_fn, event) => {
      const e = event as { task_id: string; attempts: number };
      running.set(e.task_id, e.attempts);
      started += 1;
    },
    timeoutSeconds: async () => undefined,
  };
  // Racing Orchestrators share the dispatch lease (the cap holds across them only with it).
  const orchestrators: Orchestrator[] = Array.from({ length: orchestratorCount }, () =>
    h.orchestrator({ dispatch_lease_seconds: orchestratorCount > 1 ? 30 : 0 }, { invoker, controls: controlStore }),
  );
  const model: Model = { hold: null, pin: null };
  let queued = 0;
  const out: Outcome = { ticks: 0, pausedTicks: 0, pinnedTicks: 0, drainedSeen: 0, expiredPins: 0 };
  const now = (): number => h.clock.now() / 1000;

  for (let step = 0; step < steps; step++) {
    const action = pick(10);
    if (action === 0) {
      const seconds = pick(3) === 0 ? undefined : 1 + pick(40);
      await controls.pause('w', { by: 'alice', for: seconds, reason: `seed ${seed}` });
      model.hold = { mode: 'paused', until: seconds === undefined ? null : now() + seconds };
    } else if (action === 1) {
      await controls.resume('w', { by: 'bob' });
      model.hold = null;
    } else if (action === 2) {
      await controls.drain('w', { by: 'carol' });
      model.hold = { mode: 'draining', until: null };
    } else if (action === 3) {
      const max = pick(CAP + 1);
      const seconds = 1 + pick(40);
      await controls.limit('w', { by: 'dave', max, for: seconds });
      model.pin = { max, until: now() + seconds };
    } else if (action === 4 && pick(2) === 0) {
      await controls.clearLimit('w', { by: 'erin' });
      model.pin = null;
    } else if (action <= 6) {
      const n = 1 + pick(8);
      await h.enqueue('w', n);
      queued += n;
    }
    // Completions: each running task finishes with probability 1/3.
    for (const [taskId, attempts] of [...running]) {
      if (pick(3) !== 0) continue;
      await h.assistant.handle({ action: 'mark_task_as_completed', task_id: taskId, attempts });
      running.delete(taskId);
    }
    h.clock.advance(pick(15_000));

    // One tick of every Orchestrator (racing), with the model's view of what is in force now.
    const tickMs = h.clock.now();
    const hold = heldAt(model, tickMs);
    const pin = pinAt(model, tickMs);
    if (model.pin !== null && pin === null) out.expiredPins += 1;
    const runningBefore = running.size;
    const startedBefore = started;
    const decisions: DispatchDecision[] = (await Promise.all(orchestrators.map((o) => o.tick()))).flat();
    const startedNow = started - startedBefore;
    queued -= startedNow;
    out.ticks += 1;

    const context = `seed ${seed}, step ${step}: hold ${JSON.stringify(hold)}, pin ${pin}, running ${runningBefore}`;
    if (hold !== null) {
      // After a pause (or drain), zero new invocations from the next tick.
      expect(startedNow, context).toBe(0);
      out.pausedTicks += 1;
      const held = decisions.filter((d) => d.held !== undefined);
      expect(held.length, context).toBeGreaterThan(0);
      for (const d of held) {
        // Drain reports drained exactly when nothing runs.
        if (hold.mode === 'draining') {
          expect(d.reason.startsWith('drained'), `${context}: ${d.reason}`).toBe(runningBefore === 0);
          if (runningBefore === 0) out.drainedSeen += 1;
        } else expect(d.reason, context).toMatch(/^paused by alice/);
      }
    } else {
      // Starts never take running above the cap in force (the pinned one when pinned).
      const limit = Math.min(CAP, pin ?? CAP);
      expect(startedNow, context).toBeLessThanOrEqual(Math.max(0, limit - runningBefore));
      if (pin !== null) out.pinnedTicks += 1;
      // With nothing held and no pin (never set, cleared, or reverted at its TTL), dispatch is full again.
      if (pin === null) expect(startedNow, context).toBe(Math.min(Math.max(0, CAP - runningBefore), queued + startedNow));
      else expect(startedNow, context).toBe(Math.min(Math.max(0, limit - runningBefore), queued + startedNow));
    }
  }
  return out;
}

describe('operator controls under random scenarios', () => {
  it.each(Array.from({ length: 12 }, (_, i) => i + 1))('one Orchestrator, seed %d: every invariant holds at every tick', async (seed) => {
    const out = await runScenario(seed, 1, 80);
    expect(out.ticks).toBe(80);
  });

  it.each(Array.from({ length: 8 }, (_, i) => 100 + i))('two racing Orchestrators on SQLite, seed %d', async (seed) => {
    const out = await runScenario(seed, 2, 80);
    expect(out.ticks).toBe(80);
  });

  it('the scenarios reach every state they claim to test', async () => {
    const totals = { pausedTicks: 0, pinnedTicks: 0, drainedSeen: 0, expiredPins: 0 };
    for (let seed = 1; seed <= 6; seed++) {
      const out = await runScenario(seed, 1, 80);
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += out[key];
      await controlStore.close();
      await h.close();
    }
    h = makeHarness({ labourers: LABOURERS });
    controlStore = new SqliteControlStore();
    expect(totals.pausedTicks).toBeGreaterThan(10);
    expect(totals.pinnedTicks).toBeGreaterThan(10);
    expect(totals.drainedSeen).toBeGreaterThan(0);
    expect(totals.expiredPins).toBeGreaterThan(0);
  });
});
