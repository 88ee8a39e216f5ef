/**
 * A database file may already hold tables with sosw's names that sosw did not create (another
 * tool's `sosw_tasks`, an export of the original's DynamoDB tables with other columns). Migrations
 * use `CREATE TABLE IF NOT EXISTS`, so such a table would be kept and every statement would later
 * fail with "no such column". This check finds them before anything is written.
 */
import type Database from 'better-sqlite3';
import { SoswError } from '../../core/errors.js';
import { requireOptional, SQLITE_FEATURE } from '../optional-dependency.js';
import type { Migration } from './migrations/index.js';
import type { SqliteTableNames } from './table-names.js';

type Db = Database.Database;

function columnsOf(db: Db, table: string): Set<string> {
  const rows = db.prepare<[], { name: string }>(`PRAGMA table_info("${table}")`).all();
  return new Set(rows.map((r) => r.name));
}

const reference = new Map<string, ReadonlyMap<string, ReadonlySet<string>>>();

/** The columns every table of `tables` has once `migrations` ran on an empty database. */
function expectedColumns(
  tables: SqliteTableNames,
  migrations: readonly Migration[],
  run: (db: Db) => void,
): ReadonlyMap<string, ReadonlySet<string>> {
  const key = `${JSON.stringify(tables)}#${migrations.map((m) => m.version).join(',')}`;
  const cached = reference.get(key);
  if (cached !== undefined) return cached;
  // Loaded on use, like every driver import: sosw/testing must import without better-sqlite3.
  const Driver = requireOptional<typeof Database>('better-sqlite3', SQLITE_FEATURE);
  const scratch = new Driver(':memory:');
  try {
    run(scratch);
    const byTable = new Map<string, ReadonlySet<string>>();
    for (const table of [tables.tasks, tables.closedTasks, tables.retryTasks, tables.meta]) byTable.set(table, columnsOf(scratch, table));
    reference.set(key, byTable);
    return byTable;
  } finally {
    scratch.close();
  }
}

/**
 * Throw `store.schemaMismatch` naming the file, the table and its missing columns when a table of
 * `tables` exists but was not created by sosw's migrations and lacks columns sosw needs.
 * `migrateScratch` runs the migrations on an empty database (the reference schema).
 */
export function checkForeignTables(
  db: Db,
  tables: SqliteTableNames,
  migrations: readonly Migration[],
  migrateScratch: (db: Db) => void,
): void {
  const expected = expectedColumns(tables, migrations, migrateScratch);
  for (const [table, needed] of expected) {
    const actual = columnsOf(db, table);
    if (actual.size === 0) continue;
    const missing = [...needed].filter((c) => !actual.has(c));
    if (missing.length === 0) continue;
    const file = db.memory ? ':memory:' : db.name;
    throw new SoswError(
      'store.schemaMismatch',
      `The SQLite database ${file} already has a table "${table}" that sosw did not create: it lacks the columns ${missing.join(', ')}. Point sosw at another database file (--db), give sosw other table names, or rename that table.`,
      { details: { file, table, missing, field: 'db' } },
    );
  }
}
