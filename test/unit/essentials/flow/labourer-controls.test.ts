import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteControlStore } from '../../../../src/adapters/sqlite/sqlite-control-store.js';
import { SoswError } from '../../../../src/core/errors.js';
import { LabourerControls } from '../../../../src/essentials/flow/labourer-controls.js';
import type { ControlStore } from '../../../../src/ports/control-store.js';
import { type Harness, makeHarness, T0_MS } from '../task-manager/harness.js';

const LABOURERS = {
  w: { max_simultaneous_invocations: 5, max_duration: 864_000, duration: 86_400, rate_limit: { invocations: 10, per: 'second' } },
};

let h: Harness;
let store: SqliteControlStore;
let controls: LabourerControls;
beforeEach(() => {
  h = makeHarness({ labourers: LABOURERS });
  store = new SqliteControlStore();
  controls = new LabourerControls({
    store,
    labourers: [{ id: 'w', maxSimultaneousInvocations: 5, rateLimit: { invocations: 10, per: 'second' } }],
    metaLog: h.metaLog,
    clock: h.clock,
  });
});
afterEach(async () => {
  await store.close();
  await h.close();
});

async function errorOf(promise: Promise<unknown>): Promise<SoswError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoswError);
  return error as SoswError;
}

const tickInvoked = async (orchestrator: ReturnType<Harness['orchestrator']>): Promise<number> =>
  (await orchestrator.tick()).reduce((n, d) => n + d.invoked, 0);

describe('LabourerControls', () => {
  it('says in the decision who paused, until when and why, and starts nothing', async () => {
    await h.enqueue('w', 3);
    await controls.pause('w', { by: 'alice', for: '30m', reason: 'db migration' });
    const [decision] = await h.orchestrator({}, { controls: store }).tick();
    expect(decision?.invoked).toBe(0);
    expect(decision?.held).toBe('paused');
    expect(decision?.reason).toBe('paused by alice until 00:30:00 UTC (reason: db migration): nothing new is started (0 still running).');
  });

  it('a timed pause ends by itself at its TTL, on the injected clock', async () => {
    await h.enqueue('w', 3);
    const orchestrator = h.orchestrator({}, { controls: store });
    await controls.pause('w', { by: 'alice', for: 60 });
    h.clock.advance(59_999);
    expect(await tickInvoked(orchestrator)).toBe(0);
    h.clock.advance(1);
    expect(await tickInvoked(orchestrator)).toBe(3);
  });

  it('a pin lowers the cap until its TTL, then reverts by itself', async () => {
    await h.enqueue('w', 10);
    const orchestrator = h.orchestrator({}, { controls: store });
    await controls.limit('w', { by: 'bob', max: 2, for: '1h', reason: 'slow db' });
    const [pinned] = await orchestrator.tick();
    expect(pinned?.invoked).toBe(2);
    expect(pinned?.reason).toContain('min(floor(5 x 1), pinned max 2) = 2');
    expect(pinned?.reason).toContain('Limit pinned by bob until 01:00:00 UTC: max 2 (reason: slow db).');
    h.clock.advance(3_600_000 - 1);
    expect(await tickInvoked(orchestrator)).toBe(0);
    h.clock.advance(1);
    expect(await tickInvoked(orchestrator)).toBe(3);
  });

  it('a pinned rate lowers the configured rate limit', async () => {
    await h.enqueue('w', 10);
    await controls.limit('w', { by: 'bob', rate: '1/s', for: '10m' });
    const [decision] = await h.orchestrator({}, { controls: store }).tick();
    expect(decision?.rateAllowance).toBe(1);
    expect(decision?.invoked).toBe(1);
  });

  it('resume restores dispatch and keeps a pin; clearLimit drops the pin', async () => {
    await h.enqueue('w', 10);
    const orchestrator = h.orchestrator({}, { controls: store });
    await controls.drain('w', { by: 'carol' });
    await controls.limit('w', { by: 'carol', max: 1, for: '1h' });
    expect(await tickInvoked(orchestrator)).toBe(0);
    await controls.resume('w', { by: 'carol' });
    expect(await tickInvoked(orchestrator)).toBe(1);
    await controls.clearLimit('w', { by: 'carol' });
    expect(await tickInvoked(orchestrator)).toBe(4);
  });

  it('pins only lower: a max above max_simultaneous_invocations or a rate above rate_limit is control.invalid', async () => {
    expect((await errorOf(controls.limit('w', { by: 'bob', max: 6, for: '1h' }))).code).toBe('control.invalid');
    const rate = await errorOf(controls.limit('w', { by: 'bob', rate: '11/s', for: '1h' }));
    expect(rate.code).toBe('control.invalid');
    expect(rate.message).toContain('rate_limit 10/s');
    expect((await errorOf(controls.limit('w', { by: 'bob', max: 2, for: '0s' }))).details.field).toBe('for');
    expect((await errorOf(controls.limit('w', { by: 'bob', for: '1h' }))).code).toBe('control.invalid');
    expect((await errorOf(controls.pause('w', { by: '' }))).details.field).toBe('by');
    expect(await store.readControls(['w'])).toEqual([]);
  });

  it('an unknown labourer is labourer.unknown, naming the known ones', async () => {
    const error = await errorOf(controls.pause('nope', { by: 'alice' }));
    expect(error.code).toBe('labourer.unknown');
    expect(error.message).toContain('the project has: w');
  });

  it('audits every change with who, when and why as a meta row of control#<labourer>', async () => {
    await controls.pause('w', { by: 'alice', for: '30m', reason: 'db migration' });
    await controls.resume('w', { by: 'bob' });
    const rows = await h.metaLog.forTask('control#w');
    expect(rows.map((r) => [r.action, r.author, r.labourerId])).toEqual([
      ['paused', 'alice', 'w'],
      ['resumed', 'bob', 'w'],
    ]);
    expect(rows[0]?.createdAt).toBe(T0_MS / 1000);
    expect(rows[0]?.extra).toEqual({ until: T0_MS / 1000 + 1800, reason: 'db migration' });
  });

  it('when the controls cannot be read, the Orchestrator starts nothing that tick', async () => {
    await h.enqueue('w', 3);
    const broken: ControlStore = {
      readControls: async () => {
        throw new Error('disk on fire');
      },
      setHold: store.setHold.bind(store),
      setPin: store.setPin.bind(store),
      setAdaptive: store.setAdaptive.bind(store),
      addOutcomes: store.addOutcomes.bind(store),
      close: async () => {},
    };
    const [decision] = await h.orchestrator({}, { controls: broken }).tick();
    expect(decision?.invoked).toBe(0);
    expect(decision?.reason).toContain('operator controls could not be read (disk on fire)');
  });
});
