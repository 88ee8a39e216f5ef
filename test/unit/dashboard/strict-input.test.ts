/** Every bad query or body gets a coded 400 naming the parameter or field, in plain words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import { createDashboardFixture, type DashboardFixture, scheduleItems } from './runtime-fixture.js';

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const json = { 'content-type': 'application/json' };
/** zod's own wording, which must never reach a user. */
const RAW_ZOD = /Invalid input|Too small|Too big|Unrecognized key|expected string to have/;

describe('strict query parameters and bodies', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  let taskId: string;
  beforeAll(async () => {
    f = await createDashboardFixture();
    await scheduleItems(f.runtime, ['a']);
    await f.runtime.schedule({ lambda_name: 'v', job_id: 'job-1', items: ['x'], isolate_items: true });
    taskId = (await f.runtime.store.nextQueued('w', Number.MAX_SAFE_INTEGER, 1))[0]?.taskId as string;
    app = createDashboardApp(f.source);
  });
  afterAll(async () => {
    await f.close();
  });
  const refusal = async (res: Response): Promise<ErrorBody['error']> => {
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('dashboard.invalidQuery');
    expect(error.message).not.toMatch(RAW_ZOD);
    return error;
  };

  it.each([
    ['/api/overview?x=1', 'x'],
    ['/api/overview?labourer=nope', 'labourer'],
    ['/api/jobs/job-1?x=1', 'x'],
    ['/metrics?x=1', 'x'],
    ['/healthz?x=1', 'x'],
  ])('refuses the unknown parameter of %s', async (path, param) => {
    expect((await refusal(await app.request(path))).details).toMatchObject({ param, problem: 'is not a known parameter' });
  });

  it('refuses unknown parameters on a task and on a redrive', async () => {
    expect((await refusal(await app.request(`/api/tasks/${taskId}?x=1`))).details.param).toBe('x');
    const redrive = await app.request(`/api/tasks/${taskId}/redrive?x=1`, { method: 'POST', headers: json, body: '{}' });
    expect((await refusal(redrive)).details.param).toBe('x');
  });

  it.each([
    ['/api/dead?limit=10&limit=20', 'limit'],
    ['/api/explore?state=dead&state=queued', 'state'],
    ['/api/overview?x=1&x=2', 'x'],
  ])('refuses the repeated parameter of %s', async (path, param) => {
    const error = await refusal(await app.request(path));
    expect(error.details.param).toBe(param);
    expect(error.message).toContain('give it once');
  });

  it('refuses since after until, on the explorer and in a bulk filter', async () => {
    const explore = await refusal(await app.request('/api/explore?since=10&until=5'));
    expect(explore.details.param).toBe('since');
    expect(explore.message).toContain('must not be after until');
    const bulk = await app.request('/api/tasks/bulk', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ action: 'redrive', filter: { since: 10, until: 5 } }),
    });
    expect((await refusal(bulk)).details).toMatchObject({ field: 'filter.since', param: 'filter.since' });
  });

  it('answers a cursor the store never gave with a 400 naming cursor, not a 500', async () => {
    const garbage = await refusal(await app.request('/api/jobs?cursor=garbage'));
    expect(garbage.details.param).toBe('cursor');
    const empty = await refusal(await app.request('/api/jobs?cursor='));
    expect(empty.details.param).toBe('cursor');
    expect(empty.message).toContain('must not be empty');
    expect((await app.request('/jobs?cursor=garbage')).status).toBe(400);
  });

  it('says what is wrong in words: interval, a missing prefix', async () => {
    const interval = await refusal(await app.request('/api/events?interval=abc'));
    expect(interval.message).toBe('Invalid interval: must be whole milliseconds (250..60000) (received "abc").');
    const prefix = await refusal(await app.request('/api/tasks?limit=51'));
    expect(prefix.details.param).toBe('prefix');
    expect(prefix.message).toBe('Invalid prefix: is required: give the first characters of a task id.');
  });

  it.each([
    [{ action: 'redrive' }, 'taskIds', 'is missing: give taskIds'],
    [{ action: 'redrive', taskIds: ['t1'], filter: {} }, 'taskIds', 'not both'],
    [{ action: 'redrive', taskIds: ['t1'], bogus: 1 }, 'bogus', 'is not a known field'],
    [{ action: 'redrive', filter: { colour: 'red' } }, 'filter.colour', 'is not a known field'],
    [{ action: 'redrive', taskIds: ['t1'], by: '' }, 'by', 'must not be empty'],
  ])('refuses the bulk body %j naming %s', async (body, field, text) => {
    const res = await app.request('/api/tasks/bulk', { method: 'POST', headers: json, body: JSON.stringify(body) });
    const error = await refusal(res);
    expect(error.details).toMatchObject({ field, param: field });
    expect(error.message).toContain(text);
  });

  it('refuses a job cancel body that is not JSON, saying so', async () => {
    const res = await app.request('/api/jobs/job-1/cancel', { method: 'POST', headers: json, body: 'by=alice' });
    const error = await refusal(res);
    expect(error.details.field).toBe('body');
    expect(error.message).toContain('not valid JSON');
  });
});
