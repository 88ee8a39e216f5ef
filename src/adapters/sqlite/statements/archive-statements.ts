import type Database from 'better-sqlite3';
import { TASK_CANCELLED_AT_FIELD } from '../../../core/job/job-fields.js';
import type { ClosedTaskRow } from '../rows.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Prepared statements on the closed tasks table. */
export interface ArchiveStatements {
  readonly insertClosed: Statement<[ClosedTaskRow]>;
  readonly insertClosedFromLive: Statement<[number, string]>;
  readonly getClosed: Statement<[string], ClosedTaskRow>;
  readonly recentClosed: Statement<[string, number], ClosedTaskRow>;
  readonly countClosed: Statement<[string], number>;
  readonly countCancelled: Statement<[string], number>;
  readonly countCancelledRecent: Statement<[string, number], number>;
  readonly deleteDeadClosed: Statement<[string], ClosedTaskRow>;
}

export function archiveStatementsSql(t: SqliteTableNames): Record<keyof ArchiveStatements, string> {
  const closed = `"${t.closedTasks}"`;
  return {
    // insertClosed — params: a ClosedTaskRow (named) — returns: run info (replaces a row with the same id)
    insertClosed: `INSERT OR REPLACE INTO ${closed} (task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at,
      failed_attempts, attributes, labourer_id_task_status, closed_at, job_id)
      VALUES (@task_id, @labourer_id, @created_at, @greenfield, @attempts, @invocations, @payload, @completed_at, @failed_attempts, @attributes,
      @labourer_id_task_status, @closed_at, @job_id)`,
    // insertClosedFromLive — params: closed_at, JSON array of task_ids — returns: run info; copies those live rows
    //   to the closed table (succeeded = has completed_at), replacing rows with the same id, inside the caller's transaction
    insertClosedFromLive: `INSERT OR REPLACE INTO ${closed} (task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at,
      failed_attempts, attributes, labourer_id_task_status, closed_at, job_id)
      SELECT task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at, failed_attempts, attributes,
      labourer_id || CASE WHEN completed_at IS NULL THEN '_0' ELSE '_1' END, ?, job_id
      FROM "${t.tasks}" WHERE task_id IN (SELECT value FROM json_each(?))`,
    // getClosed — params: task_id — returns: ClosedTaskRow
    getClosed: `SELECT * FROM ${closed} WHERE task_id = ?`,
    // recentClosed — params: labourer_id_task_status, limit — returns: ClosedTaskRow[] newest closed_at first
    recentClosed: `SELECT * FROM ${closed} WHERE labourer_id_task_status = ? ORDER BY closed_at DESC LIMIT ?`,
    // countClosed — params: labourer_id_task_status — returns: count (pluck)
    countClosed: `SELECT count(*) FROM ${closed} WHERE labourer_id_task_status = ?`,
    // countCancelled — params: labourer_id_task_status (`<labourer>_0`) — returns: count (pluck) of those rows a cancel closed
    countCancelled: `SELECT count(*) FROM ${closed} WHERE labourer_id_task_status = ?
      AND json_extract(attributes, '$.${TASK_CANCELLED_AT_FIELD}') IS NOT NULL`,
    // countCancelledRecent — params: labourer_id_task_status (`<labourer>_0`), limit — returns: count (pluck) of
    //   cancelled rows among the newest `limit` closed_at of that partition (as DynamoDB's bounded count reads them)
    countCancelledRecent: `SELECT count(*) FROM (SELECT attributes FROM ${closed} WHERE labourer_id_task_status = ?
      ORDER BY closed_at DESC LIMIT ?) WHERE json_extract(attributes, '$.${TASK_CANCELLED_AT_FIELD}') IS NOT NULL`,
    // deleteDeadClosed — params: task_id — returns: the deleted ClosedTaskRow, only for a dead (`_0`) task
    deleteDeadClosed: `DELETE FROM ${closed} WHERE task_id = ? AND labourer_id_task_status = labourer_id || '_0' RETURNING *`,
  };
}

export function prepareArchiveStatements(db: Database.Database, t: SqliteTableNames): ArchiveStatements {
  const sql = archiveStatementsSql(t);
  return {
    insertClosed: db.prepare(sql.insertClosed),
    insertClosedFromLive: db.prepare(sql.insertClosedFromLive),
    getClosed: db.prepare(sql.getClosed),
    recentClosed: db.prepare(sql.recentClosed),
    countClosed: db.prepare<[string], number>(sql.countClosed).pluck(),
    countCancelled: db.prepare<[string], number>(sql.countCancelled).pluck(),
    countCancelledRecent: db.prepare<[string, number], number>(sql.countCancelledRecent).pluck(),
    deleteDeadClosed: db.prepare(sql.deleteDeadClosed),
  };
}
