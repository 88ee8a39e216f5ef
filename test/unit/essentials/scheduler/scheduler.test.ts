import { afterEach, describe, expect, it } from 'vitest';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import { definePeriod } from '../../../../src/core/scheduling/periods.js';
import { jobTaskIds } from '../../../../src/core/scheduling/sha256.js';
import { Scheduler } from '../../../../src/essentials/scheduler/scheduler.js';
import { type Harness, harness, sectionsJob, T0, timeFor } from './setup.js';

let h: Harness;
afterEach(async () => {
  await h?.memory.close();
});

const payloads = async (labourerId = 'worker'): Promise<unknown[]> => (await h.queued(labourerId)).map((t) => JSON.parse(t.payload));

describe('Scheduler.run: a small job', () => {
  it('queues the tasks with the job attributes as payload and audits them', async () => {
    h = harness();
    const result = await h.scheduler.run(sectionsJob(3, { foo: 1 }), { invocationId: 'req-1' });
    expect(result).toMatchObject({ total: 3, queued: 3, skipped: 0, cursor: 3, done: true, handoff: 'none', generation: 0 });
    expect(await payloads()).toEqual([
      { isolate_sections: true, foo: 1, sections: ['s0'] },
      { isolate_sections: true, foo: 1, sections: ['s1'] },
      { isolate_sections: true, foo: 1, sections: ['s2'] },
    ]);
    const tasks = await h.queued();
    expect(tasks.map((t) => t.greenfield)).toEqual([2000, 3000, 4000]);
    expect(tasks.every((t) => /^[0-9a-f]{32}$/.test(t.taskId))).toBe(true);
    const audit = await h.memory.metaLog.forTask(tasks[0]?.taskId ?? '');
    expect(audit).toEqual([
      expect.objectContaining({ action: 'created', author: 'sosw_scheduler', extra: expect.objectContaining({ labourer: 'worker' }) }),
    ]);
    expect(h.blobs.objects.size).toBe(0);
  });

  it.each([
    ['a job JSON string', { job: JSON.stringify({ lambda_name: 'worker', a: 1 }) }],
    ['a full Lambda ARN', { lambda_name: 'arn:aws:lambda:us-west-2:000000000000:function:worker:$LATEST', a: 1 }],
    ['the whole event as JSON text', JSON.stringify({ job: { lambda_name: 'worker', a: 1 } })],
  ])('accepts %s', async (_name, event) => {
    h = harness();
    await h.scheduler.run(event);
    expect(await payloads()).toEqual([{ a: 1 }]);
  });

  it('expands periods as of the injected clock, in the schema time zone', async () => {
    h = harness({ job_schema_variants: { default: { chunkable_attrs: [], timezone: 'Pacific/Auckland' } } });
    h.clock.set(Date.UTC(2019, 3, 30, 13, 0)); // already 2019-05-01 in Auckland
    await h.scheduler.run({ lambda_name: 'worker', period: 'last_2_days', isolate_days: true });
    expect(await payloads()).toEqual([{ date_list: ['2019-04-29'] }, { date_list: ['2019-04-30'] }]);
  });

  it('selects the job schema per job and keeps job_schema_name out of payloads', async () => {
    h = harness();
    await h.scheduler.run({
      lambda_name: 'worker',
      job_schema_name: 'topics',
      isolate_words: true,
      topics: { cars: { words: ['a', 'b'] } },
    });
    await h.scheduler.run({ lambda_name: 'worker', isolate_sections: true, sections: ['x'] });
    expect(await payloads()).toEqual([
      { isolate_words: true, topics: ['cars'], words: ['a'] },
      { isolate_words: true, topics: ['cars'], words: ['b'] },
      { isolate_sections: true, sections: ['x'] },
    ]);
  });

  it('runs registered custom periods and rejects config patterns without a function', async () => {
    const config = resolveSchedulerConfig({ task_config: { labourers: { worker: {} } }, custom_period_patterns: ['first_of_month'] });
    h = harness();
    expect(() => new Scheduler({ config, store: h.memory.store, blobs: h.blobs })).toThrow(
      expect.objectContaining({ code: 'config.invalid', message: expect.stringMatching(/first_of_month/) }),
    );
    const periods = [definePeriod('first_of_month', (_m, today) => [today - ((new Date(today * 86_400_000).getUTCDate() - 1) as number)])];
    const scheduler = new Scheduler({ config, store: h.memory.store, blobs: h.blobs, clock: h.clock, periods });
    await scheduler.run({ lambda_name: 'worker', period: 'first_of_month' });
    expect(await payloads()).toEqual([{ date_list: ['2019-04-01'] }]);
  });
});

