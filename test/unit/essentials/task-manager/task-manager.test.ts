import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import type { ClosedTask } from '../../../../src/core/task/task.js';
import { averageDuration } from '../../../../src/essentials/task-manager/average-duration.js';
import { DELTA, type Harness, makeHarness, T0 } from './harness.js';

const CONFIG = { labourers: { some_function: { max_simultaneous_invocations: 10, max_duration: 900 }, other: {} } };

function codeOf(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'no error',
      (error: unknown) => (SoswError.is(error) ? error.code : `not a SoswError: ${String(error)}`),
    );
}

describe('TaskManager', () => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness(CONFIG);
  });
  afterEach(async () => {
    await h.close();
  });

  describe('createTask', () => {
    it('appends tasks at 2000, 3000 with the payload built from the fields', async () => {
      const first = await h.taskManager.createTask('some_function', { payload: { foo: 42 } });
      const second = await h.taskManager.createTask('some_function', { bar: 'foo', labourer_id: 'some_function' });
      expect(first).toMatchObject({ labourerId: 'some_function', greenfield: 2000, attempts: 0, createdAt: T0 });
      expect(JSON.parse(first.payload)).toEqual({ foo: 42 });
      expect(first.taskId).toMatch(/^[0-9a-f]{32}$/);
      expect(second.greenfield).toBe(3000);
      expect(JSON.parse(second.payload)).toEqual({ bar: 'foo' });
      expect(h.metrics.total('queued', 'some_function')).toBe(2);
      expect(h.metaLog.rows.map((r) => [r.action, r.taskId])).toEqual([
        ['created', first.taskId],
        ['created', second.taskId],
      ]);
    });

    it('continues after the newest queued task (spec example: newest 5000 gives 6000)', async () => {
      await h.enqueue('some_function', 4); // 2000..5000
      expect((await h.taskManager.createTask('some_function', { payload: { foo: 42 } })).greenfield).toBe(6000);
    });

    it.each([
      ['task_id', { task_id: 'abc' }],
      ['created_at', { created_at: 123 }],
      ['greenfield', { greenfield: 5 }],
      ['attempts', { attempts: 2 }],
      ['labourer_id of another labourer', { labourer_id: 'other' }],
    ])('refuses %s in strict mode with task.invalid', async (_label, fields) => {
      expect(await codeOf(() => h.taskManager.createTask('some_function', fields))).toBe('task.invalid');
    });

    it('ignores falsy generated fields in strict mode', async () => {
      const task = await h.taskManager.createTask('some_function', { task_id: '', attempts: 0, greenfield: null, x: 1 });
      expect(JSON.parse(task.payload)).toEqual({ x: 1 });
    });

    it('uses task_id and created_at in non-strict mode, and refuses a duplicate id', async () => {
      const task = await h.taskManager.createTask('some_function', { task_id: 'my-id', created_at: 1.5, y: 2 }, { strict: false });
      expect(task).toMatchObject({ taskId: 'my-id', createdAt: 1.5 });
      expect(JSON.parse(task.payload)).toEqual({ y: 2 });
      expect(await codeOf(() => h.taskManager.createTask('some_function', { task_id: 'my-id' }, { strict: false }))).toBe('store.conflict');
    });

    it('reports an unusable payload as task.invalidPayload, not a crash', async () => {
      expect(await codeOf(() => h.taskManager.createTask('some_function', { payload: '[1, 2]' }))).toBe('task.invalidPayload');
      expect(await codeOf(() => h.taskManager.createTask('some_function', { big: 10n }))).toBe('task.invalidPayload');
    });

    it('refuses an unknown labourer', async () => {
      expect(await codeOf(() => h.taskManager.createTask('nobody', {}))).toBe('labourer.unknown');
    });
  });

  describe('claim and the worker event', () => {
    it('claims the head of the queue and sends the attempt number after the increment', async () => {
      const [id] = await h.enqueue('some_function', 2);
      const labourer = h.taskManager.labourer('some_function');
      const window = h.taskManager.window(labourer);
      const next = await h.taskManager.nextTasks(window, 1);
      expect(next.map((t) => t.taskId)).toEqual([id]);
      h.clock.advanceSeconds(3);
      const outcome = await h.taskManager.claim(window, id!);
      expect(outcome.status).toBe('claimed');
      if (outcome.status !== 'claimed') return;
      expect(outcome.event).toEqual({
        n: 0,
        task_id: id,
        labourer_id: 'some_function',
        created_at: T0,
        greenfield: T0 + 3 + DELTA,
        attempts: 1,
        invocation: 1,
      });
      expect(await h.taskManager.claim(window, id!)).toEqual({ status: 'lost', taskId: id });
    });

    it('returns invalidPayload for a stored payload that is not a JSON object', async () => {
      const [task] = await h.store.enqueue('some_function', [{ payload: 'not json' }], T0);
      const window = h.taskManager.window(h.taskManager.labourer('some_function'));
      const outcome = await h.taskManager.claim(window, task!.taskId);
      expect(outcome.status).toBe('invalidPayload');
      if (outcome.status === 'invalidPayload') expect(outcome.error.code).toBe('task.invalidPayload');
    });

    it('asks for nothing when the count is below 1', async () => {
      await h.enqueue('some_function', 1);
      expect(await h.taskManager.nextTasks(h.taskManager.window(h.taskManager.labourer('some_function')), 0)).toEqual([]);
    });
  });

  describe('state queries', () => {
    it('counts and lists running, expired, failed and completed tasks', async () => {
      const labourer = h.taskManager.labourer('some_function');
      const ids = await h.enqueue('some_function', 4);
      const w0 = h.taskManager.window(labourer);
      for (const id of ids.slice(0, 2)) await h.taskManager.claim(w0, id);
      h.clock.advanceSeconds(1300); // past duration + cooldown (1200)
      const w1 = h.taskManager.window(labourer);
      for (const id of ids.slice(2)) await h.taskManager.claim(w1, id);
      await h.assistant.handle({ action: 'mark_task_as_completed', task_id: ids[2] });
      await h.assistant.handle({ action: 'mark_task_as_failed', task_id: ids[3] });

      expect(await h.taskManager.countRunning(w1)).toBe(1);
      expect((await h.taskManager.listRunning(w1, 10)).map((t) => t.taskId)).toEqual([ids[3]]);
      expect((await h.taskManager.listFailed(w1, 10)).map((t) => t.taskId)).toEqual([ids[3]]);
      expect((await h.taskManager.listExpired(w1, 10)).map((t) => t.taskId).sort()).toEqual(ids.slice(0, 2).sort());
      expect((await h.taskManager.listCompleted('some_function', 10)).map((t) => t.taskId)).toEqual([ids[2]]);
      expect(await h.taskManager.queueLength('some_function')).toBe(0);
    });

    it('lists failed running tasks the same way whether the store filters them or not', async () => {
      const labourer = h.taskManager.labourer('some_function');
      const ids = await h.enqueue('some_function', 5);
      const w = h.taskManager.window(labourer);
      for (const id of ids) await h.taskManager.claim(w, id);
      for (const id of [ids[1], ids[3]]) await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id });
      await h.assistant.handle({ action: 'mark_task_as_completed', task_id: ids[4] });
      const store = h.store as unknown as { listFailedSince?: unknown };
      const filtered = (await h.taskManager.listFailed(w, 10)).map((t) => t.taskId);
      const saved = store.listFailedSince;
      store.listFailedSince = undefined;
      try {
        const unfiltered = (await h.taskManager.listFailed(w, 10)).map((t) => t.taskId);
        expect([...filtered].sort()).toEqual([ids[1], ids[3]].sort());
        expect([...unfiltered].sort()).toEqual([...filtered].sort());
      } finally {
        store.listFailedSince = saved;
      }
    });

    it('measures the queue length', async () => {
      await h.enqueue('some_function', 3);
      expect(await h.taskManager.queueLength('some_function')).toBe(3);
      expect(await h.taskManager.queueLength('other')).toBe(0);
    });
  });

  describe('archive and retries', () => {
    it('keeps stats, results and failed attempts through retry and return (weakness 27)', async () => {
      const labourer = h.taskManager.labourer('some_function');
      const [id] = await h.enqueue('some_function', 1);
      await h.taskManager.claim(h.taskManager.window(labourer), id!);
      await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id, stats: { rows: 3 }, result: '{"why":"db"}' });
      const moved = await h.taskManager.moveToRetry(id!, 60);
      expect(moved).toMatchObject({ desiredLaunchTime: T0 + 60, failedAttempts: 1, stats: { rows: 3 }, result: { why: 'db' } });
      expect(await h.taskManager.dueRetries(h.taskManager.window(labourer), 10)).toEqual([]);
      h.clock.advanceSeconds(60);
      const due = await h.taskManager.dueRetries(h.taskManager.window(labourer), 10);
      expect(due.map((t) => t.taskId)).toEqual([id]);
      const [back] = await h.taskManager.returnFromRetry('some_function', [id!]);
      expect(back).toMatchObject({ taskId: id, attempts: 1, failedAttempts: 1, stats: { rows: 3 }, result: { why: 'db' } });
      expect(await h.taskManager.returnFromRetry('some_function', [])).toEqual([]);
    });

    it('returns due retries to the head in due order: 7000 gives 6998 then 6999 (weakness 44 fixed)', async () => {
      const labourer = h.taskManager.labourer('some_function');
      const ids = await h.enqueue('some_function', 8); // 2000..9000
      const w = h.taskManager.window(labourer);
      const [r1, r2] = ids;
      for (const id of [r1!, r2!]) await h.taskManager.claim(w, id);
      // Remove 3000..6000 so the queue holds 7000, 8000, 9000 as in the spec example.
      for (const id of ids.slice(2, 5)) {
        await h.taskManager.claim(w, id);
        await h.taskManager.archive(id);
      }
      await h.taskManager.moveToRetry(r1!, 100);
      await h.taskManager.moveToRetry(r2!, 200);
      h.clock.advanceSeconds(200);
      const due = await h.taskManager.dueRetries(h.taskManager.window(labourer), 10);
      expect(due.map((t) => t.taskId)).toEqual([r1, r2]);
      const back = await h.taskManager.returnFromRetry('some_function', [r1!, r2!]);
      expect(back.map((t) => [t.taskId, t.greenfield])).toEqual([
        [r1, 6998],
        [r2, 6999],
      ]);
      const head = await h.taskManager.nextTasks(h.taskManager.window(labourer), 3);
      expect(head.map((t) => t.greenfield)).toEqual([6998, 6999, 7000]);
    });

    it('archives once: a second archive of the same task returns null', async () => {
      const [id] = await h.enqueue('some_function', 1);
      expect(await h.taskManager.archive(id!)).toMatchObject({ taskId: id, succeeded: false, closedAt: T0 });
      expect(await h.taskManager.archive(id!)).toBeNull();
    });
  });

  describe('durations', () => {
    const closed = (greenfield: number, attempts: number, completedAfter?: number): ClosedTask => ({
      taskId: `t${greenfield}`,
      labourerId: 'some_function',
      createdAt: 0,
      greenfield: greenfield + DELTA,
      attempts,
      payload: '{}',
      completedAt: completedAfter === undefined ? undefined : greenfield + completedAfter,
      closedAt: greenfield + 5000,
      succeeded: completedAfter !== undefined,
    });

    it('reproduces the spec example: (500 + 300 + 300 + 900 x 10) / 13 = 777', () => {
      const tasks = [closed(1, 1, 500), closed(2, 1, 300), closed(3, 1, 300), closed(4, 3), closed(5, 4), closed(6, 3)];
      expect(averageDuration(tasks, { limit: 10, maxDuration: 900, delta: DELTA })).toBe(777);
    });

    it('keeps the newest samples, not the oldest (weakness 28 fixed)', () => {
      // The three newest invocations completed in 100 s; the old ones are dead (900 s per attempt).
      const tasks = [closed(10, 2), closed(20, 3), closed(30, 1, 100), closed(40, 1, 100), closed(50, 1, 100)];
      expect(averageDuration(tasks, { limit: 3, maxDuration: 900, delta: DELTA })).toBe(100);
    });

    it('is 0 without history', () => {
      expect(averageDuration([], { limit: 10, maxDuration: 900, delta: DELTA })).toBe(0);
    });

    it('reads the newest closed tasks from the store and caches the result', async () => {
      const labourer = h.taskManager.labourer('some_function');
      const [id] = await h.enqueue('some_function', 1);
      await h.taskManager.claim(h.taskManager.window(labourer), id!);
      h.clock.advanceSeconds(40);
      await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
      await h.taskManager.archive(id!);
      expect(await h.taskManager.averageDuration(labourer)).toBe(40);
      const snapshot = await h.taskManager.snapshot(labourer, 3);
      expect(snapshot).toMatchObject({ health: 3, averageDuration: 40, maxDuration: 900, maxSimultaneousInvocations: 10, start: T0 + 40 });
    });

    it('takes max duration from config, else the invoker timeout, else duration', async () => {
      const h2 = makeHarness({ labourers: { a: { max_duration: 45 }, b: {}, c: { duration: 120 } } }, { timeouts: { b: 300 } });
      expect(await h2.taskManager.maxDuration(h2.taskManager.labourer('a'))).toBe(45);
      expect(await h2.taskManager.maxDuration(h2.taskManager.labourer('b'))).toBe(300);
      expect(await h2.taskManager.maxDuration(h2.taskManager.labourer('c'))).toBe(120);
      await h2.close();
    });
  });
});
