/**
 * The dashboard's dead list (GET /api/dead, the "Dead tasks" panel) shows dead tasks only: tasks a
 * cancel closed share the closed table's "not succeeded" rows but are not dead, so they are not
 * listed (nor offered a Redrive button), and the list agrees with the dead count beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

describe('dashboard dead list', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;

  beforeEach(async () => {
    f = await createDashboardFixture();
    app = createDashboardApp(f.source);
  });
  afterEach(async () => {
    await f.close();
  });

  it('lists the dead task and not the tasks a job cancel closed, newer or older', async () => {
    await scheduleItems(f.runtime, ['bad-1']);
    await f.runtime.tickOnce(); // w has one attempt: the failure closes it as dead
    f.clock.advance(10_000);
    await f.runtime.tickOnce();
    const dead = (await (await app.request('/api/dead')).json()) as { tasks: Array<{ taskId: string }> };
    expect(dead.tasks).toHaveLength(1);
    const deadId = dead.tasks[0]?.taskId;

    // Cancel a job of many queued tasks after the death: they close as not succeeded, newer than it.
    await f.runtime.schedule({ lambda_name: 'w', job_id: 'later', items: ['a', 'b', 'c', 'd', 'e', 'f'], isolate_items: true });
    f.clock.advance(1000);
    const cancelled = await f.runtime.jobs.cancel('later', 'alice');
    expect(cancelled.closed).toHaveLength(6);

    const after = (await (await app.request('/api/dead?limit=2')).json()) as { tasks: Array<{ taskId: string }> };
    expect(after.tasks.map((t) => t.taskId)).toEqual([deadId]);
    const overview = (await (await app.request('/api/overview')).json()) as {
      labourers: Array<{ labourerId: string; dead: number; cancelled: number }>;
    };
    expect(overview.labourers.find((l) => l.labourerId === 'w')).toMatchObject({ dead: 1, cancelled: 6 });
  });
});
