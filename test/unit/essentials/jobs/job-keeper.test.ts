import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import type { JobRecord } from '../../../../src/core/job/job.js';
import { JobKeeper } from '../../../../src/essentials/jobs/job-keeper.js';
import { createJobsApi } from '../../../../src/essentials/jobs/jobs-api.js';
import { Scheduler } from '../../../../src/essentials/scheduler/scheduler.js';
import { openSqliteDatabase, SqliteJobStore, SqliteMetaLog, SqliteTaskStore } from '../../../../src/sqlite.js';
import { MemoryBlobStore } from '../scheduler/fakes.js';
import { type Harness, makeHarness, T0 } from '../task-manager/harness.js';

const T0_MS = T0 * 1000;
const config = resolveSchedulerConfig({
  task_config: { labourers: { w: {}, next: {} } },
  job_schema_variants: { default: { chunkable_attrs: ['section'] } },
});

/** A job of `n` tasks (one per section). */
function sections(n: number, extra: Record<string, unknown>): Record<string, unknown> {
  return { isolate_sections: true, sections: Array.from({ length: n }, (_, i) => `s${i}`), ...extra };
}

/** Invoke, complete and archive every queued task of `labourerId`. */
async function finishAll(store: SqliteTaskStore, labourerId: string): Promise<void> {
  const ids = (await store.nextQueued(labourerId, T0 + 1, 100)).map((t) => t.taskId);
  await store.claimMany(ids, T0 + 1, T0 + 31_557_600);
  for (const id of ids) await store.report({ taskId: id, outcome: 'completed', at: T0, invokedAtLeast: T0 });
  await store.archiveMany(ids, T0);
}

/** One process's view of a database file: its own connections, Scheduler and keeper. */
function participant(path: string, clock: ManualClock, finished: JobRecord[]) {
  const database = openSqliteDatabase(path);
  const jobs = new SqliteJobStore({ database });
  const tasks = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  const scheduler = new Scheduler({ config, store: tasks, metaLog, jobs, jobTasks: tasks, blobs: new MemoryBlobStore(), clock });
  const keeper = new JobKeeper({ jobs, tasks, scheduler, clock, onJobFinished: (job) => void finished.push(job) });
  return { database, jobs, tasks, scheduler, keeper, close: () => database.close() };
}