describe('Scheduler.run: validation before anything is written', () => {
  it.each([
    ['job.unknownLabourer', { lambda_name: 'nobody', a: 1 }, /Unknown labourer "nobody"\. Registered labourers: worker, other/],
    ['job.unknownSchema', { lambda_name: 'worker', job_schema_name: 'nope' }, /Unknown job_schema_name "nope"/],
    ['job.invalid', { a: 1 }, /lambda_name/],
    ['job.invalid', sectionsJob(0, { sections: { a: { stores: ['x'] }, b: 'oops' } }), /job\.sections\.b/],
    ['job.invalid', { lambda_name: 'worker', period: 'fortnight' }, /unsupported period "fortnight"/],
  ])('%s for %j', async (code, event, message) => {
    h = harness({ rows_to_process: 1 });
    await expect(h.scheduler.run(event)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await h.queued()).toEqual([]);
    expect(h.blobs.objects.size).toBe(0);
  });

  it('rejects a job whose last row is bad without writing its first rows', async () => {
    h = harness({ rows_to_process: 2 });
    const sections = Object.fromEntries([...Array.from({ length: 9 }, (_, i) => [`s${i}`, null]), ['bad', 7]]);
    await expect(h.scheduler.run({ lambda_name: 'worker', isolate_sections: true, sections })).rejects.toMatchObject({
      code: 'job.invalid',
    });
    expect(await h.queued()).toEqual([]);
  });
});

