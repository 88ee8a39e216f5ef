import { describe, expect, it } from 'vitest';
import { claimTaskUpdate } from '../../../../src/adapters/aws/dynamodb/operations/claim-task.js';
import { recentClosedQuery, retryByIdScan } from '../../../../src/adapters/aws/dynamodb/operations/closed-retry-queries.js';
import {
  chunkForTransactions,
  enqueueCheckedTransaction,
  rejectedItemIndexes,
} from '../../../../src/adapters/aws/dynamodb/operations/enqueue-tasks.js';
import { archiveTransaction, moveToRetryTransaction, redriveTransaction } from '../../../../src/adapters/aws/dynamodb/operations/moves.js';
import { completedQuery, invokedBetweenQuery, queueBoundQuery } from '../../../../src/adapters/aws/dynamodb/operations/queue-queries.js';
import { reportRejection, reportTaskUpdate } from '../../../../src/adapters/aws/dynamodb/operations/report-task.js';
import { resolveDynamoTableNames, DEFAULT_DYNAMO_TABLE_NAMES as T } from '../../../../src/adapters/aws/dynamodb/table-names.js';
import { resolveFieldNames } from '../../../../src/core/task/field-names.js';

const F = resolveFieldNames();
const live = { task_id: 't1', labourer_id: 'w', created_at: 1.5, greenfield: 1_731_557_600, attempts: 1, payload: '{}', stat_rows: 2 };

/** Replace placeholders by their names / values so assertions read like the expression. */
function readable(
  input: { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> },
  text = '',
): string {
  let out = text;
  for (const [k, v] of Object.entries(input.ExpressionAttributeNames ?? {})) out = out.replaceAll(k, v);
  for (const [k, v] of Object.entries(input.ExpressionAttributeValues ?? {}).reverse()) out = out.replaceAll(k, JSON.stringify(v));
  return out;
}

