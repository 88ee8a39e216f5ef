import type { SqliteTableNames } from '../table-names.js';
import { controlsTableName } from './0004_controls.js';
import type { Migration } from './migration.js';

/**
 * Adaptive concurrency on the control table (0004): `adaptive`, the controller's state, written by
 * the Orchestrator once per tick, and `outcomes`, the cumulative outcome counters the Scavenger
 * adds to, both JSON. A table that has the columns already (a shared table set) is left alone.
 */
function adaptiveSql(t: SqliteTableNames, columnsOf: (table: string) => ReadonlySet<string>): string {
  const table = controlsTableName(t);
  const columns = columnsOf(table);
  return ['adaptive', 'outcomes']
    .filter((column) => !columns.has(column))
    .map((column) => `ALTER TABLE "${table}" ADD COLUMN ${column} TEXT;`)
    .join('\n');
}

export const MIGRATION_0008_ADAPTIVE: Migration = Object.freeze({ version: 8, name: 'adaptive', sql: adaptiveSql });
