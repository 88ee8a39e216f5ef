import type { SqliteTableNames } from '../table-names.js';
import type { Migration } from './migration.js';

/**
 * `invocations`: invocations ever made of a task, never reset (a redrive resets `attempts` only).
 * Reports that echo the worker event's `invocation` must match it. Existing rows start at their
 * `attempts`. Table sets may share a table (e.g. only the meta table differs): a table that has the
 * column already is left alone.
 */
function invocationsSql(t: SqliteTableNames, columnsOf: (table: string) => ReadonlySet<string>): string {
  return [...new Set([t.tasks, t.closedTasks, t.retryTasks])]
    .filter((table) => !columnsOf(table).has('invocations'))
    .map(
      (table) => `
ALTER TABLE "${table}" ADD COLUMN invocations INTEGER NOT NULL DEFAULT 0;
UPDATE "${table}" SET invocations = attempts;`,
    )
    .join('\n');
}

export const MIGRATION_0003_INVOCATIONS: Migration = Object.freeze({ version: 3, name: 'invocations', sql: invocationsSql });