describe('DynamoDB operation builders', () => {
  describe('claimTaskUpdate', () => {
    it('sets the invoked greenfield and increments attempts only while the task is queued', () => {
      const input = claimTaskUpdate(T, F, 't1', 1_700_000_000, 1_731_557_600);
      expect(input).toMatchObject({ TableName: 'sosw_tasks', Key: { task_id: 't1' }, ReturnValues: 'ALL_NEW' });
      expect(readable(input, input.UpdateExpression)).toBe(
        'SET greenfield = 1731557600, attempts = if_not_exists(attempts, 0) + 1, invocations = if_not_exists(invocations, 0) + 1',
      );
      expect(readable(input, input.ConditionExpression)).toBe('greenfield < 1700000000');
    });
  });

  describe('reportTaskUpdate', () => {
    it('completes with flat stat_* / result_* under the full condition and asks for the old item on failure', () => {
      const input = reportTaskUpdate(T, F, {
        taskId: 't1',
        outcome: 'completed',
        at: 100,
        invokedAtLeast: 50,
        attempt: 2,
        stats: { rows: 3 },
        result: { file: 'a' },
      });
      expect(readable(input, input.UpdateExpression)).toBe('SET stat_rows = 3, result_file = "a", completed_at = 100');
      expect(readable(input, input.ConditionExpression)).toBe(
        'attribute_exists(task_id) AND greenfield >= 50 AND attempts = 2 AND attribute_not_exists(completed_at)',
      );
      expect(input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    });

    it('counts a failure without an attempt condition', () => {
      const input = reportTaskUpdate(T, F, { taskId: 't1', outcome: 'failed', at: 100, invokedAtLeast: 50 });
      expect(readable(input, input.UpdateExpression)).toBe('SET failed_attempts = if_not_exists(failed_attempts, 0) + 1');
      expect(readable(input, input.ConditionExpression)).not.toContain('attempts =');
    });
  });

  describe('reportRejection', () => {
    const request = { taskId: 't1', outcome: 'completed', at: 1, invokedAtLeast: 1000, attempt: 1 } as const;
    it.each([
      ['no item', undefined, 'unknown'],
      ['a queued task', { task_id: 't1', greenfield: 2000 - 1500, attempts: 0 }, 'notInvoked'],
      ['another attempt', { task_id: 't1', greenfield: 5000, attempts: 2 }, 'otherAttempt'],
      ['a completed task', { task_id: 't1', greenfield: 5000, attempts: 1, completed_at: 9 }, 'alreadyCompleted'],
    ] as const)('maps %s to %s', (_name, old, reason) => {
      expect(reportRejection(old, request, F)).toBe(reason);
    });
  });

  describe('queue queries', () => {
    it('reads one queue bound with Limit 1 (the original forgot it) in the asked direction', () => {
      const newest = queueBoundQuery(T, F, 'w', 1_700_000_000, 'newest');
      expect(newest).toMatchObject({ IndexName: 'sosw_tasks_greenfield', Limit: 1, ScanIndexForward: false });
      expect(readable(newest, newest.KeyConditionExpression)).toBe('labourer_id = "w" AND greenfield < 1700000000');
      expect(queueBoundQuery(T, F, 'w', 1, 'oldest').ScanIndexForward).toBe(true);
    });

    it('selects invoked tasks between two bounds with the not-completed filter', () => {
      const input = invokedBetweenQuery(T, F, 'w', 10, 20);
      expect(readable(input, input.KeyConditionExpression)).toBe('labourer_id = "w" AND greenfield BETWEEN 10 AND 20');
      expect(readable(input, input.FilterExpression)).toBe('attribute_not_exists(completed_at)');
    });

    it('lists completed tasks above the invoked floor, or the whole partition without one', () => {
      expect(readable(completedQuery(T, F, 'w', 31_557_600), completedQuery(T, F, 'w', 31_557_600).KeyConditionExpression)).toBe(
        'labourer_id = "w" AND greenfield >= 31557600',
      );
      const whole = completedQuery(T, F, 'w', null);
      expect(readable(whole, whole.KeyConditionExpression)).toBe('labourer_id = "w"');
    });

    it('uses remapped field names everywhere', () => {
      const f = resolveFieldNames({ greenfield: 'gf', labourer_id: 'worker' });
      const input = queueBoundQuery(T, f, 'w', 5, 'oldest');
      expect(readable(input, input.KeyConditionExpression)).toBe('worker = "w" AND gf < 5');
    });
  });

  describe('closed and retry queries', () => {
    it('query the closed index by <labourer>_1, newest first', () => {
      const input = recentClosedQuery(T, F, 'w', true);
      expect(input).toMatchObject({ IndexName: 'labourer_task_status_with_time', ScanIndexForward: false });
      expect(readable(input, input.KeyConditionExpression)).toBe('labourer_id_task_status = "w_1"');
    });

    it('find a retry task by id with a filtered scan', () => {
      const input = retryByIdScan(T, F, 't9');
      expect(readable(input, input.FilterExpression)).toBe('task_id = "t9"');
    });
  });

  describe('moves', () => {
    it('archive puts the task with its status and closing time and deletes the unchanged live item', () => {
      const { input, closed } = archiveTransaction(T, F, live, 1_700_000_100);
      expect(closed).toEqual({ ...live, labourer_id_task_status: 'w_0', closed_at: 1_700_000_100 });
      const [put, del] = input.TransactItems ?? [];
      expect(put?.Put).toMatchObject({ TableName: 'sosw_closed_tasks', Item: closed });
      expect(readable(del?.Delete ?? {}, del?.Delete?.ConditionExpression)).toBe(
        'attribute_exists(task_id) AND greenfield = 1731557600 AND attempts = 1 AND attribute_not_exists(completed_at) AND attribute_not_exists(failed_attempts)',
      );
    });

    it('moveToRetry adds desired_launch_time and keeps every attribute', () => {
      const { retry, input } = moveToRetryTransaction(T, F, { ...live, closed_at: 5 }, 1_700_000_900);
      expect(retry).toEqual({ ...live, desired_launch_time: 1_700_000_900 });
      expect(input.TransactItems?.[0]?.Put?.TableName).toBe('sosw_retry_tasks');
    });

    it('redrive drops the closed attributes, resets attempts and requires a dead task', () => {
      const { live: requeued, input } = redriveTransaction(T, F, { ...live, labourer_id_task_status: 'w_0', closed_at: 7 }, 3000);
      expect(requeued).toEqual({ ...live, greenfield: 3000, attempts: 0 });
      const del = input.TransactItems?.[1]?.Delete;
      expect(readable(del ?? {}, del?.ConditionExpression)).toBe('labourer_id_task_status = "w_0"');
    });
  });

  describe('enqueue transactions', () => {
    it('checks each id against the three tables and maps cancellation reasons back to items', () => {
      const input = enqueueCheckedTransaction(T, F, [live, { ...live, task_id: 't2' }]);
      expect(input.TransactItems).toHaveLength(6);
      expect(input.TransactItems?.[1]?.ConditionCheck).toMatchObject({ TableName: 'sosw_closed_tasks', Key: { task_id: 't1' } });
      expect(input.TransactItems?.[2]?.ConditionCheck).toMatchObject({
        TableName: 'sosw_retry_tasks',
        Key: { labourer_id: 'w', task_id: 't1' },
      });
      expect(rejectedItemIndexes(['None', 'None', 'None', 'None', 'ConditionalCheckFailed', 'None'])).toEqual(new Set([1]));
    });

    it('chunks by 33 tasks (100 actions) and by size', () => {
      expect(chunkForTransactions(new Array(70).fill(1), () => 10).map((c) => c.length)).toEqual([33, 33, 4]);
      expect(chunkForTransactions(new Array(3).fill(1), () => 2_000_000).map((c) => c.length)).toEqual([1, 1, 1]);
    });
  });

  describe('resolveDynamoTableNames', () => {
    it('keeps the original names by default and rejects empty or unknown names', () => {
      expect(resolveDynamoTableNames({ tasks: 'x' })).toMatchObject({
        tasks: 'x',
        closedTasks: 'sosw_closed_tasks',
        retryLaunchIndex: 'labourer_id_greenfield',
      });
      expect(() => resolveDynamoTableNames({ tasks: '' })).toThrow(/tableNames.tasks/);
      expect(() => resolveDynamoTableNames({ nope: 'x' } as never)).toThrow(/Unknown DynamoDB table name key nope/);
    });
  });
});
