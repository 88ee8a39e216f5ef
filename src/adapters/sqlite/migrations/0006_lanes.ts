import type { SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/**
 * The lane table of a table set: `sosw_lanes` for the original's names, otherwise the tasks table's
 * name with a trailing `tasks` replaced by `lanes` (`autotest_tasks` -> `autotest_lanes`) or `_lanes` appended.
 */
export function lanesTableName(tables: Pick<SqliteTableNames, 'tasks'>): string {
  return tables.tasks.endsWith('tasks') ? `${tables.tasks.slice(0, -'tasks'.length)}lanes` : `${tables.tasks}_lanes`;
}

/**
 * Per-key fair placement: for each labourer, priority band and concurrency-key value ("lane"), the
 * queue position of the lane's newest task. Read and written by enqueue in its own transaction;
 * only used for labourers with a `concurrency_key`. Apart from the task tables, so no task query sees it.
 */
function lanesSql(t: SqliteTableNames): string {
  return `
CREATE TABLE IF NOT EXISTS "${lanesTableName(t)}" (
  labourer_id TEXT NOT NULL,
  band INTEGER NOT NULL,
  lane TEXT NOT NULL,
  cursor REAL NOT NULL,
  PRIMARY KEY (labourer_id, band, lane)
) WITHOUT ROWID;
`;
}

export const MIGRATION_0006_LANES: Migration = Object.freeze({ version: 6, name: 'lanes', sql: lanesSql });
