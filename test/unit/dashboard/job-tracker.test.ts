import { describe, expect, it } from 'vitest';
import { jobTaskIds } from '../../../src/core/scheduling/sha256.js';
import type { ClosedTask } from '../../../src/core/task/task.js';
import { JobTracker } from '../../../src/dashboard/job-tracker.js';

describe('JobTracker', () => {
  const closed = (taskId: string, succeeded: boolean): ClosedTask =>
    ({ taskId, labourerId: 'w', succeeded, closedAt: 1, createdAt: 0, greenfield: 0, attempts: 1, payload: '{}' }) as ClosedTask;

  it('counts closed and dead tasks of a job by their ids, newest job first', async () => {
    const ids = jobTaskIds('job-1');
    const store = new Map([
      [ids(0), closed(ids(0), true)],
      [ids(2), closed(ids(2), false)],
    ]);
    const tracker = new JobTracker({ archive: { getClosed: async (id) => store.get(id) ?? null } });
    tracker.record({ jobId: 'job-1', labourerId: 'w', total: 3, cursor: 3, done: true }, 100);
    tracker.record({ jobId: 'job-2', labourerId: 'w', total: 5, cursor: 2, done: false }, 200);

    const [second, first] = await tracker.list();

    expect(first).toEqual({
      jobId: 'job-1',
      labourerId: 'w',
      scheduledAt: 100,
      total: 3,
      queuedRows: 3,
      queueingDone: true,
      closed: 2,
      dead: 1,
    });
    expect(second).toMatchObject({ jobId: 'job-2', queuedRows: 2, queueingDone: false, closed: 0, dead: 0 });
  });

  it('does not count jobs over the limit, and forgets the oldest jobs', async () => {
    const tracker = new JobTracker({ archive: { getClosed: async () => null }, countLimit: 10, keep: 2 });
    tracker.record({ jobId: 'big', labourerId: 'w', total: 11, cursor: 11, done: true }, 1);
    tracker.record({ jobId: 'j2', labourerId: 'w', total: 1, cursor: 1, done: true }, 2);
    tracker.record({ jobId: 'j3', labourerId: 'w', total: 1, cursor: 1, done: true }, 3);

    const jobs = await tracker.list();

    expect(jobs.map((j) => j.jobId)).toEqual(['j3', 'j2']);
    const tracked = new JobTracker({ archive: { getClosed: async () => null }, countLimit: 10 });
    tracked.record({ jobId: 'big', labourerId: 'w', total: 11, cursor: 11, done: true }, 1);
    expect((await tracked.list())[0]).toMatchObject({ closed: null, dead: null });
  });
});
