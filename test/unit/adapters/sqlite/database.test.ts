import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/adapters/sqlite/database.js';
import { translateSqliteError } from '../../../../src/adapters/sqlite/errors.js';
import { MIGRATIONS } from '../../../../src/adapters/sqlite/migrations/index.js';
import { MIGRATIONS_TABLE } from '../../../../src/adapters/sqlite/migrator.js';
import { SoswError } from '../../../../src/core/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return SoswError.is(error) ? error.code : 'not a SoswError';
  }
  return undefined;
}

describe('openSqliteDatabase', () => {
  it('opens a file in WAL mode with synchronous=NORMAL, a busy timeout and no foreign keys', () => {
    const db = openSqliteDatabase(join(dir, 'a.db'), { busyTimeoutMs: 1234 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(0);
    // Every migration the code knows is applied.
    expect(db.prepare(`SELECT count(*) FROM ${MIGRATIONS_TABLE}`).pluck().get()).toBe(MIGRATIONS.length);
    db.close();
  });

  it('opens an in-memory database with the schema', () => {
    const db = openSqliteDatabase(':memory:');
    expect(db.memory).toBe(true);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sosw_tasks'").pluck().get()).toBe(1);
    db.close();
  });

  it('rejects a file written by a newer sosw with store.schemaMismatch', () => {
    const path = join(dir, 'newer.db');
    openSqliteDatabase(path).close();
    const raw = new Database(path);
    raw.prepare(`UPDATE ${MIGRATIONS_TABLE} SET version = 99 WHERE version = 2`).run();
    raw.close();
    expect(codeOf(() => openSqliteDatabase(path))).toBe('store.schemaMismatch');
  });

  it.each([
    ['an empty path', () => openSqliteDatabase('')],
    ['a zero busy timeout', () => openSqliteDatabase(':memory:', { busyTimeoutMs: 0 })],
    ['a fractional cache size', () => openSqliteDatabase(':memory:', { cacheSizeKib: 1.5 })],
    ['a table name that is not an identifier', () => openSqliteDatabase(':memory:', { tables: { tasks: 'drop table x;' } })],
  ])('rejects %s with config.invalid', (_name, open) => {
    expect(codeOf(open)).toBe('config.invalid');
  });

  it('reports a file it cannot open as store.unavailable', () => {
    expect(codeOf(() => openSqliteDatabase(join(dir, 'missing-dir', 'x.db')))).toBe('store.unavailable');
  });
});

describe('translateSqliteError', () => {
  it('maps busy to store.unavailable and constraint failures to store.conflict, keeping the cause', () => {
    const busy = new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    const clash = new Database.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(translateSqliteError(busy, 'claim')).toMatchObject({ code: 'store.unavailable', cause: busy });
    expect(translateSqliteError(clash, 'redrive')).toMatchObject({ code: 'store.conflict', cause: clash });
  });

  it('returns other errors unchanged', () => {
    const plain = new Error('x');
    const misuse = new Database.SqliteError('bad', 'SQLITE_MISUSE');
    expect(translateSqliteError(plain, 'op')).toBe(plain);
    expect(translateSqliteError(misuse, 'op')).toBe(misuse);
  });
});
