import type Database from 'better-sqlite3';
import { TASK_CANCELLED_AT_FIELD } from '../../../core/job/job-fields.js';
import { QUEUE_POSITION_CEILING } from '../../../core/task/greenfield.js';
import type { JobTaskPlace } from '../../../ports/job-store.js';
import { jobsTableName } from '../migrations/0005_jobs.js';
import type { ClosedTaskRow, TaskRow } from '../rows.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Where a job's tasks are, counted in one statement (the columns of JobTaskCounts). */
export interface JobTaskCountRow {
  readonly queued: number;
  readonly running: number;
  readonly awaitingArchive: number;
  readonly retrying: number;
  readonly completed: number;
  readonly dead: number;
  readonly cancelled: number;
}

/**
 * Statements that keep the job counters equal to a recount: each runs inside the transaction of
 * the task move it accounts for. And the by-job task queries (recount, listing, cancel).
 */
export interface JobTaskStatements {
  readonly addClosedFromLive: Statement<[number, string]>;
  readonly addCounts: Statement<[number, number, number, number, string]>;
  readonly countJobTasks: Statement<[{ labourer_id: string; job_id: string }], JobTaskCountRow>;
  readonly listJobTasks: Readonly<Record<JobTaskPlace, Statement<[string, string, number], TaskRow | ClosedTaskRow>>>;
  readonly closeCancelledLive: Statement<[CancelParams]>;
  readonly closeCancelledRetry: Statement<[CancelParams]>;
  readonly deleteCancelledLive: Statement<[string, string], string>;
  readonly deleteCancelledRetry: Statement<[string, string], string>;
  readonly closeCancelledByIds: Statement<[{ at: number; ids: string }]>;
  readonly addCancelledByIds: Statement<[{ at: number; ids: string }]>;
  readonly deleteCancelledByIds: Statement<[string], string>;
  readonly closeQueuedByIds: Statement<[{ at: number; ids: string }]>;
  readonly closeRetryByIds: Statement<[{ at: number; ids: string }]>;
  readonly addCancelledQueuedOrRetryByIds: Statement<[{ at: number; ids: string }]>;
  readonly deleteQueuedByIds: Statement<[string], string>;
  readonly deleteRetryByIds: Statement<[string], string>;
}

/** Named parameters of the cancel statements. */
export interface CancelParams {
  readonly at: number;
  readonly labourer_id: string;
  readonly job_id: string;
}

/** `greenfield` below this is a queue position, at or above it an invocation time (see greenfield.ts). */
const CEILING = QUEUE_POSITION_CEILING;
const CANCELLED = `json_extract(attributes, '$.${TASK_CANCELLED_AT_FIELD}')`;

