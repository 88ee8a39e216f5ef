import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/adapters/sqlite/database.js';
import { createReport } from '../../../../src/adapters/sqlite/report.js';
import { SqliteMetaLog } from '../../../../src/adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from '../../../../src/adapters/sqlite/sqlite-task-store.js';
import { prepareMetaStatements } from '../../../../src/adapters/sqlite/statements/meta-statements.js';
import { createStoreContext } from '../../../../src/adapters/sqlite/store-context.js';
import { resolveTableNames } from '../../../../src/adapters/sqlite/table-names.js';
import { SoswError } from '../../../../src/core/errors.js';
import type { MetaEntry } from '../../../../src/ports/meta-log.js';
import type { ReportOutcome, ReportRequest } from '../../../../src/ports/task-store.js';

const NOW = 1_700_000_000;
const INVOKED = NOW + 31_557_600;
const LABOURER = 'batch_worker';

function idOf(i: number): string {
  return `t${String(i).padStart(3, '0')}`;
}

/**
 * A store with `tasks` tasks `t000`..: four in five invoked, the rest still queued; every seventh
 * has an audit row at NOW + 0.25 already (so report rows with that stamp must move).
 */
async function seeded(tasks: number): Promise<{ store: SqliteTaskStore; metaLog: SqliteMetaLog; close(): Promise<void> }> {
  const database = openSqliteDatabase(':memory:');
  const store = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  const ids = Array.from({ length: tasks }, (_, i) => idOf(i));
  await store.enqueue(
    LABOURER,
    ids.map((taskId, i) => ({ taskId, payload: JSON.stringify({ i }) })),
    NOW - 100,
  );
  for (const [i, id] of ids.entries()) if (i % 5 !== 4) await store.claim(id, NOW - 100, INVOKED);
  await metaLog.write(ids.filter((_, i) => i % 7 === 0).map((taskId) => ({ taskId, createdAt: NOW + 0.25, action: 'invoked' as const })));
  return {
    store,
    metaLog,
    close: async () => {
      await store.close();
      database.close();
    },
  };
}

/** Queue tasks `a` and `b` and invoke both. */
async function invokeAandB(store: SqliteTaskStore): Promise<void> {
  await store.enqueue(
    LABOURER,
    [
      { taskId: 'a', payload: '{}' },
      { taskId: 'b', payload: '{}' },
    ],
    NOW - 100,
  );
  for (const id of ['a', 'b']) await store.claim(id, NOW - 100, INVOKED);
}

