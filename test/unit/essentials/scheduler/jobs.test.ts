import { afterEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { STUCK_SCHEDULING_SECONDS } from '../../../../src/core/job/job.js';
import { JobKeeper } from '../../../../src/essentials/jobs/job-keeper.js';
import type { SchedulerResult } from '../../../../src/essentials/scheduler/options.js';
import type { TaskQueue } from '../../../../src/ports/task-store.js';
import { CrashError } from './fakes.js';
import { type Harness, harness, sectionsJob, T0, timeFor } from './setup.js';

let h: Harness;
afterEach(async () => {
  await h.memory.close();
});

type Enqueue = TaskQueue['enqueue'];

/** A Scheduler with job records; `enqueue` wraps the store's (to make it die at a chosen point). */
function withJobs(config: Record<string, unknown> = {}, enqueue?: (inner: Enqueue) => Enqueue): Harness {
  const base = harness(config);
  const store = base.memory.store;
  const inner = harness(config, {
    jobs: base.memory.jobStore,
    jobTasks: store,
    store: enqueue === undefined ? store : { enqueue: enqueue(store.enqueue.bind(store)) },
    metaLog: base.memory.metaLog,
  });
  // The second harness's own store is unused: its Scheduler works on the first one's database.
  void inner.memory.close();
  return { ...inner, memory: base.memory, queued: base.queued };
}

describe('Scheduler with job records', () => {
  it('records the job, queues its tasks with job_id and audit rows with job_id, and strips control keys from payloads', async () => {
    h = withJobs();
    const result = await h.scheduler.run(
      sectionsJob(3, { job_id: 'daily-1', tolerated_failure_percentage: 10, on_complete: { notify: true } }),
      {
        scheduledBy: 'ann',
      },
    );
    expect(result).toMatchObject({ jobId: 'daily-1', queued: 3, done: true });
    expect(result.job).toMatchObject({
      jobId: 'daily-1',
      state: 'running',
      planned: 3,
      scheduledBy: 'ann',
      toleratedFailurePercentage: 10,
    });
    const job = await h.memory.jobStore.get('daily-1');
    expect(job).toMatchObject({ state: 'running', planned: 3, onComplete: { notify: true } });
    expect(job?.document).toMatchObject({ lambda_name: 'worker', job_id: 'daily-1', isolate_sections: true });
    const tasks = await h.queued();
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task.jobId).toBe('daily-1');
      const payload = JSON.parse(task.payload) as Record<string, unknown>;
      for (const key of ['job_id', 'tolerated_failure_percentage', 'on_complete']) expect(payload).not.toHaveProperty(key);
      const audit = await h.memory.metaLog.forTask(task.taskId);
      expect(audit.map((a) => [a.action, a.jobId])).toEqual([['created', 'daily-1']]);
    }
  });

  it('schedules nothing for a job_id that exists and answers alreadyScheduled with the existing job', async () => {
    h = withJobs();
    await h.scheduler.run(sectionsJob(2, { job_id: 'once' }));
    const again = await h.scheduler.run(sectionsJob(5, { job_id: 'once' }));
    expect(again).toMatchObject({ alreadyScheduled: true, queued: 0, jobId: 'once' });
    expect(again.job).toMatchObject({ planned: 2, state: 'running' });
    expect(await h.queued()).toHaveLength(2);
  });

  it('creates one job and its tasks once when the same job_id is scheduled concurrently (multi-batch)', async () => {
    h = withJobs({ rows_to_process: 3 });
    const results = await Promise.all([
      h.scheduler.run(sectionsJob(10, { job_id: 'twice' })),
      h.scheduler.run(sectionsJob(10, { job_id: 'twice' })),
    ]);
    expect(results.filter((r) => r.alreadyScheduled === true)).toHaveLength(1);
    const tasks = await h.queued();
    expect(tasks).toHaveLength(10);
    expect(new Set(tasks.map((t) => t.taskId)).size).toBe(10);
    expect(await h.memory.jobStore.get('twice')).toMatchObject({ state: 'running', planned: 10 });
  });

  it('stores a job with after as waiting and queues it only when released (once, even when released twice)', async () => {
    h = withJobs();
    const result = await h.scheduler.run(sectionsJob(2, { job_id: 'child', after: ['parent'] }));
    expect(result).toMatchObject({ waiting: true, queued: 0 });
    expect(result.job).toMatchObject({ state: 'waiting', planned: 0, after: ['parent'] });
    expect(await h.queued()).toHaveLength(0);
    const record = await h.memory.jobStore.get('child');
    const [first, second] = await Promise.all([
      h.scheduler.resumeJob(record as NonNullable<typeof record>),
      h.scheduler.resumeJob(record as NonNullable<typeof record>),
    ]);
    expect([first?.queued, second?.queued].sort()).toEqual([0, 2]);
    expect(await h.memory.jobStore.get('child')).toMatchObject({ state: 'running', planned: 2 });
    expect(await h.queued()).toHaveLength(2);
  });

  it('resumes a job stuck in scheduling without queueing any task twice', async () => {
    h = withJobs({ rows_to_process: 2 });
    // The first invocation runs out of time after one batch and has no invoker to hand over to.
    const first = await h.scheduler.run(sectionsJob(6, { job_id: 'stuck' }), { remainingTimeMs: timeFor(1) });
    expect(first.done).toBe(false);
    const stuck = await h.memory.jobStore.get('stuck');
    expect(stuck?.state).toBe('scheduling');
    const resumed = await h.scheduler.resumeJob(stuck as NonNullable<typeof stuck>);
    expect(resumed.done).toBe(true);
    expect(await h.queued()).toHaveLength(6);
    expect(await h.memory.jobStore.get('stuck')).toMatchObject({ state: 'running', planned: 6 });
  });

  describe('scheduling the job_id of a job stuck in scheduling again', () => {
    const STUCK_MS = STUCK_SCHEDULING_SECONDS * 1000;

    /** How many tasks the job has queued, checking each once: rows and `created` audit entries per task id. */
    async function tasksOnce(jobId: string): Promise<number> {
      const tasks = (await h.queued()).filter((t) => t.jobId === jobId);
      const rows = new Map<string, number>();
      for (const task of tasks) rows.set(task.taskId, (rows.get(task.taskId) ?? 0) + 1);
      for (const [taskId, count] of rows) {
        expect(count, taskId).toBe(1);
        // At most one: a Scheduler that dies between a batch and its audit rows leaves that batch unaudited.
        const created = (await h.memory.metaLog.forTask(taskId)).filter((e) => e.action === 'created');
        expect(created.length, taskId).toBeLessThanOrEqual(1);
      }
      return rows.size;
    }

    /** A job of 6 rows whose Scheduler stopped after one batch of 2 (no invoker to hand over to). */
    async function stuckJob(jobId: string): Promise<SchedulerResult> {
      h = withJobs({ rows_to_process: 2 });
      const first = await h.scheduler.run(sectionsJob(6, { job_id: jobId }), { remainingTimeMs: timeFor(1) });
      expect(first).toMatchObject({ done: false, queued: 2 });
      return first;
    }

    it('resumes it at once from the JobKeeper stuck time on, queueing only the missing tasks, each once', async () => {
      await stuckJob('again');
      h.clock.advance(STUCK_MS);
      const again = await h.scheduler.run(sectionsJob(6, { job_id: 'again' }));
      expect(again).toMatchObject({ resumedStuck: true, queued: 4, done: true, jobId: 'again' });
      expect(again).not.toHaveProperty('alreadyScheduled');
      expect(again.job).toMatchObject({ state: 'running', planned: 6 });
      expect(await tasksOnce('again')).toBe(6);
      // Once running, the job is only reported as scheduled.
      const third = await h.scheduler.run(sectionsJob(6, { job_id: 'again' }));
      expect(third).toMatchObject({ alreadyScheduled: true, queued: 0 });
      expect(third).not.toHaveProperty('resumableAt');
      expect(await tasksOnce('again')).toBe(6);
    });

    it('queues nothing while its Scheduler may still work, and says from when it counts as stuck', async () => {
      await stuckJob('busy');
      h.clock.advance(STUCK_MS - 1000);
      const early = await h.scheduler.run(sectionsJob(6, { job_id: 'busy' }));
      expect(early).toMatchObject({ alreadyScheduled: true, queued: 0, resumableAt: T0 / 1000 + STUCK_SCHEDULING_SECONDS });
      expect(early.job?.state).toBe('scheduling');
      expect(early).not.toHaveProperty('resumedStuck');
      expect(await tasksOnce('busy')).toBe(2);
    });

    it('agrees with the JobKeeper: neither resumes the job a second early, both do from the stuck time', async () => {
      await stuckJob('shared');
      const keeper = new JobKeeper({ jobs: h.memory.jobStore, tasks: h.memory.store, scheduler: h.scheduler, clock: h.clock });
      h.clock.advance(STUCK_MS - 1000);
      expect((await keeper.run()).resumed).toEqual([]);
      expect((await h.scheduler.run(sectionsJob(6, { job_id: 'shared' }))).alreadyScheduled).toBe(true);
      h.clock.advance(1000);
      expect((await keeper.run()).resumed).toEqual(['shared']);
      expect(await tasksOnce('shared')).toBe(6);
    });

    it('leaves a job whose queue file a live Scheduler holds, until that lock expires', async () => {
      const name = (await stuckJob('held')).queueFile as string;
      h.clock.advance(STUCK_MS);
      // A live Scheduler (another invocation) holds the queue file: the job is not stuck after all.
      const fileKey = [...h.blobs.objects.keys()].find((k) => k === name || k.endsWith(`/${name}`)) as string;
      const lockKey = `${fileKey.slice(0, -name.length)}locked_${name}`;
      const expiresAtMs = h.clock.now() + 90_000;
      await h.blobs.put(lockKey, JSON.stringify({ token: 'live', owner: 'sosw_scheduler:other', expires_at_ms: expiresAtMs }));
      const held = await h.scheduler.run(sectionsJob(6, { job_id: 'held' }));
      expect(held).toMatchObject({ alreadyScheduled: true, queued: 0, resumableAt: expiresAtMs / 1000 });
      expect(await tasksOnce('held')).toBe(2);
      h.clock.advance(90_000);
      expect(await h.scheduler.run(sectionsJob(6, { job_id: 'held' }))).toMatchObject({ resumedStuck: true, queued: 4 });
      expect(await tasksOnce('held')).toBe(6);
    });

    it('never queues a task twice: a Scheduler that died after writing rows past its saved cursor, resumed by two callers at once', async () => {
      let dying = true;
      let batches = 0;
      h = withJobs({ rows_to_process: 2 }, (enqueue) => async (...args) => {
        const written = await enqueue(...args);
        if (dying && ++batches === 2) throw new CrashError('store.enqueue (after the second batch)');
        return written;
      });
      await expect(h.scheduler.run(sectionsJob(6, { job_id: 'died' }))).rejects.toThrow(CrashError);
      dying = false;
      expect(await h.memory.jobStore.get('died')).toMatchObject({ state: 'scheduling' });
      expect(await tasksOnce('died')).toBe(4);
      h.clock.advance(STUCK_MS);
      const results = await Promise.all([
        h.scheduler.run(sectionsJob(6, { job_id: 'died' })),
        h.scheduler.run(sectionsJob(6, { job_id: 'died' })),
      ]);
      expect(results.reduce((n, r) => n + r.queued, 0)).toBe(2);
      expect(results.some((r) => r.resumedStuck === true)).toBe(true);
      expect(await tasksOnce('died')).toBe(6);
      expect(await h.memory.jobStore.get('died')).toMatchObject({ state: 'running', planned: 6 });
    });

    it('resumes a stuck job that has no queue file (one batch), and keeps alreadyScheduled for a waiting one', async () => {
      let dying = true;
      h = withJobs({}, (enqueue) => async (...args) => {
        if (dying) throw new CrashError('store.enqueue (before the first batch)');
        return enqueue(...args);
      });
      await expect(h.scheduler.run(sectionsJob(3, { job_id: 'small' }))).rejects.toThrow(CrashError);
      dying = false;
      expect(h.blobs.objects.size).toBe(0);
      h.clock.advance(STUCK_MS);
      expect(await h.scheduler.run(sectionsJob(3, { job_id: 'small' }))).toMatchObject({ resumedStuck: true, queued: 3, done: true });
      expect(await tasksOnce('small')).toBe(3);
      await h.scheduler.run(sectionsJob(1, { job_id: 'kid', after: ['nobody'] }));
      h.clock.advance(STUCK_MS);
      const waiting = await h.scheduler.run(sectionsJob(1, { job_id: 'kid', after: ['nobody'] }));
      expect(waiting).toMatchObject({ alreadyScheduled: true, queued: 0, job: { state: 'waiting' } });
      expect(waiting).not.toHaveProperty('resumableAt');
    });
  });

  it.each([
    [{ job_id: '' }, 'job.job_id'],
    [{ job_id: 'a b' }, 'job.job_id'],
    [{ after: 'x' }, 'job.after'],
    [{ after: ['ok', 7] }, 'job.after[1]'],
    [{ run_after_failure: 'yes' }, 'job.run_after_failure'],
    [{ tolerated_failure_percentage: 101 }, 'job.tolerated_failure_percentage'],
    [{ on_complete: { schedule: 'x' } }, 'job.on_complete.schedule'],
    [{ on_complete: { email: 'x' } }, 'job.on_complete.email'],
  ])('refuses the control keys %j with job.invalid naming %s, writing nothing', async (controls, field) => {
    h = withJobs();
    const error = await h.scheduler.run(sectionsJob(2, controls)).catch((e: unknown) => e);
    expect(SoswError.is(error, 'job.invalid')).toBe(true);
    expect((error as SoswError).details.field).toBe(field);
    expect(await h.queued()).toHaveLength(0);
    expect((await h.memory.jobStore.list({ limit: 10 })).jobs).toEqual([]);
  });

  it.each([
    [{ on_complete: { schedule: [{ lambda_name: 'nope' }] } }, 'job.unknownLabourer', 'job.on_complete.schedule[0].lambda_name'],
    [{ on_complete: { invoke: 'nope2' } }, 'job.unknownLabourer', 'job.on_complete.invoke'],
    [
      { on_complete: { schedule: [{ lambda_name: 'other' }, { payload_only: 1 }] } },
      'job.invalid',
      'job.on_complete.schedule[1].lambda_name',
    ],
    [{ on_complete: { schedule: [{ lambda_name: 'other', priority: 12 }] } }, 'job.invalid', 'job.on_complete.schedule[0].priority'],
    [{ on_complete: { schedule: [{ lambda_name: 'other', period: 'someday' }] } }, 'job.invalid', 'job.on_complete.schedule[0].period'],
    [{ on_complete: { schedule: [{ lambda_name: 'other', job_schema_name: 'nope' }] } }, 'job.unknownSchema', undefined],
    [
      { on_complete: { schedule: [{ lambda_name: 'other', isolate_sections: 'maybe', sections: ['a'] }] } },
      'job.invalid',
      'job.on_complete.schedule[0].isolate_sections',
    ],
    [
      { on_complete: { schedule: [{ lambda_name: 'other', on_complete: { schedule: [{ lambda_name: 'deep-nope' }] } }] } },
      'job.unknownLabourer',
      'job.on_complete.schedule[0].on_complete.schedule[0].lambda_name',
    ],
    [
      { job_id: 'x'.repeat(195), on_complete: { schedule: [{ lambda_name: 'other' }] } },
      'job.invalid',
      'job.on_complete.schedule[0].job_id',
    ],
  ])('validates on_complete %j when scheduling (%s at %s), writing nothing', async (controls, code, field) => {
    h = withJobs();
    const error = await h.scheduler.run(sectionsJob(2, controls)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoswError);
    expect((error as SoswError).code).toBe(code);
    if (field !== undefined) {
      expect((error as SoswError).details.field).toBe(field);
      expect((error as SoswError).message).toContain(field.replace(/\.[a-z_]+$/, ''));
    }
    // The dry run refuses the same job.
    expect(() => h.scheduler.plan(sectionsJob(2, controls))).toThrow(SoswError);
    expect(await h.queued()).toHaveLength(0);
    expect((await h.memory.jobStore.list({ limit: 10 })).jobs).toEqual([]);
  });

  it('accepts valid follow-ups and an invoke of a registered labourer (also given as an ARN)', async () => {
    h = withJobs();
    const onComplete = {
      schedule: [{ lambda_name: 'other', job_id: 'next-1', priority: 3, not_before: '1h', after: ['elsewhere'] }],
      invoke: 'arn:aws:lambda:us-west-2:000000000000:function:other',
    };
    expect(h.scheduler.plan(sectionsJob(1, { on_complete: onComplete })).total).toBe(1);
    expect((await h.scheduler.run(sectionsJob(1, { job_id: 'ok', on_complete: onComplete }))).queued).toBe(1);
  });

  it('dry run: refuses a bad priority or not_before like run, and reports the placement', () => {
    h = withJobs();
    for (const bad of [{ priority: 10 }, { not_before: 'tomorrow' }, { not_before: '400d' }, { not_before: -5 }]) {
      expect(() => h.scheduler.plan(sectionsJob(1, bad))).toThrow(expect.objectContaining({ code: 'job.invalid' }));
    }
    const plan = h.scheduler.plan(sectionsJob(1, { priority: 9, not_before: '2h', job_id: 'p' }));
    expect(plan).toMatchObject({ priority: 9, notBefore: T0 / 1000 + 7200, jobId: 'p' });
    expect(h.scheduler.plan(sectionsJob(1))).not.toHaveProperty('priority');
  });

  it('says which after parents do not exist yet (the job still waits for them)', async () => {
    h = withJobs();
    await h.scheduler.run(sectionsJob(1, { job_id: 'real' }));
    const result = await h.scheduler.run(sectionsJob(1, { job_id: 'kid', after: ['real', 'no-such-parent'] }));
    expect(result).toMatchObject({ waiting: true, missingParents: ['no-such-parent'] });
    const fine = await h.scheduler.run(sectionsJob(1, { job_id: 'kid2', after: ['real'] }));
    expect(fine.waiting).toBe(true);
    expect(fine).not.toHaveProperty('missingParents');
  });
});
