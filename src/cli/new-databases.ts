/**
 * Database files a CLI verb creates: when the verb fails, a file it created and left empty is
 * removed (with the folders made for it, when they are empty), so a typo or a bad job never
 * leaves a stray `sosw.db` behind.
 */
import { existsSync, rmdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { removeIfEmpty } from '../adapters/sqlite/discard-empty.js';

interface NewDatabase {
  readonly path: string;
  /** Folders that did not exist, deepest first. */
  readonly folders: readonly string[];
}

const created = new Map<string, NewDatabase>();

/** Call before making the folder of `path` and opening it: remembers it when it does not exist yet. */
export function noteDatabase(path: string): void {
  if (path === ':memory:' || path === '') return;
  const full = resolve(path);
  if (existsSync(full) || created.has(full)) return;
  const folders: string[] = [];
  for (let dir = dirname(full); !existsSync(dir) && dir !== dirname(dir); dir = dirname(dir)) folders.push(dir);
  created.set(full, { path: full, folders });
}

/** After a failed verb: remove every database it created that holds no rows. Returns the removed paths. */
export function discardNewDatabases(): string[] {
  const removed: string[] = [];
  for (const { path, folders } of created.values()) {
    if (existsSync(path) && !removeIfEmpty(path)) continue;
    removed.push(path);
    for (const folder of folders) {
      try {
        rmdirSync(folder);
      } catch {
        break;
      }
    }
  }
  created.clear();
  return removed;
}