function completedAudit(taskId: string): MetaEntry {
  return { taskId, createdAt: NOW + 0.25, action: 'marked_as_completed' };
}

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` reports on few tasks (so many hit the same task), of every kind the store tells apart. */
function requestsFor(seed: number, tasks: number, count: number): ReportRequest[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  return Array.from({ length: count }, (_, n) => {
    const taskId = next() < 0.05 ? 'ghost' : idOf(Math.floor(next() * tasks));
    const completed = next() < 0.6;
    const withAudit = next() < 0.85;
    // Audit stamps repeat across reports of a task: their keys collide and must move.
    const audit: MetaEntry = {
      taskId,
      createdAt: NOW + pick([0.25, 0.5]),
      action: completed ? 'marked_as_completed' : 'marked_as_failed',
      labourerId: LABOURER,
      author: 'sosw_worker_assistant',
      extra: { n },
    };
    return {
      taskId,
      outcome: completed ? 'completed' : 'failed',
      at: NOW + n,
      invokedAtLeast: NOW,
      ...(next() < 0.3 ? { stats: { rows: n } } : {}),
      ...(next() < 0.2 ? { result: { error: `e${n}` } } : {}),
      ...(next() < 0.15 ? { attempt: pick([1, 2]) } : {}),
      ...(next() < 0.1 ? { labourerId: pick([LABOURER, 'someone_else']) } : {}),
      ...(withAudit ? { audit } : {}),
    };
  });
}

/** What a caller can rely on from an outcome, whether or not the store returned the task. */
function shape(outcome: ReportOutcome): unknown {
  return outcome.applied ? { applied: true, audited: outcome.audited === true } : outcome;
}

describe('SqliteTaskStore batched reports', () => {
  // Few tasks: many reports per task. Many tasks: more first reports than one audit chunk (64 rows).
  const cases = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => [
    { seed, tasks: 12, reports: 60 },
    { seed, tasks: 120, reports: 300 },
  ]);
  it.each(cases)(
    'a burst gives the outcomes, tasks and audit rows of the same reports one after another ($tasks tasks, seed $seed)',
    async ({ seed, tasks, reports }) => {
      const requests = requestsFor(seed, tasks, reports);
      const one = await seeded(tasks);
      const burst = await seeded(tasks);
      try {
        const sequential: ReportOutcome[] = [];
        for (const request of requests) sequential.push(await one.store.report(request));
        const together = await Promise.all(requests.map((request) => burst.store.report(request)));
        expect(together.map(shape)).toEqual(sequential.map(shape));
        for (let i = 0; i < tasks; i++) {
          const id = idOf(i);
          expect(await burst.store.get(id)).toEqual(await one.store.get(id));
          expect(await burst.metaLog.forTask(id)).toEqual(await one.metaLog.forTask(id));
        }
        // Every applied report with an audit row left exactly one row (besides the seeded ones).
        const applied = requests.filter((r, i) => r.audit !== undefined && together[i]?.applied === true).length;
        let rows = 0;
        for (let i = 0; i < tasks; i++) rows += (await burst.metaLog.forTask(idOf(i))).filter((r) => r.action !== 'invoked').length;
        expect(rows).toBe(applied);
      } finally {
        await one.close();
        await burst.close();
      }
    },
  );

  it('applies reports still queued when the store closes, before closing', async () => {
    const { store, metaLog, close } = await seeded(3);
    try {
      const audit: MetaEntry = { taskId: 't001', createdAt: NOW + 0.25, action: 'marked_as_completed', labourerId: LABOURER };
      const pending = store.report({ taskId: 't001', outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW, audit });
      await store.close();
      expect(await pending).toMatchObject({ applied: true, audited: true });
      // The shared database stays open: the report and its row were committed before the store let go.
      expect(await metaLog.forTask('t001')).toEqual([audit]);
    } finally {
      await close();
    }
  });

  it('names the labourer of a task reported without one (for the metrics), from the batched path', async () => {
    const { store, close } = await seeded(3);
    try {
      const audit: MetaEntry = { taskId: 't002', createdAt: NOW + 0.25, action: 'marked_as_completed' };
      const outcome = await store.report({ taskId: 't002', outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW, audit });
      expect(outcome).toEqual({ applied: true, audited: true, labourerId: LABOURER });
    } finally {
      await close();
    }
  });

  it('rolls a failing batch back whole and applies each report on its own instead', async () => {
    const database = openSqliteDatabase(':memory:');
    try {
      const store = new SqliteTaskStore({ database });
      const metaLog = new SqliteMetaLog({ database });
      await invokeAandB(store);
      // The batch path fails after its first report (as a full disk would); the per-report path works.
      const tables = resolveTableNames();
      const ctx = createStoreContext(database, tables, 1000);
      const fresh = ctx.tasks.applyFreshReportBrief;
      let calls = 0;
      const failing = {
        get: (...params: Parameters<typeof fresh.get>) => {
          calls += 1;
          if (calls === 2) throw new Error('disk I/O error');
          return fresh.get(...params);
        },
      };
      const ops = createReport(
        { ...ctx, tasks: { ...ctx.tasks, applyFreshReportBrief: failing } } as typeof ctx,
        prepareMetaStatements(database, tables),
      );
      const settled = ops.many(
        ['a', 'b'].map((taskId) => ({ taskId, outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW, audit: completedAudit(taskId) })),
      );
      expect(settled.map((r) => r.ok && r.outcome.applied && r.outcome.audited)).toEqual([true, true]);
      for (const id of ['a', 'b']) {
        expect((await store.get(id))?.completedAt).toBe(NOW + 5);
        // Once each: the first report's batch write was rolled back before it was applied again.
        expect(await metaLog.forTask(id)).toEqual([completedAudit(id)]);
      }
    } finally {
      database.close();
    }
  });

  it('fails a whole burst at once while another process holds the database, instead of waiting once per report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sosw-report-lock-'));
    const path = join(dir, 'locked.db');
    const database = openSqliteDatabase(path, { busyTimeoutMs: 50 });
    const other = openSqliteDatabase(path);
    try {
      const store = new SqliteTaskStore({ database });
      await invokeAandB(store);
      other.exec('BEGIN IMMEDIATE');
      const burst = ['a', 'b', 'a'].map((taskId) =>
        store.report({ taskId, outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW, audit: completedAudit(taskId) }).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      const errors = await Promise.all(burst);
      expect(errors.map((e) => (SoswError.is(e) ? e.code : e))).toEqual(['store.unavailable', 'store.unavailable', 'store.unavailable']);
      // One attempt for the batch: every report failed with the same driver error.
      expect(new Set(errors.map((e) => (e as SoswError).cause)).size).toBe(1);
      other.exec('ROLLBACK');
      expect(
        await store.report({ taskId: 'a', outcome: 'completed', at: NOW + 5, invokedAtLeast: NOW, audit: completedAudit('a') }),
      ).toMatchObject({
        applied: true,
      });
    } finally {
      other.close();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
