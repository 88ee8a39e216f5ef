import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { type ProjectDashboardSource, projectDashboardSource } from '../../../src/dashboard/project-source.js';
import type { ExplorerPage } from '../../../src/dashboard/task-explorer.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

const json = { 'content-type': 'application/json' };

describe('projectDashboardSource (sosw dashboard over a stopped project)', () => {
  let f: DashboardFixture;
  let source: ProjectDashboardSource;
  let statusReads: number;

  beforeEach(async () => {
    // Prepare: w has 2 completed and 2 dead tasks; the dashboard reads the store, the runtime is not ticking.
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['a', 'bad1', 'c', 'bad2']);
    for (let i = 0; i < 6; i++) {
      f.clock.advance(1000);
      await f.runtime.tickOnce();
    }
    statusReads = 0;
    const project = {
      projectName: f.runtime.projectName,
      labourers: f.runtime.labourers,
      store: f.runtime.store,
      metaLog: f.runtime.metaLog,
      controls: f.runtime.controls,
      jobs: f.runtime.jobs,
      status: () => {
        statusReads += 1;
        return f.runtime.status();
      },
    };
    source = projectDashboardSource(project, { clock: f.clock, cacheMs: 5000 });
  });
  afterEach(async () => {
    await source.close();
    await f.close();
  });

  it('shows the store counts and reuses one status read for every request within the cache time', async () => {
    const app = createDashboardApp(source);
    for (let i = 0; i < 5; i++) expect((await app.request('/api/overview')).status).toBe(200);
    await app.request('/');
    await app.request('/metrics');
    expect(statusReads).toBe(1);
    const w = (await source.overview()).labourers.find((l) => l.labourerId === 'w');
    expect(w).toMatchObject({ completed: await f.runtime.store.countClosed('w', true), dead: 2, queued: 0 });

    f.clock.advance(5001);
    await app.request('/api/overview');
    expect(statusReads).toBe(2);
  });

  // A redriven task stayed listed dead (with a Redrive button answering 409) and a pause did not show,
  // for up to --cache ms after the action.
  it('shows an action on the next read: a redrive and a pause are not hidden by the cache', async () => {
    const app = createDashboardApp(source);
    const deadOf = async (): Promise<string[]> =>
      ((await (await app.request('/api/dead')).json()) as { tasks: Array<{ taskId: string }> }).tasks.map((t) => t.taskId);
    const controlOf = async (): Promise<unknown> =>
      (
        (await (await app.request('/api/overview')).json()) as { labourers: Array<{ labourerId: string; control?: { state?: string } }> }
      ).labourers.find((l) => l.labourerId === 'w')?.control?.state;
    const [first] = await deadOf();
    expect(first).toBeDefined();
    expect(await controlOf()).not.toBe('paused');

    expect((await app.request(`/api/tasks/${first}/redrive`, { method: 'POST', headers: json, body: '{}' })).status).toBe(200);
    expect(await deadOf()).not.toContain(first);

    expect((await app.request('/api/labourers/w/pause', { method: 'POST', headers: json, body: '{"by":"ann"}' })).status).toBe(200);
    expect(await controlOf()).toBe('paused');
  });

  // Its "Why" panel said "No invocations yet" and "the Scavenger has not run yet" after they had.
  it("says the engines' decisions are not known here instead of claiming nothing happened", async () => {
    const page = await (await createDashboardApp(source).request('/')).text();
    expect(page).toContain('Not known here: the Orchestrator and the Scavenger run in another process');
    expect(page).not.toContain('No invocations yet');
    expect(page).not.toContain('has not run yet');
  });

  it('samples the charts only while a page was open in the last minute: an unwatched dashboard reads nothing', async () => {
    // Real-time ticks of 250 ms; the manual clock says how long ago the last view was.
    const sampled = projectDashboardSource(
      {
        ...f.runtime,
        projectName: f.runtime.projectName,
        jobs: f.runtime.jobs,
        status: () => {
          statusReads += 1;
          return f.runtime.status();
        },
      },
      { clock: f.clock, cacheMs: 250 },
    );
    const pause = () => new Promise((r) => setTimeout(r, 400));
    try {
      sampled.start();
      f.clock.advance(1000);
      await pause();
      expect(statusReads).toBeGreaterThanOrEqual(2);
      f.clock.advance(60_001);
      await pause();
      const idle = statusReads;
      f.clock.advance(1000);
      await pause();
      expect(statusReads).toBe(idle);
      await sampled.overview();
      f.clock.advance(1000);
      await pause();
      expect(statusReads).toBeGreaterThan(idle + 1);
    } finally {
      await sampled.close();
    }
  });

  it('explores, redrives in bulk and cancels through the same routes as the embedded dashboard', async () => {
    const app = createDashboardApp(source);
    const page = (await (await app.request('/api/explore?state=dead')).json()) as ExplorerPage;
    expect(page.total).toBe(2);
    const res = await app.request('/api/tasks/bulk', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'redrive', filter: { labourer: 'w' }, confirm: true }),
    });
    expect(await res.json()).toMatchObject({ confirmed: true, done: 2 });
    expect(await f.runtime.store.countClosed('w', false)).toBe(0);
    expect(((await (await app.request('/api/explore?state=dead')).json()) as ExplorerPage).total).toBe(0);
    expect((await app.request('/api/labourers/w/pause', { method: 'POST', headers: json, body: '{}' })).status).toBe(200);
    expect((await f.runtime.controls.active()).get('w')?.hold?.mode).toBe('paused');
  });
});
