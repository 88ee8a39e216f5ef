import type { SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/**
 * The job table of a table set (not configurable on its own): `sosw_jobs` for the original's
 * names, otherwise the tasks table's name with a trailing `tasks` replaced by `jobs`
 * (`autotest_tasks` -> `autotest_jobs`) or `_jobs` appended.
 */
export function jobsTableName(tables: Pick<SqliteTableNames, 'tasks'>): string {
  return tables.tasks.endsWith('tasks') ? `${tables.tasks.slice(0, -'tasks'.length)}jobs` : `${tables.tasks}_jobs`;
}

/**
 * Job records (one row per scheduled job, counters by outcome) and the `job_id` of every task and
 * audit row. The counters are added to in the same transaction that closes a task, so they always
 * equal a recount. Table sets may share a table: a table that has the column already is left alone.
 */
function jobsSql(t: SqliteTableNames, columnsOf: (table: string) => ReadonlySet<string>): string {
  const jobs = jobsTableName(t);
  const withJobId = [...new Set([t.tasks, t.closedTasks, t.retryTasks, t.meta])]
    .filter((table) => !columnsOf(table).has('job_id'))
    .map((table) => `ALTER TABLE "${table}" ADD COLUMN job_id TEXT;`);
  const indexes = [...new Set([t.tasks, t.closedTasks, t.retryTasks])].map(
    (table) => `CREATE INDEX IF NOT EXISTS "${table}_job" ON "${table}" (job_id) WHERE job_id IS NOT NULL;`,
  );
  return `
CREATE TABLE IF NOT EXISTS "${jobs}" (
  job_id TEXT PRIMARY KEY,
  labourer_id TEXT NOT NULL,
  document TEXT NOT NULL,
  planned INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  job_state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  scheduled_at INTEGER,
  finished_at INTEGER,
  scheduled_by TEXT NOT NULL,
  after TEXT NOT NULL DEFAULT '[]',
  run_after_failure INTEGER NOT NULL DEFAULT 0,
  tolerated_failure_percentage REAL NOT NULL DEFAULT 0,
  on_complete TEXT,
  actions_done_at INTEGER,
  reason TEXT
);
CREATE INDEX IF NOT EXISTS "${jobs}_created" ON "${jobs}" (created_at, job_id);
CREATE INDEX IF NOT EXISTS "${jobs}_state" ON "${jobs}" (job_state, created_at);
${withJobId.join('\n')}
${indexes.join('\n')}
`;
}

export const MIGRATION_0005_JOBS: Migration = Object.freeze({ version: 5, name: 'jobs', sql: jobsSql });
