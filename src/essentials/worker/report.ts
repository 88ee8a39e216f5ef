/** Building the WorkerAssistant report and delivering it with retries (weaknesses 48, 49). */

import { isPlainObject } from '../../core/config/deep-merge.js';
import { SoswError } from '../../core/errors.js';
import { safeString } from '../../core/safe-string.js';
import { NonRetriableError, RetryLaterError } from '../../core/worker-errors.js';
import type { Invoker } from '../../ports/invoker.js';
import type { Logger } from '../../ports/logger.js';
import type { StatsSnapshot } from './stats.js';
import type { TaskRef, WorkerReportEvent } from './types.js';

/** Code reported for errors that carry none. */
export const UNCODED_FAILURE = 'worker.failed';

/** How a thrown error is reported. */
export interface FailureDescription {
  readonly code: string;
  readonly message: string;
  readonly retriable: boolean;
  readonly retryAfterSeconds?: number | undefined;
}

/** Classify what `process()` threw. */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof RetryLaterError) {
    return { code: error.code, message: error.message, retriable: true, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof NonRetriableError) return { code: error.code, message: error.message, retriable: false };
  if (error instanceof SoswError) return { code: error.code, message: error.message, retriable: true };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' && code !== '' ? code : UNCODED_FAILURE, message: error.message, retriable: true };
  }
  return { code: UNCODED_FAILURE, message: safeString(error), retriable: true };
}

/** The `result` of a completion report: objects as they are, other values under `value`. */
export function completionResult(result: unknown): Record<string, unknown> | undefined {
  if (result === undefined || result === null) return undefined;
  if (isPlainObject(result)) return Object.keys(result).length === 0 ? undefined : result;
  return { value: result };
}

/** The `result` of a failure report. */
export function failureResult(failure: FailureDescription): Record<string, unknown> {
  return {
    error: failure.message,
    code: failure.code,
    ...(failure.retriable ? {} : { retriable: false }),
    ...(failure.retryAfterSeconds === undefined ? {} : { retry_after_seconds: failure.retryAfterSeconds }),
  };
}

/** The report event (original payload plus `labourer_id` and `attempts`); empty stats / result are left out. */
export function buildReport(
  task: TaskRef,
  outcome: 'completed' | 'failed',
  stats: StatsSnapshot,
  result: Record<string, unknown> | undefined,
): WorkerReportEvent {
  // Filled in place (once per task): no temporary objects for the optional fields.
  const report: { -readonly [K in keyof WorkerReportEvent]: WorkerReportEvent[K] } = {
    action: outcome === 'completed' ? 'mark_task_as_completed' : 'mark_task_as_failed',
    task_id: task.taskId,
  };
  if (task.labourerId !== undefined) report.labourer_id = task.labourerId;
  if (task.attempts !== undefined) report.attempts = task.attempts;
  if (task.invocation !== undefined) report.invocation = task.invocation;
  if (!isEmptyRecord(stats)) report.stats = stats;
  if (result !== undefined) report.result = result;
  return report;
}

function isEmptyRecord(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

/** Retry of a report whose invocation failed. */
export interface ReportRetryOptions {
  /** Tries in total, first one included. @defaultValue 3 */
  readonly attempts?: number | undefined;
  /** Wait before the second try; doubled before each next one. @defaultValue 200 */
  readonly baseDelayMs?: number | undefined;
}

/** Everything `sendReport` needs. */
export interface ReportDelivery {
  readonly invoker: Invoker;
  readonly functionName: string;
  readonly logger: Logger;
  readonly retry?: ReportRetryOptions | undefined;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Invoke the WorkerAssistant with `report`, retrying with exponential backoff. When every try
 * fails, log at error level and throw `worker.reportLost` (never swallowed).
 */
export async function sendReport(delivery: ReportDelivery, report: WorkerReportEvent): Promise<void> {
  const attempts = Math.max(1, Math.floor(delivery.retry?.attempts ?? 3));
  let delay = delivery.retry?.baseDelayMs ?? 200;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      await delivery.invoker.invoke(delivery.functionName, report);
      return;
    } catch (error) {
      lastError = error;
      if (attempt < attempts) {
        delivery.logger.warn(
          { error: missingAssistant(error) ? missingAssistantText(delivery.functionName) : error, attempt, taskId: report.task_id },
          `Report to ${delivery.functionName} failed; retrying in ${delay} ms`,
        );
        await delivery.sleep(delay);
        delay *= 2;
      }
    }
  }
  const message =
    `LOST REPORT: ${report.action} for task ${report.task_id} could not be delivered to ${delivery.functionName} after ${attempts} tries. ` +
    (missingAssistant(lastError)
      ? `The task will expire and be retried. ${missingAssistantText(delivery.functionName)}`
      : 'The task will expire and be retried; check the invoker permissions and that the WorkerAssistant exists.');
  try {
    delivery.logger.error({ error: lastError, report }, message);
  } catch {
    // A logger that throws must not replace worker.reportLost with its own error.
  }
  throw new SoswError('worker.reportLost', message, {
    details: { taskId: report.task_id, action: report.action, attempts },
    cause: lastError,
  });
}

/** The invoker's "function does not exist" names the labourer's config; for a report the fix is elsewhere. */
function missingAssistant(error: unknown): boolean {
  return SoswError.is(error, 'invoke.unknownFunction');
}

function missingAssistantText(functionName: string): string {
  return (
    `Lambda function ${functionName} does not exist (or this role may not see it): deploy the WorkerAssistant, ` +
    "or set `sosw_worker_assistant_lambda` in the worker's config to the name it has."
  );
}