export function jobTaskStatementsSql(t: SqliteTableNames): Record<Exclude<keyof JobTaskStatements, 'listJobTasks'>, string> & {
  listJobTasks: Record<JobTaskPlace, string>;
} {
  const jobs = `"${jobsTableName(t)}"`;
  const tasks = `"${t.tasks}"`;
  const closed = `"${t.closedTasks}"`;
  const retry = `"${t.retryTasks}"`;
  const ofJob = 'labourer_id = @labourer_id AND job_id = @job_id';
  const queuedNow = `greenfield < ${CEILING} AND completed_at IS NULL`;
  const closedColumns = `task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at, failed_attempts, attributes,
      labourer_id_task_status, closed_at, job_id`;
  const cancelledCopy = `task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at, failed_attempts,
      json_set(coalesce(attributes, '{}'), '$.${TASK_CANCELLED_AT_FIELD}', @at), labourer_id || '_0', @at, job_id`;
  const list = (table: string, where: string, order: string): string =>
    `SELECT * FROM ${table} WHERE labourer_id = ? AND job_id = ? AND ${where} ORDER BY ${order} LIMIT ?`;
  return {
    // addClosedFromLive — params: closed_at, JSON array of task_ids — returns: run info. Adds the live tasks about to be
    //   archived to their jobs' counters (completed when completed_at is set, else dead), one update per job.
    addClosedFromLive: `UPDATE ${jobs} SET completed = completed + moved.c, dead = dead + moved.d, updated_at = max(updated_at, ?)
      FROM (SELECT job_id, sum(completed_at IS NOT NULL) AS c, sum(completed_at IS NULL) AS d FROM ${tasks}
        WHERE task_id IN (SELECT value FROM json_each(?)) AND job_id IS NOT NULL GROUP BY job_id) AS moved
      WHERE ${jobs}.job_id = moved.job_id`,
    // addCounts — params: completed, dead, cancelled (each may be negative), at, job_id — returns: run info
    addCounts: `UPDATE ${jobs} SET completed = completed + ?, dead = dead + ?, cancelled = cancelled + ?, updated_at = max(updated_at, ?)
      WHERE job_id = ?`,
    // countJobTasks — params: { labourer_id, job_id } — returns: JobTaskCountRow
    countJobTasks: `SELECT
      (SELECT count(*) FROM ${tasks} WHERE ${ofJob} AND greenfield < ${CEILING}) AS queued,
      (SELECT count(*) FROM ${tasks} WHERE ${ofJob} AND greenfield >= ${CEILING} AND completed_at IS NULL) AS running,
      (SELECT count(*) FROM ${tasks} WHERE ${ofJob} AND completed_at IS NOT NULL) AS awaitingArchive,
      (SELECT count(*) FROM ${retry} WHERE ${ofJob}) AS retrying,
      (SELECT count(*) FROM ${closed} WHERE ${ofJob} AND completed_at IS NOT NULL) AS completed,
      (SELECT count(*) FROM ${closed} WHERE ${ofJob} AND completed_at IS NULL AND ${CANCELLED} IS NULL) AS dead,
      (SELECT count(*) FROM ${closed} WHERE ${ofJob} AND completed_at IS NULL AND ${CANCELLED} IS NOT NULL) AS cancelled`,
    // listJobTasks.<place> — params: labourer_id, job_id, limit — returns: rows of that place
    listJobTasks: {
      queued: list(tasks, `greenfield < ${CEILING}`, 'greenfield ASC'),
      running: list(tasks, `greenfield >= ${CEILING} AND completed_at IS NULL`, 'greenfield ASC'),
      awaitingArchive: list(tasks, 'completed_at IS NOT NULL', 'completed_at ASC'),
      retrying: list(retry, '1', 'desired_launch_time ASC'),
      completed: list(closed, 'completed_at IS NOT NULL', 'closed_at DESC'),
      dead: list(closed, `completed_at IS NULL AND ${CANCELLED} IS NULL`, 'closed_at DESC'),
      cancelled: list(closed, `completed_at IS NULL AND ${CANCELLED} IS NOT NULL`, 'closed_at DESC'),
    },
    // closeCancelledLive — params: CancelParams (named) — returns: run info. Copies the job's queued tasks to the
    //   closed table as not succeeded, with cancelled_at (inside the cancel transaction, before deleteCancelledLive)
    closeCancelledLive: `INSERT OR REPLACE INTO ${closed} (${closedColumns})
      SELECT ${cancelledCopy} FROM ${tasks} WHERE ${ofJob} AND greenfield < ${CEILING}`,
    // closeCancelledRetry — params: CancelParams (named) — returns: run info (the job's retrying tasks, likewise)
    closeCancelledRetry: `INSERT OR REPLACE INTO ${closed} (${closedColumns})
      SELECT ${cancelledCopy} FROM ${retry} WHERE ${ofJob}`,
    // deleteCancelledLive — params: labourer_id, job_id — returns: the deleted task_ids (pluck): the job's queued tasks
    deleteCancelledLive: `DELETE FROM ${tasks} WHERE labourer_id = ? AND job_id = ? AND greenfield < ${CEILING} RETURNING task_id`,
    // deleteCancelledRetry — params: labourer_id, job_id — returns: the deleted task_ids (pluck)
    deleteCancelledRetry: `DELETE FROM ${retry} WHERE labourer_id = ? AND job_id = ? RETURNING task_id`,
    // closeCancelledByIds — params: { at, ids: JSON array of task_ids } — returns: run info. Copies those live,
    //   not completed tasks to the closed table as cancelled (before addCancelledByIds and deleteCancelledByIds)
    closeCancelledByIds: `INSERT OR REPLACE INTO ${closed} (${closedColumns})
      SELECT ${cancelledCopy} FROM ${tasks} WHERE task_id IN (SELECT value FROM json_each(@ids)) AND completed_at IS NULL`,
    // addCancelledByIds — params: { at, ids } — returns: run info; adds those tasks to their jobs' cancelled counters
    addCancelledByIds: `UPDATE ${jobs} SET cancelled = cancelled + moved.n, updated_at = max(updated_at, @at)
      FROM (SELECT job_id, count(*) AS n FROM ${tasks}
        WHERE task_id IN (SELECT value FROM json_each(@ids)) AND completed_at IS NULL AND job_id IS NOT NULL GROUP BY job_id) AS moved
      WHERE ${jobs}.job_id = moved.job_id`,
    // deleteCancelledByIds — params: JSON array of task_ids — returns: the deleted task_ids (pluck)
    deleteCancelledByIds: `DELETE FROM ${tasks} WHERE task_id IN (SELECT value FROM json_each(?)) AND completed_at IS NULL RETURNING task_id`,
    // closeQueuedByIds — params: { at, ids } — returns: run info. Copies those of the tasks still queued to the closed
    //   table as cancelled (a bulk cancel; before addCancelledQueuedOrRetryByIds and deleteQueuedByIds)
    closeQueuedByIds: `INSERT OR REPLACE INTO ${closed} (${closedColumns})
      SELECT ${cancelledCopy} FROM ${tasks} WHERE task_id IN (SELECT value FROM json_each(@ids)) AND ${queuedNow}`,
    // closeRetryByIds — params: { at, ids } — returns: run info (those of the tasks in the retry table, likewise)
    closeRetryByIds: `INSERT OR REPLACE INTO ${closed} (${closedColumns})
      SELECT ${cancelledCopy} FROM ${retry} WHERE task_id IN (SELECT value FROM json_each(@ids))`,
    // addCancelledQueuedOrRetryByIds — params: { at, ids } — returns: run info; adds the queued and retry-table tasks
    //   among ids to their jobs' cancelled counters, one update per job
    addCancelledQueuedOrRetryByIds: `UPDATE ${jobs} SET cancelled = cancelled + moved.n, updated_at = max(updated_at, @at)
      FROM (SELECT job_id, count(*) AS n FROM (
          SELECT job_id FROM ${tasks} WHERE task_id IN (SELECT value FROM json_each(@ids)) AND ${queuedNow}
          UNION ALL SELECT job_id FROM ${retry} WHERE task_id IN (SELECT value FROM json_each(@ids)))
        WHERE job_id IS NOT NULL GROUP BY job_id) AS moved
      WHERE ${jobs}.job_id = moved.job_id`,
    // deleteQueuedByIds — params: JSON array of task_ids — returns: the deleted task_ids (pluck), those still queued
    deleteQueuedByIds: `DELETE FROM ${tasks} WHERE task_id IN (SELECT value FROM json_each(?)) AND ${queuedNow} RETURNING task_id`,
    // deleteRetryByIds — params: JSON array of task_ids — returns: the deleted task_ids (pluck)
    deleteRetryByIds: `DELETE FROM ${retry} WHERE task_id IN (SELECT value FROM json_each(?)) RETURNING task_id`,
  };
}

