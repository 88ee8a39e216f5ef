import type { ClosedTask } from '../../core/task/task.js';

export interface AverageDurationOptions {
  /** Samples to keep (`max_closed_to_analyse_for_duration`). */
  readonly limit: number;
  /** Seconds charged per attempt of a task that never completed. */
  readonly maxDuration: number;
  readonly delta: number;
}

/**
 * Average run time in whole seconds of the newest `limit` closed tasks (by last invocation). A
 * completed task counts `completed_at - invocation time`; a dead one counts `max_duration` once per
 * attempt. The original kept the oldest samples of those it fetched (weakness 28).
 *
 * @example
 * // three completed (500, 300, 300 s) and three dead (3, 4, 3 attempts, max 900 s): 10100 / 13
 * averageDuration(closed, { limit: 10, maxDuration: 900, delta }); // 777
 */
export function averageDuration(closed: readonly ClosedTask[], options: AverageDurationOptions): number {
  const newest = [...closed].sort((a, b) => b.greenfield - a.greenfield).slice(0, options.limit);
  let sum = 0;
  let count = 0;
  for (const task of newest) {
    if (task.completedAt !== undefined && task.completedAt !== null) {
      sum += task.completedAt - (task.greenfield - options.delta);
      count += 1;
    } else {
      sum += options.maxDuration * task.attempts;
      count += task.attempts;
    }
  }
  return count === 0 ? 0 : Math.round(sum / count);
}
