import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/adapters/sqlite/database.js';
import { SqliteTaskStore } from '../../../../src/adapters/sqlite/sqlite-task-store.js';
import { SoswError } from '../../../../src/core/errors.js';

const NOW = 1_700_000_000;
const INVOKED = NOW + 31_557_600;

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return SoswError.is(error) ? error.code : 'not a SoswError';
  }
  return undefined;
}

function plan(db: ReturnType<typeof openSqliteDatabase>, sql: string): string {
  return db
    .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all()
    .map((r) => r.detail)
    .join(' | ');
}

describe('SqliteTaskStore (SQLite specifics)', () => {
  it('uses greenfieldTaskStep for queue positions', async () => {
    const store = new SqliteTaskStore({ greenfieldTaskStep: 10 });
    const written = await store.enqueue('w', [{ payload: '{}' }, { payload: '{}' }], NOW);
    expect(written.map((t) => t.greenfield)).toEqual([20, 30]);
    await store.close();
  });

  it.each([0, -5, 2.5])('rejects greenfieldTaskStep %s with config.invalid', async (step) => {
    expect(await codeOf(() => new SqliteTaskStore({ greenfieldTaskStep: step }))).toBe('config.invalid');
  });

  it('rejects a database option that is not a connection', async () => {
    expect(await codeOf(() => new SqliteTaskStore({ database: {} as never }))).toBe('config.invalid');
  });

  it('leaves a shared database open on close and fails later calls with store.unavailable', async () => {
    const database = openSqliteDatabase(':memory:');
    const store = new SqliteTaskStore({ database });
    await store.close();
    await store.close();
    expect(database.open).toBe(true);
    expect(await codeOf(store.get('x'))).toBe('store.unavailable');
    database.close();
  });

  it('closes a database it opened itself', async () => {
    const database = openSqliteDatabase(':memory:');
    const store = new SqliteTaskStore({ database, closeDatabase: true });
    await store.close();
    expect(database.open).toBe(false);
  });

  it('keeps separate queues for separate table sets in one database', async () => {
    const database = openSqliteDatabase(':memory:');
    const live = new SqliteTaskStore({ database });
    const autotest = new SqliteTaskStore({
      database,
      tables: { tasks: 'autotest_sosw_tasks' },
    });
    await live.enqueue('w', [{ payload: '{}' }], NOW);
    expect(database.prepare("SELECT tbl_name FROM sqlite_master WHERE name = 'autotest_sosw_tasks_greenfield'").pluck().get()).toBe(
      'autotest_sosw_tasks',
    );
    expect(await autotest.countQueued('w', NOW)).toBe(0);
    expect(await live.countQueued('w', NOW)).toBe(1);
    database.close();
  });

  it('rolls a whole move back when one write fails (store.conflict) and keeps the retry row', async () => {
    const database = openSqliteDatabase(':memory:');
    const store = new SqliteTaskStore({ database });
    await store.enqueue('w', [{ taskId: 'a', payload: '{}' }], NOW);
    await store.claim('a', NOW, INVOKED);
    await store.moveToRetry('a', NOW);
    // Simulate a corrupted state: the same id appears live again behind the store's back.
    database.prepare("INSERT INTO sosw_tasks (task_id, labourer_id, created_at, greenfield, payload) VALUES ('a', 'w', 1, 5, '{}')").run();
    expect(await codeOf(store.returnFromRetry('w', ['a']))).toBe('store.conflict');
    expect(await store.getRetry('a')).not.toBeNull();
    database.close();
  });

  it('answers state queries from indexes (queue length does not matter)', () => {
    const db = openSqliteDatabase(':memory:');
    expect(plan(db, "SELECT * FROM sosw_tasks WHERE labourer_id = 'w' AND greenfield < 5 ORDER BY greenfield LIMIT 3")).toContain(
      'INDEX sosw_tasks_greenfield',
    );
    expect(plan(db, "SELECT count(*) FROM sosw_tasks WHERE labourer_id = 'w' AND greenfield >= 5 AND completed_at IS NULL")).toContain(
      'COVERING INDEX sosw_tasks_greenfield',
    );
    expect(
      plan(db, "SELECT * FROM sosw_tasks WHERE labourer_id = 'w' AND completed_at IS NOT NULL ORDER BY completed_at LIMIT 3"),
    ).toContain('INDEX sosw_tasks_completed');
    expect(
      plan(db, "SELECT * FROM sosw_retry_tasks WHERE labourer_id = 'w' AND desired_launch_time <= 5 ORDER BY desired_launch_time LIMIT 3"),
    ).toContain('INDEX labourer_id_greenfield');
    expect(plan(db, "SELECT * FROM sosw_closed_tasks WHERE labourer_id_task_status = 'w_1' ORDER BY closed_at DESC LIMIT 3")).toContain(
      'INDEX labourer_task_status_with_time',
    );
    db.close();
  });

  it('enqueues many tasks in one transaction with ascending positions', async () => {
    const store = new SqliteTaskStore();
    const batch = Array.from({ length: 5000 }, (_, i) => ({ payload: `{"i":${i}}` }));
    const written = await store.enqueue('w', batch, NOW);
    expect(written).toHaveLength(5000);
    expect(written.at(-1)?.greenfield).toBe(2000 + 4999 * 1000);
    expect(await store.countQueued('w', NOW)).toBe(5000);
    await store.close();
  });

  it('skips explicit ids of a large batch on re-processing (multi-row path)', async () => {
    const store = new SqliteTaskStore();
    const batch = Array.from({ length: 200 }, (_, i) => ({ taskId: `job-${i}`, payload: '{}' }));
    expect(await store.enqueue('w', batch, NOW)).toHaveLength(200);
    expect(await store.enqueue('w', [...batch, { taskId: 'job-200', payload: '{}' }], NOW)).toEqual([
      expect.objectContaining({ taskId: 'job-200', greenfield: 2000 + 200 * 1000 }),
    ]);
    expect((await store.get('job-63'))?.greenfield).toBe(2000 + 63 * 1000);
    expect((await store.get('job-199'))?.payload).toBe('{}');
    await store.close();
  });

  it('lets one of two connections to the same WAL file win a claim', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sosw-two-'));
    const path = join(dir, 'shared.db');
    const first = new SqliteTaskStore({ path });
    const second = new SqliteTaskStore({ path });
    try {
      await first.enqueue('w', [{ taskId: 'a', payload: '{}' }], NOW);
      const results = await Promise.all([first.claim('a', NOW, INVOKED), second.claim('a', NOW, INVOKED + 1)]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await second.get('a'))?.attempts).toBe(1);
      expect(await second.archive('a', NOW)).not.toBeNull();
      expect(await first.archive('a', NOW)).toBeNull();
    } finally {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
