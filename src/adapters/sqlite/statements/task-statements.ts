import type Database from 'better-sqlite3';
import type { TaskRow } from '../rows.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Rows per `insertQueuedChunk` call: amortises the per-call cost of the driver during enqueue. */
export const ENQUEUE_CHUNK_ROWS = 64;

/** The columns of a completed task that archiving needs. */
export type CompletedRefRow = Pick<TaskRow, 'task_id' | 'labourer_id' | 'greenfield' | 'completed_at' | 'job_id'>;

/** applyFreshReport's parameters: see its SQL below. */
export type FreshReportParams = [
  completedAt: number | null,
  failed: 0 | 1,
  attributes: string | null,
  taskId: string,
  invokedAtLeast: number,
  attempt: number | null,
  attempt: number | null,
  invocation: number | null,
  invocation: number | null,
  labourerId: string | null,
  labourerId: string | null,
];

/** Prepared statements on the live tasks table. One statement per named operation. */
export interface TaskStatements {
  readonly insertTask: Statement<[TaskRow]>;
  readonly insertQueuedChunk: Statement<unknown[]>;
  readonly taskIdTaken: Statement<[string, string, string], number>;
  readonly newestQueued: Statement<[string, number], number>;
  readonly oldestQueued: Statement<[string, number], number>;
  readonly nextQueued: Statement<[string, number, number], TaskRow>;
  readonly nextQueuedRefs: Statement<[string, number, number], Pick<TaskRow, 'task_id' | 'greenfield'>>;
  readonly countQueued: Statement<[string, number], number>;
  readonly claimTask: Statement<[number, string, number], TaskRow>;
  readonly claimTasks: Statement<[number, string, number], TaskRow>;
  readonly unclaimTask: Statement<[number, string, number], TaskRow>;
  readonly getTask: Statement<[string], TaskRow>;
  readonly countInvokedSince: Statement<[string, number], number>;
  readonly listInvokedSince: Statement<[string, number, number], TaskRow>;
  readonly listFailedSince: Statement<[string, number, number], TaskRow>;
  readonly listInvokedBetween: Statement<[string, number, number, number], TaskRow>;
  readonly listCompleted: Statement<[string, number], TaskRow>;
  readonly listCompletedRefs: Statement<[string, number], CompletedRefRow>;
  readonly applyReport: Statement<[number | null, number | null, string | null, string], TaskRow>;
  readonly applyFreshReport: Statement<FreshReportParams, TaskRow>;
  /** applyFreshReport answering only what a batched report needs. */
  readonly applyFreshReportBrief: Statement<FreshReportParams, Pick<TaskRow, 'labourer_id' | 'job_id'>>;
  readonly deleteTask: Statement<[string], TaskRow>;
  readonly deleteOpenTask: Statement<[string], TaskRow>;
  readonly deleteTasks: Statement<[string], string>;
}

