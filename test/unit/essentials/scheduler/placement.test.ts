/** The Scheduler places a job by its priority, not_before and the labourer's concurrency_key. */
import { afterEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { type Harness, harness, sectionsJob, T0 } from './setup.js';

let h: Harness;
afterEach(async () => h.memory.close());

describe('Scheduler placement', () => {
  it('an urgent job queued behind others starts first', async () => {
    h = harness();
    await h.scheduler.run(sectionsJob(50));
    await h.scheduler.run(sectionsJob(2, { priority: 9, sections: ['u0', 'u1'] }));
    const head = (await h.queued()).slice(0, 3).map((t) => JSON.parse(t.payload).sections[0]);
    expect(head).toEqual(['u0', 'u1', 's0']);
  });

  it('a job with not_before waits in the retry table until then', async () => {
    h = harness();
    await h.scheduler.run(sectionsJob(3, { not_before: '2h' }));
    expect(await h.queued()).toEqual([]);
    const delayed = await h.memory.store.dueRetries('worker', Number.MAX_SAFE_INTEGER, 10);
    expect(delayed.map((t) => [t.desiredLaunchTime, t.attempts])).toEqual(Array(3).fill([T0 / 1000 + 7200, 0]));
  });

  it('refuses a bad priority before writing anything', async () => {
    h = harness();
    const error = await h.scheduler.run(sectionsJob(3, { priority: 12 })).catch((e: unknown) => e);
    expect(SoswError.is(error, 'job.invalid')).toBe(true);
    expect(await h.queued()).toEqual([]);
  });

  it('interleaves the tenants of a labourer with a concurrency_key', async () => {
    h = harness({ task_config: { labourers: { worker: { concurrency_key: 'store', max_per_key: 1 }, other: {} } } });
    await h.scheduler.run(sectionsJob(20, { store: 'big' }));
    await h.scheduler.run(sectionsJob(2, { store: 'small', sections: ['x0', 'x1'] }));
    // The small tenant's two tasks sit among the first five (one step after the head each), not behind 20.
    const head = (await h.queued()).slice(0, 5).map((t) => JSON.parse(t.payload).store);
    expect(head.filter((s) => s === 'small')).toHaveLength(2);
  });
});
