import { describe, expect, it } from 'vitest';
import { SoswError } from '../../src/core/errors.js';
import type { AdaptiveState } from '../../src/core/flow/adaptive/controller.js';
import { addOutcomes, countOutcomes, NO_OUTCOMES } from '../../src/core/flow/adaptive/outcomes.js';
import type { ControlHold, ControlPin } from '../../src/core/flow/control.js';
import type { ControlStore } from '../../src/ports/control-store.js';
import type { TaskStore } from '../../src/ports/task-store.js';

/** A fresh, empty control store per test, the task store on the same tables, and how to drop both. */
export type ControlStoreFactory = () => Promise<{ controls: ControlStore; tasks: TaskStore; cleanup(): Promise<void> }>;

const NOW = 1_800_000_000.25;
const HOLD: ControlHold = { mode: 'paused', until: NOW + 1800, by: 'alice', at: NOW, reason: 'db migration' };
const ADAPTIVE: AdaptiveState = {
  target: 4,
  ceiling: 5,
  cooldown: 1,
  healthyTicks: 0,
  seen: countOutcomes([0.4, 12], 3, 1),
  pendingThrottles: 2,
  at: NOW,
  reason: 'error rate 12% > 5% → target 8 → 4',
};
const PIN: ControlPin = { max: 2, rate: { invocations: 5, per: 'second' }, until: NOW + 3600, by: 'bob', at: NOW + 1, reason: null };

async function withControls(factory: ControlStoreFactory, body: (c: ControlStore, tasks: TaskStore) => Promise<void>): Promise<void> {
  const { controls, tasks, cleanup } = await factory();
  try {
    await body(controls, tasks);
  } finally {
    await cleanup();
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (SoswError.is(e) ? e.code : String(e)),
  );
}

