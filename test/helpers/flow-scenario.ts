/**
 * Random flow-control scenarios for property tests: tenants' tasks arrive (some urgent, some
 * delayed), complete, labourers are paused, resumed and pinned, Orchestrators crash and are replaced,
 * time passes; every start is recorded and each tick is checked against the invariants:
 * running <= cap (and the pin), per key <= max_per_key, starts per rate window <= rate (+ one window's
 * worth after a crash: the rate log lives in the process), nothing starts while held, a pin reverts at
 * its TTL, a delayed task never starts early, and a key with startable work waits a bounded number of
 * ticks while others are served.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { epochSeconds, type ManualClock } from '../../src/core/clock.js';
import { resolveOrchestratorConfig, resolveScavengerConfig } from '../../src/core/config/essentials-config.js';
import { LabourerControls } from '../../src/essentials/flow/labourer-controls.js';
import { Orchestrator } from '../../src/essentials/orchestrator/orchestrator.js';
import { Scavenger } from '../../src/essentials/scavenger/scavenger.js';
import { WorkerAssistant } from '../../src/essentials/worker-assistant/worker-assistant.js';
import type { ControlStore } from '../../src/ports/control-store.js';
import type { Invoker } from '../../src/ports/invoker.js';
import type { TaskStore } from '../../src/ports/task-store.js';

export const CAP = 6;
export const MAX_PER_KEY = 2;
export const RATE = 4;
export const TENANTS = ['t0', 't1', 't2', 't3'] as const;
const TASK_CONFIG = {
  labourers: {
    w: {
      max_simultaneous_invocations: CAP,
      max_duration: 864_000,
      duration: 86_400,
      concurrency_key: 'tenant',
      max_per_key: MAX_PER_KEY,
      rate_limit: { invocations: RATE, per: 'second' },
    },
  },
};

export type Step =
  | { readonly kind: 'arrive'; readonly tenant: number; readonly n: number; readonly priority: number; readonly delay: number }
  | { readonly kind: 'complete'; readonly share: number }
  | { readonly kind: 'pause'; readonly seconds: number | null }
  | { readonly kind: 'resume' }
  | { readonly kind: 'pin'; readonly max: number; readonly seconds: number }
  | { readonly kind: 'crash'; readonly which: number }
  | { readonly kind: 'wait' };

/** One step of a scenario, then `advanceMs` of time. */
export interface TimedStep {
  readonly step: Step;
  readonly advanceMs: number;
}

export const stepArbitrary: fc.Arbitrary<TimedStep> = fc.record({
  step: fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('arrive' as const),
        tenant: fc.integer({ min: 0, max: 3 }),
        n: fc.integer({ min: 1, max: 8 }),
        priority: fc.constantFrom(0, 0, 0, 7),
        delay: fc.constantFrom(0, 0, 0, 5),
      }),
    },
    // A flood: one tenant queues more than dispatch ever looks ahead, so only fair placement lets others through.
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('arrive' as const),
        tenant: fc.integer({ min: 0, max: 3 }),
        n: fc.constant(250),
        priority: fc.constant(0),
        delay: fc.constant(0),
      }),
    },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('complete' as const), share: fc.double({ min: 0, max: 1, noNaN: true }) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('pause' as const), seconds: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('pin' as const),
        max: fc.integer({ min: 0, max: CAP }),
        seconds: fc.integer({ min: 1, max: 6 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), which: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'wait' as const }) },
  ),
  advanceMs: fc.integer({ min: 0, max: 1500 }),
});

export interface ScenarioWorld {
  readonly store: TaskStore;
  /** One control store per Orchestrator (separate processes) and one for the operator. */
  controls(): ControlStore;
  readonly clock: ManualClock;
}

interface Start {
  readonly atMs: number;
  readonly taskId: string;
}