describe('Scheduler.run: batches and the queue file', () => {
  it('writes rows_to_process tasks per batch and removes the queue file when done', async () => {
    h = harness({ rows_to_process: 3 });
    const sizes: number[] = [];
    const store = h.memory.store;
    const scheduler = new Scheduler({
      config: resolveSchedulerConfig({
        task_config: { labourers: { worker: {} } },
        job_schema_variants: { default: { chunkable_attrs: ['section'] } },
        rows_to_process: 3,
      }),
      store: {
        enqueue: (l, drafts, at) => {
          sizes.push(drafts.length);
          return store.enqueue(l, drafts, at);
        },
      },
      blobs: h.blobs,
      clock: h.clock,
      onProgress: (p) => sizes.push(-p.cursor),
    });
    const result = await scheduler.run(sectionsJob(10), { invocationId: 'req-9' });
    expect(sizes).toEqual([3, -3, 3, -6, 3, -9, 1, -10]);
    expect(result).toMatchObject({ done: true, queued: 10, queueFile: 'tasks_queue_req-9.txt' });
    expect([...h.blobs.objects.keys()]).toEqual([]);
  });

  it('marks ids fresh only after a first batch written whole, never when a row of it already existed', async () => {
    h = harness({ rows_to_process: 3 });
    const store = h.memory.store;
    const seen: Array<boolean | undefined> = [];
    const recording = (): Scheduler =>
      new Scheduler({
        config: resolveSchedulerConfig({
          task_config: { labourers: { worker: {} } },
          job_schema_variants: { default: { chunkable_attrs: ['section'] } },
          rows_to_process: 3,
        }),
        store: {
          enqueue: (l, drafts, at, options) => {
            seen.push(options?.freshIds);
            return store.enqueue(l, drafts, at, options);
          },
        },
        blobs: h.blobs,
        clock: h.clock,
      });
    await recording().run(sectionsJob(10), { invocationId: 'req-fresh' });
    expect(seen).toEqual([undefined, true, true, true]);

    // An earlier delivery of the same event wrote row 0: the whole re-run proves every id absent.
    seen.length = 0;
    await store.enqueue('worker', [{ taskId: jobTaskIds('req-again')(0), payload: '{}' }], 1);
    const again = await recording().run(sectionsJob(10), { invocationId: 'req-again' });
    expect(seen).toEqual([undefined, undefined, undefined, undefined]);
    expect(again).toMatchObject({ done: true, queued: 9 });
  });

  it('hands the rest to a sibling with the bare file name, after saving progress and unlocking', async () => {
    h = harness({ rows_to_process: 2 });
    const first = await h.scheduler.run(sectionsJob(7), { invocationId: 'req-1', remainingTimeMs: timeFor(2) });
    expect(first).toMatchObject({
      done: false,
      cursor: 4,
      queued: 4,
      handoff: 'sibling',
      queueFile: 'tasks_queue_req-1.txt',
      generation: 0,
    });
    expect(h.invoker.invocations).toEqual([
      expect.objectContaining({ functionName: 'sosw_scheduler', event: { file_name: 'tasks_queue_req-1.txt', generation: 1 } }),
    ]);
    expect([...h.blobs.objects.keys()].sort()).toEqual([
      'sosw/scheduler/progress_tasks_queue_req-1.txt',
      'sosw/scheduler/tasks_queue_req-1.txt',
    ]);

    const second = await h.scheduler.run(h.invoker.invocations[0]?.event, { invocationId: 'req-2', remainingTimeMs: timeFor(1) });
    expect(second).toMatchObject({ done: false, cursor: 6, queued: 2, handoff: 'sibling', generation: 1 });
    const third = await h.scheduler.run(h.invoker.invocations[1]?.event, { invocationId: 'req-3' });
    expect(third).toMatchObject({ done: true, cursor: 7, queued: 1, handoff: 'none', generation: 2 });
    expect((await payloads()).map((p) => (p as { sections: string[] }).sections[0])).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
    expect(h.blobs.objects.size).toBe(0);
  });

  it('writes a queue file for a one-batch job that gets no time at all', async () => {
    h = harness({ rows_to_process: 5 });
    const result = await h.scheduler.run(sectionsJob(2), { invocationId: 'r', remainingTimeMs: () => 10 });
    expect(result).toMatchObject({ done: false, cursor: 0, handoff: 'sibling' });
    await h.scheduler.run(h.invoker.invocations[0]?.event);
    expect(await h.queued()).toHaveLength(2);
  });

  it('stops the chain at max_sibling_generations', async () => {
    h = harness({ rows_to_process: 1, max_sibling_generations: 2 });
    let result = await h.scheduler.run(sectionsJob(10), { remainingTimeMs: timeFor(1) });
    for (let i = 0; i < 2; i++) {
      result = await h.scheduler.run(h.invoker.invocations[i]?.event, { remainingTimeMs: timeFor(1) });
    }
    expect(result).toMatchObject({ generation: 2, handoff: 'maxGenerations', cursor: 3 });
    expect(h.invoker.invocations).toHaveLength(2);
    const resumed = await h.scheduler.resumePending();
    expect(resumed).toEqual([expect.objectContaining({ done: true, cursor: 10 })]);
    expect(await h.queued()).toHaveLength(10);
  });

  it('does not start another sibling when a sibling made no progress', async () => {
    h = harness({ rows_to_process: 1 });
    await h.scheduler.run(sectionsJob(3), { remainingTimeMs: timeFor(1) });
    const result = await h.scheduler.run(h.invoker.invocations[0]?.event, { remainingTimeMs: () => 0 });
    expect(result).toMatchObject({ handoff: 'noProgress', cursor: 1 });
    expect(h.invoker.invocations).toHaveLength(1);
  });

  it('leaves the file for a resume without an invoker, or when the sibling cannot start', async () => {
    h = harness({ rows_to_process: 1 }, { invoker: undefined });
    expect(await h.scheduler.run(sectionsJob(3), { remainingTimeMs: timeFor(1) })).toMatchObject({ handoff: 'noInvoker' });
    await h.memory.close();
    h = harness({ rows_to_process: 1 });
    h.invoker.failNext(1);
    expect(await h.scheduler.run(sectionsJob(3), { remainingTimeMs: timeFor(1) })).toMatchObject({ handoff: 'failed' });
    expect(await h.scheduler.resumePending()).toEqual([expect.objectContaining({ done: true, queued: 2 })]);
  });

  it('resumes pending files only while time is left', async () => {
    h = harness({ rows_to_process: 1 }, { invoker: undefined });
    await h.scheduler.run(sectionsJob(3), { remainingTimeMs: timeFor(1), invocationId: 'one' });
    await h.scheduler.run(sectionsJob(2), { remainingTimeMs: timeFor(1), invocationId: 'two' });
    expect(await h.scheduler.resumePending({ remainingTimeMs: () => 0 })).toEqual([]);
    const results = await h.scheduler.resumePending();
    expect(results.map((r) => [r.jobId, r.queued, r.done])).toEqual([
      ['one', 2, true],
      ['two', 1, true],
    ]);
  });

  it('resumes the same job when the same event is delivered again (same invocation id)', async () => {
    h = harness({ rows_to_process: 2 }, { invoker: undefined });
    await h.scheduler.run(sectionsJob(5), { invocationId: 'req-1', remainingTimeMs: timeFor(1) });
    h.clock.advance(60_000);
    const again = await h.scheduler.run(sectionsJob(5), { invocationId: 'req-1' });
    expect(again).toMatchObject({ done: true, cursor: 5, queued: 3 });
    expect(await h.queued()).toHaveLength(5);
  });

  it('answers a continuation whose file is gone with a finished, empty result', async () => {
    h = harness();
    expect(await h.scheduler.run({ file_name: 'tasks_queue_gone.txt' })).toMatchObject({ done: true, total: 0, queued: 0 });
    expect(h.blobs.objects.size).toBe(0);
  });

  it('refuses to resume a file whose job now plans differently', async () => {
    h = harness({ rows_to_process: 1 }, { invoker: undefined });
    await h.scheduler.run(sectionsJob(3), { remainingTimeMs: timeFor(1) });
    const changed = new Scheduler({
      config: resolveSchedulerConfig({ task_config: { labourers: { worker: {} } }, rows_to_process: 1 }),
      store: h.memory.store,
      blobs: h.blobs,
      clock: h.clock,
    });
    await expect(changed.resumePending()).rejects.toMatchObject({ code: 'job.invalid', message: expect.stringMatching(/planned 3 tasks/) });
  });
});

