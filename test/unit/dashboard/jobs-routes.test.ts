import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { createDashboardFixture, type DashboardFixture } from './runtime-fixture.js';

interface ErrorBody {
  error: { code: string; details: Record<string, unknown> };
}

const json = { 'content-type': 'application/json' };

describe('jobs view and routes', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  const cancel = (jobId: string, body: unknown = {}) =>
    app.request(`/api/jobs/${jobId}/cancel`, { method: 'POST', headers: json, body: JSON.stringify(body) });

  beforeEach(async () => {
    // Prepare: job-done runs to its end (one dead task: failed); job-open is queued, not dispatched.
    f = await createDashboardFixture();
    await f.runtime.schedule({ lambda_name: 'w', job_id: 'job-done', items: ['a', 'bad1'], isolate_items: true });
    for (let i = 0; i < 6; i++) {
      f.clock.advance(1000);
      await f.runtime.tickOnce();
    }
    await f.runtime.schedule({ lambda_name: 'v', job_id: 'job-open', items: ['x', 'y', 'z'], isolate_items: true });
    app = createDashboardApp(f.source);
  });
  afterEach(async () => {
    await f.close();
  });

  it('lists job records with state and counters, filtered by state', async () => {
    const body = (await (await app.request('/api/jobs')).json()) as {
      records: { jobs: Array<Record<string, unknown>> };
      labourers: unknown[];
    };
    expect(body.labourers).toHaveLength(2);
    const byId = new Map(body.records.jobs.map((j) => [j.jobId, j]));
    expect(byId.get('job-done')).toMatchObject({ labourerId: 'w', planned: 2, completed: 1, dead: 1, state: 'failed' });
    expect(byId.get('job-open')).toMatchObject({ labourerId: 'v', planned: 3, state: 'running' });
    const running = (await (await app.request('/api/jobs?state=running')).json()) as typeof body;
    expect(running.records.jobs.map((j) => j.jobId)).toEqual(['job-open']);
  });

  it('answers one job with a recount of its tasks', async () => {
    const res = await app.request('/api/jobs/job-open');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job: { jobId: 'job-open' }, tasks: { queued: 3, completed: 0, dead: 0 } });
  });

  it('cancels an unfinished job once (idempotent), refuses a finished one, and audits the closed tasks', async () => {
    const first = await cancel('job-open', { by: 'alice' });
    expect(first.status).toBe(200);
    const outcome = (await first.json()) as { job: { state: string; cancelled: number }; closed: string[]; alreadyCancelled: boolean };
    expect(outcome).toMatchObject({ job: { state: 'cancelled', cancelled: 3 }, alreadyCancelled: false });
    expect(outcome.closed).toHaveLength(3);
    expect(await (await cancel('job-open')).json()).toMatchObject({ alreadyCancelled: true, closed: [] });

    const finished = await cancel('job-done');
    expect(finished.status).toBe(409);
    expect(((await finished.json()) as ErrorBody).error.code).toBe('job.finished');
    expect((await app.request('/api/jobs/job-open')).status).toBe(200);
    expect(await f.runtime.store.countQueued('v', Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it.each([
    ['/api/jobs?state=zombie', 400, 'dashboard.invalidQuery'],
    ['/api/jobs?limit=0', 400, 'dashboard.invalidQuery'],
    ['/api/jobs?labourer=nobody', 400, 'dashboard.invalidQuery'],
    ['/api/jobs?colour=red', 400, 'dashboard.invalidQuery'],
    ['/api/jobs/no-such-job', 404, 'job.notFound'],
    ['/api/jobs/bad%20id', 400, 'dashboard.invalidQuery'],
  ])('GET %s answers %i %s', async (path, status, code) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(((await res.json()) as ErrorBody).error.code).toBe(code);
  });

  it('refuses cancels that are unknown, badly formed, cross-origin or without the token', async () => {
    expect((await cancel('no-such-job')).status).toBe(404);
    expect((await cancel('job-open', { by: 7 })).status).toBe(400);
    const foreign = await app.request('/api/jobs/job-open/cancel', {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example', host: '127.0.0.1:8787' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const guarded = createDashboardApp(f.source, { token: 'a-token-of-16-chars' });
    expect((await guarded.request('/api/jobs/job-open/cancel', { method: 'POST', headers: json, body: '{}' })).status).toBe(401);
    expect((await guarded.request('/jobs')).status).toBe(401);
    expect((await f.runtime.jobs.get('job-open')).job.state).toBe('running');
  });

  it('renders the jobs page with progress, state and a cancel button for unfinished jobs only', async () => {
    const html = await (await app.request('/jobs')).text();
    expect(html).toContain('data-job-id="job-open" data-state="running"');
    expect(html).toContain('data-cancel-job="job-open"');
    expect(html).not.toContain('data-cancel-job="job-done"');
    expect(html).toContain('2 of 2 closed (100%), 1 dead');
    expect(html).toContain('aria-current="page">Jobs');
  });

  it('exports job gauges on /metrics', async () => {
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('sosw_jobs{state="failed"} 1');
    expect(text).toContain('sosw_jobs{state="running"} 1');
    expect(text).toContain('sosw_job_progress_ratio{job_id="job-open",labourer="v"} 0');
  });
});
