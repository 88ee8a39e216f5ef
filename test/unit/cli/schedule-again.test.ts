/**
 * `sosw schedule` in process, for a job_id that exists: a job stuck in `scheduling` (its Scheduler
 * stopped) is resumed at once; one whose Scheduler may still work is left, saying when it counts as
 * stuck; any other state is "already scheduled".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FsBlobStore } from '../../../src/adapters/local/fs-blob-store.js';
import { loadProject } from '../../../src/adapters/local/project-loader.js';
import { isoSeconds } from '../../../src/cli/job-format.js';
import { main } from '../../../src/cli/main.js';
import { projectSchedulerConfig } from '../../../src/cli/project-config.js';
import { ManualClock } from '../../../src/core/clock.js';
import { STUCK_SCHEDULING_SECONDS } from '../../../src/core/job/job.js';
import { Scheduler } from '../../../src/essentials/scheduler/scheduler.js';
import { openSqliteDatabase, SqliteJobStore, SqliteMetaLog, SqliteTaskStore } from '../../../src/sqlite.js';
import { captureStdio } from '../../helpers/capture-stdio.js';

let stdout: string;
let stderr: string;
let dir: string;
let configPath: string;
let dbPath: string;
let jobPath: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  captureStdio({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'sosw-schedule-again-'));
  configPath = join(dir, 'sosw.config.json');
  dbPath = join(dir, 'sosw.db');
  jobPath = join(dir, 'job.json');
  writeFileSync(
    configPath,
    JSON.stringify({ labourers: { w: {} }, job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } } }),
  );
  writeFileSync(jobPath, JSON.stringify({ lambda_name: 'w', job_id: 'j', isolate_items: true, items: ['a', 'b', 'c', 'd', 'e', 'f'] }));
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const sosw = (...args: string[]): Promise<number> => main(['node', 'sosw', ...args, '--config', configPath, '--db', dbPath]);

/**
 * Start job `j` `agoSeconds` ago with a Scheduler (on the CLI's database and queue-file folder)
 * that stops after its first batch of 2 of the 6 tasks. Returns the job's epoch seconds.
 */
async function startedAgo(agoSeconds: number): Promise<number> {
  const database = openSqliteDatabase(dbPath);
  const store = new SqliteTaskStore({ database });
  const clock = new ManualClock(Math.floor(Date.now() / 1000 - agoSeconds) * 1000);
  const scheduler = new Scheduler({
    config: projectSchedulerConfig(await loadProject({ cwd: dir }), { rows_to_process: 2 }),
    store,
    metaLog: new SqliteMetaLog({ database }),
    jobs: new SqliteJobStore({ database }),
    jobTasks: store,
    blobs: new FsBlobStore({ root: join(dir, 'blobs') }),
    clock,
  });
  let checks = 1;
  const result = await scheduler.run(
    { lambda_name: 'w', job_id: 'j', isolate_items: true, items: ['a', 'b', 'c', 'd', 'e', 'f'] },
    {
      remainingTimeMs: () => (checks-- > 0 ? 600_000 : 1_000),
    },
  );
  expect(result).toMatchObject({ done: false, queued: 2 });
  database.close();
  return clock.now() / 1000;
}

/** Job `j` as stored, and how many of its tasks are queued. */
async function stored(): Promise<{ state: string | undefined; queued: number }> {
  const database = openSqliteDatabase(dbPath);
  try {
    const job = await new SqliteJobStore({ database }).get('j');
    const tasks = await new SqliteTaskStore({ database }).nextQueued('w', Number.MAX_SAFE_INTEGER, 100);
    return { state: job?.state, queued: new Set(tasks.map((t) => t.taskId)).size };
  } finally {
    database.close();
  }
}

describe('sosw schedule of a job_id that exists', () => {
  it('resumes a job stuck in scheduling (its Scheduler stopped) at once, queueing only the missing tasks', async () => {
    await startedAgo(STUCK_SCHEDULING_SECONDS + 1);
    expect(await sosw('schedule', jobPath, '--batch-size', '2'), stderr).toBe(0);
    expect(stdout).toContain('Job j was stuck in scheduling (its Scheduler stopped): resumed.\n');
    expect(stdout).toMatch(/Queued 4 tasks for labourer w \(job j\) in /);
    expect(stdout).not.toContain('already scheduled');
    expect(await stored()).toEqual({ state: 'running', queued: 6 });

    stdout = '';
    expect(await sosw('schedule', jobPath, '--json'), stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ alreadyScheduled: true, resumedStuck: false, queued: 0, job: { state: 'running' } });
  });

  it('--json says resumedStuck; in one batch the rows queued before are skipped, not queued twice', async () => {
    await startedAgo(STUCK_SCHEDULING_SECONDS + 1);
    expect(await sosw('schedule', jobPath, '--json'), stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ alreadyScheduled: false, resumedStuck: true, queued: 4, skipped: 2, done: true });
    expect(await stored()).toEqual({ state: 'running', queued: 6 });
  });

  it('leaves a job whose Scheduler may still be working, saying since when and from when it is resumed', async () => {
    const since = await startedAgo(10);
    expect(await sosw('schedule', jobPath), stderr).toBe(0);
    expect(stdout.trim()).toBe(
      `Job j is being scheduled since ${isoSeconds(since)}; nothing queued. If its Scheduler stopped, the JobKeeper resumes it after ${isoSeconds(since + STUCK_SCHEDULING_SECONDS)}, or schedule it again after then.`,
    );
    expect(stdout).not.toContain('already scheduled');
    expect(await stored()).toEqual({ state: 'scheduling', queued: 2 });

    stdout = '';
    expect(await sosw('schedule', jobPath, '--json'), stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      alreadyScheduled: true,
      resumedStuck: false,
      resumableAt: since + STUCK_SCHEDULING_SECONDS,
      queued: 0,
      job: { state: 'scheduling' },
    });
  });
});
