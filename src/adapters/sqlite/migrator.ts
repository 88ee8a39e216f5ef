import type Database from 'better-sqlite3';
import { SoswError } from '../../core/errors.js';
import { checkForeignTables } from './foreign-tables.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { SqliteTableNames } from './table-names.js';

/** The ledger of applied migrations, one row per (scope, version). */
export const MIGRATIONS_TABLE = 'sosw_migrations';

export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was already current). */
  readonly applied: readonly number[];
  /** The schema version after the call. */
  readonly version: number;
}

/** True when the ledger exists and records a migration of `scope` (read only: nothing is created). */
function hasLedgerRows(db: Database.Database, scope: string): boolean {
  const ledger = db
    .prepare<[string], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(MIGRATIONS_TABLE);
  if ((ledger?.n ?? 0) === 0) return false;
  return db.prepare(`SELECT 1 FROM "${MIGRATIONS_TABLE}" WHERE scope = ? LIMIT 1`).get(scope) !== undefined;
}

/** A table set is one ledger scope, so several sets (e.g. `autotest_*`) can share a database. */
export function migrationScope(tables: SqliteTableNames): string {
  return [tables.tasks, tables.closedTasks, tables.retryTasks, tables.meta].join(',');
}

/**
 * Bring the schema of `tables` up to date: apply every missing migration, in order, in one
 * immediate transaction. Fails with `store.schemaMismatch` when the database already has a
 * migration newer than this code knows (an older sosw opening a newer database).
 */
export function migrate(db: Database.Database, tables: SqliteTableNames, migrations: readonly Migration[] = MIGRATIONS): MigrationReport {
  if (!hasLedgerRows(db, migrationScope(tables))) {
    // No migration of this table set ran here: any table of that name is someone else's.
    checkForeignTables(db, tables, migrations, (scratch) => applyMigrations(scratch, tables, migrations));
  }
  return applyMigrations(db, tables, migrations);
}

function applyMigrations(db: Database.Database, tables: SqliteTableNames, migrations: readonly Migration[]): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
    scope TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (scope, version)
  )`);
  const scope = migrationScope(tables);
  // appliedVersions — params: scope — returns: { version }[] ascending
  const appliedVersions = db.prepare<[string], { version: number }>(
    `SELECT version FROM "${MIGRATIONS_TABLE}" WHERE scope = ? ORDER BY version`,
  );
  // recordMigration — params: scope, version, name — returns: run info
  const recordMigration = db.prepare<[string, number, string]>(
    `INSERT INTO "${MIGRATIONS_TABLE}" (scope, version, name, applied_at) VALUES (?, ?, ?, unixepoch())`,
  );
  // columnsOf — params: table name — returns: its column names (pluck)
  const tableColumns = db.prepare<[string], string>('SELECT name FROM pragma_table_info(?)').pluck();
  const columnsOf = (table: string): ReadonlySet<string> => new Set(tableColumns.all(table));
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const run = db.transaction((): MigrationReport => {
    const done = new Set(appliedVersions.all(scope).map((r) => r.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new SoswError(
        'store.schemaMismatch',
        `The SQLite database has schema version ${newest} for tables ${scope}, but this sosw knows versions up to ${known}. Upgrade sosw, or point it at another database file.`,
        { details: { scope, databaseVersion: newest, codeVersion: known } },
      );
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      db.exec(migration.sql(tables, columnsOf));
      recordMigration.run(scope, migration.version, migration.name);
      applied.push(migration.version);
    }
    return { applied, version: Math.max(newest, ...applied) };
  });
  return run.immediate();
}