describe('Scheduler: locks', () => {
  it('refuses a file held by a live invocation and takes over a stale lock', async () => {
    h = harness({ rows_to_process: 1, lock_ttl_seconds: 60 }, { invoker: undefined });
    await h.scheduler.run(sectionsJob(3), { remainingTimeMs: timeFor(1), invocationId: 'a' });
    const lock = JSON.stringify({ token: 't-dead', owner: 'sosw_scheduler:dead', expires_at_ms: T0 + 30_000 });
    await h.blobs.put('sosw/scheduler/locked_tasks_queue_a.txt', lock);
    await expect(h.scheduler.run({ file_name: 'tasks_queue_a.txt' })).rejects.toMatchObject({
      code: 'blob.locked',
      message: expect.stringMatching(/held by sosw_scheduler:dead/),
    });
    // sosw schedule --resume said only "Nothing to resume." here: the skipped file is reported with its lock.
    const locked: unknown[] = [];
    expect(await h.scheduler.resumePending({}, { onLocked: (file) => locked.push(file) })).toEqual([]);
    expect(locked).toEqual([{ queueFile: 'tasks_queue_a.txt', owner: 'sosw_scheduler:dead', expiresAtMs: T0 + 30_000 }]);
    h.clock.advance(31_000);
    expect(await h.scheduler.run({ file_name: 'tasks_queue_a.txt' })).toMatchObject({ done: true, cursor: 3 });
    expect(h.blobs.objects.size).toBe(0);
  });

  it('lets exactly one of two invocations take over the same stale lock', async () => {
    h = harness({ rows_to_process: 1, lock_ttl_seconds: 60 }, { invoker: undefined });
    await h.scheduler.run(sectionsJob(4), { remainingTimeMs: timeFor(1), invocationId: 'a' });
    await h.blobs.put('sosw/scheduler/locked_tasks_queue_a.txt', JSON.stringify({ token: 'old', owner: 'x', expires_at_ms: T0 }));
    h.clock.advance(1);
    const results = await Promise.allSettled([
      h.scheduler.run({ file_name: 'tasks_queue_a.txt' }, { invocationId: 'b' }),
      h.scheduler.run({ file_name: 'tasks_queue_a.txt' }, { invocationId: 'c' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await h.queued()).toHaveLength(4);
  });

  it('renews its lock while it works and stops when another invocation took it', async () => {
    h = harness({ rows_to_process: 1, lock_ttl_seconds: 10 }, { invoker: undefined });
    const steps: number[] = [];
    const scheduler = new Scheduler({
      config: resolveSchedulerConfig({
        task_config: { labourers: { worker: {} } },
        job_schema_variants: { default: { chunkable_attrs: ['section'] } },
        rows_to_process: 1,
        lock_ttl_seconds: 10,
      }),
      store: h.memory.store,
      blobs: h.blobs,
      clock: h.clock,
      onProgress: (p) => {
        steps.push(p.cursor);
        h.clock.advance(6_000);
        if (p.cursor === 3)
          void h.blobs.put('sosw/scheduler/locked_tasks_queue_z.txt', JSON.stringify({ token: 'thief', owner: 'y', expires_at_ms: 0 }));
      },
    });
    await expect(scheduler.run(sectionsJob(6), { invocationId: 'z' })).rejects.toMatchObject({
      code: 'blob.locked',
      message: expect.stringMatching(/lost it/),
    });
    expect(steps).toEqual([1, 2, 3]);
  });
});

describe('Scheduler.plan (dry run)', () => {
  it('plans as of a given moment without writing', () => {
    h = harness();
    const plan = h.scheduler.plan({ lambda_name: 'worker', period: 'last_3_days', isolate_days: true }, Date.UTC(2019, 0, 30));
    expect(plan).toMatchObject({ labourerId: 'worker', schemaName: 'default', total: 3 });
    expect([...plan.rows()].map((r) => r.fields)).toEqual([
      { date_list: ['2019-01-27'] },
      { date_list: ['2019-01-28'] },
      { date_list: ['2019-01-29'] },
    ]);
    expect(() => h.scheduler.plan({ file_name: 'x.txt' })).toThrow(expect.objectContaining({ code: 'job.invalid' }));
  });
});
