import { DEFAULT_TABLE_NAMES } from '../../core/config/task-config.js';
import { describeValue, SoswError } from '../../core/errors.js';

/** Table and index names of the SQLite store (the original's DynamoDB names by default). */
export interface SqliteTableNames {
  readonly tasks: string;
  readonly tasksGreenfieldIndex: string;
  readonly closedTasks: string;
  readonly closedTasksStatusIndex: string;
  readonly retryTasks: string;
  readonly retryTasksIndex: string;
  readonly meta: string;
}

export type SqliteTableNamesOptions = Partial<SqliteTableNames>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Merge overrides with the defaults and check every name is a plain SQL identifier (they are
 * spliced into statement text). Index names default to the original's index names; for a renamed
 * table they default to `<table>_greenfield`, `<table>_status` and `<table>_due`, because SQLite
 * index names are unique per database and two table sets may share one file.
 */
export function resolveTableNames(options: SqliteTableNamesOptions = {}): SqliteTableNames {
  const d = DEFAULT_TABLE_NAMES;
  const tasks = options.tasks ?? d.tasks;
  const closedTasks = options.closedTasks ?? d.closedTasks;
  const retryTasks = options.retryTasks ?? d.retryTasks;
  const indexFor = (table: string, defaultTable: string, defaultIndex: string, suffix: string): string =>
    table === defaultTable ? defaultIndex : `${table}_${suffix}`;
  const names: SqliteTableNames = {
    tasks,
    tasksGreenfieldIndex: options.tasksGreenfieldIndex ?? indexFor(tasks, d.tasks, d.tasksGreenfieldIndex, 'greenfield'),
    closedTasks,
    closedTasksStatusIndex: options.closedTasksStatusIndex ?? indexFor(closedTasks, d.closedTasks, d.closedTasksStatusIndex, 'status'),
    retryTasks,
    retryTasksIndex: options.retryTasksIndex ?? indexFor(retryTasks, d.retryTasks, d.retryTasksIndex, 'due'),
    meta: options.meta ?? d.meta,
  };
  for (const [field, value] of Object.entries(names)) {
    if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
      throw new SoswError(
        'config.invalid',
        `Invalid SQLite table name tables.${field}: expected letters, digits and underscores (not starting with a digit, at most 63), received ${describeValue(value)}.`,
        { details: { field: `tables.${field}`, received: value } },
      );
    }
  }
  return Object.freeze(names);
}

/**
 * The lease table of a table set (not configurable on its own): `sosw_leases` for the original's
 * names, otherwise the tasks table's name with a trailing `tasks` replaced by `leases`
 * (`autotest_tasks` -> `autotest_leases`) or `_leases` appended.
 */
export function leasesTableName(tables: Pick<SqliteTableNames, 'tasks'>): string {
  return tables.tasks.endsWith('tasks') ? `${tables.tasks.slice(0, -'tasks'.length)}leases` : `${tables.tasks}_leases`;
}
