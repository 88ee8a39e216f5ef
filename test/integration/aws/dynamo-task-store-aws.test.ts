import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createSoswTables, deleteSoswTables } from '../../../src/adapters/aws/dynamodb/create-sosw-tables.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { countRequests } from '../../../src/adapters/aws/shared/request-counter.js';
import { SoswError } from '../../../src/core/errors.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

const NOW = 1_700_000_000;
const DELTA = 31_557_600;
const drafts = (n: number) => Array.from({ length: n }, (_, i) => ({ payload: JSON.stringify({ n: i }) }));

describe.skipIf(awsTierOff())('DynamoTaskStore on the original tables (moto)', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('reads items written by the original: payload JSON text, flat stat_* / result_*, other attributes kept', async () => {
    const tables = await freshSoswTables(client);
    await client.send(
      new PutItemCommand({
        TableName: tables.names.tasks,
        Item: {
          task_id: { S: '9f1c2d0e6c1a11efb4f20242ac120002' },
          labourer_id: { S: 'sosw_sandbox' },
          created_at: { N: '1712345678.123456' },
          greenfield: { N: String(NOW + DELTA) },
          attempts: { N: '1' },
          payload: { S: '{"sections": ["s1"]}' },
          completed_at: { N: String(NOW + 5) },
          stat_rows: { N: '7' },
          result_file: { S: 'a.csv' },
          arn: { S: 'arn:aws:lambda:us-west-2:123456789012:function:sosw_sandbox' },
        },
      }),
    );
    const store = new DynamoTaskStore({ client, tableNames: tables.names });

    const task = await store.get('9f1c2d0e6c1a11efb4f20242ac120002');
    const closed = await store.archive('9f1c2d0e6c1a11efb4f20242ac120002', NOW + 60);

    expect(task).toEqual({
      taskId: '9f1c2d0e6c1a11efb4f20242ac120002',
      labourerId: 'sosw_sandbox',
      createdAt: 1712345678.123456,
      greenfield: NOW + DELTA,
      attempts: 1,
      payload: '{"sections": ["s1"]}',
      completedAt: NOW + 5,
      stats: { rows: 7 },
      result: { file: 'a.csv' },
      extra: { arn: 'arn:aws:lambda:us-west-2:123456789012:function:sosw_sandbox' },
    });
    expect(closed).toMatchObject({ succeeded: true, closedAt: NOW + 60, stats: { rows: 7 } });
    expect(await store.recentClosed('sosw_sandbox', true, 5)).toEqual([closed]);
    await tables.drop();
  });

  it('works on tables with remapped attribute names (field_names)', async () => {
    const fieldNames = { greenfield: 'gf', labourer_id: 'worker', completed_at: 'done_at' };
    const prefix = uniqueName('mapped');
    const names = await createSoswTables(
      client,
      {
        tasks: `${prefix}_tasks`,
        closedTasks: `${prefix}_closed`,
        retryTasks: `${prefix}_retry`,
        meta: `${prefix}_meta`,
        config: `${prefix}_config`,
      },
      { fieldNames },
    );
    const store = new DynamoTaskStore({ client, tableNames: names, fieldNames });
    const [task] = await store.enqueue('w', drafts(2), NOW);
    await store.claim(task!.taskId, NOW, NOW + DELTA);
    await store.report({ taskId: task!.taskId, outcome: 'completed', at: NOW + 1, invokedAtLeast: NOW });

    expect((await store.listCompleted('w', 5)).map((t) => t.taskId)).toEqual([task!.taskId]);
    expect(await store.archive(task!.taskId, NOW + 2)).toMatchObject({ succeeded: true, completedAt: NOW + 1 });
    expect(await store.countQueued('w', NOW)).toBe(1);
    await deleteSoswTables(client, names);
  });

  it('costs one request per batch of 25 on enqueue, one per claim and one per rejected report', async () => {
    const tables = await freshSoswTables(client);
    const counter = countRequests(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });

    const written = await store.enqueue('w', drafts(60), NOW);
    const enqueueCounts = counter.counts();
    counter.reset();
    await store.claim(written[0]!.taskId, NOW, NOW + DELTA);
    const rejected = await store.report({ taskId: written[1]!.taskId, outcome: 'completed', at: NOW, invokedAtLeast: NOW });

    expect(enqueueCounts).toEqual({ BatchWriteItem: 3, Query: 1 });
    expect(rejected).toEqual({ applied: false, reason: 'notInvoked' });
    expect(counter.counts()).toEqual({ UpdateItem: 2 });
    counter.detach();
    await tables.drop();
  });

  it('enqueues fresh caller ids in transactions of 100 conditional Puts that still skip a live id, with no closed / retry checks', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const ids = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ taskId: `fresh-${String(from + i).padStart(4, '0')}`, payload: '{}' }));
    await store.enqueue('w', ids(0, 1), NOW);
    const counter = countRequests(client);
    const captured: number[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
        if (items !== undefined) captured.push(items.length);
        return next(args);
      },
      { step: 'initialize', name: 'captureTransactionSize' },
    );

    const written = await store.enqueue('w', ids(0, 150), NOW, { freshIds: true });

    client.middlewareStack.remove('captureTransactionSize');
    // fresh-0000 is live already: the transaction naming it is cancelled, and re-sent without it.
    expect(written.map((t) => t.taskId)).toEqual(ids(1, 149).map((d) => d.taskId));
    expect(captured).toEqual([100, 99, 50]);
    expect(counter.counts()).toEqual({ Query: 1, TransactWriteItems: 3 });
    expect(await store.countQueued('w', NOW + 1)).toBe(150);
    counter.detach();
    await tables.drop();
  });

  it('archives a listed task with a conditional Put of the closed copy and a conditional Delete, no transaction and no extra read', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const [task] = await store.enqueue('w', drafts(1), NOW);
    await store.claim(task!.taskId, NOW, NOW + DELTA);
    await store.report({ taskId: task!.taskId, outcome: 'completed', at: NOW + 1, invokedAtLeast: NOW });
    const counter = countRequests(client);

    const [listed] = await store.listCompleted('w', 10);
    await store.archive(listed!.taskId, NOW + 2);

    expect(counter.counts()).toEqual({ DeleteItem: 1, PutItem: 1, Query: 1 });
    counter.detach();
    expect(await store.get(listed!.taskId)).toBeNull();
    expect(await store.getClosed(listed!.taskId)).toMatchObject({ succeeded: true, closedAt: NOW + 2 });
    await tables.drop();
  });

  it('re-reads and archives the current item when the snapshot went stale', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const other = new DynamoTaskStore({ client, tableNames: tables.names });
    const [task] = await store.enqueue('w', drafts(1), NOW);
    await store.claim(task!.taskId, NOW, NOW + DELTA);
    await store.get(task!.taskId);
    await other.report({ taskId: task!.taskId, outcome: 'completed', at: NOW + 1, invokedAtLeast: NOW, stats: { rows: 3 } });

    const closed = await store.archive(task!.taskId, NOW + 2);

    expect(closed).toMatchObject({ succeeded: true, completedAt: NOW + 1, stats: { rows: 3 } });
    await tables.drop();
  });

  it('turns a missing table into store.unavailable naming the table', async () => {
    const store = new DynamoTaskStore({ client, tableNames: { tasks: uniqueName('missing') } });
    const error = await store.get('x').catch((e: unknown) => e);
    expect(SoswError.is(error, 'store.unavailable')).toBe(true);
    expect((error as SoswError).message).toContain('does not exist');
    expect((error as SoswError).cause).toBeDefined();
  });

  it('creates its own client from the environment (AWS_ENDPOINT_URL, region, credentials)', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ tableNames: tables.names });
    expect(await store.enqueue('w', drafts(1), NOW)).toHaveLength(1);
    await store.close();
    await tables.drop();
  });

  it('honours the per-service endpoint variable over AWS_ENDPOINT_URL', async () => {
    const tables = await freshSoswTables(client);
    const saved = { general: process.env.AWS_ENDPOINT_URL, dynamo: process.env.AWS_ENDPOINT_URL_DYNAMODB };
    process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.general;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    try {
      const store = new DynamoTaskStore({ tableNames: tables.names });
      expect(await store.countQueued('w', NOW)).toBe(0);
      await store.close();
    } finally {
      process.env.AWS_ENDPOINT_URL = saved.general;
      if (saved.dynamo === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.dynamo;
    }
    await tables.drop();
  });
});
