/**
 * The folder of an embedded database, made level by level. `mkdirSync(..., { recursive: true })`
 * never returns on some paths (under `/proc`, Node 20 loops on ENOENT), so the CLI hung on
 * `--db /proc/x/sosw.db`; creating each missing level ourselves fails at once with a coded error.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SoswError } from '../../core/errors.js';

/** Creates the folder holding `dbPath` (and its missing parents), or throws `store.unavailable` naming it. */
export function makeDatabaseFolder(dbPath: string): void {
  if (dbPath === ':memory:') return;
  try {
    makeFolder(dirname(dbPath));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException)?.code ?? String(error);
    throw new SoswError(
      'store.unavailable',
      `Cannot create the folder of the database ${dbPath} (${reason}): choose a database path in a writable folder (dbPath, or --db / SOSW_DB for the CLI).`,
      { details: { operation: 'open', path: dbPath, field: 'dbPath' }, cause: error },
    );
  }
}

function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let current = folder; ; current = dirname(current)) {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Another process made it meanwhile: fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
