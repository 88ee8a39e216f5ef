/**
 * The Scheduler's Lambda handler: a job event (or a `{"file_name": ...}` continuation from a
 * sibling) is queued in batches while the invocation has time; the rest is handed to a sibling by
 * the engine (through the invoker it was built with). An EventBridge "Scheduled Event" resumes
 * queue files nobody holds (after crashes).
 */
import { createEssentialHandler, type EssentialFactory, type EssentialHandler } from '../essential-handler.js';
import type { SchedulerResult } from './options.js';
import type { Scheduler } from './scheduler.js';

export type SchedulerHandlerResult = SchedulerResult | { readonly resumed: readonly SchedulerResult[] };

/** True for an EventBridge schedule's event (`detail-type: Scheduled Event`). */
export function isScheduledEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['detail-type'] === 'Scheduled Event';
}

/**
 * @example
 * export const handler = createSchedulerHandler(async () => ({ engine: await essentials.scheduler() }));
 */
export function createSchedulerHandler(
  build: EssentialFactory<Pick<Scheduler, 'run' | 'resumePending'>>,
): EssentialHandler<SchedulerHandlerResult> {
  return createEssentialHandler(
    'sosw_scheduler',
    build,
    async (runtime, event, context) => {
      const run = { invocationId: context.awsRequestId, remainingTimeMs: () => context.getRemainingTimeInMillis() };
      if (isScheduledEvent(event)) return { resumed: await runtime.engine.resumePending(run) };
      return runtime.engine.run(event, run);
    },
    (r) =>
      'resumed' in r
        ? { resumed: r.resumed.length }
        : { jobId: r.jobId, labourerId: r.labourerId, queued: r.queued, cursor: r.cursor, total: r.total, handoff: r.handoff },
  );
}