export function prepareJobTaskStatements(db: Database.Database, t: SqliteTableNames): JobTaskStatements {
  const sql = jobTaskStatementsSql(t);
  const listJobTasks = Object.fromEntries(
    Object.entries(sql.listJobTasks).map(([place, text]) => [place, db.prepare(text)]),
  ) as unknown as JobTaskStatements['listJobTasks'];
  return {
    addClosedFromLive: db.prepare(sql.addClosedFromLive),
    addCounts: db.prepare(sql.addCounts),
    countJobTasks: db.prepare(sql.countJobTasks),
    listJobTasks,
    closeCancelledLive: db.prepare(sql.closeCancelledLive),
    closeCancelledRetry: db.prepare(sql.closeCancelledRetry),
    deleteCancelledLive: db.prepare<[string, string], string>(sql.deleteCancelledLive).pluck(),
    deleteCancelledRetry: db.prepare<[string, string], string>(sql.deleteCancelledRetry).pluck(),
    closeCancelledByIds: db.prepare(sql.closeCancelledByIds),
    addCancelledByIds: db.prepare(sql.addCancelledByIds),
    deleteCancelledByIds: db.prepare<[string], string>(sql.deleteCancelledByIds).pluck(),
    closeQueuedByIds: db.prepare(sql.closeQueuedByIds),
    closeRetryByIds: db.prepare(sql.closeRetryByIds),
    addCancelledQueuedOrRetryByIds: db.prepare(sql.addCancelledQueuedOrRetryByIds),
    deleteQueuedByIds: db.prepare<[string], string>(sql.deleteQueuedByIds).pluck(),
    deleteRetryByIds: db.prepare<[string], string>(sql.deleteRetryByIds).pluck(),
  };
}
