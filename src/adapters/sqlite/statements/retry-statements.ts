import type Database from 'better-sqlite3';
import type { RetryTaskRow } from '../rows.js';
import type { SqliteTableNames } from '../table-names.js';

type Statement<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** Prepared statements on the retry tasks table. */
export interface RetryStatements {
  readonly insertRetry: Statement<[RetryTaskRow]>;
  readonly dueRetries: Statement<[string, number, number], RetryTaskRow>;
  readonly countRetries: Statement<[string], number>;
  readonly getRetry: Statement<[string], RetryTaskRow>;
  readonly deleteRetry: Statement<[string, string], RetryTaskRow>;
}

export function retryStatementsSql(t: SqliteTableNames): Record<keyof RetryStatements, string> {
  const retry = `"${t.retryTasks}"`;
  return {
    // insertRetry — params: a RetryTaskRow (named) — returns: run info (replaces a row with the same key)
    insertRetry: `INSERT OR REPLACE INTO ${retry} (task_id, labourer_id, created_at, greenfield, attempts, invocations, payload, completed_at,
      failed_attempts, attributes, desired_launch_time, job_id)
      VALUES (@task_id, @labourer_id, @created_at, @greenfield, @attempts, @invocations, @payload, @completed_at, @failed_attempts, @attributes,
      @desired_launch_time, @job_id)`,
    // dueRetries — params: labourer_id, due at, limit — returns: RetryTaskRow[] ascending by desired_launch_time
    dueRetries: `SELECT * FROM ${retry} WHERE labourer_id = ? AND desired_launch_time <= ? ORDER BY desired_launch_time ASC LIMIT ?`,
    // countRetries — params: labourer_id — returns: count (pluck)
    countRetries: `SELECT count(*) FROM ${retry} WHERE labourer_id = ?`,
    // getRetry — params: task_id — returns: RetryTaskRow
    getRetry: `SELECT * FROM ${retry} WHERE task_id = ?`,
    // deleteRetry — params: labourer_id, task_id — returns: the deleted RetryTaskRow
    deleteRetry: `DELETE FROM ${retry} WHERE labourer_id = ? AND task_id = ? RETURNING *`,
  };
}

export function prepareRetryStatements(db: Database.Database, t: SqliteTableNames): RetryStatements {
  const sql = retryStatementsSql(t);
  return {
    insertRetry: db.prepare(sql.insertRetry),
    dueRetries: db.prepare(sql.dueRetries),
    countRetries: db.prepare<[string], number>(sql.countRetries).pluck(),
    getRetry: db.prepare(sql.getRetry),
    deleteRetry: db.prepare(sql.deleteRetry),
  };
}
