import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { parseAssistantEvent } from '../../../../src/essentials/worker-assistant/assistant-event.js';
import { WorkerAssistant } from '../../../../src/essentials/worker-assistant/worker-assistant.js';
import type { MetaEntry } from '../../../../src/ports/meta-log.js';
import type { ReportOutcome, ReportRequest, TaskStore } from '../../../../src/ports/task-store.js';
import { type Harness, makeHarness, T0 } from '../task-manager/harness.js';

/** A store that records the report requests it gets and (optionally) ignores their audit rows, as a store written before `audit` would. */
function spyStore(inner: TaskStore, ignoreAudit: boolean): TaskStore & { requests: ReportRequest[] } {
  const requests: ReportRequest[] = [];
  return Object.assign(Object.create(inner) as TaskStore, {
    requests,
    async report(request: ReportRequest): Promise<ReportOutcome> {
      requests.push(request);
      return inner.report(ignoreAudit ? { ...request, audit: undefined } : request);
    },
  });
}

function eventError(event: unknown): SoswError {
  try {
    parseAssistantEvent(event);
  } catch (error) {
    if (SoswError.is(error)) return error;
    throw error;
  }
  throw new Error('expected event.invalid');
}

describe('parseAssistantEvent', () => {
  it('parses the spec example with JSON-string stats and result', () => {
    expect(
      parseAssistantEvent({
        action: 'mark_task_as_completed',
        task_id: '123',
        stats: '{"s_key": "value"}',
        result: '{"r_key": "value"}',
      }),
    ).toEqual({ action: 'mark_task_as_completed', taskId: '123', stats: { s_key: 'value' }, result: { r_key: 'value' } });
  });

  it('accepts a one-element actions list, attempts or attempt, and JSON text events', () => {
    expect(parseAssistantEvent({ actions: ['mark_task_as_failed'], task_id: 'x', attempts: 2 })).toMatchObject({
      action: 'mark_task_as_failed',
      attempt: 2,
    });
    expect(parseAssistantEvent({ action: 'mark_task_as_failed', task_id: 'x', attempt: '3' })).toMatchObject({ attempt: 3 });
    expect(parseAssistantEvent('{"action": "mark_task_as_completed", "task_id": "y"}')).toMatchObject({ taskId: 'y' });
  });

  it.each([
    ['no action', { task_id: 'x' }, 'action'],
    ['an unknown action', { action: 'delete_task', task_id: 'x' }, 'action'],
    ['two actions', { actions: ['mark_task_as_completed', 'mark_task_as_failed'], task_id: 'x' }, 'actions'],
    ['no task_id', { action: 'mark_task_as_completed' }, 'task_id'],
    ['a numeric task_id', { action: 'mark_task_as_completed', task_id: 123 }, 'task_id'],
    ['stats that are not JSON', { action: 'mark_task_as_completed', task_id: 'x', stats: 'nope' }, 'stats'],
    ['a result array', { action: 'mark_task_as_completed', task_id: 'x', result: [1] }, 'result'],
    ['attempts zero', { action: 'mark_task_as_completed', task_id: 'x', attempts: 0 }, 'attempts'],
    ['conflicting attempt numbers', { action: 'mark_task_as_completed', task_id: 'x', attempts: 1, attempt: 2 }, 'attempt'],
  ])('refuses %s with event.invalid naming %s', (_label, event, field) => {
    const error = eventError(event);
    expect(error.code).toBe('event.invalid');
    expect(error.message).toContain(field);
  });

  it('says a task_id of the wrong type must be a text (it said "is required")', () => {
    expect(eventError({ action: 'mark_task_as_completed', task_id: 5 }).message).toMatch(/task_id: must be a text.*got number 5/);
    expect(eventError({ action: 'mark_task_as_completed' }).message).toMatch(/task_id: is required/);
  });

  it.each([null, 42, '[1]', 'not json', [{}]])('refuses the non-object event %j', (event) => {
    expect(eventError(event).code).toBe('event.invalid');
  });
});

