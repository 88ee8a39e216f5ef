import { describe, expect, it, vi } from 'vitest';
import { createOrchestratorHandler } from '../../../../src/essentials/orchestrator/handler.js';
import { makeHarness } from '../task-manager/harness.js';
import { lambdaContext } from './handler-context.js';

const TASK_CONFIG = { labourers: { w: { max_simultaneous_invocations: 2, duration: 60 } } };

describe('createOrchestratorHandler', () => {
  it('ticks until the invocation deadline minus the reserve and sums what each labourer invoked', async () => {
    const h = makeHarness(TASK_CONFIG);
    await h.enqueue('w', 10);
    const orchestrator = h.orchestrator({ tick_interval: 10, run_time_budget: 600 });
    const handler = createOrchestratorHandler(() => ({ engine: orchestrator, clock: h.clock }), { reserveMs: 5_000 });

    // 35 s left, 5 s reserved: ticks at 0, 10 and 20 s (the one at 30 s would start past the deadline).
    const result = await handler({ 'detail-type': 'Scheduled Event' }, lambdaContext(h.clock, 35_000));

    expect(result.ticks).toBe(3);
    expect(result.invoked).toBe(2);
    expect(result.labourers).toEqual([{ labourerId: 'w', invoked: 2, lastReason: expect.any(String) }]);
    expect(h.invoker.eventsFor('w')).toHaveLength(2);
    await h.close();
  });

  it('builds the engine once per container and flushes metrics after every invocation', async () => {
    const h = makeHarness(TASK_CONFIG);
    const build = vi.fn(() => ({ engine: h.orchestrator(), clock: h.clock, flush }));
    const flush = vi.fn();
    const handler = createOrchestratorHandler(build);

    await handler({}, lambdaContext(h.clock, 60_000));
    await handler({}, lambdaContext(h.clock, 60_000));

    expect(build).toHaveBeenCalledTimes(1);
    expect(flush).toHaveBeenCalledTimes(2);
    await h.close();
  });

  it('tries to build again on the next invocation when building failed', async () => {
    const h = makeHarness(TASK_CONFIG);
    const build = vi
      .fn()
      .mockRejectedValueOnce(new Error('config table unreachable'))
      .mockResolvedValue({ engine: h.orchestrator(), clock: h.clock });
    const handler = createOrchestratorHandler(build);

    await expect(handler({}, lambdaContext(h.clock, 60_000))).rejects.toThrow('config table unreachable');
    await expect(handler({}, lambdaContext(h.clock, 60_000))).resolves.toMatchObject({ ticks: 1 });
    expect(build).toHaveBeenCalledTimes(2);
    await h.close();
  });
});
