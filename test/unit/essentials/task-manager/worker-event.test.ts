import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/core/task/task.js';
import { buildWorkerEvent, parseTaskPayload } from '../../../../src/core/task/worker-event.js';

const task = (payload: string): Task => ({
  taskId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  labourerId: 'worker',
  createdAt: 1556600000.123,
  greenfield: 1_731_557_600,
  attempts: 1,
  invocations: 4,
  payload,
  failedAttempts: 2,
  stats: { s: 1 },
});

describe('buildWorkerEvent', () => {
  it('flattens the payload with the task fields; task fields win', () => {
    expect(buildWorkerEvent(task('{"words": ["toyota"], "task_id": "forged", "attempts": 9, "invocation": 9}'))).toEqual({
      words: ['toyota'],
      task_id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      labourer_id: 'worker',
      created_at: 1556600000.123,
      greenfield: 1_731_557_600,
      attempts: 1,
      invocation: 4,
    });
  });

  it.each([
    ['text that is not JSON', 'hello'],
    ['an empty string', ''],
    ['a JSON array', '[1]'],
    ['JSON null', 'null'],
    ['a JSON number', '4'],
  ])('refuses %s with task.invalidPayload naming the task', (_label, payload) => {
    expect(() => parseTaskPayload(task(payload))).toThrowError(
      expect.objectContaining({
        code: 'task.invalidPayload',
        details: expect.objectContaining({ taskId: 'c0ffee00c0ffee00c0ffee00c0ffee00' }),
      }),
    );
  });
});
