import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { describeValue, SoswError } from '../../core/errors.js';
import { positiveIntegerOption } from '../../core/task/store-arguments.js';
import { requireOptional, SQLITE_FEATURE } from '../optional-dependency.js';
import { translateSqliteError } from './errors.js';
import { migrate } from './migrator.js';
import { resolveTableNames, type SqliteTableNamesOptions } from './table-names.js';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

export interface OpenSqliteDatabaseOptions {
  /**
   * How long a write waits for another process's lock before failing with `store.unavailable`.
   * @defaultValue 5000
   */
  readonly busyTimeoutMs?: number;
  /** Table names whose schema is migrated on open. @defaultValue the original's names */
  readonly tables?: SqliteTableNamesOptions;
  /**
   * Page cache size in KiB (SQLite `cache_size`, negative form).
   * @defaultValue 32768
   */
  readonly cacheSizeKib?: number;
  /**
   * Create the file when it does not exist. With false, a missing file is `store.notFound` and
   * nothing is created (for verbs that only read or repair).
   * @defaultValue true
   */
  readonly create?: boolean;
}

export const DEFAULT_OPEN_SQLITE_OPTIONS = Object.freeze({ busyTimeoutMs: 5000, cacheSizeKib: 32_768 });

/**
 * Open (or create) a sosw SQLite database and bring its schema up to date.
 * Files use WAL journaling; every connection uses synchronous=NORMAL, a busy timeout and no
 * foreign keys. Fails with `store.schemaMismatch` for a database written by a newer sosw.
 *
 * @example
 * const db = openSqliteDatabase(':memory:');
 * const store = new SqliteTaskStore({ database: db });
 */
export function openSqliteDatabase(path: string, options: OpenSqliteDatabaseOptions = {}): SqliteDatabase {
  if (typeof path !== 'string' || path === '') {
    throw new SoswError('config.invalid', `Invalid SQLite path: expected a file path or ':memory:', received ${describeValue(path)}.`, {
      details: { field: 'path', received: path },
    });
  }
  const busyTimeoutMs = positiveIntegerOption('busyTimeoutMs', options.busyTimeoutMs ?? DEFAULT_OPEN_SQLITE_OPTIONS.busyTimeoutMs);
  const cacheSizeKib = positiveIntegerOption('cacheSizeKib', options.cacheSizeKib ?? DEFAULT_OPEN_SQLITE_OPTIONS.cacheSizeKib);
  const tables = resolveTableNames(options.tables);
  if (options.create === false && path !== ':memory:' && !existsSync(path)) {
    throw new SoswError(
      'store.notFound',
      `No sosw database at ${path}: nothing was scheduled there yet. Run \`sosw schedule\` or \`sosw dev\` first, or pass --db (env SOSW_DB) with the project's database file.`,
      { details: { field: 'db', path } },
    );
  }
  const Driver = requireOptional<typeof Database>('better-sqlite3', SQLITE_FEATURE);
  let db: SqliteDatabase;
  try {
    db = new Driver(path, { timeout: busyTimeoutMs });
  } catch (error) {
    // The driver reports a missing directory as a TypeError: anything failing here is "cannot open".
    const translated = translateSqliteError(error, `open ${path}`);
    if (translated instanceof SoswError) throw translated;
    throw new SoswError(
      'store.unavailable',
      `Cannot open the SQLite database ${path}: ${String((error as Error)?.message ?? error)}. Check that its directory exists and is writable.`,
      {
        details: { operation: 'open', path },
        cause: error,
      },
    );
  }
  try {
    if (!db.memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = OFF');
    db.pragma(`cache_size = -${cacheSizeKib}`);
    db.pragma('temp_store = MEMORY');
    migrate(db, tables);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, `open ${path}`);
  }
  return db;
}
