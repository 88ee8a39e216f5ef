/**
 * Control-flow errors a worker throws from `process()` to steer what happens to its task.
 * The Worker base turns them into a `mark_task_as_failed` report (see docs/workers.md).
 */
import { describeValue, SoswError, type SoswErrorOptions } from './errors.js';

/**
 * The task can never succeed (bad payload, deleted record…): retrying is pointless. The failure
 * report carries `result.retriable = false` (stored as `result_retriable`), which tells the
 * WorkerAssistant / Scavenger that the task may be closed as dead instead of retried.
 *
 * @example
 * if (!payload.user_id) throw new NonRetriableError('payload has no user_id');
 */
export class NonRetriableError extends SoswError {
  public constructor(message: string, options: SoswErrorOptions = {}) {
    super('worker.nonRetriable', message, options);
    this.name = 'NonRetriableError';
  }
}

/** A delay: seconds as a number, or a duration text such as `'500ms'`, `'30s'`, `'5m'`, `'2h'`. */
export type RetryDelay = number | `${number}ms` | `${number}s` | `${number}m` | `${number}h`;

const UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze({ ms: 0.001, s: 1, m: 60, h: 3600 });
const DELAY_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** Convert a {@link RetryDelay} to whole seconds (rounded up), or fail with a coded error. */
export function retryDelaySeconds(delay: RetryDelay): number {
  let seconds: number | undefined;
  if (typeof delay === 'number') {
    seconds = delay;
  } else if (typeof delay === 'string') {
    const match = DELAY_PATTERN.exec(delay.trim());
    if (match) seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    throw new SoswError(
      'worker.retryLater',
      `RetryLaterError delay must be a non-negative number of seconds or a text like '30s', '5m', '2h'; got ${describeValue(delay)}.`,
      { details: { field: 'delay', value: delay } },
    );
  }
  return Math.ceil(seconds);
}

/**
 * The task should run again, but not before `delay` has passed (a rate limit upstream, a
 * resource not ready yet). The failure report carries `result.retry_after_seconds`.
 *
 * @example
 * if (response.status === 429) throw new RetryLaterError('5m', 'upstream rate limit');
 */
export class RetryLaterError extends SoswError {
  /** The delay in whole seconds. */
  public readonly retryAfterSeconds: number;

  public constructor(delay: RetryDelay, message?: string, options: SoswErrorOptions = {}) {
    const seconds = retryDelaySeconds(delay);
    super('worker.retryLater', message ?? `Retry this task in ${seconds} seconds.`, {
      ...options,
      details: { ...options.details, retryAfterSeconds: seconds },
    });
    this.name = 'RetryLaterError';
    this.retryAfterSeconds = seconds;
  }
}
