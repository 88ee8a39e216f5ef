/**
 * The WorkerAssistant's Lambda handler: applies one worker report (`mark_task_as_completed` or
 * `mark_task_as_failed`). An invalid event fails the invocation (`event.invalid`); a report that
 * changes nothing is answered with `applied: false`, not thrown, so async callers are not retried.
 */
import { createEssentialHandler, type EssentialFactory, type EssentialHandler } from '../essential-handler.js';
import type { WorkerAssistant, WorkerAssistantResult } from './worker-assistant.js';

/**
 * @example
 * export const handler = createWorkerAssistantHandler(async () => ({ engine: await essentials.workerAssistant() }));
 */
export function createWorkerAssistantHandler(
  build: EssentialFactory<Pick<WorkerAssistant, 'handle'>>,
): EssentialHandler<WorkerAssistantResult> {
  return createEssentialHandler(
    'sosw_worker_assistant',
    build,
    (runtime, event, context) => runtime.engine.handle(event, { invocationId: context.awsRequestId, logStreamName: context.logStreamName }),
    (result) => ({ action: result.action, taskId: result.taskId, applied: result.applied }),
  );
}