/** Run one scenario with `orchestrators` racing Orchestrators (they share the dispatch lease). */
export async function runFlowScenario(world: ScenarioWorld, steps: readonly TimedStep[], orchestrators: number): Promise<void> {
  const { store, clock } = world;
  const tenantOf = new Map<string, number>();
  const priorityOf = new Map<string, number>();
  const notBeforeOf = new Map<string, number>();
  const running = new Map<string, number>();
  const starts: Start[] = [];
  const crashes: number[] = [];
  const invoker: Invoker = {
    invoke: async (_arn, event) => {
      const e = event as { task_id: string; attempts: number };
      running.set(e.task_id, e.attempts);
      starts.push({ atMs: clock.now(), taskId: e.task_id });
    },
    timeoutSeconds: async () => undefined,
  };
  const config = resolveOrchestratorConfig({ task_config: TASK_CONFIG, dispatch_lease_seconds: orchestrators > 1 ? 2 : 0 });
  const make = (): Orchestrator => new Orchestrator({ store, invoker, clock, config, controls: world.controls() });
  const fleet = Array.from({ length: orchestrators }, make);
  const operator = new LabourerControls({ store: world.controls(), labourers: [{ id: 'w', maxSimultaneousInvocations: CAP }], clock });
  const assistant = new WorkerAssistant({ store, clock });
  const scavenger = new Scavenger({
    store,
    clock,
    invoker,
    config: resolveScavengerConfig({ task_config: TASK_CONFIG }),
    random: () => 0.5,
  });
  let hold: { until: number | null } | null = null;
  let pin: { max: number; until: number } | null = null;
  const queued = new Set<string>();
  let waited = new Map<number, number>();
  let sequence = 0;

  for (const [index, { step, advanceMs }] of steps.entries()) {
    const nowS = clock.now() / 1000;
    if (step.kind === 'arrive') {
      const drafts = Array.from({ length: step.n }, () => {
        sequence += 1;
        return {
          taskId: sequence.toString(16).padStart(32, '0'),
          payload: JSON.stringify({ tenant: TENANTS[step.tenant] }),
          lane: TENANTS[step.tenant] as string,
        };
      });
      const placement = {
        ...(step.priority > 0 ? { priority: step.priority } : {}),
        ...(step.delay > 0 ? { notBefore: Math.ceil(nowS) + step.delay } : {}),
      };
      for (const t of await store.enqueue('w', drafts, nowS, placement)) {
        tenantOf.set(t.taskId, step.tenant);
        priorityOf.set(t.taskId, step.priority);
        if (placement.notBefore !== undefined) notBeforeOf.set(t.taskId, placement.notBefore);
        queued.add(t.taskId);
      }
    } else if (step.kind === 'complete') {
      const done = [...running].slice(0, Math.round(running.size * step.share));
      for (const [taskId, attempts] of done) {
        await assistant.handle({ action: 'mark_task_as_completed', task_id: taskId, attempts });
        running.delete(taskId);
      }
    } else if (step.kind === 'pause') {
      await operator.pause('w', { by: 'alice', ...(step.seconds === null ? {} : { for: step.seconds }) });
      hold = { until: step.seconds === null ? null : nowS + step.seconds };
    } else if (step.kind === 'resume') {
      await operator.resume('w', { by: 'bob' });
      hold = null;
    } else if (step.kind === 'pin') {
      await operator.limit('w', { by: 'dave', max: step.max, for: step.seconds });
      pin = { max: step.max, until: nowS + step.seconds };
    } else if (step.kind === 'crash') {
      // A crashed process loses its rate log; its lease just expires.
      fleet[step.which % fleet.length] = make();
      crashes.push(clock.now());
    }
    clock.advance(advanceMs);
    await scavenger.run();

    const tickMs = clock.now();
    const held = hold !== null && (hold.until === null || hold.until * 1000 > tickMs);
    const pinned = pin !== null && pin.until * 1000 > tickMs ? pin.max : null;
    const runningBefore = running.size;
    const perKeyBefore = countPerTenant(running, tenantOf);
    // Startable work per tenant: queued (not delayed), and the best priority among tenants below their cap.
    const startable = startableByTenant(queued, tenantOf, priorityOf, notBeforeOf, tickMs / 1000);
    const before = starts.length;
    const decisions = (await Promise.all(fleet.map((o) => o.tick()))).flat();
    const now = starts.slice(before);
    for (const s of now) queued.delete(s.taskId);
    const context = `step ${index} (${JSON.stringify(step)}): held ${held}, pin ${pinned}, running ${runningBefore}`;

    // Nothing starts while paused, from the tick after the pause.
    if (held) expect(now.length, context).toBe(0);
    // running <= cap, and <= the pin while it lasts.
    expect(running.size, context).toBeLessThanOrEqual(CAP);
    if (pinned !== null) expect(now.length, context).toBeLessThanOrEqual(Math.max(0, pinned - runningBefore));
    // A pin reverts at its TTL: no decision reports it afterwards.
    if (pinned === null) for (const d of decisions) expect(d.pinnedMax, context).toBeUndefined();
    // Per key <= max_per_key.
    for (const [tenant, count] of countPerTenant(running, tenantOf))
      expect(count, `${context}, tenant ${tenant}`).toBeLessThanOrEqual(MAX_PER_KEY);
    // Delayed tasks never start before their time.
    for (const s of now) expect(s.atMs / 1000, context).toBeGreaterThanOrEqual(notBeforeOf.get(s.taskId) ?? 0);
    // Starts per 1-second window <= rate (+ rate again when a process crashed within the window).
    const windowStarts = starts.filter((s) => s.atMs > tickMs - 1000).length;
    const crashed = crashes.some((c) => c > tickMs - 1000);
    expect(windowStarts, context).toBeLessThanOrEqual(crashed ? 2 * RATE : RATE);
    // Fairness: a tenant below its key cap with due work of the best startable priority is passed
    // over only a bounded number of ticks in which dispatch could start something (not held, a slot
    // free, rate left, this instance holding the lease); round-robin across 4 tenants.
    const served = new Set(now.map((s) => tenantOf.get(s.taskId) as number));
    const best = Math.max(-1, ...[...startable].filter(([t]) => (perKeyBefore.get(t) ?? 0) < MAX_PER_KEY).map(([, p]) => p));
    const rateLeft = starts.slice(0, before).filter((s) => s.atMs > tickMs - 1000).length < RATE && !crashed;
    const couldStart =
      !held && runningBefore < Math.min(CAP, pinned ?? CAP) && rateLeft && decisions.some((d) => d.leaseHeldUntil === undefined);
    const next = new Map<number, number>();
    for (const [tenant, priority] of startable) {
      if ((perKeyBefore.get(tenant) ?? 0) >= MAX_PER_KEY || priority < best || served.has(tenant)) continue;
      const ticks = (waited.get(tenant) ?? 0) + (couldStart ? 1 : 0);
      expect(ticks, `${context}: tenant ${tenant} passed over ${ticks} ticks`).toBeLessThanOrEqual(TENANTS.length);
      next.set(tenant, ticks);
    }
    waited = next;
  }
  await Promise.all(fleet.map((o) => o.releaseLeases()));
}

function countPerTenant(running: ReadonlyMap<string, number>, tenantOf: ReadonlyMap<string, number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const taskId of running.keys()) {
    const t = tenantOf.get(taskId) as number;
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

/** Tenant -> the best priority among its queued, due tasks. */
function startableByTenant(
  queued: ReadonlySet<string>,
  tenantOf: ReadonlyMap<string, number>,
  priorityOf: ReadonlyMap<string, number>,
  notBeforeOf: ReadonlyMap<string, number>,
  nowS: number,
): Map<number, number> {
  const best = new Map<number, number>();
  for (const taskId of queued) {
    if ((notBeforeOf.get(taskId) ?? 0) > nowS) continue;
    const t = tenantOf.get(taskId) as number;
    best.set(t, Math.max(best.get(t) ?? -1, priorityOf.get(taskId) ?? 0));
  }
  return best;
}

export { epochSeconds };
