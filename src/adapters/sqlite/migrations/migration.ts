import type { SqliteTableNames } from '../table-names.js';

/**
 * One numbered schema step. `sql` renders the DDL for the configured table names. A shipped
 * migration is never edited: schema changes are new files with the next number.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** `columnsOf(table)`: the columns a table has now (none when it does not exist), for steps that must not repeat. */
  sql(tables: SqliteTableNames, columnsOf: (table: string) => ReadonlySet<string>): string;
}
