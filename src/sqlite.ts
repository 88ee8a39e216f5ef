/**
 * `sosw/sqlite`: the embedded storage of sosw. One SQLite file (or `:memory:`) holds the task queue,
 * the retry and closed tables and the audit trail, with the original's table and column names.
 *
 * @example
 * import { openSqliteDatabase, SqliteMetaLog, SqliteTaskStore } from 'sosw/sqlite';
 * const database = openSqliteDatabase('sosw.db');
 * const store = new SqliteTaskStore({ database });
 * const metaLog = new SqliteMetaLog({ database });
 */
export type { SqliteConnectionOptions } from './adapters/sqlite/connection.js';
export {
  DEFAULT_OPEN_SQLITE_OPTIONS,
  type OpenSqliteDatabaseOptions,
  openSqliteDatabase,
  type SqliteDatabase,
} from './adapters/sqlite/database.js';
export { MIGRATIONS_TABLE, type MigrationReport, migrate } from './adapters/sqlite/migrator.js';
export { SqliteControlStore, type SqliteControlStoreOptions } from './adapters/sqlite/sqlite-control-store.js';
export { SqliteHistoryStore, type SqliteHistoryStoreOptions } from './adapters/sqlite/sqlite-history-store.js';
export { SqliteJobStore, type SqliteJobStoreOptions } from './adapters/sqlite/sqlite-job-store.js';
export { SqliteMetaLog, type SqliteMetaLogOptions } from './adapters/sqlite/sqlite-meta-log.js';
export { SqliteTaskStore, type SqliteTaskStoreOptions } from './adapters/sqlite/sqlite-task-store.js';
export { resolveTableNames, type SqliteTableNames, type SqliteTableNamesOptions } from './adapters/sqlite/table-names.js';
