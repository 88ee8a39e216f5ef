/** `LabourerControls.resetAdaptive` (sosw limit --reset-adaptive) on SQLite: the learned state goes, the rest stays, audited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteControlStore } from '../../../../src/adapters/sqlite/sqlite-control-store.js';
import { resolveAdaptiveConfig } from '../../../../src/core/flow/adaptive/adaptive-config.js';
import { countOutcomes } from '../../../../src/core/flow/adaptive/outcomes.js';
import { LabourerControls } from '../../../../src/essentials/flow/labourer-controls.js';
import { type Harness, makeHarness } from '../task-manager/harness.js';

const LABOURERS = {
  w: { max_simultaneous_invocations: 8, max_duration: 864_000, duration: 86_400, max_attempts: 3, adaptive: { cooldown_ticks: 1 } },
};

let h: Harness;
let store: SqliteControlStore;
let controls: LabourerControls;
beforeEach(() => {
  h = makeHarness({ labourers: LABOURERS });
  store = new SqliteControlStore();
  controls = new LabourerControls({
    store,
    labourers: [
      { id: 'w', maxSimultaneousInvocations: 8, adaptive: resolveAdaptiveConfig(LABOURERS.w.adaptive, 'w', 8) },
      { id: 'plain', maxSimultaneousInvocations: 8 },
    ],
    metaLog: h.metaLog,
    clock: h.clock,
  });
});
afterEach(async () => {
  await store.close();
  await h.close();
});

describe('resetAdaptive', () => {
  it('drops the learned target so the next tick starts from initial, keeps pins and outcome counters, and audits what it dropped', async () => {
    // Prepare: a breach cuts the target 8 → 4; a pause is in force too.
    await h.enqueue('w', 100);
    const orchestrator = h.orchestrator({}, { controls: store });
    await orchestrator.tick();
    await store.addOutcomes([{ labourerId: 'w', counts: countOutcomes([1, 1, 1, 1], 4, 0) }]);
    const [cut] = await orchestrator.tick();
    expect(cut?.adaptive).toMatchObject({ target: 4, change: 'cut' });
    await controls.pause('w', { by: 'alice', reason: 'maintenance' });
    h.clock.advance(1000);

    // Act
    const reset = await controls.resetAdaptive('w', { by: 'bob', reason: 'new warehouse' });
    const afterReset = (await store.readControls(['w']))[0];
    await controls.resume('w', { by: 'alice' });
    const [next] = await orchestrator.tick();

    // Assert
    expect(reset.dropped).toEqual({ target: 4, ceiling: cut?.adaptive?.ceiling });
    expect(cut?.adaptive?.ceiling).toBe(7);
    expect(reset.control).toMatchObject({ labourerId: 'w', hold: { mode: 'paused', by: 'alice' } });
    expect(afterReset?.adaptive ?? null).toBeNull();
    expect(afterReset?.outcomes).toMatchObject({ completed: 4, failed: 4 });
    // Fresh state: target initial (8), the old outcomes are not held against it.
    expect(next?.adaptive).toMatchObject({ previousTarget: 8, target: 8, change: 'held', failed: 0, completed: 0 });
    const rows = (await h.metaLog.forTask('control#w')).map((r) => [r.action, r.author, r.extra]);
    expect(rows).toEqual([
      ['paused', 'alice', { until: null, reason: 'maintenance' }],
      ['adaptive_reset', 'bob', { target: 4, ceiling: 7, reason: 'new warehouse' }],
      ['resumed', 'alice', { reason: null }],
    ]);
  });

  it('on a labourer with no stored state: changes nothing, says so, and is still audited', async () => {
    const reset = await controls.resetAdaptive('w', { by: 'bob' });
    expect(reset).toEqual({ control: { labourerId: 'w', hold: null, pin: null }, dropped: null });
    expect((await h.metaLog.forTask('control#w')).map((r) => [r.action, r.extra])).toEqual([
      ['adaptive_reset', { target: null, ceiling: null, reason: null }],
    ]);
  });

  it('refuses a labourer that is not adaptive and has no stored state, writing nothing', async () => {
    await expect(controls.resetAdaptive('plain', { by: 'bob' })).rejects.toMatchObject({
      code: 'control.invalid',
      details: { field: 'adaptive', labourerId: 'plain' },
      message: expect.stringContaining('labourers.plain.adaptive'),
    });
    expect(await h.metaLog.forTask('control#plain')).toEqual([]);
  });

  it('drops the state an adaptive config since removed left behind', async () => {
    await store.setAdaptive('plain', {
      target: 3,
      ceiling: 5,
      cooldown: 0,
      healthyTicks: 0,
      seen: countOutcomes([], 0, 0),
      pendingThrottles: 0,
      at: 1,
      reason: 'cut before the config lost adaptive',
    });
    const reset = await controls.resetAdaptive('plain', { by: 'bob' });
    expect(reset.dropped).toEqual({ target: 3, ceiling: 5 });
  });

  it('refuses an unknown labourer with labourer.unknown', async () => {
    await expect(controls.resetAdaptive('nope', { by: 'bob' })).rejects.toMatchObject({ code: 'labourer.unknown' });
  });
});
