import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { aggregateDatapoints, buildMetricRequest } from '../../../../src/adapters/aws/cloudwatch/metric-request.js';
import { collectPages, parseConfigDocument } from '../../../../src/adapters/aws/config/parse-document.js';
import { DynamoSender, pageSize, translateDynamoError } from '../../../../src/adapters/aws/dynamodb/dynamo-sender.js';
import { fromClosedItem, fromTaskItem, toClosedItem, toTaskItem } from '../../../../src/adapters/aws/dynamodb/items.js';
import { resolveBackoff } from '../../../../src/adapters/aws/shared/backoff.js';
import { packMessages, SNS_SEPARATOR, snsSubject } from '../../../../src/adapters/aws/sns/pack-messages.js';
import { SoswError } from '../../../../src/core/errors.js';
import { resolveFieldNames } from '../../../../src/core/task/field-names.js';
import type { Task } from '../../../../src/core/task/task.js';

const F = resolveFieldNames();

function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: 400 }, ...extra });
}

describe('task items', () => {
  it('round-trip a task with stats, result, failures and extra attributes in the original layout', () => {
    const task: Task = {
      taskId: 't1',
      labourerId: 'w',
      createdAt: 1712345678.123456,
      greenfield: 1_731_557_600,
      attempts: 2,
      payload: '{"a":1}',
      completedAt: 1_700_000_005,
      failedAttempts: 1,
      stats: { rows: 7 },
      result: { file: 'a.csv' },
      extra: { arn: 'arn:x' },
    };
    const item = toTaskItem(task, F);
    expect(item).toEqual({
      task_id: 't1',
      labourer_id: 'w',
      created_at: 1712345678.123456,
      greenfield: 1_731_557_600,
      attempts: 2,
      payload: '{"a":1}',
      completed_at: 1_700_000_005,
      failed_attempts: 1,
      stat_rows: 7,
      result_file: 'a.csv',
      arn: 'arn:x',
    });
    expect(fromTaskItem(item, F)).toEqual(task);
    expect(fromClosedItem(toClosedItem(item, F, 9), F)).toEqual({ ...task, closedAt: 9, succeeded: true });
  });

  it('reads a payload stored as a map as JSON text', () => {
    expect(fromTaskItem({ task_id: 't', labourer_id: 'w', greenfield: 1, payload: { a: 1 } }, F).payload).toBe('{"a":1}');
  });
});

describe('packMessages', () => {
  it('joins messages with the separator while they fit, then starts a new body', () => {
    expect(packMessages(['a', 'b', 'c'], '|', 3)).toEqual(['a|b', 'c']);
    expect(packMessages(['one', 'two'])).toEqual([`one${SNS_SEPARATOR}two`]);
    expect(packMessages([])).toEqual([]);
  });

  it('splits an oversized message on character boundaries', () => {
    expect(packMessages(['ééé'], '|', 4)).toEqual(['éé', 'é']);
  });

  it('makes SNS-valid subjects', () => {
    expect(snsSubject('line\nbreak')).toBe('line break');
    expect(snsSubject('x'.repeat(150))).toHaveLength(100);
  });
});

describe('buildMetricRequest', () => {
  it('applies the original defaults and maps Name to MetricName over the slice ending at nowMs', () => {
    const { input, statistic } = buildMetricRequest({ Name: 'CPUUtilization', Namespace: 'AWS/RDS' }, Date.UTC(2024, 0, 1, 12));
    expect(statistic).toBe('Average');
    expect(input).toMatchObject({ MetricName: 'CPUUtilization', Namespace: 'AWS/RDS', Period: 60, Statistics: ['Average'] });
    expect(input.StartTime?.toISOString()).toBe('2024-01-01T11:55:00.000Z');
    expect(input.EndTime?.toISOString()).toBe('2024-01-01T12:00:00.000Z');
  });

  it('rejects several statistics or an unsupported one with config.invalid', () => {
    expect(() => buildMetricRequest({ Name: 'x', Namespace: 'n', Statistics: ['Average', 'Maximum'] }, 0)).toThrow(/exactly one statistic/);
    expect(() => buildMetricRequest({ Name: 'x', Namespace: 'n', Statistics: ['p99'] }, 0)).toThrow(SoswError);
  });

  it.each([
    ['Average', 53.61],
    ['Maximum', 100],
    ['Minimum', 29.5],
    ['Sum', 160.83],
  ] as const)('aggregates %s', (statistic, expected) => {
    const points = [31.33, 100, 29.5].map((v) => ({ [statistic]: v }));
    expect(aggregateDatapoints(points, statistic)).toBeCloseTo(expected, 2);
  });

  it('returns null without datapoints', () => {
    expect(aggregateDatapoints([], 'Average')).toBeNull();
    expect(aggregateDatapoints(undefined, 'Maximum')).toBeNull();
  });
});

