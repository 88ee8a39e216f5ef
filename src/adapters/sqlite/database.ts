import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { describeValue, SoswError } from '../../core/errors.js';
import { positiveIntegerOption } from '../../core/task/store-arguments.js';
import { requireOptional, SQLITE_FEATURE } from '../optional-dependency.js';
import { sqliteCode, translateSqliteError } from './errors.js';
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
    throw openError(error, path, true);
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
    throw openError(error, path, false);
  }
  return db;
}

/** What the user can do about a database that does not open, by SQLite code. */
function openFix(path: string, code: string | null): string {
  const db = "pass --db <file> (env SOSW_DB) with the project's database, or a new file in a folder you can write to";
  if (existsSync(path) && statSync(path).isDirectory()) return `${path} is a folder, not a database file: ${db}`;
  if (code?.startsWith('SQLITE_NOTADB') === true)
    return `${path} is not a SQLite database (or it is damaged): ${db}; move the file away if it is not yours to keep`;
  if (code?.startsWith('SQLITE_READONLY') === true) return `${path} or its folder is read-only: make them writable, or ${db}`;
  return `check that its folder exists and is writable, or ${db}`;
}

/**
 * A database that does not open (missing or read-only folder, a folder in place of the file, a file
 * that is not SQLite) as `store.unavailable` naming the path and the fix; lock timeouts, a full disk and
 * a schema from a newer sosw keep their own translation.
 */
function openError(error: unknown, path: string, connecting: boolean): unknown {
  const translated = translateSqliteError(error, `open ${path}`);
  const code = sqliteCode(error);
  // An unopenable, foreign or read-only file, or a connection failing without a SQLite code (a missing folder).
  const cannotOpen =
    code === null
      ? connecting && !(translated instanceof SoswError)
      : ['SQLITE_CANTOPEN', 'SQLITE_NOTADB', 'SQLITE_READONLY'].some((prefix) => code.startsWith(prefix));
  if (!cannotOpen) return translated;
  const reason = error instanceof Error ? error.message : String(error);
  return new SoswError(
    'store.unavailable',
    `Cannot open the SQLite database ${path}${code === null ? '' : ` (${code})`}: ${reason}. To fix: ${openFix(path, code)}.`,
    { details: { operation: 'open', field: 'db', path, ...(code === null ? {} : { sqliteCode: code }) }, cause: error },
  );
}
