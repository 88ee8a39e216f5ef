import { countOutcomes, type OutcomeCounts } from '../../core/flow/adaptive/outcomes.js';
import { invocationTime } from '../../core/task/greenfield.js';
import { failureRequestOf } from '../../core/task/retry-policy.js';
import type { Task } from '../../core/task/task.js';

/**
 * What one sweep of a labourer closed, for the adaptive controller: counted from the tasks the
 * Scavenger already read and moved, so it costs no extra request per task (one counter write per
 * labourer per sweep). Only tasks this sweep moved count, so racing Scavengers never count twice.
 */
export class OutcomeTally {
  readonly #runTimes: number[] = [];
  #failed = 0;
  #throttled = 0;
  readonly #delta: number;

  public constructor(greenfieldInvocationDelta: number) {
    this.#delta = greenfieldInvocationDelta;
  }

  /** A completed task archived: its run time, from its invocation (greenfield) to `completed_at`. */
  public completed(task: Pick<Task, 'completedAt' | 'greenfield'>): void {
    const ran = task.completedAt === undefined ? 0 : task.completedAt - invocationTime(task.greenfield, this.#delta);
    this.#runTimes.push(Math.max(0, ran));
  }

  /** An expired or failed task retried or closed: a throttle when the worker asked to retry later (RetryLaterError). */
  public settled(task: Task, reported: 'expired' | 'failed'): void {
    if (reported === 'failed' && failureRequestOf(task.result).retryAfterSeconds !== undefined) this.#throttled += 1;
    else this.#failed += 1;
  }

  public counts(): OutcomeCounts {
    return countOutcomes(this.#runTimes, this.#failed, this.#throttled);
  }
}