describe('config documents', () => {
  it('parse JSON objects and reject anything else with config.invalid', () => {
    expect(parseConfigDocument('{"a":1}', 'x')).toEqual({ a: 1 });
    expect(() => parseConfigDocument('[1]', 'x')).toThrow(/not an object/);
    expect(() => parseConfigDocument('nope', 'x')).toThrow(/not valid JSON/);
  });

  it('stop paginating on a repeated NextToken (the original looped forever)', async () => {
    let calls = 0;
    const pages = await collectPages(async () => {
      calls += 1;
      return { NextToken: 'same' };
    });
    expect(calls).toBe(2);
    expect(pages).toHaveLength(2);
  });
});

describe('DynamoSender', () => {
  const sleeps: number[] = [];
  const backoff = resolveBackoff({ retries: 3, baseMs: 10, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });

  function fakeClient(errors: unknown[], result: unknown = { ok: true }): () => DynamoDBDocumentClient {
    return () => ({ send: async () => (errors.length > 0 ? Promise.reject(errors.shift()) : result) }) as unknown as DynamoDBDocumentClient;
  }

  it('retries transaction conflicts (which the SDK does not) with exponential backoff and then succeeds', async () => {
    sleeps.length = 0;
    const sender = new DynamoSender(
      fakeClient([
        awsError('TransactionConflictException'),
        awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
      ]),
      backoff,
    );
    await expect(sender.run('claim', 'sosw_tasks', (c) => c.send({} as never))).resolves.toEqual({ ok: true });
    expect(sleeps).toEqual([5, 10]);
  });

  it('does not retry throttling on top of the SDK: store.throttled at once, with the cause', async () => {
    for (const name of ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']) {
      sleeps.length = 0;
      let calls = 0;
      const client = (() => ({
        send: async () => {
          calls++;
          throw awsError(name);
        },
      })) as unknown as () => DynamoDBDocumentClient;
      const error = await new DynamoSender(client, backoff).run('claim', 'sosw_tasks', (c) => c.send({} as never)).catch((e: unknown) => e);
      expect(SoswError.is(error, 'store.throttled'), name).toBe(true);
      expect((error as SoswError).cause).toBeDefined();
      expect(calls, name).toBe(1);
      expect(sleeps).toEqual([]);
    }
  });

  it.each([
    ['The provided key element does not match the schema', 'store.schemaMismatch'],
    ['The table does not have the specified index: labourer_id_greenfield', 'store.schemaMismatch'],
    ['Query condition missed key schema element: labourer_id', 'store.schemaMismatch'],
    ['Item size has exceeded the maximum allowed size', 'task.tooLarge'],
    ['Item size to update has exceeded the maximum allowed size', 'task.tooLarge'],
    [
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value.',
      'store.invalidArgument',
    ],
    ['ValidationException happened', 'store.invalidArgument'],
  ])('maps the ValidationException "%s" to %s', (message, code) => {
    const error = Object.assign(awsError('ValidationException'), { message });
    expect(translateDynamoError(error, 'enqueue', 'sosw_tasks')).toMatchObject({
      code,
      details: { operation: 'enqueue', table: 'sosw_tasks' },
    });
  });

  it('passes conditional failures through and leaves programming errors unchanged', () => {
    const conditional = awsError('ConditionalCheckFailedException');
    expect(translateDynamoError(conditional, 'claim', 't')).toBe(conditional);
    const bug = new TypeError('x is undefined');
    expect(translateDynamoError(bug, 'claim', 't')).toBe(bug);
    expect(translateDynamoError(awsError('InternalServerError'), 'claim', 't')).toMatchObject({ code: 'store.unavailable' });
    expect(
      translateDynamoError(awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'TransactionConflict' }] }), 'a', 't'),
    ).toMatchObject({
      code: 'store.throttled',
    });
  });

  it('asks for more items per page when a filter drops some', () => {
    expect(pageSize(10, false)).toBe(10);
    expect(pageSize(10, true)).toBe(50);
    expect(pageSize(900, true)).toBe(1000);
  });
});
