import { describe, expect, it } from 'vitest';
import { createSchedulerHandler, isScheduledEvent } from '../../../../src/essentials/scheduler/handler.js';
import { lambdaContext } from '../orchestrator/handler-context.js';
import { harness, sectionsJob, timeFor } from './setup.js';

describe('createSchedulerHandler', () => {
  it('queues a job with the request id as its job id', async () => {
    const h = harness();
    const handler = createSchedulerHandler(() => ({ engine: h.scheduler, clock: h.clock }));

    const result = await handler(sectionsJob(3), lambdaContext(h.clock, 600_000));

    expect(result).toMatchObject({ jobId: expect.stringMatching(/^request-/), queued: 3, done: true, handoff: 'none' });
    expect(await h.queued()).toHaveLength(3);
  });

  it('hands the rest of a job to a sibling when the invocation runs out of time', async () => {
    const h = harness({ rows_to_process: 2, shutdown_period: 10 });
    const handler = createSchedulerHandler(() => ({ engine: h.scheduler, clock: h.clock }));

    // Time for one batch, then the remaining time drops below the 10 s shutdown period.
    const result = await handler(sectionsJob(5), { ...lambdaContext(h.clock, 0), getRemainingTimeInMillis: timeFor(1) });

    expect(result).toMatchObject({ queued: 2, done: false, handoff: 'sibling' });
    expect(h.invoker.eventsFor('sosw_scheduler')).toEqual([expect.objectContaining({ file_name: expect.any(String) })]);
  });

  it('resumes pending queue files on an EventBridge scheduled event', async () => {
    const h = harness({ rows_to_process: 2, shutdown_period: 10 });
    const first = createSchedulerHandler(() => ({ engine: h.scheduler, clock: h.clock }));
    await first(sectionsJob(5), { ...lambdaContext(h.clock, 0), getRemainingTimeInMillis: timeFor(1) });

    const result = await first({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, lambdaContext(h.clock, 600_000));

    expect(result).toEqual({ resumed: [expect.objectContaining({ done: true, cursor: 5, queued: 3 })] });
    expect(await h.queued()).toHaveLength(5);
  });

  it('tells scheduled events from jobs', () => {
    expect(isScheduledEvent({ 'detail-type': 'Scheduled Event' })).toBe(true);
    expect(isScheduledEvent(sectionsJob(1))).toBe(false);
    expect(isScheduledEvent('text')).toBe(false);
  });
});
