import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { createDashboardFixture, type DashboardFixture } from './runtime-fixture.js';

const json = { 'content-type': 'application/json' };

describe('POST /api/labourers/:id/{pause,resume,drain,limit}', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  beforeEach(async () => {
    f = await createDashboardFixture();
    app = createDashboardApp(f.source, { token: 'secret' });
  });
  afterEach(async () => {
    await f.close();
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { ...json, authorization: 'Bearer secret', ...headers }, body: JSON.stringify(body) });

  it('pauses and resumes a labourer, audited with who and why', async () => {
    const res = await post('/api/labourers/w/pause', { by: 'alice', for: '30m', reason: 'db migration' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      labourerId: 'w',
      verb: 'pause',
      hold: { mode: 'paused', by: 'alice', reason: 'db migration' },
    });
    expect((await post('/api/labourers/w/resume', {})).status).toBe(200);
    expect((await f.runtime.metaLog.forTask('control#w')).map((r) => [r.action, r.author])).toEqual([
      ['paused', 'alice'],
      ['resumed', 'sosw_dashboard'],
    ]);
  });

  it('answers coded errors: unknown labourer 404, bad pin 400, no token 401, other origin 403', async () => {
    expect((await post('/api/labourers/nope/drain', {})).status).toBe(404);
    const bad = await post('/api/labourers/w/limit', { max: 100_000, for: '1h' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('control.invalid');
    const anonymous = await app.request('/api/labourers/w/pause', { method: 'POST', headers: json, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect((await post('/api/labourers/w/pause', {}, { origin: 'https://evil.example', host: '127.0.0.1:8787' })).status).toBe(403);
    expect(await f.runtime.controls.active()).toEqual(
      new Map([...f.runtime.labourers.map((l) => [l.id, { hold: null, pin: null }] as const)]),
    );
  });
});
