import { SoswError } from '../../core/errors.js';

/** better-sqlite3 errors carry a `code` such as `SQLITE_BUSY` or `SQLITE_CANTOPEN`. */
export function sqliteCode(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return null;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

const UNAVAILABLE = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
];

/**
 * Translate a driver error at the adapter edge: lock timeouts, unopenable or damaged files become
 * `store.unavailable`, key clashes `store.conflict`. SoswErrors and other errors are returned
 * unchanged (to be rethrown).
 */
export function translateSqliteError(error: unknown, operation: string): unknown {
  if (error instanceof SoswError) return error;
  const code = sqliteCode(error);
  if (code === null) return error;
  if (code.startsWith('SQLITE_FULL') || /ENOSPC|EFBIG|EDQUOT|disk is full/i.test(String((error as Error).message))) {
    return new SoswError(
      'store.noSpace',
      `The SQLite database is full during ${operation} (${code}): free disk space (or raise the quota). The failed batch was rolled back; a job interrupted so is finished by \`sosw schedule --resume\`.`,
      { details: { operation, sqliteCode: code }, cause: error },
    );
  }
  if (UNAVAILABLE.some((prefix) => code.startsWith(prefix))) {
    const message = error instanceof Error ? error.message : String(error);
    return new SoswError(
      'store.unavailable',
      `SQLite store unavailable during ${operation} (${code}: ${message}). Check the file path, permissions and other processes holding the lock.`,
      {
        details: { operation, sqliteCode: code },
        cause: error,
      },
    );
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    const message = error instanceof Error ? error.message : String(error);
    return new SoswError(
      'store.conflict',
      `SQLite store conflict during ${operation} (${code}: ${message}): a row with that key already exists.`,
      {
        details: { operation, sqliteCode: code },
        cause: error,
      },
    );
  }
  return error;
}
