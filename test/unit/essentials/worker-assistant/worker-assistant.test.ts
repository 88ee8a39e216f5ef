import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { parseAssistantEvent } from '../../../../src/essentials/worker-assistant/assistant-event.js';
import { type Harness, makeHarness, T0 } from '../task-manager/harness.js';

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
    expect(h.metaLog.rows).toMatchObject([{ action: 'marked_as_completed', taskId: id, labourerId: 'w', author: 'sosw_worker_assistant' }]);
    expect(h.metrics.total('completed', 'w')).toBe(1);
  });

  it('counts a failure in failed_attempts (spec example: result_some_info 33)', async () => {
    await h.assistant.handle({ action: 'mark_task_as_failed', task_id: id, result: { some_info: 33 } });
    expect(await h.store.get(id)).toMatchObject({ failedAttempts: 1, result: { some_info: 33 } });
    expect(h.metaLog.rows.map((r) => r.action)).toEqual(['marked_as_failed']);
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
    expect(h.metaLog.rows).toEqual([]);
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

  it('ignores a duplicate completion', async () => {
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id });
    h.clock.advanceSeconds(10);
    expect(await h.assistant.handle({ action: 'mark_task_as_completed', task_id: id })).toMatchObject({
      applied: false,
      reason: 'alreadyCompleted',
    });
    expect((await h.store.get(id))?.completedAt).toBe(T0 + 123);
    expect(h.metaLog.rows).toHaveLength(1);
  });

  it('throws event.invalid for a bad event and changes nothing', async () => {
    await expect(h.assistant.handle({ action: 'mark_task_as_completed' })).rejects.toMatchObject({ code: 'event.invalid' });
    expect((await h.store.get(id))?.completedAt).toBeUndefined();
  });
});
