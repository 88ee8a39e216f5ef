import { type Clock, epochSeconds, epochSecondsFloat } from '../../core/clock.js';
import type { JobTasks, TaskRef } from '../../ports/job-store.js';
import type { MetaLog } from '../../ports/meta-log.js';
import { uniqueStamp } from '../task-manager/audit-batch.js';

/** States a task cancel closes: queued, and the retry table's two (a job cancel closes the same). */
export const CANCELLABLE_STATES = ['queued', 'retrying', 'delayed'] as const;

/** A task to cancel, with the job it belongs to (kept on its audit row). */
export interface TaskToCancel extends TaskRef {
  readonly jobId?: string | undefined;
}

export interface CancelTasksDeps {
  readonly tasks: Pick<JobTasks, 'cancelTasks'>;
  readonly metaLog?: Pick<MetaLog, 'write'> | undefined;
  readonly clock: Clock;
}

/** The task store can cancel a selection of tasks (both shipped stores can). */
export function canCancelTasks(store: object): store is Pick<JobTasks, 'cancelTasks'> {
  return typeof (store as Partial<JobTasks>).cancelTasks === 'function';
}

/**
 * Cancel a selection of tasks with the semantics of a job cancel: those queued or in the retry
 * table close as cancelled (with their jobs' counters), running ones finish and are never
 * retried, closed ones are left. Each task closed gets a `cancelled` audit row by `by`, with
 * `extra` (e.g. the bulk action's id). Returns the ids closed.
 */
export async function cancelTasks(
  deps: CancelTasksDeps,
  tasks: readonly TaskToCancel[],
  by: string,
  extra?: Readonly<Record<string, unknown>>,
): Promise<string[]> {
  if (tasks.length === 0) return [];
  const closed = await deps.tasks.cancelTasks(tasks, epochSeconds(deps.clock));
  if (closed.length > 0 && deps.metaLog !== undefined) {
    const byId = new Map(tasks.map((t) => [t.taskId, t]));
    const now = epochSecondsFloat(deps.clock);
    await deps.metaLog.write(
      closed.map((taskId) => {
        const task = byId.get(taskId);
        return {
          taskId,
          createdAt: uniqueStamp(taskId, now),
          action: 'cancelled',
          labourerId: task?.labourerId,
          author: by,
          ...(task?.jobId === undefined ? {} : { jobId: task.jobId }),
          ...(extra === undefined ? {} : { extra }),
        };
      }),
    );
  }
  return closed;
}
