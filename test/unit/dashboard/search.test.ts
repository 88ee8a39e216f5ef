/** Dashboard search by task id prefix: the API over every place a task can be, and the search box. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { DASHBOARD_JS } from '../../../src/dashboard/views/client-script.js';
import { overviewPage } from '../../../src/dashboard/views/page.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface SearchBody {
  prefix: string;
  tasks: Array<{ taskId: string; labourerId: string; state: string }>;
}

describe('GET /api/tasks?prefix=', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  let dead: string;
  let queued: string[];
  beforeAll(async () => {
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['bad']);
    f.clock.advance(100);
    await f.runtime.tickOnce();
    f.clock.advance(100_000);
    await f.runtime.tickOnce();
    dead = (await f.runtime.store.recentClosed('w', false, 1))[0]?.taskId ?? '';
    await scheduleItems(f.runtime, ['a', 'b', 'c'], 'v');
    queued = (await f.runtime.store.nextQueued('v', Number.MAX_SAFE_INTEGER, 10)).map((t) => t.taskId);
    app = createDashboardApp(f.source);
  });
  afterAll(async () => {
    await f.close();
  });

  const search = async (query: string): Promise<{ status: number; body: SearchBody }> => {
    const res = await app.request(`/api/tasks?${query}`);
    return { status: res.status, body: (await res.json()) as SearchBody };
  };

  it('finds a closed task and a queued one by the first characters of their ids', async () => {
    expect(dead).toMatch(/^[0-9a-f]{32}$/);
    const closed = await search(`prefix=${dead.slice(0, 6)}`);
    expect(closed.status).toBe(200);
    expect(closed.body.tasks).toContainEqual({ taskId: dead, labourerId: 'w', state: 'dead' });
    for (const match of closed.body.tasks) expect(match.taskId.startsWith(dead.slice(0, 6))).toBe(true);

    const first = queued[0] ?? '';
    const live = await search(`prefix=${first.slice(0, 8)}`);
    expect(live.body.tasks).toContainEqual({ taskId: first, labourerId: 'v', state: 'queued' });
  });

  it('returns every id with the prefix in id order, up to limit', async () => {
    const all = [dead, ...queued].sort();
    const everything = await search('prefix=0&limit=50');
    const byHex = await Promise.all('0123456789abcdef'.split('').map((h) => search(`prefix=${h}&limit=50`)));
    const found = byHex.flatMap((r) => r.body.tasks.map((t) => t.taskId));
    expect(found).toEqual(all);
    expect(everything.body.tasks.map((t) => t.taskId)).toEqual(all.filter((id) => id.startsWith('0')));
    const one = await search(`prefix=${dead.slice(0, 1)}&limit=1`);
    expect(one.body.tasks).toHaveLength(1);
  });

  it('answers an empty list for no match, and 400 for a bad prefix or limit', async () => {
    expect((await search('prefix=zzzz')).body.tasks).toEqual([]);
    for (const query of ['prefix=', 'prefix=a%25', 'limit=5', 'prefix=a&limit=0', 'prefix=a&limit=51']) {
      const res = await app.request(`/api/tasks?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('dashboard.invalidQuery');
    }
  });

  it('the search box asks the API and lists several matches', () => {
    const page = overviewPage('p', {});
    expect(page).toContain('id="find-results"');
    expect(DASHBOARD_JS).toContain("'/api/tasks?prefix=' + encodeURIComponent(text)");
  });
});
