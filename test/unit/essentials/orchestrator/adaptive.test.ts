import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteControlStore } from '../../../../src/adapters/sqlite/sqlite-control-store.js';
import { SoswError } from '../../../../src/core/errors.js';
import { countOutcomes } from '../../../../src/core/flow/adaptive/outcomes.js';
import type { Invoker } from '../../../../src/ports/invoker.js';
import { type Harness, makeHarness } from '../task-manager/harness.js';

const LABOURERS = {
  w: { max_simultaneous_invocations: 8, max_duration: 864_000, duration: 86_400, max_attempts: 3, adaptive: { cooldown_ticks: 1 } },
};

let h: Harness;
let controls: SqliteControlStore;
beforeEach(() => {
  h = makeHarness({ labourers: LABOURERS });
  controls = new SqliteControlStore();
});
afterEach(async () => {
  await controls.close();
  await h.close();
});

const throttlingInvoker: Invoker = {
  invoke: async () => {
    throw new SoswError('invoke.throttled', 'Lambda throttled the invocation of w (TooManyRequestsException).');
  },
  timeoutSeconds: async () => 900,
};

describe('Orchestrator with adaptive concurrency', () => {
  it('cuts the target on the outcomes the Scavenger counted, says why, and keeps the state across a restart', async () => {
    // Prepare
    await h.enqueue('w', 100);
    const first = h.orchestrator({}, { controls });
    const [start] = await first.tick();
    await controls.addOutcomes([{ labourerId: 'w', counts: countOutcomes([1, 1, 1, 1], 4, 0) }]);

    // Act
    const [cut] = await first.tick();
    const [afterRestart] = await h.orchestrator({}, { controls }).tick();

    // Assert
    expect(start).toMatchObject({ invoked: 8, adaptive: { target: 8, limit: 8, change: 'held' } });
    expect(cut?.adaptive).toMatchObject({ previousTarget: 8, target: 4, change: 'cut', completed: 4, failed: 4, errorRate: 0.5 });
    expect(cut?.adaptive?.reason).toBe('error rate 50% > 5% → target 8 → 4');
    expect(cut?.reason).toContain('min(floor(8 x 1), adaptive target 4) = 4');
    expect(cut?.reason).toContain('Adaptive: error rate 50% > 5% → target 8 → 4.');
    expect(cut?.invoked).toBe(0);
    expect(afterRestart?.adaptive).toMatchObject({ previousTarget: 4, target: 4, change: 'held' });
    expect((await controls.readControls(['w']))[0]?.adaptive?.target).toBe(4);
  });

  it('lets a pinned max override the controller', async () => {
    // Prepare
    await h.enqueue('w', 10);
    await controls.setPin('w', {
      max: 2,
      rate: null,
      until: h.clock.now() / 1000 + 3600,
      by: 'bob',
      at: h.clock.now() / 1000,
      reason: null,
    });

    // Act
    const [decision] = await h.orchestrator({}, { controls }).tick();

    // Assert
    expect(decision).toMatchObject({ invoked: 2, adaptive: { target: 8, limit: 2, change: 'held' } });
    expect(decision?.adaptive?.reason).toBe('pinned max 2 overrides the controller → target 8 held');
  });

  it('puts a throttled invocation back in the queue without using an attempt, and cuts at the next tick', async () => {
    // Prepare
    const ids = await h.enqueue('w', 3);
    const orchestrator = h.orchestrator({}, { controls, invoker: throttlingInvoker });

    // Act
    const [throttled] = await orchestrator.tick();
    const [next] = await orchestrator.tick();

    // Assert
    expect(throttled).toMatchObject({ invoked: 0, failed: 0, throttled: 3 });
    expect(throttled?.reason).toContain('3 were throttled by the invoker and went back to the queue (no attempt used)');
    for (const id of ids) expect(await h.store.get(id)).toMatchObject({ attempts: 0 });
    expect(await h.store.countQueued('w', h.clock.now() / 1000)).toBe(3);
    expect(next?.adaptive).toMatchObject({ throttled: 3, change: 'cut', target: 4 });
    expect(next?.adaptive?.reason).toBe('3 throttled → target 8 → 4');
  });

  it('the Scavenger counts what it closes: completions with run times, failures, and RetryLaterError as throttles', async () => {
    // Prepare
    await h.enqueue('w', 5);
    await h.orchestrator({}, { controls }).tick();
    const invoked = await h.store.listInvokedSince('w', 0, 10);
    h.clock.advance(3_000);
    const at = Math.floor(h.clock.now() / 1000);
    const [a, b, c, d, e] = invoked.map((t) => t.taskId);
    for (const taskId of [a, b, c]) await h.store.report({ taskId: taskId ?? '', outcome: 'completed', at, invokedAtLeast: 0 });
    await h.store.report({ taskId: d ?? '', outcome: 'failed', at, invokedAtLeast: 0, result: { retry_after_seconds: 60 } });
    await h.store.report({ taskId: e ?? '', outcome: 'failed', at, invokedAtLeast: 0 });

    // Act
    await h.scavenger({}, { controls }).run();
    await h.scavenger({}, { controls }).run();

    // Assert: counted once, although two Scavengers ran.
    const [record] = await controls.readControls(['w']);
    expect(record?.outcomes).toMatchObject({ completed: 3, failed: 1, throttled: 1 });
    expect(record?.outcomes?.runTimes.reduce((n, x) => n + x, 0)).toBe(3);
  });
});
