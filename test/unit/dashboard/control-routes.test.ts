import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { DASHBOARD_JS } from '../../../src/dashboard/views/client-script.js';
import { CONTROL_BODY_JS } from '../../../src/dashboard/views/control-body-script.js';
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

type Ask = { prompt: (text: string, initial?: string) => string | null; confirm: (text: string) => boolean };
type ControlBody = (verb: string, labourer: string, ask: Ask) => Record<string, unknown> | null;
/** The page's body builder, from the very text the page's script embeds. */
const controlBody = new Function(`${CONTROL_BODY_JS}\nreturn controlBody;`)() as ControlBody;

function answers(...replies: Array<string | null>): Ask & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    prompt: (text) => {
      asked.push(text);
      return replies.shift() ?? null;
    },
    confirm: (text) => {
      asked.push(text);
      return true;
    },
  };
}

describe('the page control buttons against the routes', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  beforeEach(async () => {
    f = await createDashboardFixture();
    app = createDashboardApp(f.source);
  });
  afterEach(async () => {
    await f.close();
  });
  const post = (path: string, body: unknown, raw?: string) =>
    app.request(path, { method: 'POST', headers: json, body: raw ?? JSON.stringify(body) });
  const error = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

  it('embeds the body builder in the served script and uses it for every control button', () => {
    expect(DASHBOARD_JS).toContain(CONTROL_BODY_JS);
    expect(DASHBOARD_JS).toContain('controlBody(verb, labourer, window)');
  });

  it('pins a limit with what the Pin limit button sends: it asks for the max and for how long', async () => {
    const ask = answers(' 1 ', '30m');
    const body = controlBody('limit', 'w', ask);

    const res = await post('/api/labourers/w/limit', body);

    expect(ask.asked).toHaveLength(2);
    expect(ask.asked[1]).toContain('how long');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ verb: 'limit', hold: null, pin: { max: 1, by: 'sosw_dashboard' } });
    expect(controlBody('limit', 'w', answers('1', null))).toBeNull();
    expect(controlBody('limit', 'w', answers(null))).toBeNull();
  });

  it.each(['pause', 'drain', 'resume', 'unpin'])('%s: the body the page sends is accepted', async (verb) => {
    await post('/api/labourers/w/limit', { max: 1, for: '1h' });
    const body = controlBody(verb, 'w', answers());

    const res = await post(`/api/labourers/w/${verb === 'unpin' ? 'limit' : verb}`, body);

    expect(res.status).toBe(200);
  });

  it.each([
    ['limit', { clear: true, max: 1, for: '1h' }, 'max'],
    ['limit', { clear: true, rate: '5/s' }, 'rate'],
    ['limit', { clear: true, for: '1h' }, 'for'],
    ['limit', { max: 1 }, 'for'],
    ['limit', { for: '1h' }, 'max'],
    ['pause', { max: 2 }, 'max'],
    ['pause', { clear: true }, 'clear'],
    ['resume', { for: '1h' }, 'for'],
    ['drain', { rate: '1/s' }, 'rate'],
  ])('%s refuses the contradictory body %j naming %s', async (verb, body, field) => {
    const res = await post(`/api/labourers/w/${verb}`, body);

    expect(res.status).toBe(400);
    const e = await error(res);
    expect(e).toMatchObject({ code: 'control.invalid', details: { field, verb } });
    expect(e.message).toContain(`Invalid ${field}:`);
    expect(await f.runtime.controls.active()).toEqual(new Map(f.runtime.labourers.map((l) => [l.id, { hold: null, pin: null }])));
  });

  it.each([
    ['an unknown key', '{"bogus":1}', 'bogus', 'is not a known field'],
    ['a body that is not JSON', 'max=2', 'body', 'not valid JSON'],
    ['a JSON array', '[1]', 'body', 'expected a JSON object, received an array'],
    ['a JSON string', '"x"', 'body', 'expected a JSON object, received a string'],
    ['a field of the wrong type', '{"clear":"yes"}', 'clear', 'must be true or false'],
  ])('refuses %s with a coded 400 naming the field', async (_, raw, field, text) => {
    const res = await post('/api/labourers/w/pause', undefined, raw);

    expect(res.status).toBe(400);
    const e = await error(res);
    expect(e).toMatchObject({ code: 'dashboard.invalidQuery', details: { field, param: field } });
    expect(e.message).toContain(text);
    expect(e.message).not.toMatch(/Unrecognized|Invalid input|received string\b/);
  });

  it('refuses query parameters on a control POST', async () => {
    const res = await post('/api/labourers/w/pause?x=1', {});

    expect(res.status).toBe(400);
    expect(await error(res)).toMatchObject({ code: 'dashboard.invalidQuery', details: { param: 'x' } });
  });

  it('answers only what is in force: an expired pause is not reported as the hold', async () => {
    const pause = await post('/api/labourers/w/pause', { for: '1s' });
    expect(await pause.json()).toMatchObject({ hold: { mode: 'paused' } });
    f.clock.advance(2000);

    const res = await post('/api/labourers/w/limit', { max: 1, for: '1h' });

    expect(await res.json()).toMatchObject({ hold: null, pin: { max: 1 } });
  });
});
