/**
 * Which dead tasks a bulk redrive takes: by job id and by a window of closing times. Pure; the CLI
 * reads the dead tasks (newest first) and requeues the selection, so the labourer's own cap, rate
 * and key caps pace them like any queued work.
 */
import { isCancelledTask } from '../job/job-fields.js';
import type { ClosedTask } from '../task/task.js';

export interface RedriveFilter {
  /** Only tasks of this job (`job_id`). */
  readonly jobId?: string | undefined;
  /** Only tasks closed at or after this epoch second. */
  readonly since?: number | undefined;
  /** Only tasks closed before this epoch second. */
  readonly until?: number | undefined;
}

/**
 * The dead tasks the filter selects, in the given order. Cancelled tasks (closed not succeeded too,
 * but carrying `cancelled_at`) are not dead and are never selected: a bulk redrive does not undo a cancel.
 */
export function selectRedrive(dead: readonly ClosedTask[], filter: RedriveFilter): ClosedTask[] {
  return dead.filter(
    (t) =>
      !t.succeeded &&
      !isCancelledTask(t) &&
      (filter.jobId === undefined || (t.jobId ?? t.extra?.job_id) === filter.jobId) &&
      (filter.since === undefined || t.closedAt >= filter.since) &&
      (filter.until === undefined || t.closedAt < filter.until),
  );
}