/** The SQL text of every live-table operation (pure; rendered for the configured names). */
export function taskStatementsSql(t: SqliteTableNames): Record<keyof TaskStatements, string> {
  const tasks = `"${t.tasks}"`;
  const freshReport = `UPDATE ${tasks} SET completed_at = ?,
      failed_attempts = CASE WHEN ? = 1 THEN coalesce(failed_attempts, 0) + 1 ELSE failed_attempts END, attributes = ?
      WHERE task_id = ? AND greenfield >= ? AND (? IS NULL OR attempts = ?)
        AND (? IS NULL OR invocations = ?) AND (? IS NULL OR labourer_id = ?) AND completed_at IS NULL AND attributes IS NULL`;
  return {
    // insertTask — params: a TaskRow (named) — returns: run info
    insertTask: `INSERT INTO ${tasks} (task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at, failed_attempts, attributes,
      job_id)
      VALUES (@task_id, @labourer_id, @created_at, @greenfield, @attempts, @invocations, @payload, @completed_at, @failed_attempts, @attributes,
      @job_id)`,
    // insertQueuedChunk — params: (task_id, greenfield, payload, job_id) x ENQUEUE_CHUNK_ROWS, then { labourer_id, created_at }
    //   — returns: run info; writes ENQUEUE_CHUNK_ROWS fresh queued tasks (attempts 0) in one call
    insertQueuedChunk: `INSERT INTO ${tasks} (task_id, labourer_id, created_at, greenfield, attempts, payload, job_id) VALUES ${new Array(
      ENQUEUE_CHUNK_ROWS,
    )
      .fill('(?, @labourer_id, @created_at, ?, 0, ?, ?)')
      .join(', ')}`,
    // taskIdTaken — params: task_id three times (live, closed, retry) — returns: 1 when the id exists anywhere
    taskIdTaken: `SELECT 1 FROM ${tasks} WHERE task_id = ?
      UNION ALL SELECT 1 FROM "${t.closedTasks}" WHERE task_id = ?
      UNION ALL SELECT 1 FROM "${t.retryTasks}" WHERE task_id = ? LIMIT 1`,
    // newestQueued — params: labourer_id, before — returns: the largest queued greenfield (pluck)
    newestQueued: `SELECT greenfield FROM ${tasks} WHERE labourer_id = ? AND greenfield < ? ORDER BY greenfield DESC LIMIT 1`,
    // oldestQueued — params: labourer_id, before — returns: the smallest queued greenfield (pluck)
    oldestQueued: `SELECT greenfield FROM ${tasks} WHERE labourer_id = ? AND greenfield < ? ORDER BY greenfield ASC LIMIT 1`,
    // nextQueued — params: labourer_id, before, limit — returns: TaskRow[] ascending by greenfield
    nextQueued: `SELECT * FROM ${tasks} WHERE labourer_id = ? AND greenfield < ? ORDER BY greenfield ASC LIMIT ?`,
    // nextQueuedRefs — params: as nextQueued — returns: { task_id, greenfield }[] in nextQueued's order
    nextQueuedRefs: `SELECT task_id, greenfield FROM ${tasks} WHERE labourer_id = ? AND greenfield < ? ORDER BY greenfield ASC LIMIT ?`,
    // countQueued — params: labourer_id, before — returns: count (pluck)
    countQueued: `SELECT count(*) FROM ${tasks} WHERE labourer_id = ? AND greenfield < ?`,
    // claimTask — params: invoked greenfield, task_id, queued before — returns: the updated TaskRow, none if lost
    claimTask: `UPDATE ${tasks} SET greenfield = ?, attempts = attempts + 1, invocations = invocations + 1 WHERE task_id = ? AND greenfield < ? RETURNING *`,
    // claimTasks — params: invoked greenfield, JSON array of task_ids, queued before — returns: the updated TaskRows (any order)
    claimTasks: `UPDATE ${tasks} SET greenfield = ?, attempts = attempts + 1, invocations = invocations + 1
      WHERE task_id IN (SELECT value FROM json_each(?)) AND greenfield < ? RETURNING *`,
    // unclaimTask — params: queued greenfield, task_id, invoked greenfield — returns: the updated TaskRow, none if it moved on
    unclaimTask: `UPDATE ${tasks} SET greenfield = ?, attempts = max(attempts - 1, 0)
      WHERE task_id = ? AND greenfield = ? AND completed_at IS NULL RETURNING *`,
    // getTask — params: task_id — returns: TaskRow
    getTask: `SELECT * FROM ${tasks} WHERE task_id = ?`,
    // countInvokedSince — params: labourer_id, since — returns: count (pluck), index-only
    countInvokedSince: `SELECT count(*) FROM ${tasks} WHERE labourer_id = ? AND greenfield >= ? AND completed_at IS NULL`,
    // listInvokedSince — params: labourer_id, since, limit — returns: TaskRow[] ascending by greenfield
    listInvokedSince: `SELECT * FROM ${tasks} WHERE labourer_id = ? AND greenfield >= ? AND completed_at IS NULL ORDER BY greenfield ASC LIMIT ?`,
    // listFailedSince — params: labourer_id, since, limit — returns: running TaskRow[] whose current attempt failed, ascending
    listFailedSince: `SELECT * FROM ${tasks} WHERE labourer_id = ? AND greenfield >= ? AND completed_at IS NULL
      AND attempts >= 1 AND failed_attempts >= attempts ORDER BY greenfield ASC LIMIT ?`,
    // listInvokedBetween — params: labourer_id, from (inclusive), to (exclusive), limit — returns: TaskRow[] ascending
    listInvokedBetween: `SELECT * FROM ${tasks} WHERE labourer_id = ? AND greenfield >= ? AND greenfield < ? AND completed_at IS NULL
      ORDER BY greenfield ASC LIMIT ?`,
    // listCompleted — params: labourer_id, limit — returns: TaskRow[] oldest completion first (partial index)
    listCompleted: `SELECT * FROM ${tasks} WHERE labourer_id = ? AND completed_at IS NOT NULL ORDER BY completed_at ASC LIMIT ?`,
    // listCompletedRefs — params: labourer_id, limit — returns: CompletedRefRow[] in listCompleted's order
    listCompletedRefs: `SELECT task_id, labourer_id, greenfield, completed_at, job_id FROM ${tasks}
      WHERE labourer_id = ? AND completed_at IS NOT NULL ORDER BY completed_at ASC LIMIT ?`,
    // applyReport — params: completed_at, failed_attempts, attributes, task_id — returns: the updated TaskRow
    applyReport: `UPDATE ${tasks} SET completed_at = ?, failed_attempts = ?, attributes = ? WHERE task_id = ? RETURNING *`,
    // applyFreshReport — params: completed_at, 1 to count a failure (else 0), attributes, task_id, invoked at least,
    //   attempt (or null) twice, invocation (or null) twice, labourer_id (or null) twice — returns: the updated TaskRow;
    //   none unless the task is invoked, of that attempt, invocation and labourer, not completed and without
    //   attributes yet (then nothing is merged: the report's attributes are the row's)
    applyFreshReport: `${freshReport} RETURNING *`,
    // applyFreshReportBrief — params and rows changed as applyFreshReport — returns: { labourer_id, job_id } of the updated row
    applyFreshReportBrief: `${freshReport} RETURNING labourer_id, job_id`,
    // deleteTask — params: task_id — returns: the deleted TaskRow
    deleteTask: `DELETE FROM ${tasks} WHERE task_id = ? RETURNING *`,
    // deleteOpenTask — params: task_id — returns: the deleted TaskRow, only if it was not completed
    deleteOpenTask: `DELETE FROM ${tasks} WHERE task_id = ? AND completed_at IS NULL RETURNING *`,
    // deleteTasks — params: JSON array of task_ids — returns: the deleted task_ids (pluck, any order)
    deleteTasks: `DELETE FROM ${tasks} WHERE task_id IN (SELECT value FROM json_each(?)) RETURNING task_id`,
  };
}

const PLUCKED: ReadonlySet<keyof TaskStatements> = new Set([
  'taskIdTaken',
  'newestQueued',
  'oldestQueued',
  'countQueued',
  'countInvokedSince',
  'deleteTasks',
]);

export function prepareTaskStatements(db: Database.Database, t: SqliteTableNames): TaskStatements {
  const sql = taskStatementsSql(t);
  const prepared: Record<string, Database.Statement<unknown[]>> = {};
  for (const [name, text] of Object.entries(sql)) {
    const statement = db.prepare(text);
    prepared[name] = PLUCKED.has(name as keyof TaskStatements) ? statement.pluck() : statement;
  }
  return prepared as unknown as TaskStatements;
}
