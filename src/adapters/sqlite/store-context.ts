import type Database from 'better-sqlite3';
import { type ArchiveStatements, prepareArchiveStatements } from './statements/archive-statements.js';
import { type JobTaskStatements, prepareJobTaskStatements } from './statements/job-task-statements.js';
import { type LaneStatements, prepareLaneStatements } from './statements/lane-statements.js';
import { prepareRetryStatements, type RetryStatements } from './statements/retry-statements.js';
import { prepareTaskStatements, type TaskStatements } from './statements/task-statements.js';
import type { SqliteTableNames } from './table-names.js';

/** What every store operation needs: the connection, its prepared statements and the queue step. */
export interface StoreContext {
  readonly db: Database.Database;
  readonly tasks: TaskStatements;
  readonly closed: ArchiveStatements;
  readonly retry: RetryStatements;
  /** Priority bands and fair per-key placement (used only by placed enqueues). */
  readonly lanes: LaneStatements;
  /** Job counters (updated inside every move that closes a task) and by-job task queries. */
  readonly jobs: JobTaskStatements;
  /** Distance between consecutive queue positions. */
  readonly step: number;
}

export function createStoreContext(db: Database.Database, tables: SqliteTableNames, step: number): StoreContext {
  return {
    db,
    tasks: prepareTaskStatements(db, tables),
    closed: prepareArchiveStatements(db, tables),
    retry: prepareRetryStatements(db, tables),
    lanes: prepareLaneStatements(db, tables),
    jobs: prepareJobTaskStatements(db, tables),
    step,
  };
}
