import type { SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/** Latency bucket columns of the history table (`lat_0` .. `lat_12`, see HISTORY_BUCKETS). Fixed by this migration. */
export const HISTORY_LATENCY_COLUMNS: readonly string[] = Object.freeze(Array.from({ length: 13 }, (_, i) => `lat_${i}`));

/**
 * The history table of a table set: `sosw_history` for the original's names, otherwise the tasks
 * table's name with a trailing `tasks` replaced by `history` or `_history` appended.
 */
export function historyTableName(tables: Pick<SqliteTableNames, 'tasks'>): string {
  return tables.tasks.endsWith('tasks') ? `${tables.tasks.slice(0, -'tasks'.length)}history` : `${tables.tasks}_history`;
}

/**
 * Minute rollups for the dashboard's history, one row per labourer and minute: counts that writers
 * add to (one upsert each), the queue depth last counted, latency bucket counts. The `minute` index
 * serves the retention's delete.
 */
function historySql(t: SqliteTableNames): string {
  const table = historyTableName(t);
  return `
CREATE TABLE IF NOT EXISTS "${table}" (
  labourer_id TEXT NOT NULL,
  minute INTEGER NOT NULL,
  queued INTEGER,
  invoked INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0,
  ${HISTORY_LATENCY_COLUMNS.map((c) => `${c} INTEGER NOT NULL DEFAULT 0,`).join('\n  ')}
  latency_sum_ms REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (labourer_id, minute)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS "${table}_by_minute" ON "${table}" (minute);
`;
}

export const MIGRATION_0009_HISTORY: Migration = Object.freeze({ version: 9, name: 'history', sql: historySql });
