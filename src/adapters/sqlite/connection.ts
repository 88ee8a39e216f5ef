import { describeValue, SoswError } from '../../core/errors.js';
import { openSqliteDatabase, type SqliteDatabase } from './database.js';
import { translateSqliteError } from './errors.js';
import { migrate } from './migrator.js';
import { resolveTableNames, type SqliteTableNames, type SqliteTableNamesOptions } from './table-names.js';

/** Where a SQLite adapter gets its connection: a shared open database, or a path it opens itself. */
export type SqliteConnectionOptions = (
  | {
      /** An open connection (from `openSqliteDatabase`), e.g. shared by the task store and the meta log. */
      readonly database: SqliteDatabase;
      readonly path?: never;
    }
  | {
      /**
       * A database file, or `':memory:'`. The adapter opens it and closes it on `close()`.
       * @defaultValue ':memory:'
       */
      readonly path?: string;
      readonly database?: never;
    }
) & {
  /** Table names (the original's names by default). Their schema is migrated on construction. */
  readonly tables?: SqliteTableNamesOptions;
  /**
   * Close the connection on `close()`.
   * @defaultValue true when the adapter opened it from `path`, false for a shared `database`
   */
  readonly closeDatabase?: boolean;
};

/** One adapter's hold on a connection: migration on start, error translation, closing. */
export class SqliteConnection {
  readonly #db: SqliteDatabase;
  readonly #tables: SqliteTableNames;
  readonly #owned: boolean;
  #closed = false;

  public constructor(options: SqliteConnectionOptions) {
    this.#tables = resolveTableNames(options.tables);
    if (options.database !== undefined) {
      if (typeof options.database !== 'object' || options.database === null || typeof options.database.prepare !== 'function') {
        throw new SoswError(
          'config.invalid',
          `Invalid database: expected a better-sqlite3 connection, received ${describeValue(options.database)}.`,
          {
            details: { field: 'database' },
          },
        );
      }
      this.#db = options.database;
      try {
        migrate(this.#db, this.#tables);
      } catch (error) {
        throw translateSqliteError(error, 'migrate');
      }
    } else {
      this.#db = openSqliteDatabase(options.path ?? ':memory:', { tables: this.#tables });
    }
    this.#owned = options.closeDatabase ?? options.database === undefined;
  }

  public get database(): SqliteDatabase {
    return this.#db;
  }

  /** Run one operation against the open connection, translating driver errors at the edge. */
  public use<T>(operation: string, fn: (db: SqliteDatabase, tables: SqliteTableNames) => T): T {
    if (this.#closed || !this.#db.open) {
      throw new SoswError('store.unavailable', `The SQLite store is closed: ${operation} needs an open store. Create a new one.`, {
        details: { operation },
      });
    }
    try {
      return fn(this.#db, this.#tables);
    } catch (error) {
      throw translateSqliteError(error, operation);
    }
  }

  public close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#owned && this.#db.open) this.#db.close();
  }
}
