import { describe, expect, it } from 'vitest';
import { reportedColumns, reportRejection } from '../../../../src/adapters/sqlite/report.js';
import type { TaskRow } from '../../../../src/adapters/sqlite/rows.js';
import type { ReportRequest } from '../../../../src/ports/task-store.js';
import { SqliteTaskStore } from '../../../../src/sqlite.js';

const ROW: TaskRow = {
  task_id: 't',
  labourer_id: 'w',
  created_at: 1,
  greenfield: 500,
  attempts: 2,
  invocations: 2,
  payload: '{}',
  completed_at: null,
  failed_attempts: null,
  attributes: '{"stat_a":1,"keep":true}',
  job_id: null,
};
const REQUEST: ReportRequest = { taskId: 't', outcome: 'completed', at: 90, invokedAtLeast: 400 };

describe('report rules', () => {
  it.each([
    ['unknown for a missing row', undefined, REQUEST, 'unknown'],
    ['notInvoked below invokedAtLeast', ROW, { ...REQUEST, invokedAtLeast: 501 }, 'notInvoked'],
    ['notInvoked before otherAttempt', ROW, { ...REQUEST, invokedAtLeast: 501, attempt: 1 }, 'notInvoked'],
    ['otherAttempt for another attempt number', ROW, { ...REQUEST, attempt: 3 }, 'otherAttempt'],
    ['otherAttempt before alreadyCompleted', { ...ROW, completed_at: 5 }, { ...REQUEST, attempt: 1 }, 'otherAttempt'],
    ['alreadyCompleted for a completed row', { ...ROW, completed_at: 5 }, REQUEST, 'alreadyCompleted'],
    ['null (apply) for the same attempt at the bound', ROW, { ...REQUEST, invokedAtLeast: 500, attempt: 2 }, null],
  ] as const)('reportRejection: %s', (_name, row, request, expected) => {
    expect(reportRejection(row, request)).toBe(expected);
  });

  it('a completion sets completed_at and merges prefixed stats and results', () => {
    const next = reportedColumns(ROW, { ...REQUEST, stats: { a: 2, b: 3 }, result: { r: 'x' } });
    expect(next.completedAt).toBe(90);
    expect(next.failedAttempts).toBeNull();
    expect(JSON.parse(next.attributes ?? '')).toEqual({ stat_a: 2, stat_b: 3, result_r: 'x', keep: true });
  });

  it('a failure counts up from zero and keeps completed_at untouched', () => {
    const first = reportedColumns({ ...ROW, attributes: null }, { ...REQUEST, outcome: 'failed' });
    expect(first).toEqual({ completedAt: null, failedAttempts: 1, attributes: null });
    expect(reportedColumns({ ...ROW, failed_attempts: 4 }, { ...REQUEST, outcome: 'failed' }).failedAttempts).toBe(5);
  });
});

describe('report on a row without attributes (one-statement path)', () => {
  it('counts a failure, then completes the same attempt, exactly as the merging path would', async () => {
    // Prepare
    const store = new SqliteTaskStore();
    const [queued] = await store.enqueue('w', [{ payload: '{}' }], 100);
    const [task] = await store.claimMany([queued?.taskId ?? ''], (queued?.greenfield ?? 0) + 1, 5_000);
    const id = task?.taskId ?? '';

    // Act
    const failed = await store.report({ taskId: id, outcome: 'failed', at: 200, invokedAtLeast: 300, attempt: 1 });
    const completed = await store.report({ taskId: id, outcome: 'completed', at: 210, invokedAtLeast: 300, result: { n: 1 } });
    const again = await store.report({ taskId: id, outcome: 'completed', at: 220, invokedAtLeast: 300 });
    const other = await store.report({ taskId: id, outcome: 'failed', at: 220, invokedAtLeast: 300, attempt: 2 });

    // Assert
    expect(failed).toMatchObject({ applied: true, task: { failedAttempts: 1 } });
    expect(failed).not.toHaveProperty('task.completedAt');
    expect(completed).toMatchObject({ applied: true, task: { failedAttempts: 1, completedAt: 210, result: { n: 1 } } });
    expect(again).toEqual({ applied: false, reason: 'alreadyCompleted' });
    expect(other).toEqual({ applied: false, reason: 'otherAttempt' });
    await store.close();
  });
});
