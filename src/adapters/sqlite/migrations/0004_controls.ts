import type { SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/**
 * The control table of a table set (not configurable on its own): `sosw_controls` for the original's
 * names, otherwise the tasks table's name with a trailing `tasks` replaced by `controls`
 * (`autotest_tasks` -> `autotest_controls`) or `_controls` appended.
 */
export function controlsTableName(tables: Pick<SqliteTableNames, 'tasks'>): string {
  return tables.tasks.endsWith('tasks') ? `${tables.tasks.slice(0, -'tasks'.length)}controls` : `${tables.tasks}_controls`;
}

/**
 * Operator controls, one row per labourer: `hold` (pause / drain) and `pin` (pinned limits) as JSON
 * objects, each written on its own. Kept apart from the task tables, so no task query sees them.
 */
function controlsSql(t: SqliteTableNames): string {
  return `
CREATE TABLE IF NOT EXISTS "${controlsTableName(t)}" (
  labourer_id TEXT PRIMARY KEY,
  hold TEXT,
  pin TEXT
);
`;
}

export const MIGRATION_0004_CONTROLS: Migration = Object.freeze({ version: 4, name: 'controls', sql: controlsSql });
