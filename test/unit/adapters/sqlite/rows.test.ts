import { describe, expect, it } from 'vitest';
import {
  fromAttributes,
  fromClosedTaskRow,
  fromRetryTaskRow,
  fromTaskRow,
  toAttributes,
  toClosedTaskRow,
  toRetryTaskRow,
  toTaskRow,
} from '../../../../src/adapters/sqlite/rows.js';
import type { ClosedTask, RetryTask, Task } from '../../../../src/core/task/task.js';

const FULL: Task = {
  taskId: '018bcfe568007890aa80415f7653059b',
  labourerId: 'sosw_sandbox',
  createdAt: 1_700_000_000.123456,
  greenfield: 1_731_557_600,
  attempts: 2,
  payload: '{"day":"2024-01-01"}',
  completedAt: 1_700_000_100,
  failedAttempts: 1,
  stats: { rows: 3, nested: { a: [1, 2] } },
  result: { file: 'out.csv' },
  extra: { arn: 'arn:aws:lambda:us-west-2:1:function:x', custom: null },
};

const MINIMAL: Task = { taskId: 't1', labourerId: 'w', createdAt: 1, greenfield: 2000, attempts: 0, payload: '{}' };

describe('rows', () => {
  describe('toTaskRow / fromTaskRow', () => {
    it.each([
      ['a task with every attribute', FULL],
      ['a freshly queued task', MINIMAL],
    ])('round-trips %s', (_name, task) => {
      expect(fromTaskRow(toTaskRow(task))).toEqual(task);
    });

    it('stores stats, results and extras flat in one JSON column, as the original item layout', () => {
      const row = toTaskRow(FULL);
      expect(JSON.parse(row.attributes ?? '')).toEqual({
        arn: 'arn:aws:lambda:us-west-2:1:function:x',
        custom: null,
        stat_rows: 3,
        stat_nested: { a: [1, 2] },
        result_file: 'out.csv',
      });
      expect(row).toMatchObject({ completed_at: 1_700_000_100, failed_attempts: 1, greenfield: 1_731_557_600 });
    });

    it('writes NULL for absent optional columns and omits them when reading', () => {
      const row = toTaskRow({ ...MINIMAL, stats: {}, result: {}, extra: {} });
      expect(row).toMatchObject({ completed_at: null, failed_attempts: null, attributes: null });
      expect(Object.keys(fromTaskRow(row))).toEqual(['taskId', 'labourerId', 'createdAt', 'greenfield', 'attempts', 'payload']);
    });
  });

  describe('attributes', () => {
    it('splits stored keys by prefix', () => {
      expect(fromAttributes('{"stat_a":1,"result_b":2,"c":3}')).toEqual({ stats: { a: 1 }, result: { b: 2 }, extra: { c: 3 } });
      expect(fromAttributes(null)).toEqual({});
      expect(fromAttributes('')).toEqual({});
      expect(toAttributes({ stats: { a: 1 } })).toEqual({ stat_a: 1 });
    });
  });

  describe('closed and retry rows', () => {
    it('round-trip a closed task and derive labourer_id_task_status', () => {
      const closed: ClosedTask = { ...FULL, closedAt: 1_700_000_200, succeeded: true };
      const row = toClosedTaskRow(closed);
      expect(row).toMatchObject({ labourer_id_task_status: 'sosw_sandbox_1', closed_at: 1_700_000_200 });
      expect(fromClosedTaskRow(row)).toEqual(closed);
      const dead: ClosedTask = { ...MINIMAL, closedAt: 5, succeeded: false };
      expect(toClosedTaskRow(dead).labourer_id_task_status).toBe('w_0');
      expect(fromClosedTaskRow(toClosedTaskRow(dead))).toEqual(dead);
    });

    it('round-trip a retry task', () => {
      const retry: RetryTask = { ...FULL, desiredLaunchTime: 1_700_000_900 };
      expect(toRetryTaskRow(retry).desired_launch_time).toBe(1_700_000_900);
      expect(fromRetryTaskRow(toRetryTaskRow(retry))).toEqual(retry);
    });
  });
});