describe('JobKeeper', () => {
  let dir: string | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    await h?.close();
    h = undefined;
  });

  it('ends a job exactly once with one follow-up when 8 keepers on separate connections race for it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sosw-keepers-'));
    const path = join(dir, 'sosw.db');
    const clock = new ManualClock(T0_MS);
    const finished: JobRecord[] = [];
    const all = Array.from({ length: 8 }, () => participant(path, clock, finished));
    const [first] = all as [ReturnType<typeof participant>];
    await first.scheduler.run(sections(3, { lambda_name: 'w', job_id: 'fan', on_complete: { schedule: [{ lambda_name: 'next' }] } }));
    const ids = (await first.tasks.nextQueued('w', T0, 10)).map((t) => t.taskId);
    await first.tasks.claimMany(ids, T0, T0 + 31_557_600);
    for (const id of ids) await first.tasks.report({ taskId: id, outcome: 'completed', at: T0, invokedAtLeast: T0 });
    // The last tasks close while every keeper runs: each participant archives one task, then keeps.
    const runs = await Promise.all(
      all.map(async (p, i) => {
        if (ids[i] !== undefined) await p.tasks.archiveMany([ids[i] as string], T0 + 1);
        return p.keeper.run();
      }),
    );
    // Whoever saw the job settled last ends it; a final pass by all makes sure it is ended.
    runs.push(...(await Promise.all(all.map((p) => p.keeper.run()))));
    expect(runs.flatMap((r) => r.errors)).toEqual([]);
    expect(runs.flatMap((r) => r.ended.map((j) => j.jobId))).toEqual(['fan']);
    expect(finished.map((j) => [j.jobId, j.state])).toEqual([['fan', 'completed']]);
    const followUps = (await first.jobs.list({ limit: 10 })).jobs.filter((j) => j.jobId !== 'fan');
    expect(followUps.map((j) => [j.jobId, j.scheduledBy])).toEqual([['fan.then.0', 'job:fan']]);
    expect(await first.tasks.countQueued('next', T0 + 10)).toBe(1);
    expect(await first.jobs.get('fan')).toMatchObject({ state: 'completed', completed: 3, actionsDoneAt: T0 });
    for (const p of all) p.close();
  });

  it('re-runs the actions of a job ended by a keeper that crashed before them, scheduling its follow-up once', async () => {
    h = makeHarness({ labourers: { w: {}, next: {} } });
    const scheduler = new Scheduler({ config, store: h.store, jobs: h.jobStore, blobs: new MemoryBlobStore(), clock: h.clock });
    const finished: JobRecord[] = [];
    const keeper = new JobKeeper({
      jobs: h.jobStore,
      tasks: h.store,
      scheduler,
      clock: h.clock,
      onJobFinished: (j) => void finished.push(j),
    });
    await scheduler.run({ lambda_name: 'w', job_id: 'empty', on_complete: { schedule: [{ lambda_name: 'next' }] } });
    await finishAll(h.store, 'w');
    // The crashed keeper: its transition happened, its actions did not.
    await h.jobStore.transition('empty', { from: ['running'], to: 'completed', at: T0, whenSettled: true });
    expect((await keeper.run()).actionsRun).toEqual([]); // within the grace period: maybe still running elsewhere
    h.clock.advanceSeconds(61);
    expect((await keeper.run()).actionsRun).toEqual(['empty']);
    expect((await keeper.run()).actionsRun).toEqual([]);
    // Even a second run of the actions would find the follow-up scheduled already.
    expect((await scheduler.run({ lambda_name: 'next', job_id: 'empty.then.0' })).alreadyScheduled).toBe(true);
    expect(finished).toHaveLength(1);
  });

  it('looks back only repairWindowSeconds (by creation) for left-over actions: older ended jobs cost no reads', async () => {
    h = makeHarness({ labourers: { w: {} } });
    const scheduler = new Scheduler({ config, store: h.store, jobs: h.jobStore, blobs: new MemoryBlobStore(), clock: h.clock });
    let listed = 0;
    const jobs = new Proxy(h.jobStore, {
      get(target, key, receiver) {
        if (key === 'list') {
          return async (...args: Parameters<typeof target.list>) => {
            const page = await target.list(...args);
            listed += page.jobs.length;
            return page;
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const keeper = new JobKeeper({ jobs, tasks: h.store, scheduler, clock: h.clock, repairWindowSeconds: 3600, pageSize: 2 });
    // Five old jobs ended by a keeper that crashed before their actions.
    for (let i = 0; i < 5; i++) {
      await scheduler.run({ lambda_name: 'w', job_id: `old-${i}` });
      await finishAll(h.store, 'w');
      await h.jobStore.transition(`old-${i}`, { from: ['running'], to: 'completed', at: T0, whenSettled: true });
    }
    h.clock.advanceSeconds(7200);
    await scheduler.run({ lambda_name: 'w', job_id: 'recent' });
    await finishAll(h.store, 'w');
    await h.jobStore.transition('recent', { from: ['running'], to: 'completed', at: T0 + 7200, whenSettled: true });
    h.clock.advanceSeconds(120);
    listed = 0;
    expect((await keeper.run()).actionsRun).toEqual(['recent']);
    // The two repair scans each stop at the first old job of their first page: no old job is acted on.
    expect(listed).toBeLessThanOrEqual(2 * 2);
    expect((await h.jobStore.get('old-0'))?.actionsDoneAt).toBeUndefined();
  });

  it('releases a waiting job when its parents completed, and fails one whose parent failed', async () => {
    h = makeHarness({ labourers: { w: {}, next: {} } });
    const scheduler = new Scheduler({
      config,
      store: h.store,
      jobs: h.jobStore,
      jobTasks: h.store,
      blobs: new MemoryBlobStore(),
      clock: h.clock,
    });
    const keeper = new JobKeeper({ jobs: h.jobStore, tasks: h.store, scheduler, clock: h.clock });
    await scheduler.run({ lambda_name: 'w', job_id: 'parent' });
    await scheduler.run({ lambda_name: 'next', job_id: 'child', after: ['parent'] });
    await scheduler.run({ lambda_name: 'next', job_id: 'stubborn', after: ['parent'], run_after_failure: true });
    expect((await keeper.run()).released).toEqual([]);
    const [task] = await h.store.nextQueued('w', T0 + 1, 1);
    await h.store.claim(task?.taskId as string, T0 + 1, T0 + 31_557_600);
    await h.store.archive(task?.taskId as string, T0); // closed dead: the parent fails
    const run = await keeper.run();
    expect(run.ended.map((j) => [j.jobId, j.state, j.reason])).toEqual([
      ['parent', 'failed', '1 of 1 tasks dead (tolerated: 0%)'],
      ['child', 'failed', 'parent job parent failed'],
    ]);
    expect(run.released).toEqual(['stubborn']);
    expect(await h.jobStore.get('stubborn')).toMatchObject({ state: 'running', planned: 1 });
  });

  it('cancels while tasks run: queued ones close at once, running ones finish and are never retried, counters stay exact', async () => {
    h = makeHarness({ labourers: { w: { max_duration: 60, max_attempts: 5 } } });
    const scheduler = new Scheduler({
      config,
      store: h.store,
      jobs: h.jobStore,
      jobTasks: h.store,
      blobs: new MemoryBlobStore(),
      clock: h.clock,
    });
    const keeper = new JobKeeper({ jobs: h.jobStore, tasks: h.store, scheduler, clock: h.clock });
    const api = createJobsApi({ jobStore: h.jobStore, taskStore: h.store, metaLog: h.metaLog, clock: h.clock });
    await scheduler.run(sections(5, { lambda_name: 'w', job_id: 'big' }));
    const labourer = h.taskManager.labourer('w');
    const [a, b] = await h.taskManager.nextTasks(h.taskManager.window(labourer), 2);
    for (const t of [a, b]) await h.taskManager.claim(h.taskManager.window(labourer), t?.taskId as string);
    const cancelled = await api.cancel('big', 'ann');
    expect(cancelled.closed).toHaveLength(3);
    expect(cancelled.job).toMatchObject({ state: 'cancelled', cancelled: 3, reason: 'cancelled by ann' });
    expect((await api.cancel('big', 'ann')).alreadyCancelled).toBe(true);
    expect(h.metaLog.rows.filter((r) => r.action === 'cancelled').every((r) => r.jobId === 'big' && r.author === 'ann')).toBe(true);
    // One running task completes, the other expires: archived / closed cancelled, never retried.
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: a?.taskId as string });
    h.clock.advanceSeconds(3600);
    const swept = await h.scavenger({}, { jobs: { store: h.jobStore, tasks: h.store, keeper } }).run();
    expect(swept.labourers[0]).toMatchObject({ archived: 1, retried: 0, dead: [] });
    expect(await h.store.countRetries('w')).toBe(0);
    const detail = await api.get('big');
    expect(detail.job).toMatchObject({ state: 'cancelled', completed: 1, dead: 0, cancelled: 4 });
    expect(detail.tasks).toMatchObject({ queued: 0, running: 0, retrying: 0, completed: 1, dead: 0, cancelled: 4 });
    expect((await api.repair('big')).changed).toBe(false);
    await expect(api.cancel('missing', 'ann')).rejects.toMatchObject({ code: 'job.notFound' });
  });

  it('refuses to cancel a finished job with job.finished and repairs tampered counters', async () => {
    h = makeHarness({ labourers: { w: {} } });
    const scheduler = new Scheduler({ config, store: h.store, jobs: h.jobStore, blobs: new MemoryBlobStore(), clock: h.clock });
    const keeper = new JobKeeper({ jobs: h.jobStore, tasks: h.store, scheduler, clock: h.clock });
    const api = createJobsApi({ jobStore: h.jobStore, taskStore: h.store, clock: h.clock });
    await scheduler.run({ lambda_name: 'w', job_id: 'none' });
    await finishAll(h.store, 'w');
    await keeper.run();
    await expect(api.cancel('none', 'ann')).rejects.toMatchObject({ code: 'job.finished' });
    await h.jobStore.setCounters('none', { completed: 7, dead: 0, cancelled: 0 }, T0);
    const repaired = await api.repair('none');
    expect(repaired).toMatchObject({ changed: true, before: { completed: 7 }, job: { completed: 1 } });
  });

  it('records a follow-up that cannot be scheduled at completion on the job, still calls onJobFinished and marks the actions done', async () => {
    h = makeHarness({ labourers: { w: {}, next: {} } });
    // The job was accepted while `next` was registered; by completion the config no longer has it.
    const before = new Scheduler({ config, store: h.store, jobs: h.jobStore, blobs: new MemoryBlobStore(), clock: h.clock });
    const narrower = resolveSchedulerConfig({
      task_config: { labourers: { w: {} } },
      job_schema_variants: { default: { chunkable_attrs: ['section'] } },
    });
    const after = new Scheduler({ config: narrower, store: h.store, jobs: h.jobStore, blobs: new MemoryBlobStore(), clock: h.clock });
    const finished: JobRecord[] = [];
    const keeper = new JobKeeper({
      jobs: h.jobStore,
      tasks: h.store,
      scheduler: after,
      clock: h.clock,
      onJobFinished: (j) => void finished.push(j),
    });
    await before.run({ lambda_name: 'w', job_id: 'oc', on_complete: { schedule: [{ lambda_name: 'next' }], notify: true } });
    await finishAll(h.store, 'w');
    const run = await keeper.run();
    expect(run.ended.map((j) => j.jobId)).toEqual(['oc']);
    expect(run.errors).toEqual([
      expect.stringMatching(/^job oc on_complete failed: schedule\[0\] \(job oc\.then\.0\): .*Unknown labourer "next"/),
      expect.stringMatching(/^job oc on_complete failed: notify: this keeper has no notifier/),
    ]);
    const job = await h.jobStore.get('oc');
    expect(job).toMatchObject({ state: 'completed', actionsDoneAt: T0 });
    expect(job?.reason).toMatch(/^on_complete failed: schedule\[0\] \(job oc\.then\.0\): .*; notify: this keeper has no notifier$/);
    expect(job?.finishedAt).toBe(T0);
    expect(finished.map((j) => [j.jobId, j.state, j.reason])).toEqual([['oc', 'completed', job?.reason]]);
    expect(await h.jobStore.get('oc.then.0')).toBeNull();
    // Not retried on later runs.
    h.clock.advanceSeconds(120);
    expect((await keeper.run()).errors).toEqual([]);
    expect(finished).toHaveLength(1);
  });

  it('completes a failed job once its redriven dead task completed, and runs its follow-ups then', async () => {
    h = makeHarness({ labourers: { w: {}, next: {} } });
    const scheduler = new Scheduler({
      config,
      store: h.store,
      jobs: h.jobStore,
      jobTasks: h.store,
      blobs: new MemoryBlobStore(),
      clock: h.clock,
    });
    const finished: JobRecord[] = [];
    const keeper = new JobKeeper({
      jobs: h.jobStore,
      tasks: h.store,
      scheduler,
      clock: h.clock,
      onJobFinished: (j) => void finished.push(j),
    });
    await scheduler.run(sections(2, { lambda_name: 'w', job_id: 'rd', on_complete: { schedule: [{ lambda_name: 'next' }] } }));
    const [one, two] = await h.store.nextQueued('w', T0 + 1, 2);
    await h.store.claimMany([one?.taskId as string, two?.taskId as string], T0 + 1, T0 + 31_557_600);
    await h.store.report({ taskId: one?.taskId as string, outcome: 'completed', at: T0, invokedAtLeast: T0 });
    await h.store.archiveMany([one?.taskId as string], T0);
    await h.store.archive(two?.taskId as string, T0); // closed dead
    expect((await keeper.run()).ended.map((j) => [j.jobId, j.state])).toEqual([['rd', 'failed']]);
    expect(await h.jobStore.get('rd.then.0')).toBeNull();
    // Redriven: back in the queue, the job stays failed until it completes.
    expect(await h.store.redrive(two?.taskId as string)).not.toBeNull();
    expect((await keeper.run()).recovered).toEqual([]);
    expect(await h.jobStore.get('rd')).toMatchObject({ state: 'failed', completed: 1, dead: 0 });
    h.clock.advanceSeconds(10);
    await finishAll(h.store, 'w');
    const run = await keeper.run();
    expect(run.recovered).toEqual(['rd']);
    expect(run.errors).toEqual([]);
    expect(await h.jobStore.get('rd')).toMatchObject({
      state: 'completed',
      completed: 2,
      dead: 0,
      reason: 'completed after its dead tasks were redriven',
    });
    expect(await h.jobStore.get('rd.then.0')).toMatchObject({ scheduledBy: 'job:rd' });
    expect(finished.map((j) => j.state)).toEqual(['failed', 'completed']);
    expect((await keeper.run()).recovered).toEqual([]);
  });
});
