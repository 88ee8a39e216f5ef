import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { createWorkerAssistantHandler } from '../../../../src/essentials/worker-assistant/handler.js';
import { lambdaContext } from '../orchestrator/handler-context.js';
import { makeHarness } from '../task-manager/harness.js';

const TASK_CONFIG = { labourers: { w: { max_simultaneous_invocations: 5 } } };

describe('createWorkerAssistantHandler', () => {
  it('applies a worker report and audits it with the request id', async () => {
    const h = makeHarness(TASK_CONFIG);
    const [taskId] = await h.enqueue('w', 1);
    await h.orchestrator().run();
    const handler = createWorkerAssistantHandler(() => ({ engine: h.assistant, clock: h.clock }));
    const context = lambdaContext(h.clock, 30_000);

    const result = await handler(JSON.stringify({ action: 'mark_task_as_completed', task_id: taskId, attempts: 1 }), context);

    expect(result).toEqual({ action: 'mark_task_as_completed', taskId, applied: true });
    expect((await h.metaLog.forTask(taskId ?? '')).at(-1)).toMatchObject({
      action: 'marked_as_completed',
      invocationId: context.awsRequestId,
    });
    await h.close();
  });

  it('answers a report for an unknown task without throwing, and fails an invalid event', async () => {
    const h = makeHarness(TASK_CONFIG);
    const handler = createWorkerAssistantHandler(() => ({ engine: h.assistant, clock: h.clock }));

    await expect(handler({ action: 'mark_task_as_failed', task_id: 'nope' }, lambdaContext(h.clock, 30_000))).resolves.toMatchObject({
      applied: false,
      reason: 'unknown',
    });
    const error = await handler({ action: 'delete_everything', task_id: 'x' }, lambdaContext(h.clock, 30_000)).catch((e: unknown) => e);
    expect(SoswError.is(error, 'event.invalid')).toBe(true);
    await h.close();
  });
});
