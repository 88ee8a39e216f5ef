/** openSqliteDatabase: a database that does not open is store.unavailable naming the path, the reason and the fix. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/adapters/sqlite/database.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-open-errors-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openSqliteDatabase open errors', () => {
  it('a folder in place of the file', () => {
    expect(() => openSqliteDatabase(dir)).toThrow(
      expect.objectContaining({
        code: 'store.unavailable',
        details: expect.objectContaining({ field: 'db', path: dir, operation: 'open' }),
        message: expect.stringMatching(/is a folder, not a database file: pass --db <file>/),
      }),
    );
  });

  it('a file that is not SQLite is named, and left as it is', () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database '.repeat(20));
    expect(() => openSqliteDatabase(path)).toThrow(
      expect.objectContaining({ code: 'store.unavailable', message: expect.stringMatching(/SQLITE_NOTADB.*is not a SQLite database/) }),
    );
  });

  it('a missing folder says to check it or pass --db', () => {
    const path = join(dir, 'missing', 'x.db');
    expect(() => openSqliteDatabase(path)).toThrow(
      expect.objectContaining({
        code: 'store.unavailable',
        message: expect.stringMatching(/check that its folder exists and is writable, or pass --db/),
      }),
    );
  });
});
