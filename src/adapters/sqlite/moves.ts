import { TASK_CANCELLED_AT_FIELD } from '../../core/job/job-fields.js';
import { RESULT_PREFIX } from '../../core/task/field-names.js';
import { appendPositions, headPositions } from '../../core/task/greenfield.js';
import { type ClosedTask, closedStatusKey, type RetryTask, type Task } from '../../core/task/task.js';
import {
  type ClosedTaskRow,
  fromClosedTaskRow,
  fromRetryTaskRow,
  fromTaskRow,
  liveColumns,
  type RetryTaskRow,
  type TaskRow,
} from './rows.js';
import type { StoreContext } from './store-context.js';

/**
 * The four atomic moves between tables. Each runs in one immediate transaction and keeps every attribute.
 * A move into or out of the closed table adds to (or takes from) the counters of the task's job in
 * the same transaction, so job counters always equal a recount.
 */
export interface Moves {
  /** Live -> closed. Null when the task is not live. */
  archive(taskId: string, closedAt: number): ClosedTask | null;
  /** Live -> closed for each id still live, all in one transaction. Returns the ids moved, in input order. */
  archiveMany(taskIds: readonly string[], closedAt: number): string[];
  /** Live, not completed -> retry. Null otherwise. */
  moveToRetry(taskId: string, desiredLaunchTime: number): RetryTask | null;
  /** Retry -> head of the live queue, first id first. Ids not waiting for this labourer are skipped. */
  returnFromRetry(labourerId: string, taskIds: readonly string[]): Task[];
  /** Dead closed task -> end of the live queue with attempts 0. Null when not a dead task. */
  redrive(taskId: string): Task | null;
}

export function createMoves(ctx: StoreContext): Moves {
  const { tasks, closed, retry, jobs, step, db } = ctx;

  const archive = db.transaction((taskId: string, closedAt: number): ClosedTask | null => {
    const row = tasks.deleteTask.get(taskId);
    if (row === undefined) return null;
    const closedRow: ClosedTaskRow = {
      ...liveColumns(row),
      labourer_id_task_status: closedStatusKey(row.labourer_id, row.completed_at !== null),
      closed_at: closedAt,
    };
    closed.insertClosed.run(closedRow);
    if (row.job_id !== null) {
      const succeeded = row.completed_at !== null;
      jobs.addCounts.run(succeeded ? 1 : 0, succeeded ? 0 : 1, 0, closedAt, row.job_id);
    }
    return fromClosedTaskRow(closedRow);
  });

  // Two set statements instead of a read-modify-write per task: rows never cross into JavaScript.
  const archiveMany = db.transaction((taskIds: readonly string[], closedAt: number): string[] => {
    const ids = JSON.stringify(taskIds);
    closed.insertClosedFromLive.run(closedAt, ids);
    jobs.addClosedFromLive.run(closedAt, ids);
    const moved = new Set(tasks.deleteTasks.all(ids));
    return moved.size === 0 ? [] : [...new Set(taskIds)].filter((id) => moved.has(id));
  });

  const moveToRetry = db.transaction((taskId: string, desiredLaunchTime: number): RetryTask | null => {
    const row = tasks.deleteOpenTask.get(taskId);
    if (row === undefined) return null;
    const retryRow: RetryTaskRow = { ...liveColumns(row), desired_launch_time: desiredLaunchTime };
    retry.insertRetry.run(retryRow);
    return fromRetryTaskRow(retryRow);
  });

  // "Queued" needs a notion of now: the latest desired launch time of the moved tasks (they are due,
  // so it is <= now) separates queue positions from invocation greenfields (now + delta).
  const returnFromRetry = db.transaction((labourerId: string, taskIds: readonly string[]): Task[] => {
    const rows: RetryTaskRow[] = [];
    for (const taskId of new Set(taskIds)) {
      const row = retry.deleteRetry.get(labourerId, taskId);
      if (row !== undefined) rows.push(row);
    }
    if (rows.length === 0) return [];
    const queuedBefore = Math.max(...rows.map((r) => r.desired_launch_time));
    const positions = headPositions(tasks.oldestQueued.get(labourerId, queuedBefore) ?? null, rows.length, step);
    return rows.map((row, i) => {
      const live: TaskRow = { ...liveColumns(row), greenfield: positions[i] as number };
      tasks.insertTask.run(live);
      return fromTaskRow(live);
    });
  });

  // The closing time plays "now" for the queue of a redriven task (queue positions are below it).
  const redrive = db.transaction((taskId: string): Task | null => {
    const row = closed.deleteDeadClosed.get(taskId);
    if (row === undefined) return null;
    if (row.job_id !== null) {
      // The task leaves the closed table: it no longer counts as dead (or cancelled) for its job.
      const wasCancelled = row.attributes !== null && TASK_CANCELLED_AT_FIELD in (JSON.parse(row.attributes) as object);
      jobs.addCounts.run(0, wasCancelled ? 0 : -1, wasCancelled ? -1 : 0, row.closed_at, row.job_id);
    }
    const [position] = appendPositions(tasks.newestQueued.get(row.labourer_id, row.closed_at) ?? null, 1, step);
    const live: TaskRow = {
      ...liveColumns(row),
      greenfield: position as number,
      attempts: 0,
      failed_attempts: null,
      attributes: freshAttributes(row.attributes),
    };
    tasks.insertTask.run(live);
    return fromTaskRow(live);
  });

  return {
    archive: (taskId, closedAt) => archive.immediate(taskId, closedAt),
    archiveMany: (taskIds, closedAt) => (taskIds.length === 0 ? [] : archiveMany.immediate(taskIds, closedAt)),
    moveToRetry: (taskId, desiredLaunchTime) => moveToRetry.immediate(taskId, desiredLaunchTime),
    returnFromRetry: (labourerId, taskIds) => returnFromRetry.immediate(labourerId, taskIds),
    redrive: (taskId) => redrive.immediate(taskId),
  };
}

/** The attributes a redriven task keeps: all but the `result_*` of the failures it died of and `cancelled_at` (null when none is left). */
function freshAttributes(attributes: string | null): string | null {
  if (attributes === null || attributes === '') return null;
  const flat = JSON.parse(attributes) as Record<string, unknown>;
  let kept = 0;
  for (const key of Object.keys(flat)) {
    if (key.startsWith(RESULT_PREFIX) || key === TASK_CANCELLED_AT_FIELD) delete flat[key];
    else kept += 1;
  }
  return kept === 0 ? null : JSON.stringify(flat);
}
