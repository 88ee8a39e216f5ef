/**
 * Bulk cancel from the explorer (POST /api/tasks/bulk with action `cancel`): queued and retrying
 * tasks close as cancelled with an audit row each and the job counters kept; running ones finish
 * and are never retried; bad bodies are refused naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TASK_CANCELLED_AT_FIELD } from '../../../src/core/job/job-fields.js';
import { createDashboardApp } from '../../../src/dashboard/app.js';
import type { BulkOutcome } from '../../../src/dashboard/bulk-actions.js';
import type { ExplorerPage } from '../../../src/dashboard/task-explorer.js';
import { createDashboardFixture, type DashboardFixture } from './runtime-fixture.js';

const json = { 'content-type': 'application/json' };

describe('bulk cancel', () => {
  let f: DashboardFixture;
  let app: ReturnType<typeof createDashboardApp>;
  let ids: string[];
  const bulk = async (body: unknown) => {
    const res = await app.request('/api/tasks/bulk', { method: 'POST', headers: json, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as BulkOutcome & { error?: { code: string; details: { param?: string } } } };
  };

  beforeEach(async () => {
    // w: job `wj` of 5 tasks: [0] running, [1] in the retry table, [2..4] queued. v: job `vj` of 2 queued.
    f = await createDashboardFixture();
    await f.runtime.schedule({ lambda_name: 'w', job_id: 'wj', items: ['a', 'b', 'c', 'd', 'e'], isolate_items: true });
    await f.runtime.schedule({ lambda_name: 'v', job_id: 'vj', items: ['x', 'y'], isolate_items: true });
    const now = Math.floor(f.clock.now() / 1000);
    ids = (await f.runtime.store.nextQueued('w', now + 1, 10)).map((t) => t.taskId);
    expect(ids).toHaveLength(5);
    await f.runtime.store.claimMany([ids[0] as string], now + 1, now + 31_557_600);
    await f.runtime.store.moveToRetry(ids[1] as string, now + 600);
    app = createDashboardApp(f.source);
  });
  afterEach(async () => {
    await f.close();
  });

  it('previews with the count, then closes the queued and retrying tasks of a selection, audited, leaving the running one', async () => {
    const [running, retrying, queued] = ids as [string, string, string];
    const selection = [running, retrying, queued, 'no-such-task'];
    const preview = await bulk({ action: 'cancel', taskIds: selection });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ action: 'cancel', confirmed: false, matched: 4, eligible: 2 });
    expect([...preview.body.taskIds].sort()).toEqual([retrying, queued].sort());
    expect(await f.runtime.store.get(queued)).not.toBeNull();

    f.clock.advance(1000);
    const done = await bulk({ action: 'cancel', taskIds: selection, confirm: true, by: 'alice' });
    expect(done.body).toMatchObject({ confirmed: true, matched: 4, eligible: 2, done: 2 });
    expect([...(done.body.skipped ?? [])].sort((a, b) => a.taskId.localeCompare(b.taskId))).toEqual(
      [
        { taskId: running, reason: 'running' },
        { taskId: 'no-such-task', reason: 'unknown' },
      ].sort((a, b) => a.taskId.localeCompare(b.taskId)),
    );
    for (const id of [retrying, queued]) {
      expect((await f.runtime.store.getClosed(id))?.extra?.[TASK_CANCELLED_AT_FIELD]).toBeDefined();
      expect((await f.runtime.metaLog.forTask(id)).at(-1)).toMatchObject({
        action: 'cancelled',
        author: 'alice',
        jobId: 'wj',
        labourerId: 'w',
        extra: { bulk_id: done.body.bulkId },
      });
    }
    expect(await f.runtime.metaLog.forTask(`bulk#${done.body.bulkId}`)).toMatchObject([
      { action: 'bulk_cancelled', author: 'alice', extra: { matched: 4, done: 2, skipped: 2 } },
    ]);
    // The running task is where it was; the job's counters equal a recount.
    expect(await f.runtime.store.get(running)).not.toBeNull();
    const detail = await f.runtime.jobs?.get('wj');
    expect(detail?.job.cancelled).toBe(2);
    expect(detail?.tasks).toMatchObject({ cancelled: 2, running: 1, queued: 2, retrying: 0 });
    // The explorer sees them at once.
    const page = (await (await app.request('/api/explore?state=cancelled')).json()) as ExplorerPage;
    expect(page.total).toBe(2);
  });

  it('never invokes a cancelled task afterwards (checked at every tick)', async () => {
    const outcome = await bulk({ action: 'cancel', filter: { labourer: 'w', job: 'wj' }, confirm: true });
    expect(outcome.body).toMatchObject({ matched: 4, done: 4 });
    expect(outcome.body.taskIds).not.toContain(ids[0]);
    const cancelled = new Set(outcome.body.taskIds);
    for (let i = 0; i < 20; i++) {
      f.clock.advance(1000);
      await f.runtime.tickOnce();
      // Hunt for a breach at every tick: no cancelled task is live again or has an invoked row.
      for (const id of cancelled) {
        expect(await f.runtime.store.get(id)).toBeNull();
        expect((await f.runtime.metaLog.forTask(id)).some((e) => e.action === 'invoked')).toBe(false);
      }
    }
    // Meanwhile the other labourer's tasks ran: the ticks did dispatch.
    expect((await f.runtime.jobs?.get('vj'))?.job.state).toBe('completed');
  });

  it('cancels every queued or retrying task a filter matches, and nothing of another labourer', async () => {
    const preview = await bulk({ action: 'cancel', filter: { labourer: 'v' } });
    expect(preview.body).toMatchObject({ confirmed: false, matched: 2, eligible: 2 });
    const done = await bulk({ action: 'cancel', filter: { labourer: 'v' }, confirm: true });
    expect(done.body).toMatchObject({ done: 2, skipped: [] });
    expect(await f.runtime.store.countQueued('v', Math.floor(f.clock.now() / 1000) + 1)).toBe(0);
    expect(await f.runtime.store.countQueued('w', Math.floor(f.clock.now() / 1000) + 1)).toBe(3);
    expect((await f.runtime.jobs?.get('vj'))?.job.cancelled).toBe(2);
    expect((await f.runtime.metaLog.forTask(`bulk#${done.body.bulkId}`))[0]?.extra).toMatchObject({ filter: { labourer: 'v' } });
    // Again: nothing left to cancel.
    expect((await bulk({ action: 'cancel', filter: { labourer: 'v' } })).body).toMatchObject({ matched: 0, eligible: 0 });
  });

  it.each([
    [{ action: 'cancel' }, 'taskIds'],
    [{ action: 'cancel', taskIds: [] }, 'taskIds'],
    [{ action: 'cancel', taskIds: ['bad id!'] }, 'taskIds.0'],
    [{ action: 'cancel', filter: { state: 'running' } }, 'filter.state'],
    [{ action: 'cancel', filter: { state: 'dead' } }, 'filter.state'],
    [{ action: 'cancel', filter: { labourer: 'nobody' } }, 'filter.labourer'],
    [{ action: 'cancel', taskIds: ['a'], confirm: 'yes' }, 'confirm'],
  ])('refuses the body %j naming the field', async (body, param) => {
    const res = await bulk(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'dashboard.invalidQuery', details: { param } });
  });

  it('asks for the token when the dashboard has one', async () => {
    const guarded = createDashboardApp(f.source, { token: 'a-token-of-16-chars' });
    const body = JSON.stringify({ action: 'cancel', taskIds: [ids[2]], confirm: true });
    const refused = await guarded.request('/api/tasks/bulk', { method: 'POST', headers: json, body });
    expect(refused.status).toBe(401);
    expect(await f.runtime.store.get(ids[2] as string)).not.toBeNull();
    const allowed = await guarded.request('/api/tasks/bulk', {
      method: 'POST',
      headers: { ...json, authorization: 'Bearer a-token-of-16-chars' },
      body,
    });
    expect(((await allowed.json()) as BulkOutcome).done).toBe(1);
  });
});
