import type { RetryPolicy } from '../config/task-config.js';

export interface RetryDelayInput {
  /** The labourer's max duration in seconds (configured, else the function timeout). */
  readonly maxDuration: number;
  /** Invocations so far (the expired attempt included), >= 1. */
  readonly attempts: number;
}

/** A source of uniform numbers in [0, 1); injected so tests are deterministic. */
export type RandomSource = () => number;

/** The original's policy: wait `max_duration x attempts` seconds. */
export const LINEAR_RETRY: RetryPolicy = Object.freeze({ strategy: 'linear' });

/**
 * Seconds to wait before an expired task goes back to the queue.
 *
 * - `linear` (default, the original): `maxDuration x attempts`; 45 s x 5 attempts = 225 s.
 * - `exponential`: `min(max_seconds, base_seconds x factor^(attempts - 1))`, then reduced by up to
 *   `jitter` (a share, 0..1) at random so that tasks that failed together do not return together:
 *   `delay x (1 - jitter x random())`. Never above the cap, never below `delay x (1 - jitter)`, and at
 *   least 1 second.
 *
 * @example
 * taskRetryDelaySeconds({ strategy: 'linear' }, { maxDuration: 45, attempts: 5 }); // 225
 */
export function taskRetryDelaySeconds(policy: RetryPolicy, input: RetryDelayInput, random: RandomSource = Math.random): number {
  const attempts = Math.max(1, Math.floor(input.attempts));
  if (policy.strategy === 'linear') return Math.max(1, Math.round(input.maxDuration * attempts));
  const raw = policy.baseSeconds * policy.factor ** (attempts - 1);
  const capped = Math.min(policy.maxSeconds, raw);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(1, Math.round(capped * (1 - policy.jitter * r)));
}

/** True while the task has attempts left (`attempts < max_attempts`), as the original's `should_retry_task`. */
export function shouldRetry(attempts: number, maxAttempts: number): boolean {
  return attempts < maxAttempts;
}

/** What a worker's failure report asked for (`result_retriable`, `result_retry_after_seconds`). */
export interface FailureRequest {
  /** False when the worker threw NonRetriableError: close the task dead at once. */
  readonly retriable: boolean;
  /** Seconds the worker asked to wait (RetryLaterError); undefined when it did not ask. */
  readonly retryAfterSeconds: number | undefined;
}

/**
 * Read the worker's request from a failed task's result. Only the exact markers the Worker
 * framework writes count: `retriable: false` (a boolean) and a finite, non-negative
 * `retry_after_seconds` (a number, or numeric text as other writers may store it).
 */
export function failureRequestOf(result: Readonly<Record<string, unknown>> | undefined): FailureRequest {
  const retriable = result?.retriable !== false;
  const raw = result?.retry_after_seconds;
  const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  const retryAfterSeconds = typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
  return { retriable, retryAfterSeconds };
}
