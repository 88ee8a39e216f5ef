/** Removing a database file a failed command created, when it holds nothing. */
import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { requireOptional, SQLITE_FEATURE } from '../optional-dependency.js';
import { resolveTableNames } from './table-names.js';

/**
 * Delete `path` (and its `-wal` / `-shm` files) when none of the sosw tables in it holds a row
 * (or it has no tables at all). Returns true when it was removed. Never throws.
 */
export function removeIfEmpty(path: string): boolean {
  try {
    const Driver = requireOptional<typeof Database>('better-sqlite3', SQLITE_FEATURE);
    const db = new Driver(path, { fileMustExist: true });
    let rows = 0;
    try {
      const t = resolveTableNames();
      for (const table of [t.tasks, t.closedTasks, t.retryTasks, t.meta]) {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
        if (exists) rows += (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      }
      const user = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sosw_%'").get() as {
        n: number;
      };
      rows += user.n;
    } finally {
      db.close();
    }
    if (rows > 0) return false;
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    return true;
  } catch {
    return false;
  }
}
