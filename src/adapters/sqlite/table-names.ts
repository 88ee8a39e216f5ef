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
 * spliced into statement text). Index names default to the original's index names.
 */
export function resolveTableNames(options: SqliteTableNamesOptions = {}): SqliteTableNames {
  const names: SqliteTableNames = {
    tasks: options.tasks ?? DEFAULT_TABLE_NAMES.tasks,
    tasksGreenfieldIndex: options.tasksGreenfieldIndex ?? DEFAULT_TABLE_NAMES.tasksGreenfieldIndex,
    closedTasks: options.closedTasks ?? DEFAULT_TABLE_NAMES.closedTasks,
    closedTasksStatusIndex: options.closedTasksStatusIndex ?? DEFAULT_TABLE_NAMES.closedTasksStatusIndex,
    retryTasks: options.retryTasks ?? DEFAULT_TABLE_NAMES.retryTasks,
    retryTasksIndex: options.retryTasksIndex ?? DEFAULT_TABLE_NAMES.retryTasksIndex,
    meta: options.meta ?? DEFAULT_TABLE_NAMES.meta,
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
