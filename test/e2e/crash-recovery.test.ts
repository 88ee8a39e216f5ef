/**
 * Kill -9 the runtime at random points, restart it, and check after every kill that each scheduled
 * task is in exactly one place: the live table (queued or running), the retry table or the closed
 * table. At the end every task is closed and completed + dead = scheduled.
 *
 * Every worker start is also appended (task, attempt, invocation) to a file the worker fsyncs, and
 * no attempt may start twice: a claim is durable before its worker runs. To hunt that window, the
 * worker kills its own runtime (SIGKILL) whenever it sees that its claim is not committed yet. After
 * every kill the job's counters equal a recount of its closed tasks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime } from '../../src/local.js';
import { startCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture, WORKER_SOURCE } from './project-fixture.js';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * The fixture worker, preceded by a start log: one fsynced line per start, and a SIGKILL of the
 * runtime when the claim of this attempt is not yet visible to another connection (not committed).
 */
function loggingWorker(startsPath: string, dbPath: string): string {
  return `
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
const Database = createRequire(import.meta.url)(${JSON.stringify(BETTER_SQLITE3)});
let reader;
${WORKER_SOURCE.replace('export async function handler(payload) {', 'async function work(payload) {')}
export async function handler(payload, ctx) {
  const taskId = ctx.task?.taskId ?? payload.task_id;
  const attempt = ctx.task?.attempts ?? payload.attempts;
  reader ??= new Database(${JSON.stringify(dbPath)}, { readonly: true });
  const row = reader.prepare('SELECT attempts FROM sosw_tasks WHERE task_id = ?').get(taskId);
  const fd = openSync(${JSON.stringify(startsPath)}, 'a');
  writeSync(fd, taskId + ' ' + attempt + ' ' + (payload.invocation ?? '') + (row === undefined || row.attempts < attempt ? ' uncommitted' : '') + String.fromCharCode(10));
  fsyncSync(fd);
  closeSync(fd);
  if (row === undefined || row.attempts < attempt) process.kill(process.pid, 'SIGKILL');
  return work(payload);
}
`;
}

/** Worker starts logged so far: `task attempt invocation [uncommitted]` lines. */
function starts(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];
}

/** Starts of the same (task, attempt) after the first: each one is an attempt run twice. */
function repeatedStarts(lines: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const line of lines) {
    const [taskId, attempt] = line.split(' ');
    const key = `${taskId} ${attempt}`;
    if (seen.has(key)) repeated.push(key);
    seen.add(key);
  }
  return repeated;
}

const TASKS = 400;
const KILLS = 20;
/** Items that always fail: they end dead after max_attempts. */
const BAD = 3;

/** A small seeded generator, so a failing run can be replayed (the seed is printed). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

interface Places {
  /** Job records, and the ids of those whose counters differ from a recount of their closed tasks. */
  readonly jobs: number;
  readonly jobsMiscounted: string[];
  readonly live: number;
  readonly retry: number;
  readonly closed: number;
  /** Invoked, not reported tasks in the live table. */
  readonly running: number;
  readonly completed: number;
  readonly dead: number;
  /** Ids found in more than one table. */
  readonly duplicated: string[];
  readonly distinct: number;
}

/** Where every task is, read straight from the tables while no runtime runs. */
function places(dbPath: string): Places {
  const db = new Database(dbPath);
  try {
    const ids = (table: string): string[] => db.prepare(`SELECT task_id FROM "${table}"`).pluck().all() as string[];
    const live = ids('sosw_tasks');
    const retry = ids('sosw_retry_tasks');
    const closed = ids('sosw_closed_tasks');
    const seen = new Map<string, number>();
    for (const id of [...live, ...retry, ...closed]) seen.set(id, (seen.get(id) ?? 0) + 1);
    const completed = db.prepare(`SELECT COUNT(*) FROM "sosw_closed_tasks" WHERE completed_at IS NOT NULL`).pluck().get() as number;
    // Invoked greenfields are the invocation time plus about a year: far above any queue position.
    const running = db
      .prepare(`SELECT COUNT(*) FROM "sosw_tasks" WHERE greenfield > ? AND completed_at IS NULL`)
      .pluck()
      .get(Date.now() / 1000) as number;
    // Job counters must equal a recount of the closed tasks after every kill (they move in the same transaction).
    const jobs = db.prepare('SELECT job_id, completed, dead, cancelled FROM "sosw_jobs"').all() as {
      job_id: string;
      completed: number;
      dead: number;
      cancelled: number;
    }[];
    const recount = db.prepare(
      `SELECT coalesce(sum(completed_at IS NOT NULL), 0) AS completed, coalesce(sum(completed_at IS NULL), 0) AS dead FROM "sosw_closed_tasks" WHERE job_id = ?`,
    );
    const jobsMiscounted = jobs
      .filter((job) => {
        const counted = recount.get(job.job_id) as { completed: number; dead: number };
        return counted.completed !== job.completed || counted.dead !== job.dead + job.cancelled;
      })
      .map((job) => job.job_id);
    return {
      jobs: jobs.length,
      jobsMiscounted,
      live: live.length,
      retry: retry.length,
      closed: closed.length,
      running,
      completed,
      dead: closed.length - completed,
      duplicated: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
      distinct: seen.size,
    };
  } finally {
    db.close();
  }
}

