import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type SqliteDatabase } from '../../../../src/adapters/sqlite/database.js';
import { DEFAULT_WAL_CHECKPOINTER, WalCheckpointer } from '../../../../src/adapters/sqlite/wal-checkpointer.js';

const dirs: string[] = [];
const databases: SqliteDatabase[] = [];

function fileDatabase(): { db: SqliteDatabase; path: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-checkpointer-'));
  dirs.push(dir);
  const path = join(dir, 'sosw.db');
  const db = openSqliteDatabase(path);
  databases.push(db);
  return { db, path, dir };
}

const autocheckpoint = (db: SqliteDatabase): number => Number(db.pragma('wal_autocheckpoint', { simple: true }));

/** Write about `pages` pages into the WAL in one commit. */
function writePages(db: SqliteDatabase, pages: number): void {
  db.exec('CREATE TABLE IF NOT EXISTS filler (b BLOB)');
  const insert = db.prepare('INSERT INTO filler (b) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < pages; i += 1) insert.run(Buffer.alloc(3500, i % 251));
  })();
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

afterEach(() => {
  for (const db of databases.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('WalCheckpointer', () => {
  it('has nothing to do for an in-memory database', () => {
    const db = openSqliteDatabase(':memory:');
    databases.push(db);
    expect(WalCheckpointer.start(db)).toBeUndefined();
    expect(autocheckpoint(db)).toBe(DEFAULT_WAL_CHECKPOINTER.sqliteDefaultPages);
  });

  it('moves committed pages into the database file on its own thread while the writer does not checkpoint', async () => {
    const { db, path } = fileDatabase();
    const checkpointer = WalCheckpointer.start(db, { everyMs: 20, backstopPages: 1_000_000 });
    expect(checkpointer).toBeDefined();
    // The writer's own checkpoint is pushed out of the way while the thread runs.
    expect(autocheckpoint(db)).toBe(1_000_000);
    // Twice SQLite's default threshold: the writer would have checkpointed itself; with its threshold
    // at a million pages, the file grows only because the other thread checkpoints.
    writePages(db, 2000);
    expect(await until(() => statSync(path).size > 2000 * 3500)).toBe(true);
    await checkpointer?.stop();
    expect(checkpointer?.checkpoints).toBeGreaterThan(0);
    expect(autocheckpoint(db)).toBe(DEFAULT_WAL_CHECKPOINTER.sqliteDefaultPages);
    // Every row is still there, read through the writer's connection.
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(2000);
    await checkpointer?.stop(); // idempotent
  });

  it('gives checkpoints back to the writer when its thread fails', async () => {
    const { db, dir } = fileDatabase();
    // The folder is gone: the writer keeps its open file, the thread cannot open its own connection.
    rmSync(dir, { recursive: true, force: true });
    const errors: unknown[] = [];
    const checkpointer = WalCheckpointer.start(db, { everyMs: 20, onError: (error) => errors.push(error) });
    await checkpointer?.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/directory does not exist|unable to open/i);
    expect(autocheckpoint(db)).toBe(DEFAULT_WAL_CHECKPOINTER.sqliteDefaultPages);
    writePages(db, 10); // the writer still works
  });
});
