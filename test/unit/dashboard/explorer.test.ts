import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import type { BulkOutcome } from '../../../src/dashboard/bulk-actions.js';
import type { ExplorerPage } from '../../../src/dashboard/task-explorer.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const json = { 'content-type': 'application/json' };
const DEAD = 12;

/** Tick until nothing is queued or running (the in-process workers finish at once). */
async function runToEnd(f: DashboardFixture): Promise<void> {
  for (let i = 0; i < 40; i++) {
    f.clock.advance(1000);
    await f.runtime.tickOnce();
    const status = await f.runtime.status();
    if (status.labourers.every((l) => l.queued + l.running + l.expired + l.reported + l.retrying === 0)) return;
  }
  throw new Error('the fixture did not settle');
}

describe('task explorer and bulk actions', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await app.request(path);
    return { status: res.status, body: (await res.json()) as T };
  };
  const bulk = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/api/tasks/bulk', { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    // Prepare: w ends with 5 succeeded and 12 dead tasks (one attempt each), v with 2 succeeded.
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['a', 'b', 'c', 'd', 'e', ...Array.from({ length: DEAD }, (_, i) => `bad${i}`)]);
    await scheduleItems(f.runtime, ['x', 'y'], 'v');
    await runToEnd(f);
  }, 30_000);
  afterAll(async () => {
    await f.close();
  });
  beforeEach(() => {
    app = createDashboardApp(f.source);
  });

  describe('GET /api/explore', () => {
    it('pages through every match with a cursor and a total, each task once', async () => {
      const seen: string[] = [];
      let path = '/api/explore?labourer=w&state=dead&limit=5';
      let pages = 0;
      let last: ExplorerPage | undefined;
      while (path !== '') {
        const { status, body } = await get<ExplorerPage>(path);
        expect(status).toBe(200);
        expect(body).toMatchObject({ total: DEAD, totalExact: true, offset: pages * 5 });
        seen.push(...body.tasks.map((t) => t.taskId));
        pages += 1;
        last = body;
        path = body.nextCursor === undefined ? '' : `/api/explore?labourer=w&state=dead&limit=5&cursor=${body.nextCursor}`;
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(DEAD);
      expect(last?.prevCursor).toBeDefined();
      const dead = await f.runtime.store.recentClosed('w', false, 100);
      expect(new Set(seen)).toEqual(new Set(dead.map((t) => t.taskId)));
    });

    it("keeps each dead task's failure and filters by state, labourer, prefix, job and time", async () => {
      const all = (await get<ExplorerPage>('/api/explore?limit=200')).body;
      expect(all.total).toBe(5 + DEAD + 2);
      const dead = all.tasks.filter((t) => t.state === 'dead');
      expect(dead).toHaveLength(DEAD);
      for (const t of dead) expect(t.error).toMatch(/^item bad\d+ always fails$/);
      expect(all.tasks.filter((t) => t.state === 'succeeded').every((t) => t.error === undefined)).toBe(true);

      const v = (await get<ExplorerPage>('/api/explore?labourer=v')).body;
      expect(v.tasks.map((t) => t.labourerId)).toEqual(['v', 'v']);

      const id = dead[0]?.taskId as string;
      const byPrefix = (await get<ExplorerPage>(`/api/explore?prefix=${id.slice(0, 6)}`)).body;
      expect(byPrefix.tasks.map((t) => t.taskId)).toContain(id);
      expect(byPrefix.tasks.every((t) => t.taskId.startsWith(id.slice(0, 6)))).toBe(true);

      expect((await get<ExplorerPage>('/api/explore?job=no-such-job')).body.total).toBe(0);
      expect((await get<ExplorerPage>('/api/explore?window=15m')).body.total).toBe(all.total);
      const future = Math.floor(f.clock.now() / 1000) + 10;
      expect((await get<ExplorerPage>(`/api/explore?since=${future}`)).body.total).toBe(0);
      expect((await get<ExplorerPage>(`/api/explore?until=${future}`)).body.total).toBe(all.total);
    });

    it('takes empty fields of the submitted form as no filter', async () => {
      const { status, body } = await get<ExplorerPage>('/api/explore?labourer=w&state=&job=&prefix=&window=&limit=200');
      expect(status).toBe(200);
      expect(body.tasks.every((t) => t.labourerId === 'w')).toBe(true);
      expect(body.total).toBe(5 + DEAD);
    });

    it('sorts by id, either way', async () => {
      const asc = (await get<ExplorerPage>('/api/explore?sort=id&order=asc&limit=200')).body.tasks.map((t) => t.taskId);
      const desc = (await get<ExplorerPage>('/api/explore?sort=id&order=desc&limit=200')).body.tasks.map((t) => t.taskId);
      expect(asc).toEqual([...asc].sort());
      expect(desc).toEqual([...asc].reverse());
    });

    it.each([
      ['state=zombie', 'state'],
      ['limit=1000', 'limit'],
      ['limit=0', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['labourer=nobody', 'labourer'],
      ['window=3y', 'window'],
      ['since=yesterday', 'since'],
      ['prefix=a%20b', 'prefix'],
      ['colour=red', 'colour'],
    ])('refuses %s naming the parameter', async (query, param) => {
      const { status, body } = await get<ErrorBody>(`/api/explore?${query}`);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'dashboard.invalidQuery', details: { param } });
    });

    it('renders the explorer page with "1–5 of 12", the filter kept in the page links', async () => {
      const res = await app.request('/explore?labourer=w&state=dead&limit=5');
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(html).toContain('1–5 of 12 tasks');
      expect(html).toMatch(
        /href="\/explore\?labourer=w&amp;state=dead&amp;sort=updated&amp;order=desc&amp;limit=5&amp;cursor=[^"]+" rel="next"/,
      );
      expect(html.match(/data-testid="explorer-row"/g)).toHaveLength(5);
      expect(html).toContain('<label for="f-state">State</label>');
    });
  });

  describe('task page', () => {
    it("shows each attempt with its outcome and the worker's error", async () => {
      const [dead] = await f.runtime.store.recentClosed('w', false, 1);
      const html = await (await app.request(`/tasks/${dead?.taskId}`)).text();
      expect(html).toContain('data-testid="attempts"');
      expect(html).toMatch(/data-outcome="failed">.*item bad\d+ always fails/s);
    });
  });

  describe('POST /api/tasks/bulk', () => {
    it('previews without confirm, then redrives the selection with an audit row per task and one for the action', async () => {
      const [a, b] = await f.runtime.store.recentClosed('w', false, 2);
      const [ok] = await f.runtime.store.recentClosed('w', true, 1);
      const ids = [a?.taskId, b?.taskId, ok?.taskId] as string[];
      f.clock.advance(1000);

      const preview = await bulk({ action: 'redrive', taskIds: ids });
      expect(preview.status).toBe(200);
      expect(await preview.json()).toMatchObject({ confirmed: false, matched: 3 });
      expect(await f.runtime.store.getClosed(ids[0] as string)).not.toBeNull();

      const res = await bulk({ action: 'redrive', taskIds: ids, confirm: true, by: 'alice' });
      const outcome = (await res.json()) as BulkOutcome;
      expect(outcome).toMatchObject({ confirmed: true, matched: 3, done: 2, skipped: [{ taskId: ok?.taskId, reason: 'notDead' }] });
      for (const id of ids.slice(0, 2)) {
        expect(await f.runtime.store.getClosed(id)).toBeNull();
        expect((await f.runtime.metaLog.forTask(id)).at(-1)).toMatchObject({
          action: 'redriven',
          author: 'alice',
          extra: { bulk_id: outcome.bulkId },
        });
      }
      expect(await f.runtime.metaLog.forTask(`bulk#${outcome.bulkId}`)).toMatchObject([
        { action: 'bulk_redriven', author: 'alice', extra: { matched: 3, done: 2, skipped: 1, task_ids: ids.slice(0, 2) } },
      ]);
    });

    it("redrives every dead task a filter matches, and the explorer's totals follow", async () => {
      const before = (await get<ExplorerPage>('/api/explore?labourer=w&state=dead')).body.total;
      expect(before).toBeGreaterThan(0);

      const preview = (await (await bulk({ action: 'redrive', filter: { labourer: 'w' } })).json()) as BulkOutcome;
      expect(preview).toMatchObject({ confirmed: false, matched: before });
      const done = (await (await bulk({ action: 'redrive', filter: { labourer: 'w' }, confirm: true })).json()) as BulkOutcome;

      expect(done).toMatchObject({ confirmed: true, matched: before, done: before, skipped: [] });
      expect((await get<ExplorerPage>('/api/explore?labourer=w&state=dead')).body.total).toBe(0);
      expect((await get<ExplorerPage>('/api/explore?labourer=w&state=queued')).body.total).toBeGreaterThanOrEqual(before);
      expect(await f.runtime.store.countClosed('w', false)).toBe(0);
    });

    it.each([
      [{ action: 'explode', taskIds: ['a'] }, 'action'],
      [{ action: 'redrive' }, 'taskIds'],
      [{ action: 'redrive', taskIds: ['a'], filter: {} }, 'taskIds'],
      [{ action: 'redrive', taskIds: [] }, 'taskIds'],
      [{ action: 'redrive', taskIds: ['bad id!'] }, 'taskIds.0'],
      [{ action: 'redrive', filter: { state: 'zombie' } }, 'filter.state'],
      [{ action: 'redrive', filter: { labourer: 'nobody' } }, 'filter.labourer'],
      [{ action: 'redrive', taskIds: ['a'], surprise: 1 }, ''],
    ])('refuses the body %j naming the field', async (body, param) => {
      const res = await bulk(body);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as ErrorBody).error;
      expect(error.code).toBe('dashboard.invalidQuery');
      if (param !== '') expect(error.details.param).toBe(param);
    });

    it('refuses a body that is not JSON, a POST of another type or origin', async () => {
      const notJson = await app.request('/api/tasks/bulk', { method: 'POST', headers: json, body: '{' });
      expect(notJson.status).toBe(400);
      const form = await app.request('/api/tasks/bulk', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
      expect(form.status).toBe(403);
      const foreign = await bulk({ action: 'redrive', taskIds: ['a'] }, { origin: 'https://evil.example', host: '127.0.0.1:8787' });
      expect(foreign.status).toBe(403);
    });
  });

  describe('token rule', () => {
    it('asks for the token on the explorer routes, the page answering with the login form', async () => {
      const guarded = createDashboardApp(f.source, { token: 'a-token-of-16-chars' });
      expect((await guarded.request('/api/explore')).status).toBe(401);
      const page = await guarded.request('/explore');
      expect(page.status).toBe(401);
      expect(await page.text()).toContain('<form');
      const post = await guarded.request('/api/tasks/bulk', {
        method: 'POST',
        headers: json,
        body: '{"action":"redrive","taskIds":["a"]}',
      });
      expect(post.status).toBe(401);
      const withToken = await guarded.request('/api/explore', { headers: { authorization: 'Bearer a-token-of-16-chars' } });
      expect(withToken.status).toBe(200);
    });
  });
});