/** Two seeds per run (one replayable with SOSW_CRASH_SEED, the next one derived from it). */
const FIRST_SEED = Number(process.env.SOSW_CRASH_SEED ?? Date.now() % 1_000_000);

describe.each([FIRST_SEED, FIRST_SEED + 7919])('crash recovery (SIGKILL at random points), seed %i', (seed) => {
  let fixture: ProjectFixture;
  let startsPath = '';
  const next = random(seed);

  beforeAll(async () => {
    fixture = createProjectFixture(oneLabourerConfig({ max_simultaneous_invocations: 10, max_attempts: 6, timeout: 1 }));
    startsPath = join(fixture.dir, 'starts.log');
    fixture.writeWorker(loggingWorker(startsPath, fixture.dbPath));
    const runtime = await createEmbeddedRuntime({ configPath: fixture.configPath, dbPath: fixture.dbPath, loadHandlers: false });
    const items = Array.from({ length: TASKS }, (_, i) => (i % Math.floor(TASKS / BAD) === 7 ? 'bad' : `item-${i}`));
    const result = await runtime.schedule({ lambda_name: 'w', items, isolate_items: true, delay_ms: 100 });
    await runtime.stop();
    expect(result.queued).toBe(TASKS);
  });
  afterAll(() => fixture.remove());

  it(`keeps every task in exactly one place across ${KILLS} kills (seed printed on failure)`, async () => {
    let killedWhileRunning = 0;
    let closedBeforeLast = 0;
    const args = ['dev', '--config', fixture.configPath, '--db', fixture.dbPath, '--tick', '20', '--json', '--no-dashboard'];
    for (let kill = 1; kill <= KILLS; kill++) {
      const dev = startCli(args);
      // Half the kills land while the runtime starts (opening, migrating, resuming), half while it works.
      if (next() < 0.5) await new Promise((r) => setTimeout(r, 100 + next() * 900));
      else {
        await dev.waitFor(/"event":"started"/, 30_000);
        await new Promise((r) => setTimeout(r, next() * 800));
      }
      dev.child.kill('SIGKILL');
      const exit = await dev.exited();
      expect(exit.signal === 'SIGKILL' || exit.code === 0, `kill ${kill} (seed ${seed})`).toBe(true);

      const after = places(fixture.dbPath);
      expect(repeatedStarts(starts(startsPath)), `attempts started twice, kill ${kill} (seed ${seed})`).toEqual([]);
      expect(after.duplicated, `kill ${kill} (seed ${seed})`).toEqual([]);
      expect(after.distinct, `kill ${kill} (seed ${seed})`).toBe(TASKS);
      expect(after.jobsMiscounted, `job counters differ from a recount, kill ${kill} (seed ${seed})`).toEqual([]);
      if (after.running > 0) killedWhileRunning++;
      closedBeforeLast = after.closed;
    }
    // The kills landed mid-work (tasks invoked and never reported), and work progressed between them.
    expect(killedWhileRunning, `seed ${seed}`).toBeGreaterThanOrEqual(3);
    expect(closedBeforeLast, `seed ${seed}`).toBeGreaterThan(0);

    // A last run to the end, stopped gracefully.
    const dev = startCli(args);
    await dev.waitFor(/"event":"started"/, 30_000);
    let state = places(fixture.dbPath);
    for (let i = 0; i < 150 && state.closed < TASKS; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = places(fixture.dbPath);
    }
    dev.child.kill('SIGINT');
    expect((await dev.exited()).code, dev.output().stderr).toBe(0);

    const final = places(fixture.dbPath);
    expect(final, `seed ${seed}`).toMatchObject({
      live: 0,
      retry: 0,
      closed: TASKS,
      duplicated: [],
      distinct: TASKS,
      jobs: 1,
      jobsMiscounted: [],
    });
    expect(final.completed + final.dead).toBe(TASKS);
    expect(final.dead).toBeGreaterThanOrEqual(BAD);
    const lines = starts(startsPath);
    expect(repeatedStarts(lines), `attempts started twice (seed ${seed})`).toEqual([]);
    expect(
      lines.filter((line) => line.endsWith(' uncommitted')),
      `workers started before their claim was committed (seed ${seed})`,
    ).toEqual([]);
    // Every task started at least once; the log is the record of every start.
    expect(new Set(lines.map((line) => line.split(' ')[0])).size).toBe(TASKS);
  }, 240_000);
});
