import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../src/adapters/sqlite/migrations/index.js';
import type { Migration } from '../../../../src/adapters/sqlite/migrations/migration.js';
import { MIGRATIONS_TABLE, migrate, migrationScope } from '../../../../src/adapters/sqlite/migrator.js';
import { resolveTableNames } from '../../../../src/adapters/sqlite/table-names.js';
import { SoswError } from '../../../../src/core/errors.js';

const TABLES = resolveTableNames();
let db: Database.Database;

function tableNames(): string[] {
  return db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
}

afterEach(() => db?.close());

describe('migrate', () => {
  it('creates the four tables, the lease, control, job and lane and history tables and records versions 1 to 6, 8 and 9 on a fresh database', () => {
    db = new Database(':memory:');
    expect(migrate(db, TABLES)).toEqual({ applied: [1, 2, 3, 4, 5, 6, 8, 9], version: 9 });
    expect(tableNames()).toEqual([
      'sosw_closed_tasks',
      'sosw_controls',
      'sosw_history',
      'sosw_jobs',
      'sosw_lanes',
      'sosw_leases',
      'sosw_migrations',
      'sosw_retry_tasks',
      'sosw_tasks',
      'sosw_tasks_meta',
    ]);
    const ledger = db.prepare(`SELECT scope, version, name FROM ${MIGRATIONS_TABLE}`).all();
    const scope = 'sosw_tasks,sosw_closed_tasks,sosw_retry_tasks,sosw_tasks_meta';
    expect(ledger).toEqual([
      { scope, version: 1, name: 'init' },
      { scope, version: 2, name: 'leases' },
      { scope, version: 3, name: 'invocations' },
      { scope, version: 4, name: 'controls' },
      { scope, version: 5, name: 'jobs' },
      { scope, version: 6, name: 'lanes' },
      { scope, version: 8, name: 'adaptive' },
      { scope, version: 9, name: 'history' },
    ]);
  });

  it('applies nothing the second time', () => {
    db = new Database(':memory:');
    migrate(db, TABLES);
    expect(migrate(db, TABLES)).toEqual({ applied: [], version: 9 });
  });

  it('creates the original index names and the partial completed index', () => {
    db = new Database(':memory:');
    migrate(db, TABLES);
    const indexes = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual([
      'labourer_id_greenfield',
      'labourer_task_status_with_time',
      'sosw_closed_tasks_job',
      'sosw_history_by_minute',
      'sosw_jobs_created',
      'sosw_jobs_state',
      'sosw_retry_tasks_job',
      'sosw_retry_tasks_task_id',
      'sosw_tasks_completed',
      'sosw_tasks_greenfield',
      'sosw_tasks_job',
    ]);
  });

  it('keeps one ledger scope per table set, so two sets share a database', () => {
    db = new Database(':memory:');
    const autotest = resolveTableNames({
      tasks: 'autotest_tasks',
      tasksGreenfieldIndex: 'autotest_tasks_greenfield',
      closedTasks: 'autotest_closed',
      closedTasksStatusIndex: 'autotest_closed_status',
      retryTasks: 'autotest_retry',
      retryTasksIndex: 'autotest_retry_due',
      meta: 'autotest_meta',
    });
    migrate(db, TABLES);
    expect(migrate(db, autotest).applied).toEqual([1, 2, 3, 4, 5, 6, 8, 9]);
    expect(tableNames()).toContain('autotest_retry');
    expect(tableNames()).toContain('autotest_leases');
    expect(tableNames()).toContain('autotest_controls');
    expect(tableNames()).toContain('autotest_history');
    expect(migrationScope(autotest)).toBe('autotest_tasks,autotest_closed,autotest_retry,autotest_meta');
  });

  it('fails with store.schemaMismatch when the database knows a newer migration', () => {
    db = new Database(':memory:');
    migrate(db, TABLES);
    db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (scope, version, name, applied_at) VALUES (?, 99, 'future', 0)`).run(
      migrationScope(TABLES),
    );
    let error: unknown;
    try {
      migrate(db, TABLES);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SoswError);
    expect((error as SoswError).code).toBe('store.schemaMismatch');
    expect((error as SoswError).details).toMatchObject({ databaseVersion: 99, codeVersion: 9 });
  });

  it('applies missing migrations in order and rolls all of them back when one fails', () => {
    db = new Database(':memory:');
    const second: Migration = { version: 90, name: 'add', sql: (t) => `ALTER TABLE "${t.tasks}" ADD COLUMN note TEXT;` };
    const broken: Migration = { version: 91, name: 'broken', sql: () => 'CREATE TABLE nonsense (' };
    expect(() => migrate(db, TABLES, [broken, ...MIGRATIONS, second])).toThrow();
    // Nothing of any migration is kept (the ledger itself may not even be created).
    expect(tableNames().filter((name) => name !== 'sosw_migrations')).toEqual([]);
    expect(migrate(db, TABLES, [second, ...MIGRATIONS])).toEqual({ applied: [1, 2, 3, 4, 5, 6, 8, 9, 90], version: 90 });
  });

  it('gives existing tasks their attempts as invocations when upgrading from version 2', () => {
    db = new Database(':memory:');
    migrate(db, TABLES, MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO sosw_tasks (task_id, labourer_id, created_at, greenfield, attempts, payload) VALUES ('t', 'w', 1, 2, 3, '{}')`,
    ).run();
    expect(migrate(db, TABLES)).toEqual({ applied: [3, 4, 5, 6, 8, 9], version: 9 });
    expect(db.prepare(`SELECT invocations FROM sosw_tasks WHERE task_id = 't'`).pluck().get()).toBe(3);
  });

  it('knows ascending, unique migration versions', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions[0]).toBe(1);
  });
});

describe('a database with tables sosw did not create', () => {
  it('is refused with store.schemaMismatch naming the table and its missing columns, and is left as it was', () => {
    const foreign = new Database(':memory:');
    foreign.exec('CREATE TABLE sosw_tasks_meta (id INTEGER PRIMARY KEY, note TEXT)');
    let error: unknown;
    try {
      migrate(foreign, TABLES);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'store.schemaMismatch', details: { table: 'sosw_tasks_meta', file: ':memory:' } });
    expect((error as Error).message).toContain('task_id');
    const names = foreign.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(names).toEqual([{ name: 'sosw_tasks_meta' }]);
    foreign.close();
  });

  it('accepts a table that has every column sosw needs (and more)', () => {
    const wider = new Database(':memory:');
    wider.exec(
      'CREATE TABLE sosw_tasks (task_id TEXT PRIMARY KEY, labourer_id TEXT NOT NULL, created_at REAL NOT NULL, greenfield INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, payload TEXT NOT NULL, completed_at INTEGER, failed_attempts INTEGER, attributes TEXT, invocations INTEGER NOT NULL DEFAULT 0, job_id TEXT, mine TEXT)',
    );
    expect(migrate(wider, TABLES).applied.length).toBeGreaterThan(0);
    wider.close();
  });
});