describe('WorkerAssistant', () => {
  let h: Harness;
  let id: string;
  beforeEach(async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 5 } } });
    [id] = (await h.enqueue('w', 1)) as [string];
    await h.taskManager.claim(h.taskManager.window(h.taskManager.labourer('w')), id);
    h.clock.advanceSeconds(123);
  });
  afterEach(async () => {
    await h.close();
  });
  /** The WorkerAssistant's rows in the audit trail, whoever wrote them. */
  const reportRows = async (taskId: string): Promise<MetaEntry[]> =>
    (await h.metaLog.forTask(taskId)).filter((r) => r.action.startsWith('marked_as_'));

  it('marks a task completed with stat_* and result_* values', async () => {
    const result = await h.assistant.handle({
      action: 'mark_task_as_completed',
      task_id: id,
      stats: { processor_calls: 1, tweets_pulled: 37 },
      result: { rows: 2 },
    });
    expect(result).toEqual({ action: 'mark_task_as_completed', taskId: id, applied: true });
    expect(await h.store.get(id)).toMatchObject({
      completedAt: T0 + 123,
      stats: { processor_calls: 1, tweets_pulled: 37 },
      result: { rows: 2 },
    });
    expect(await reportRows(id)).toMatchObject([{ action: 'marked_as_completed', taskId: id, author: 'sosw_worker_assistant' }]);
    expect(h.metaLog.rows.filter((r) => r.action === 'marked_as_completed')).toEqual([]); // written by the store, not the MetaLog
    expect(h.metrics.total('completed', 'w')).toBe(1);
  });

  it('writes the audit row with the report, carrying the labourer and attempt the worker named', async () => {
    const store = spyStore(h.store, false);
    const assistant = new WorkerAssistant({ store, metaLog: h.metaLog, clock: h.clock, author: 'wa' });
    await assistant.handle({ action: 'mark_task_as_completed', task_id: id, labourer_id: 'w', attempts: 1 }, { invocationId: 'req-1' });
    expect(store.requests[0]?.audit).toEqual({
      taskId: id,
      createdAt: T0 + 123,
      action: 'marked_as_completed',
      labourerId: 'w',
      author: 'wa',
      invocationId: 'req-1',
      logStreamName: undefined,
      extra: { attempt: 1 },
    });
    expect(await reportRows(id)).toEqual([
      {
        taskId: id,
        createdAt: T0 + 123,
        action: 'marked_as_completed',
        labourerId: 'w',
        author: 'wa',
        invocationId: 'req-1',
        extra: { attempt: 1 },
      },
    ]);
    expect(h.metaLog.writes).toEqual([]);
  });

  it('writes the row through the MetaLog when the store did not write it (or auditWithReport is off)', async () => {
    for (const [ignoreAudit, auditWithReport] of [
      [true, undefined],
      [false, false],
    ] as const) {
      const [taskId] = (await h.enqueue('w', 1)) as [string];
      await h.taskManager.claim(h.taskManager.window(h.taskManager.labourer('w')), taskId);
      const store = spyStore(h.store, ignoreAudit);
      const assistant = new WorkerAssistant({ store, metaLog: h.metaLog, clock: h.clock, auditWithReport });
      expect(await assistant.handle({ action: 'mark_task_as_failed', task_id: taskId })).toMatchObject({ applied: true });
      expect(store.requests[0]?.audit === undefined).toBe(auditWithReport === false);
      expect(h.metaLog.rows.filter((r) => r.taskId === taskId && r.action === 'marked_as_failed')).toMatchObject([
        { labourerId: 'w', author: 'sosw_worker_assistant', extra: { attempt: 1 } },
      ]);
      expect(await reportRows(taskId)).toHaveLength(1);
    }
  });

  it("keeps each failure's error and code in its marked_as_failed row, so a later attempt does not erase it", async () => {
    // Prepare: the first attempt fails with one error; the task is claimed again and fails with another.
    await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id, result: { error: 'first boom', code: 'E1' } });
    const long = 'x'.repeat(5000);
    const second = new WorkerAssistant({ store: h.store, metaLog: h.metaLog, clock: h.clock, auditWithReport: false });
    await second.handle({ action: 'mark_task_as_failed', task_id: id, result: { error: long } });

    // Assert: the task holds only the last error, the audit rows hold both (the long one bounded).
    expect((await h.store.get(id))?.result?.error).toBe(long);
    const rows = await reportRows(id);
    expect(rows.map((r) => r.extra?.error)).toEqual(['first boom', `${'x'.repeat(2000)}…`]);
    expect(rows[0]?.extra).toMatchObject({ code: 'E1' });
  });

  it('asks for no audit row without a MetaLog', async () => {
    const store = spyStore(h.store, false);
    await new WorkerAssistant({ store, clock: h.clock }).handle({ action: 'mark_task_as_completed', task_id: id });
    expect(store.requests[0]?.audit).toBeUndefined();
    expect(await reportRows(id)).toEqual([]);
  });

  it('counts a failure in failed_attempts (spec example: result_some_info 33)', async () => {
    await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id, result: { some_info: 33 } });
    expect(await h.store.get(id)).toMatchObject({ failedAttempts: 1, result: { some_info: 33 } });
    expect((await reportRows(id)).map((r) => r.action)).toEqual(['marked_as_failed']);
    expect(h.metrics.total('failed', 'w')).toBe(1);
  });

  it('does not create a phantom task for an unknown id', async () => {
    const result = await h.assistant.handle({ action: 'mark_task_as_completed', task_id: 'ffffffffffffffffffffffffffffffff' });
    expect(result).toEqual({
      action: 'mark_task_as_completed',
      taskId: 'ffffffffffffffffffffffffffffffff',
      applied: false,
      reason: 'unknown',
    });
    expect(await h.store.get('ffffffffffffffffffffffffffffffff')).toBeNull();
    expect(await h.metaLog.forTask('ffffffffffffffffffffffffffffffff')).toEqual([]);
    expect(h.metrics.total('report_rejected')).toBe(1);
  });

  it('does not resurrect an archived task', async () => {
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
    await h.taskManager.archive(id);
    const late = await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
    expect(late).toMatchObject({ applied: false, reason: 'unknown' });
    expect(await h.store.get(id)).toBeNull();
  });

  it('does not complete a task waiting for retry or re-queued', async () => {
    await h.taskManager.moveToRetry(id, 0);
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id })).toMatchObject({
      applied: false,
      reason: 'unknown',
    });
    await h.taskManager.returnFromRetry('w', [id]);
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id })).toMatchObject({
      applied: false,
      reason: 'notInvoked',
    });
    expect((await h.store.get(id))?.completedAt).toBeUndefined();
  });

  it('does not let a late report of an older attempt complete a newer one', async () => {
    await h.taskManager.moveToRetry(id, 0);
    await h.taskManager.returnFromRetry('w', [id]);
    await h.taskManager.claim(h.taskManager.window(h.taskManager.labourer('w')), id); // attempt 2
    const late = await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, attempts: 1 });
    expect(late).toMatchObject({ applied: false, reason: 'otherAttempt' });
    const current = await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, attempts: 2 });
    expect(current).toMatchObject({ applied: true });
  });

  it('rejects a report naming another labourer, audits it under the task own labourer, and changes nothing', async () => {
    const result = await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, labourer_id: 'intruder', attempts: 1 });
    expect(result).toMatchObject({ applied: false, reason: 'otherLabourer' });
    expect((await h.store.get(id))?.completedAt).toBeUndefined();
    expect(await reportRows(id)).toEqual([]);
    const rows = (await h.metaLog.forTask(id)).filter((r) => r.action === 'report_rejected');
    expect(rows).toMatchObject([
      {
        labourerId: 'w',
        extra: { reason: 'otherLabourer', reported_labourer_id: 'intruder', action: 'mark_task_as_completed', attempt: 1 },
      },
    ]);
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, labourer_id: 'w', attempts: 1 })).toMatchObject({
      applied: true,
    });
  });

  it('passes the invocation the worker echoes: a report of an older invocation changes nothing', async () => {
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, attempts: 1, invocation: 2 })).toMatchObject({
      applied: false,
      reason: 'otherAttempt',
    });
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id, attempts: 1, invocation: 1 })).toMatchObject({
      applied: true,
    });
  });

  it('ignores a duplicate completion', async () => {
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
    h.clock.advanceSeconds(10);
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id })).toMatchObject({
      applied: false,
      reason: 'alreadyCompleted',
    });
    expect((await h.store.get(id))?.completedAt).toBe(T0 + 123);
    expect(await reportRows(id)).toHaveLength(1);
  });

  it('throws event.invalid for a bad event and changes nothing', async () => {
    await expect(h.assistant.handle({ action: 'mark_task_as_completed' })).rejects.toMatchObject({ code: 'event.invalid' });
    expect((await h.store.get(id))?.completedAt).toBeUndefined();
  });
});
