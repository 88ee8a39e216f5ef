import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { sameToken, TOKEN_COOKIE } from '../../../src/dashboard/auth.js';
import type { DashboardSource } from '../../../src/dashboard/source.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

const TOKEN = 'correct-horse-battery-staple';

describe('dashboard token rule', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  beforeAll(async () => {
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['bad']);
    f.clock.advance(100);
    await f.runtime.tickOnce();
    app = createDashboardApp(f.source, { token: TOKEN });
  });
  afterAll(async () => {
    await f.close();
  });

  it.each(['/api/overview', '/api/dead', '/api/events', '/metrics'])('refuses %s without the token with a coded 401', async (path) => {
    const res = await app.request(path);

    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('dashboard.unauthorized');
  });

  it('accepts the token as a bearer token or in x-sosw-token, and refuses a wrong one', async () => {
    const bearer = await app.request('/api/overview', { headers: { authorization: `Bearer ${TOKEN}` } });
    const header = await app.request('/metrics', { headers: { 'x-sosw-token': TOKEN } });
    const wrong = await app.request('/api/overview', { headers: { authorization: 'Bearer nope' } });

    expect(bearer.status).toBe(200);
    expect(header.status).toBe(200);
    expect(wrong.status).toBe(401);
  });

  it('asks a browser for the token, then keeps it in an HttpOnly cookie', async () => {
    const login = await app.request('/');
    const wrong = await app.request('/?token=nope');
    const right = await app.request(`/?token=${TOKEN}`);
    const cookie = right.headers.get('set-cookie') ?? '';
    const page = await app.request('/', { headers: { cookie: cookie.split(';')[0] ?? '' } });

    expect(login.status).toBe(401);
    expect(await login.text()).toContain('name="token"');
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/');
    expect(cookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=${TOKEN};.*HttpOnly.*SameSite=Strict`, 'i'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="labourer-w"');
  });

  it('needs the token to redrive, and serves the assets without it', async () => {
    const [dead] = await f.runtime.store.recentClosed('w', false, 1);
    const path = `/api/tasks/${dead?.taskId}/redrive`;

    const refused = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const allowed = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sosw-token': TOKEN },
      body: '{}',
    });
    const css = await app.request('/assets/dashboard.css');

    expect(refused.status).toBe(401);
    expect(allowed.status).toBe(200);
    expect(css.status).toBe(200);
  });
});

describe('sameToken', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', 'a', false],
  ])('compares %j with %j: %s', (a, b, equal) => {
    expect(sameToken(a, b)).toBe(equal);
  });
});

describe('dashboard errors', () => {
  it('answers a failing source with a coded 500', async () => {
    const broken = {
      projectName: 'broken',
      labourerIds: () => [],
      overview: () => Promise.reject(new Error('disk on fire')),
    } as unknown as DashboardSource;

    const res = await createDashboardApp(broken).request('/api/overview');

    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: 'disk on fire', details: {} } });
  });
});