/** The behaviour every ControlStore adapter must have, written against the port only. */
export function describeControlStoreContract(name: string, factory: ControlStoreFactory): void {
  describe(`ControlStore contract: ${name}`, () => {
    it('reads nothing for labourers without a record', () =>
      withControls(factory, async (c) => {
        expect(await c.readControls(['a', 'b'])).toEqual([]);
        expect(await c.readControls([])).toEqual([]);
      }));

    it('keeps every field of a hold and a pin, each written on its own', () =>
      withControls(factory, async (c) => {
        expect(await c.setHold('a', HOLD)).toEqual({ labourerId: 'a', hold: HOLD, pin: null });
        expect(await c.setPin('a', PIN)).toEqual({ labourerId: 'a', hold: HOLD, pin: PIN });
        expect(await c.readControls(['a'])).toEqual([{ labourerId: 'a', hold: HOLD, pin: PIN }]);
      }));

    it('clearing the hold keeps the pin, and clearing the pin keeps the hold', () =>
      withControls(factory, async (c) => {
        await c.setHold('a', HOLD);
        await c.setPin('a', PIN);
        expect(await c.setHold('a', null)).toEqual({ labourerId: 'a', hold: null, pin: PIN });
        await c.setHold('a', { ...HOLD, mode: 'draining', until: null });
        expect(await c.setPin('a', null)).toEqual({ labourerId: 'a', hold: { ...HOLD, mode: 'draining', until: null }, pin: null });
      }));

    it('reads every asked labourer in one call and only those', () =>
      withControls(factory, async (c) => {
        await c.setHold('a', HOLD);
        await c.setPin('b', PIN);
        await c.setHold('c', HOLD);
        const read = await c.readControls(['a', 'b', 'zzz']);
        expect(read.sort((x, y) => x.labourerId.localeCompare(y.labourerId))).toEqual([
          { labourerId: 'a', hold: HOLD, pin: null },
          { labourerId: 'b', hold: null, pin: PIN },
        ]);
      }));

    it('the last write of a part wins', () =>
      withControls(factory, async (c) => {
        await c.setHold('a', HOLD);
        const later = { ...HOLD, by: 'carol', until: null, reason: null };
        await c.setHold('a', later);
        expect(await c.readControls(['a'])).toEqual([{ labourerId: 'a', hold: later, pin: null }]);
      }));

    it('rejects bad arguments with store.invalidArgument', () =>
      withControls(factory, async (c) => {
        expect(await codeOf(c.setHold('', HOLD))).toBe('store.invalidArgument');
        expect(await codeOf(c.setHold('a', { ...HOLD, mode: 'stopped' } as unknown as ControlHold))).toBe('store.invalidArgument');
        expect(await codeOf(c.setPin('a', { ...PIN, max: -1 }))).toBe('store.invalidArgument');
        expect(await codeOf(c.readControls([''] as string[]))).toBe('store.invalidArgument');
        expect(await c.readControls(['a'])).toEqual([]);
      }));

    it('a control record is never seen as a task', () =>
      withControls(factory, async (c, tasks) => {
        await c.setHold('a', HOLD);
        await c.setPin('a', PIN);
        expect(await tasks.countQueued('a', NOW + 1e9)).toBe(0);
        expect(await tasks.nextQueued('a', NOW + 1e9, 10)).toEqual([]);
        expect(await tasks.countInvokedSince('a', 0)).toBe(0);
        expect(await tasks.listCompleted('a', 10)).toEqual([]);
        expect(await tasks.queueBounds('a', NOW + 1e9)).toEqual({ oldest: null, newest: null });
      }));

    it('keeps the adaptive state beside the hold and the pin, each written on its own', () =>
      withControls(factory, async (c) => {
        await c.setHold('a', HOLD);
        await c.setAdaptive('a', ADAPTIVE);
        await c.setPin('a', PIN);
        expect(await c.readControls(['a'])).toEqual([{ labourerId: 'a', hold: HOLD, pin: PIN, adaptive: ADAPTIVE }]);
        expect(await c.setHold('a', null)).toEqual({ labourerId: 'a', hold: null, pin: PIN, adaptive: ADAPTIVE });
        await c.setAdaptive('a', { ...ADAPTIVE, target: 5 });
        await c.setAdaptive('b', ADAPTIVE);
        const read = await c.readControls(['a', 'b']);
        expect(read.find((r) => r.labourerId === 'a')?.adaptive?.target).toBe(5);
        expect(read.find((r) => r.labourerId === 'b')).toMatchObject({ hold: null, pin: null, adaptive: ADAPTIVE });
        await c.setAdaptive('a', null);
        expect((await c.readControls(['a']))[0]?.adaptive ?? null).toBeNull();
      }));

    it('adds outcome counts to cumulative counters, per labourer, without losing concurrent adds', () =>
      withControls(factory, async (c) => {
        const one = countOutcomes([0.05, 3, 3], 2, 1);
        await c.addOutcomes([
          { labourerId: 'a', counts: one },
          { labourerId: 'b', counts: NO_OUTCOMES },
        ]);
        await Promise.all(Array.from({ length: 5 }, () => c.addOutcomes([{ labourerId: 'a', counts: one }])));
        await c.setPin('a', PIN);
        const [a, ...others] = await c.readControls(['a', 'b']);
        let expected = NO_OUTCOMES;
        for (let i = 0; i < 6; i += 1) expected = addOutcomes(expected, one);
        expect(a).toEqual({ labourerId: 'a', hold: null, pin: PIN, outcomes: expected });
        expect(others).toEqual([]);
      }));

    it('rejects bad adaptive arguments with store.invalidArgument', () =>
      withControls(factory, async (c) => {
        expect(await codeOf(c.setAdaptive('a', { ...ADAPTIVE, target: -1 }))).toBe('store.invalidArgument');
        expect(await codeOf(c.addOutcomes([{ labourerId: 'a', counts: { ...NO_OUTCOMES, failed: 1.5 } }]))).toBe('store.invalidArgument');
        expect(await codeOf(c.addOutcomes([{ labourerId: '', counts: NO_OUTCOMES }]))).toBe('store.invalidArgument');
        expect(await c.readControls(['a'])).toEqual([]);
      }));

    it('an adaptive record is never seen as a task', () =>
      withControls(factory, async (c, tasks) => {
        await c.setAdaptive('a', ADAPTIVE);
        await c.addOutcomes([{ labourerId: 'a', counts: countOutcomes([1], 1, 1) }]);
        expect(await tasks.countQueued('a', NOW + 1e9)).toBe(0);
        expect(await tasks.nextQueued('a', NOW + 1e9, 10)).toEqual([]);
        expect(await tasks.countInvokedSince('a', 0)).toBe(0);
        expect(await tasks.listCompleted('a', 10)).toEqual([]);
      }));
  });
}
