/** A throttled invoke (the claim undone, no attempt used) leaves one `throttled` audit row and counts `invoke_throttled`. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import type { Invoker } from '../../../../src/ports/invoker.js';
import { type Harness, makeHarness } from '../task-manager/harness.js';

const LABOURERS = { w: { max_simultaneous_invocations: 6, max_duration: 864_000, duration: 86_400, max_attempts: 3 } };

let h: Harness;
beforeEach(() => {
  h = makeHarness({ labourers: LABOURERS });
});
afterEach(async () => {
  await h.close();
});

/** Throttles the invocation of every task whose payload `n` is odd; accepts the others. */
function oddThrottlingInvoker(): Invoker & { accepted: string[] } {
  const accepted: string[] = [];
  return {
    accepted,
    invoke: async (_arn, event) => {
      const payload = event as { task_id: string; n: number };
      if (payload.n % 2 === 1) throw new SoswError('invoke.throttled', 'Lambda throttled the invocation (TooManyRequestsException).');
      accepted.push(payload.task_id);
    },
    timeoutSeconds: async () => 900,
  };
}

describe('a throttled invocation', () => {
  it('writes one `throttled` row per refused task, never an `invoked` row for it, and counts invoke_throttled', async () => {
    // Prepare
    const ids = await h.enqueue('w', 6);
    const invoker = oddThrottlingInvoker();

    // Act
    const [decision] = await h.orchestrator({}, { invoker }).tick();

    // Assert: every row of the tick, per task, hunting for a throttled task marked invoked (or twice throttled).
    expect(decision).toMatchObject({ invoked: 3, throttled: 3, failed: 0 });
    const rows = h.metaLog.rows;
    for (const id of ids) {
      const actions = rows.filter((r) => r.taskId === id).map((r) => r.action);
      expect(actions).toEqual(invoker.accepted.includes(id) ? ['invoked'] : ['throttled']);
    }
    const throttled = rows.filter((r) => r.action === 'throttled');
    expect(throttled).toHaveLength(3);
    for (const row of throttled) {
      expect(row).toMatchObject({ labourerId: 'w', extra: { attempt: 1, returned: true } });
      // The attempt was given back: the task is queued with attempts 0.
      expect(await h.store.get(row.taskId)).toMatchObject({ attempts: 0 });
    }
    expect(h.metrics.total('invoke_throttled', 'w')).toBe(3);
    expect(h.metrics.total('invoked', 'w')).toBe(3);
    expect(h.metrics.total('invoke_failed', 'w')).toBe(0);
  });

  it('says `returned: false` when the task could not be put back (it will expire and be retried)', async () => {
    // Prepare: the store refuses the unclaim (the task moved on meanwhile).
    const [id] = await h.enqueue('w', 1);
    const store = new Proxy(h.store, {
      get: (target, name) => {
        if (name === 'unclaim') return async () => null;
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const invoker: Invoker = {
      invoke: async () => {
        throw new SoswError('invoke.throttled', 'Lambda throttled the invocation (TooManyRequestsException).');
      },
      timeoutSeconds: async () => 900,
    };

    // Act
    await h.orchestrator({}, { invoker, store }).tick();

    // Assert
    expect((await h.metaLog.forTask(id ?? '')).map((r) => [r.action, r.extra])).toEqual([['throttled', { attempt: 1, returned: false }]]);
    expect(h.metrics.total('invoke_throttled', 'w')).toBe(1);
  });
});
