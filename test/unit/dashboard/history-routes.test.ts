import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { HISTORY_CACHE_MS } from '../../../src/dashboard/history-routes.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface ErrorBody {
  error: { code: string; details: Record<string, unknown> };
}
interface Point {
  minute: number;
  queued: number | null;
  invoked: number;
  completed: number;
  failed: number;
  dead: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}
interface Body {
  range: string;
  from: number;
  to: number;
  labourers: Record<string, Point[]>;
}

const sum = (points: readonly Point[], field: 'invoked' | 'completed' | 'dead'): number => points.reduce((n, p) => n + p[field], 0);

describe('GET /api/history', () => {
  let f: DashboardFixture;

  beforeEach(async () => {
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['a', 'b', 'bad1']);
    for (let i = 0; i < 6; i++) {
      f.clock.advance(20_000);
      await f.runtime.tickOnce();
    }
  });
  afterEach(async () => {
    await f.close();
  });

  it('answers one point per minute of the range from the stored rollups, every labourer by default', async () => {
    const app = createDashboardApp(f.source);
    const res = await app.request('/api/history');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.range).toBe('1h');
    expect(body.labourers.w).toHaveLength(60);
    expect(body.labourers.v).toHaveLength(60);
    const w = body.labourers.w ?? [];
    expect(sum(w, 'invoked')).toBe(f.runtime.metrics.total('invoked', 'w'));
    expect(sum(w, 'completed')).toBe(2);
    expect(sum(w, 'dead')).toBe(1);
    expect(w.some((p) => p.latencyP95Ms !== null)).toBe(true);
    expect(w.at(-1)?.queued).toBe(0);
    expect(body.to - body.from).toBe(3600);
  });

  it('narrows to one labourer and to each range the picker offers', async () => {
    const app = createDashboardApp(f.source);
    for (const [range, minutes] of [
      ['15m', 15],
      ['1h', 60],
      ['6h', 360],
      ['24h', 1440],
    ] as const) {
      const body = (await (await app.request(`/api/history?range=${range}&labourer=w`)).json()) as Body;
      expect(Object.keys(body.labourers)).toEqual(['w']);
      expect(body.labourers.w).toHaveLength(minutes);
    }
  });

  it('refuses bad input with a coded 400 naming the parameter', async () => {
    const app = createDashboardApp(f.source);
    for (const [query, param] of [
      ['range=2h', 'range'],
      ['range=', 'range'],
      ['labourer=nobody', 'labourer'],
      ['labourer=', 'labourer'],
      ['since=1', 'since'],
    ] as const) {
      const res = await app.request(`/api/history?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('dashboard.invalidQuery');
      expect(body.error.details.param).toBe(param);
    }
  });

  it('needs the token like every other route', async () => {
    const app = createDashboardApp(f.source, { token: 'secret-token-1234' });
    const refused = await app.request('/api/history');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('dashboard.unauthorized');
    const ok = await app.request('/api/history', { headers: { authorization: 'Bearer secret-token-1234' } });
    expect(ok.status).toBe(200);
  });

  it('reuses a read for a while, then reads the store again', async () => {
    const app = createDashboardApp(f.source);
    const before = (await (await app.request('/api/history?range=15m&labourer=w')).json()) as Body;
    await scheduleItems(f.runtime, ['c']);
    await f.runtime.tickOnce();
    const cached = (await (await app.request('/api/history?range=15m&labourer=w')).json()) as Body;
    expect(sum(cached.labourers.w ?? [], 'invoked')).toBe(sum(before.labourers.w ?? [], 'invoked'));
    f.clock.advance(HISTORY_CACHE_MS + 1);
    await f.runtime.tickOnce();
    const fresh = (await (await app.request('/api/history?range=15m&labourer=w')).json()) as Body;
    expect(sum(fresh.labourers.w ?? [], 'invoked')).toBe(sum(before.labourers.w ?? [], 'invoked') + 1);
  });

  it('answers 404 where the backend keeps no history', async () => {
    const app = createDashboardApp({ ...f.source, history: undefined });
    const res = await app.request('/api/history');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe('dashboard.notFound');
  });
});

describe('History panel', () => {
  it('puts a keyboard-usable range picker on the overview and serves the charts of a range', async () => {
    const f = await createDashboardFixture();
    try {
      await scheduleItems(f.runtime, ['a']);
      await f.runtime.tickOnce();
      const app = createDashboardApp(f.source);
      const page = await (await app.request('/')).text();
      expect(page).toContain('<fieldset class="ranges"><legend>Time range</legend>');
      expect(page.match(/type="radio" name="history-range"/g)).toHaveLength(4);
      const res = await app.request('/api/history/section?range=6h');
      const body = (await res.json()) as { range: string; html: string };
      expect(body.range).toBe('6h');
      for (const id of ['history-queue', 'history-throughput', 'history-failures', 'history-latency'])
        expect(body.html).toContain(`data-testid="${id}"`);
      expect((await app.request('/api/history/section?range=7d')).status).toBe(400);
    } finally {
      await f.close();
    }
  });
});
