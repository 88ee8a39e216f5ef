import { afterEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { type Harness, harness, sectionsJob, T0, timeFor } from './setup.js';

let h: Harness;
afterEach(async () => {
  await h.memory.close();
});

function withJobs(config: Record<string, unknown> = {}): Harness {
  const base = harness(config);
  const inner = harness(config, {
    jobs: base.memory.jobStore,
    jobTasks: base.memory.store,
    store: base.memory.store,
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
