import { describe, expect, it } from 'vitest';
import { createScavengerHandler } from '../../../../src/essentials/scavenger/handler.js';
import { lambdaContext } from '../orchestrator/handler-context.js';
import { makeHarness } from '../task-manager/harness.js';

const TASK_CONFIG = { labourers: { w: { max_simultaneous_invocations: 5, duration: 60, max_attempts: 1 } } };

describe('createScavengerHandler', () => {
  it('archives completed tasks, closes dead ones and reports the notice as delivered', async () => {
    const h = makeHarness(TASK_CONFIG);
    const [done, lost] = await h.enqueue('w', 2);
    await h.orchestrator().run();
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: done, attempts: 1 });
    const handler = createScavengerHandler(() => ({ engine: h.scavenger(), clock: h.clock }));
    h.clock.advanceSeconds(3600);

    const result = await handler({}, lambdaContext(h.clock, 60_000));

    expect(result).toMatchObject({ sweeps: 1, archived: 1, dead: [lost], notified: true, errors: [] });
    expect(h.notifier.notices).toHaveLength(1);
    await h.close();
  });

  it('sweeps every tickSeconds while the invocation has time left', async () => {
    const h = makeHarness(TASK_CONFIG);
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      h.clock.advance(ms);
    };
    const handler = createScavengerHandler(() => ({ engine: h.scavenger(), clock: h.clock }), { tickSeconds: 10, reserveMs: 5_000, sleep });

    const result = await handler({}, lambdaContext(h.clock, 40_000));

    expect(result.sweeps).toBe(4);
    expect(waits).toEqual([10_000, 10_000, 10_000]);
    await h.close();
  });
});
