import type { Task } from '../../core/task/task.js';
import type { JobTaskCounts, JobTaskPlace } from '../../ports/job-store.js';
import { type ClosedTaskRow, fromClosedTaskRow, fromRetryTaskRow, fromTaskRow, type RetryTaskRow, type TaskRow } from './rows.js';
import type { StoreContext } from './store-context.js';

/** The JobTasks operations of the SQLite task store (arguments already checked). */
export interface JobTaskOps {
  count(labourerId: string, jobId: string): JobTaskCounts;
  list(labourerId: string, jobId: string, place: JobTaskPlace, limit: number): Task[];
  /** Close the job's queued and retrying tasks as cancelled and count them, in one transaction. */
  cancel(labourerId: string, jobId: string, at: number): string[];
  /** Close these live, not completed tasks as cancelled and count them, in one transaction. */
  closeCancelled(taskIds: readonly string[], at: number): string[];
  /** Close those of these tasks that are queued or in the retry table as cancelled and count them, in one transaction. */
  cancelTasks(taskIds: readonly string[], at: number): string[];
}

const CLOSED_PLACES: ReadonlySet<JobTaskPlace> = new Set(['completed', 'dead', 'cancelled']);

export function createJobTaskOps(ctx: StoreContext): JobTaskOps {
  const { jobs, db } = ctx;
  const cancel = db.transaction((labourerId: string, jobId: string, at: number): string[] => {
    const params = { at, labourer_id: labourerId, job_id: jobId };
    jobs.closeCancelledLive.run(params);
    jobs.closeCancelledRetry.run(params);
    const closed = [...jobs.deleteCancelledLive.all(labourerId, jobId), ...jobs.deleteCancelledRetry.all(labourerId, jobId)];
    if (closed.length > 0) jobs.addCounts.run(0, 0, closed.length, at, jobId);
    return closed;
  });
  const closeCancelled = db.transaction((taskIds: readonly string[], at: number): string[] => {
    const ids = JSON.stringify(taskIds);
    jobs.closeCancelledByIds.run({ at, ids });
    jobs.addCancelledByIds.run({ at, ids });
    const moved = new Set(jobs.deleteCancelledByIds.all(ids));
    return [...new Set(taskIds)].filter((id) => moved.has(id));
  });
  const cancelTasks = db.transaction((taskIds: readonly string[], at: number): string[] => {
    const ids = JSON.stringify(taskIds);
    jobs.closeQueuedByIds.run({ at, ids });
    jobs.closeRetryByIds.run({ at, ids });
    jobs.addCancelledQueuedOrRetryByIds.run({ at, ids });
    const moved = new Set([...jobs.deleteQueuedByIds.all(ids), ...jobs.deleteRetryByIds.all(ids)]);
    return [...new Set(taskIds)].filter((id) => moved.has(id));
  });
  return {
    cancelTasks: (taskIds, at) => (taskIds.length === 0 ? [] : cancelTasks.immediate(taskIds, at)),
    closeCancelled: (taskIds, at) => (taskIds.length === 0 ? [] : closeCancelled.immediate(taskIds, at)),
    count: (labourerId, jobId) => ({ ...(jobs.countJobTasks.get({ labourer_id: labourerId, job_id: jobId }) as JobTaskCounts) }),
    list: (labourerId, jobId, place, limit) => {
      const rows = jobs.listJobTasks[place].all(labourerId, jobId, limit);
      if (CLOSED_PLACES.has(place)) return rows.map((r) => fromClosedTaskRow(r as ClosedTaskRow));
      if (place === 'retrying') return rows.map((r) => fromRetryTaskRow(r as unknown as RetryTaskRow));
      return rows.map((r) => fromTaskRow(r as TaskRow));
    },
    cancel: (labourerId, jobId, at) => cancel.immediate(labourerId, jobId, at),
  };
}
