import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const json = { 'content-type': 'application/json' };

describe('createDashboardApp', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;

  beforeEach(async () => {
    // Prepare: w has 3 done and 1 dead ('bad', one attempt); v has one task waiting for a retry.
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['a', 'bad', 'c', 'd']);
    await scheduleItems(f.runtime, ['x', 'bad'], 'v');
    f.clock.advance(100);
    await f.runtime.tickOnce();
    f.clock.advance(1000);
    await f.runtime.tickOnce();
    app = createDashboardApp(f.source);
  });
  afterEach(async () => {
    await f.close();
  });

  async function deadId(): Promise<string> {
    const [dead] = await f.runtime.store.recentClosed('w', false, 1);
    return dead?.taskId as string;
  }

  describe('GET /api/overview and /api/labourers', () => {
    it('answers every labourer with the counts the store holds', async () => {
      const res = await app.request('/api/overview');
      const body = (await res.json()) as { project: string; labourers: Array<Record<string, number | string>> };

      expect(res.status).toBe(200);
      expect(body.project).toBe('dashboard test');
      const w = body.labourers.find((l) => l.labourerId === 'w');
      expect(w).toMatchObject({
        completed: await f.runtime.store.countClosed('w', true),
        dead: await f.runtime.store.countClosed('w', false),
        queued: 0,
        running: 0,
        cap: 2,
        allowedNow: 2,
        health: 4,
        healthName: 'High',
      });
      const v = body.labourers.find((l) => l.labourerId === 'v');
      expect(v).toMatchObject({ retrying: await f.runtime.store.countRetries('v'), rateLimit: { invocations: 10, per: 'second' } });
    });

    it('counts allowedNow as the Orchestrator would: 0 while paused, within a pinned max, and shows pinned', async () => {
      const w = async () =>
        ((await (await app.request('/api/labourers')).json()) as { labourers: Array<Record<string, unknown>> }).labourers.find(
          (l) => l.labourerId === 'w',
        );
      await f.runtime.controls.pause('w', { by: 'alice' });
      expect(await w()).toMatchObject({ allowedNow: 0, control: { state: 'paused', badge: 'paused' } });
      await f.runtime.controls.resume('w', { by: 'alice' });
      await f.runtime.controls.limit('w', { by: 'alice', max: 1, for: '1h' });
      f.clock.advance(1000); // past the status cache
      expect(await w()).toMatchObject({ allowedNow: 1, control: { state: 'active', badge: 'pinned', pinned: true } });
      const card = ((await (await app.request('/api/sections')).json()) as { sections: Record<string, string> }).sections.labourers;
      expect(card).toMatch(/data-testid="labourer-w"[\s\S]*?data-testid="allowed">1<[\s\S]*?data-testid="control-state">pinned</);
    });

    it('lists the labourers and refuses unknown parameters by name', async () => {
      const ok = (await (await app.request('/api/labourers')).json()) as { labourers: unknown[] };
      const bad = await app.request('/api/labourers?colour=red');

      expect(ok.labourers).toHaveLength(2);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).error).toMatchObject({ code: 'dashboard.invalidQuery', details: { param: 'colour' } });
    });
  });

  describe('GET /api/series', () => {
    it('answers the samples since a moment, for one labourer or all', async () => {
      await f.source.sampler.sample();
      f.clock.advance(1000);
      await f.source.sampler.sample();

      const all = (await (await app.request('/api/series')).json()) as { points: Array<{ at: number; labourers: object }> };
      const since = (await (await app.request(`/api/series?since=${f.clock.now()}&labourer=w`)).json()) as typeof all;

      expect(all.points).toHaveLength(2);
      expect(Object.keys(all.points[0]?.labourers ?? {})).toEqual(['w', 'v']);
      expect(since.points).toHaveLength(1);
      expect(Object.keys(since.points[0]?.labourers ?? {})).toEqual(['w']);
    });

    it.each([
      ['since=yesterday', 'since'],
      ['since=-5', 'since'],
      ['labourer=nobody', 'labourer'],
    ])('refuses %s with a 400 naming %s', async (query, param) => {
      const res = await app.request(`/api/series?${query}`);

      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'dashboard.invalidQuery', details: { param } });
    });
  });

  describe('GET /api/jobs', () => {
    it('answers progress per labourer and the jobs this process queued', async () => {
      const body = (await (await app.request('/api/jobs')).json()) as {
        labourers: unknown[];
        jobs: Array<Record<string, unknown>>;
        note: string;
      };

      expect(body.labourers).toContainEqual({ labourerId: 'w', total: 4, done: 4, dead: 1, etaSeconds: 0 });
      expect(body.jobs).toHaveLength(2);
      expect(body.jobs.find((j) => j.labourerId === 'w')).toMatchObject({
        total: 4,
        queuedRows: 4,
        queueingDone: true,
        closed: 4,
        dead: 1,
      });
      // The embedded SQLite store keeps job records: the note must not deny them.
      expect(body.note).not.toContain('no job record');
      expect(body.note).toContain('keeps job records');
      expect(body).toHaveProperty('records.jobs');
    });
  });

  describe('GET /api/tasks/:id', () => {
    it('answers the task with its audit trail, oldest first', async () => {
      const id = await deadId();

      const res = await app.request(`/api/tasks/${id}`);
      const body = (await res.json()) as { state: string; audit: Array<{ action: string }> };

      expect(res.status).toBe(200);
      expect(body.state).toBe('dead');
      expect(body.audit.map((e) => e.action)).toEqual(['created', 'invoked', 'marked_as_failed', 'archived_dead']);
    });

    it('answers 404 for an unknown task and 400 for an id that cannot be one', async () => {
      const missing = await app.request('/api/tasks/0123456789abcdef0123456789abcdef');
      const bad = await app.request('/api/tasks/not%20an%20id!');

      expect(missing.status).toBe(404);
      expect(((await missing.json()) as ErrorBody).error.code).toBe('task.notFound');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).error).toMatchObject({ code: 'dashboard.invalidQuery', details: { param: 'taskId' } });
    });
  });

  describe('GET /api/dead, /api/retries, /api/decisions', () => {
    it('lists dead tasks, retries with their due time and the latest decisions', async () => {
      const dead = (await (await app.request('/api/dead')).json()) as { tasks: Array<{ taskId: string }> };
      const retries = (await (await app.request('/api/retries?labourer=v')).json()) as {
        tasks: Array<{ labourerId: string; dueAt: number }>;
      };
      const decisions = (await (await app.request('/api/decisions?labourer=w&limit=1')).json()) as {
        orchestrator: Array<{ labourerId: string; tick: number; reason: string }>;
        scavenger: Array<{ summary: string }>;
      };

      expect(dead.tasks.map((t) => t.taskId)).toEqual([await deadId()]);
      expect(retries.tasks).toHaveLength(1);
      expect(retries.tasks[0]?.dueAt).toBeGreaterThan(0);
      expect(decisions.orchestrator).toEqual([expect.objectContaining({ labourerId: 'w', tick: 2 })]);
      expect(decisions.orchestrator[0]?.reason).toContain('invoked 2 of 2 wanted');
      expect(decisions.scavenger[0]?.summary).toBe('w: archived 2 completed tasks.');
    });

    it.each([
      ['/api/dead?limit=0', 'limit'],
      ['/api/dead?limit=501', 'limit'],
      ['/api/retries?limit=ten', 'limit'],
      ['/api/retries?labourer=', 'labourer'],
      ['/api/decisions?labourer=ghost', 'labourer'],
      ['/api/decisions?offset=3', 'offset'],
    ])('refuses %s with a 400 naming %s', async (path, param) => {
      const res = await app.request(path);

      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'dashboard.invalidQuery', details: { param } });
    });
  });

  describe('POST /api/tasks/:id/redrive', () => {
    it('puts a dead task back in the queue and audits it', async () => {
      const id = await deadId();

      const res = await app.request(`/api/tasks/${id}/redrive`, { method: 'POST', headers: json, body: '{}' });

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ redriven: true, taskId: id, labourerId: 'w' });
      expect(await f.runtime.store.getClosed(id)).toBeNull();
      expect((await f.runtime.store.get(id))?.attempts).toBe(0);
      expect((await f.runtime.metaLog.forTask(id)).at(-1)).toMatchObject({ action: 'redriven', author: 'sosw_dashboard' });
    });

    // The body was never read: 'nope' and {"x":1} redrove, and {"by":"alice"} was ignored in the audit row.
    it('takes {by} as the audit author and refuses any other body, redriving nothing', async () => {
      const id = await deadId();
      for (const [body, field] of [
        ['nope', 'body'],
        ['{"x":1}', 'x'],
        ['[1]', 'body'],
      ] as const) {
        const res = await app.request(`/api/tasks/${id}/redrive`, { method: 'POST', headers: json, body });
        expect(res.status, body).toBe(400);
        expect(((await res.json()) as ErrorBody).error.details).toMatchObject({ field });
      }
      expect(await f.runtime.store.getClosed(id)).not.toBeNull();

      const res = await app.request(`/api/tasks/${id}/redrive`, { method: 'POST', headers: json, body: '{"by":"alice"}' });
      expect(res.status).toBe(200);
      expect((await f.runtime.metaLog.forTask(id)).at(-1)).toMatchObject({ action: 'redriven', author: 'alice' });
    });

    it('answers 409 for a task that is not dead and 404 for an unknown one', async () => {
      const [done] = await f.runtime.store.recentClosed('w', true, 1);

      const notDead = await app.request(`/api/tasks/${done?.taskId}/redrive`, { method: 'POST', headers: json, body: '{}' });
      const unknown = await app.request('/api/tasks/ffffffffffffffffffffffffffffffff/redrive', {
        method: 'POST',
        headers: json,
        body: '{}',
      });

      expect(notDead.status).toBe(409);
      expect(((await notDead.json()) as ErrorBody).error.code).toBe('task.notDead');
      expect(unknown.status).toBe(404);
    });

    it('refuses a POST that is not JSON or comes from another origin', async () => {
      const id = await deadId();

      const form = await app.request(`/api/tasks/${id}/redrive`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
      const foreign = await app.request(`http://127.0.0.1:8787/api/tasks/${id}/redrive`, {
        method: 'POST',
        headers: { ...json, origin: 'http://evil.example', host: '127.0.0.1:8787' },
        body: '{}',
      });

      expect(form.status).toBe(403);
      expect(foreign.status).toBe(403);
      expect(((await foreign.json()) as ErrorBody).error).toMatchObject({ code: 'dashboard.forbidden', details: { header: 'origin' } });
      expect(await f.runtime.store.getClosed(id)).not.toBeNull();
    });
  });

  describe('GET /api/sections and /api/events', () => {
    it('renders the page sections as HTML', async () => {
      const body = (await (await app.request('/api/sections')).json()) as { sections: Record<string, string> };

      expect(Object.keys(body.sections).sort()).toEqual(['charts', 'dead', 'decisions', 'jobs', 'labourers', 'retries', 'status']);
      expect(body.sections.labourers).toContain('data-testid="labourer-w"');
      expect(body.sections.dead).toContain(await deadId());
    });

    it('streams updates as Server-Sent Events', async () => {
      const res = await app.request('/api/events?interval=250');
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();

      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(first).toContain('event: update');
      expect(first).toContain('"sections"');
    });

    it('refuses an interval below 250 ms', async () => {
      const res = await app.request('/api/events?interval=10');

      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).error.details.param).toBe('interval');
    });
  });

  describe('GET /metrics', () => {
    it('answers Prometheus text with per-labourer counters and gauges', async () => {
      const res = await app.request('/metrics');
      const text = await res.text();

      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(text).toContain('# TYPE sosw_tasks_completed_total counter');
      expect(text).toContain(`sosw_tasks_completed_total{labourer="w"} ${f.runtime.metrics.total('completed', 'w')}`);
      expect(text).toContain('sosw_tasks_dead_total{labourer="w"} 1');
      expect(text).toContain(`sosw_tasks_retrying{labourer="v"} ${await f.runtime.store.countRetries('v')}`);
      expect(text).toContain('sosw_dispatch_latency_seconds_count{labourer="w"} 4');
    });
  });

  describe('pages and assets', () => {
    it('renders the overview page with the labourers, and the task page with its audit trail', async () => {
      const page = await app.request('/');
      const task = await app.request(`/tasks/${await deadId()}`);

      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      // The documented policy is the one sent.
      const doc = readFileSync(new URL('../../../docs/dashboard.md', import.meta.url), 'utf8');
      expect(doc).toContain(`Content-Security-Policy: ${page.headers.get('content-security-policy')}`);
      const html = await page.text();
      expect(html).toContain('<script src="/assets/dashboard.js">');
      expect(html).toMatch(/data-testid="labourer-w"[\s\S]*data-testid="completed">3</);
      expect(await task.text()).toContain('archived_dead');
    });

    it('serves its own script and stylesheet, and answers unknown routes with a coded 404', async () => {
      const js = await app.request('/assets/dashboard.js');
      const css = await app.request('/assets/dashboard.css');
      const missing = await app.request('/api/nothing');

      expect(js.headers.get('content-type')).toContain('text/javascript');
      expect(await js.text()).toContain('EventSource');
      expect(css.headers.get('content-type')).toContain('text/css');
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as ErrorBody).error.code).toBe('dashboard.notFound');
    });
  });
});
