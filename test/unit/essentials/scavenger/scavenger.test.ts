import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness, T0 } from '../task-manager/harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** Queue `n` tasks and invoke them all now (attempt 1). */
async function invokeAll(labourerId: string, n: number): Promise<string[]> {
  const ids = await h.enqueue(labourerId, n);
  const labourer = h.taskManager.labourer(labourerId);
  for (const id of ids) await h.taskManager.claim(h.taskManager.window(labourer), id);
  return ids;
}

describe('Scavenger', () => {
  it('archives completed tasks with an archived row each, in one audit write', async () => {
    h = makeHarness({ labourers: { w: { max_duration: 60 } } });
    const ids = await invokeAll('w', 3);
    for (const id of ids.slice(0, 2)) await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, result: { rows: 1 } });
    h.metaLog.writes = [];
    const result = await h.scavenger().run({ invocationId: 'req-9' });
    expect(result.labourers).toEqual([{ labourerId: 'w', archived: 2, retried: 0, returned: 0, dead: [] }]);
    expect(await h.store.getClosed(ids[0]!)).toMatchObject({ succeeded: true, closedAt: T0, result: { rows: 1 } });
    expect(await h.store.get(ids[2]!)).not.toBeNull();
    expect(h.metaLog.writes).toHaveLength(1);
    expect(h.metaLog.rows.map((r) => [r.action, r.author, r.invocationId])).toEqual([
      ['archived', 'sosw_scavenger', 'req-9'],
      ['archived', 'sosw_scavenger', 'req-9'],
    ]);
    expect(h.metrics.total('archived', 'w')).toBe(2);
  });

  it('moves expired tasks to retry after max_duration x attempts: 45 x 5 = 225 s', async () => {
    h = makeHarness({ labourers: { w: { max_duration: 45, max_attempts: 6 } } });
    const [id] = await h.enqueue('w', 1);
    const labourer = h.taskManager.labourer('w');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await h.taskManager.claim(h.taskManager.window(labourer), id!);
      if (attempt < 5) {
        await h.taskManager.moveToRetry(id!, 0);
        await h.taskManager.returnFromRetry('w', [id!]);
      }
    }
    h.clock.advanceSeconds(1201);
    const result = await h.scavenger().run();
    expect(result.labourers[0]).toMatchObject({ retried: 1, dead: [] });
    expect(await h.store.getRetry(id!)).toMatchObject({ attempts: 5, desiredLaunchTime: T0 + 1201 + 225 });
    expect(h.metaLog.rows.at(-1)).toMatchObject({ action: 'scheduled_for_retry', extra: { attempt: 5, delay: 225, reason: 'expired' } });
  });

  it('does not touch running tasks', async () => {
    h = makeHarness({ labourers: { w: {} } });
    const [id] = await invokeAll('w', 1);
    h.clock.advanceSeconds(1199);
    const result = await h.scavenger().run();
    expect(result.labourers[0]).toMatchObject({ archived: 0, retried: 0, returned: 0 });
    expect(await h.store.get(id!)).toMatchObject({ attempts: 1 });
  });

  it('uses the exponential policy with the injected jitter', async () => {
    h = makeHarness({
      labourers: { w: { retry: { strategy: 'exponential', base_seconds: 10, factor: 3, max_seconds: 1000, jitter: 0.5 } } },
    });
    const [id] = await invokeAll('w', 1);
    h.clock.advanceSeconds(1300);
    await h.scavenger({}, { random: () => 0.2 }).run();
    // 10 x 3^0 = 10, reduced by 0.5 x 0.2 = 10 % -> 9
    expect(await h.store.getRetry(id!)).toMatchObject({ desiredLaunchTime: T0 + 1300 + 9 });
  });

  it('closes tasks as dead after max_attempts and sends one notice listing them all', async () => {
    h = makeHarness({ labourers: { a: { max_attempts: 1 }, b: { max_attempts: 1 } } });
    const a = await invokeAll('a', 2);
    const b = await invokeAll('b', 1);
    h.clock.advanceSeconds(1300);
    const result = await h.scavenger().run();
    expect(result.dead.map((d) => d.taskId).sort()).toEqual([...a, ...b].sort());
    expect(result.notified).toBe(true);
    expect(h.notifier.notices).toHaveLength(1);
    expect(h.notifier.notices[0]?.subject).toBe('``sosw`` Dead Task');
    expect(h.notifier.notices[0]?.messages).toHaveLength(3);
    expect(h.notifier.notices[0]?.messages[0]).toMatch(/^Closing dead task: [0-9a-f]{32} \(labourer a, 1 attempts, expired\)$/);
    expect(await h.store.getClosed(a[0]!)).toMatchObject({ succeeded: false });
    expect(h.metaLog.rows.filter((r) => r.action === 'archived_dead')).toHaveLength(3);
    expect(h.metrics.total('dead')).toBe(3);
  });

  it('sends no notice when nothing died', async () => {
    h = makeHarness({ labourers: { w: {} } });
    const result = await h.scavenger().run();
    expect(result).toMatchObject({ dead: [], notified: true });
    expect(h.notifier.notices).toEqual([]);
  });

  it('reports an undelivered notice instead of hiding it', async () => {
    h = makeHarness({ labourers: { w: { max_attempts: 1 } } });
    await invokeAll('w', 1);
    h.clock.advanceSeconds(1300);
    h.notifier.failNext();
    const result = await h.scavenger().run();
    expect(result).toMatchObject({ notified: false, notifyError: expect.stringContaining('not delivered') });
    expect(result.dead).toHaveLength(1);
    expect(h.metrics.total('notify_failed', 'w')).toBe(1);
  });

  it('fast-tracks a reported failure: no need to wait for expiry', async () => {
    h = makeHarness({ labourers: { w: { max_duration: 30, max_attempts: 2 } } });
    const [id, other] = await invokeAll('w', 2);
    await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id, attempts: 1, stats: { tries: 1 } });
    h.clock.advanceSeconds(5);
    const first = await h.scavenger().run();
    expect(first.labourers[0]).toMatchObject({ retried: 1 });
    expect(await h.store.getRetry(id!)).toMatchObject({ desiredLaunchTime: T0 + 5 + 30, failedAttempts: 1, stats: { tries: 1 } });
    expect(await h.store.get(other!)).not.toBeNull();
    // Second attempt fails too: out of attempts -> dead at once.
    h.clock.advanceSeconds(30);
    await h.scavenger().run();
    await h.taskManager.claim(h.taskManager.window(h.taskManager.labourer('w')), id!);
    await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id, attempts: 2 });
    const last = await h.scavenger().run();
    expect(last.dead).toEqual([{ taskId: id, labourerId: 'w', attempts: 2, reason: 'failed' }]);
  });

  it('returns due retries to the head of the queue, first due first, at most retry_tasks_limit', async () => {
    h = makeHarness({ labourers: { w: { max_duration: 10 } } });
    const expired = await invokeAll('w', 3);
    const queued = await h.enqueue('w', 1);
    h.clock.advanceSeconds(1300);
    await h.scavenger({ retry_tasks_limit: 2 }).run(); // all three to retry, due in 10 s
    h.clock.advanceSeconds(10);
    const result = await h.scavenger({ retry_tasks_limit: 2 }).run();
    expect(result.labourers[0]).toMatchObject({ returned: 2 });
    const head = await h.taskManager.nextTasks(h.taskManager.window(h.taskManager.labourer('w')), 10);
    expect(head.map((t) => t.taskId)).toEqual([expired[0], expired[1], queued[0]]);
    expect(head.map((t) => t.attempts)).toEqual([1, 1, 0]);
    expect(h.metaLog.rows.filter((r) => r.action === 'ready_for_retry').map((r) => r.taskId)).toEqual(expired.slice(0, 2));
    expect((await h.scavenger({ retry_tasks_limit: 2 }).run()).labourers[0]).toMatchObject({ returned: 1 });
  });

  it('pages through more completed tasks than one page', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 50 } } });
    const ids = await invokeAll('w', 25);
    for (const id of ids) await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
    const result = await h.scavenger({ page_size: 10 }).run();
    expect(result.labourers[0]).toMatchObject({ archived: 25 });
    expect(await h.store.countClosed('w', true)).toBe(25);
  });

  it('never archives a task twice when two scavengers race', async () => {
    h = makeHarness({ labourers: { w: { max_attempts: 1 } } });
    const ids = await invokeAll('w', 20);
    for (const id of ids.slice(0, 10)) await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
    h.clock.advanceSeconds(1300);
    const [one, two] = await Promise.all([h.scavenger().run(), h.scavenger().run()]);
    const archived = (one.labourers[0]?.archived ?? 0) + (two.labourers[0]?.archived ?? 0);
    expect(archived).toBe(10);
    expect(one.dead.length + two.dead.length).toBe(10);
    expect(h.metaLog.rows.filter((r) => r.action === 'archived' || r.action === 'archived_dead')).toHaveLength(20);
  });
});
