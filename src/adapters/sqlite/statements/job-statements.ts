import type Database from 'better-sqlite3';
import { TERMINAL_JOB_STATES } from '../../../core/job/job.js';
import type { JobRow } from '../job-rows.js';
import { jobsTableName } from '../migrations/0005_jobs.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Named parameters of `transition`. */
export interface TransitionParams {
  readonly job_id: string;
  readonly from: string;
  readonly to: string;
  readonly at: number;
  readonly settled: number;
  readonly planned: number | null;
  readonly reason: string | null;
}

/** Named parameters of `listJobs` (`states` a JSON array or null; the cursor key or nulls). */
export interface ListParams {
  readonly states: string | null;
  readonly labourer_id: string | null;
  readonly after_created: number | null;
  readonly after_id: string | null;
  readonly limit: number;
}

/** Prepared statements on the job table (records; counters are written by the task moves, see job-counter-statements). */
export interface JobStatements {
  readonly insertJob: Statement<[JobRow], JobRow>;
  readonly getJob: Statement<[string], JobRow>;
  readonly getJobs: Statement<[string], JobRow>;
  readonly listJobs: Statement<[ListParams], Omit<JobRow, 'document'>>;
  readonly getJobDocument: Statement<[string], string>;
  readonly transition: Statement<[TransitionParams], JobRow>;
  readonly markActionsDone: Statement<[number, string]>;
  readonly setCounters: Statement<[number, number, number, number, string], JobRow>;
}

/** The columns of a job row but `document`. */
const LISTED_COLUMNS = [
  'job_id',
  'labourer_id',
  'planned',
  'completed',
  'dead',
  'cancelled',
  'job_state',
  'created_at',
  'updated_at',
  'scheduled_at',
  'finished_at',
  'scheduled_by',
  'after',
  'run_after_failure',
  'tolerated_failure_percentage',
  'on_complete',
  'actions_done_at',
  'reason',
].join(', ');

const TERMINAL = TERMINAL_JOB_STATES.map((s) => `'${s}'`).join(', ');

export function jobStatementsSql(t: SqliteTableNames): Record<keyof JobStatements, string> {
  const jobs = `"${jobsTableName(t)}"`;
  return {
    // insertJob — params: a JobRow (named) — returns: the inserted JobRow, none when the id exists (nothing changed)
    insertJob: `INSERT INTO ${jobs} (job_id, labourer_id, document, planned, completed, dead, cancelled, job_state, created_at, updated_at,
      scheduled_at, finished_at, scheduled_by, after, run_after_failure, tolerated_failure_percentage, on_complete, actions_done_at, reason)
      VALUES (@job_id, @labourer_id, @document, @planned, @completed, @dead, @cancelled, @job_state, @created_at, @updated_at,
      @scheduled_at, @finished_at, @scheduled_by, @after, @run_after_failure, @tolerated_failure_percentage, @on_complete, @actions_done_at, @reason)
      ON CONFLICT (job_id) DO NOTHING RETURNING *`,
    // getJob — params: job_id — returns: JobRow
    getJob: `SELECT * FROM ${jobs} WHERE job_id = ?`,
    // getJobs — params: JSON array of job_ids — returns: JobRow[] (any order)
    getJobs: `SELECT * FROM ${jobs} WHERE job_id IN (SELECT value FROM json_each(?))`,
    // listJobs — params: ListParams (named) — returns: JobRow[] newest first (created_at, job_id descending), after the cursor key
    // (every column but the document, which can be large: list readers load it on first read, see getJobDocument)
    listJobs: `SELECT ${LISTED_COLUMNS} FROM ${jobs}
      WHERE (@states IS NULL OR job_state IN (SELECT value FROM json_each(@states)))
        AND (@labourer_id IS NULL OR labourer_id = @labourer_id)
        AND (@after_created IS NULL OR created_at < @after_created OR (created_at = @after_created AND job_id < @after_id))
      ORDER BY created_at DESC, job_id DESC LIMIT @limit`,
    // getJobDocument — params: job_id — returns: the document's JSON text (pluck)
    getJobDocument: `SELECT document FROM ${jobs} WHERE job_id = ?`,
    // transition — params: TransitionParams (named) — returns: the updated JobRow, none when the condition failed.
    //   Applied only from one of `from` (JSON array) and, with settled = 1, only when running and every planned task is closed.
    transition: `UPDATE ${jobs} SET job_state = @to, updated_at = @at,
        planned = coalesce(@planned, planned), reason = coalesce(@reason, reason),
        scheduled_at = CASE WHEN @to = 'running' THEN coalesce(scheduled_at, @at) ELSE scheduled_at END,
        finished_at = CASE WHEN @to IN (${TERMINAL}) THEN @at ELSE finished_at END
      WHERE job_id = @job_id AND job_state IN (SELECT value FROM json_each(@from))
        AND (@settled = 0 OR (job_state = 'running' AND completed + dead + cancelled >= planned))
      RETURNING *`,
    // markActionsDone — params: at, job_id — returns: run info (keeps the first time)
    markActionsDone: `UPDATE ${jobs} SET actions_done_at = coalesce(actions_done_at, ?) WHERE job_id = ?`,
    // setCounters — params: completed, dead, cancelled, at, job_id — returns: the updated JobRow
    setCounters: `UPDATE ${jobs} SET completed = ?, dead = ?, cancelled = ?, updated_at = ? WHERE job_id = ? RETURNING *`,
  };
}

export function prepareJobStatements(db: Database.Database, t: SqliteTableNames): JobStatements {
  const sql = jobStatementsSql(t);
  return {
    insertJob: db.prepare(sql.insertJob),
    getJob: db.prepare(sql.getJob),
    getJobs: db.prepare(sql.getJobs),
    listJobs: db.prepare(sql.listJobs),
    getJobDocument: db.prepare<[string], string>(sql.getJobDocument).pluck(),
    transition: db.prepare(sql.transition),
    markActionsDone: db.prepare(sql.markActionsDone),
    setCounters: db.prepare(sql.setCounters),
  };
}
