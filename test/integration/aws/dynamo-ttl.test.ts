import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import type { DynamoTableNames } from '../../../src/adapters/aws/dynamodb/table-names.js';
import type { DynamoTtl } from '../../../src/adapters/aws/dynamodb/ttl.js';
import { MemoryConfigSource } from '../../../src/adapters/local/memory-config-source.js';
import { createAwsEssentials } from '../../../src/aws-composition.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const DAY = 86_400;
const NOW = 1_700_000_000;
const CLOSED_TTL: DynamoTtl = { attribute: 'expires_at', seconds: 90 * DAY };
const META_TTL: DynamoTtl = { attribute: 'expires_at', seconds: 30 * DAY };

describe.skipIf(awsTierOff())('DynamoDB TTL (retention) on moto', () => {
  const client = new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(client);
  let tables: { names: DynamoTableNames; drop(): Promise<void> };
  let closers: Array<{ close(): Promise<void> }>;
  afterAll(() => client.destroy());
  beforeEach(async () => {
    tables = await freshSoswTables(client);
    closers = [];
  });
  afterEach(async () => {
    await Promise.all(closers.map((c) => c.close()));
    await tables.drop();
  });

  const store = (ttl: boolean): DynamoTaskStore => {
    const built = new DynamoTaskStore({
      client,
      tableNames: tables.names,
      ...(ttl ? { closedTtl: CLOSED_TTL, metaTtl: META_TTL } : {}),
    });
    closers.push(built);
    return built;
  };
  const raw = async (table: string, taskId: string): Promise<Record<string, unknown> | undefined> =>
    (await doc.send(new GetCommand({ TableName: table, Key: { task_id: taskId }, ConsistentRead: true }))).Item;
  const metaRows = async (taskId: string): Promise<Record<string, unknown>[]> =>
    (
      await doc.send(
        new QueryCommand({
          TableName: tables.names.meta,
          KeyConditionExpression: 'task_id = :t',
          ExpressionAttributeValues: { ':t': taskId },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  /** Enqueue `n` tasks of labourer `w` and claim them (invoked). */
  const invoked = async (s: DynamoTaskStore, n: number): Promise<string[]> => {
    const tasks = await s.enqueue(
      'w',
      Array.from({ length: n }, (_, i) => ({ payload: JSON.stringify({ i }) })),
      NOW - 100,
    );
    const claimed = await s.claimMany(
      tasks.map((t) => t.taskId),
      NOW,
      NOW + 10,
    );
    return claimed.map((t) => t.taskId);
  };

  it('archive and archiveMany write expires_at = floor(closed_at) + seconds; reads hide it', async () => {
    const s = store(true);
    const [done, dead, manyA, manyB] = await invoked(s, 4);
    const report = await s.report({ taskId: done!, outcome: 'completed', at: NOW + 20, invokedAtLeast: NOW });
    expect(report.applied).toBe(true);

    const closedAt = NOW + 30.75;
    expect(await s.archive(done!, closedAt)).toMatchObject({ succeeded: true });
    expect(await s.archive(dead!, closedAt)).toMatchObject({ succeeded: false });
    expect((await s.archiveMany([manyA!, manyB!], closedAt)).sort()).toEqual([manyA, manyB].sort());

    for (const id of [done, dead, manyA, manyB]) {
      const item = await raw(tables.names.closedTasks, id!);
      expect(item?.expires_at).toBe(NOW + 30 + 90 * DAY);
    }
    const closed = await s.getClosed(done!);
    expect(closed?.extra ?? {}).not.toHaveProperty('expires_at');
    const recent = await s.recentClosed('w', false, 10);
    expect(recent).toHaveLength(3);
    for (const task of recent) expect(task.extra ?? {}).not.toHaveProperty('expires_at');
  });

  it('redrive removes the TTL attribute from the task it puts back', async () => {
    const s = store(true);
    const [dead] = await invoked(s, 1);
    await s.archive(dead!, NOW + 5);
    expect((await raw(tables.names.closedTasks, dead!))?.expires_at).toBe(NOW + 5 + 90 * DAY);

    const back = await s.redrive(dead!);

    expect(back).toMatchObject({ taskId: dead, attempts: 0 });
    const item = await raw(tables.names.tasks, dead!);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('expires_at');
    expect(item).not.toHaveProperty('closed_at');
    expect(back?.extra ?? {}).not.toHaveProperty('expires_at');
    expect(await raw(tables.names.closedTasks, dead!)).toBeUndefined();
  });

  it('audit rows carry expires_at: the report transaction and DynamoMetaLog', async () => {
    const s = store(true);
    const [id] = await invoked(s, 1);
    const audit = { taskId: id!, createdAt: NOW + 20.5, action: 'marked_as_completed', author: 'sosw_worker_assistant' } as const;
    const outcome = await s.report({ taskId: id!, outcome: 'completed', at: NOW + 20, invokedAtLeast: NOW, audit });
    expect(outcome).toMatchObject({ applied: true, audited: true });

    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta, ttl: META_TTL });
    closers.push(metaLog);
    await metaLog.write([{ taskId: id!, createdAt: NOW + 40.9, action: 'archived', author: 'sosw_orchestrator' }]);

    const rows = await metaRows(id!);
    expect(rows.map((r) => [r.action, r.expires_at])).toEqual([
      ['marked_as_completed', NOW + 20 + 30 * DAY],
      ['archived', NOW + 40 + 30 * DAY],
    ]);
    for (const entry of await metaLog.forTask(id!)) expect(entry.extra ?? {}).not.toHaveProperty('expires_at');
  });

  it('without the options nothing is written (the existing layout)', async () => {
    const s = store(false);
    const [id] = await invoked(s, 1);
    const audit = { taskId: id!, createdAt: NOW + 20, action: 'marked_as_failed' } as const;
    await s.report({ taskId: id!, outcome: 'failed', at: NOW + 20, invokedAtLeast: NOW, audit });
    await s.archive(id!, NOW + 30);
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    closers.push(metaLog);
    await metaLog.write([{ taskId: id!, createdAt: NOW + 31, action: 'archived' }]);

    expect(await raw(tables.names.closedTasks, id!)).not.toHaveProperty('expires_at');
    const rows = await metaRows(id!);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).not.toHaveProperty('expires_at');
  });

  it('createAwsEssentials passes the deployment variables to the store and the meta log', async () => {
    const essentials = createAwsEssentials({
      env: {
        SOSW_TASKS_TABLE: tables.names.tasks,
        SOSW_CLOSED_TASKS_TABLE: tables.names.closedTasks,
        SOSW_RETRY_TASKS_TABLE: tables.names.retryTasks,
        SOSW_META_TABLE: tables.names.meta,
        SOSW_TTL_ATTRIBUTE: 'gone_at',
        SOSW_CLOSED_TASKS_TTL_SECONDS: '3600',
        SOSW_META_TTL_SECONDS: '600',
      },
      clients: { dynamodb: client },
      configSource: new MemoryConfigSource({}),
    });
    closers.push(essentials);
    const s = await essentials.store();
    const [id] = await invoked(s, 1);
    await s.archive(id!, NOW + 1);
    await essentials.metaLog.write([{ taskId: id!, createdAt: NOW + 2, action: 'archived' }]);

    expect((await raw(tables.names.closedTasks, id!))?.gone_at).toBe(NOW + 1 + 3600);
    expect((await metaRows(id!))[0]?.gone_at).toBe(NOW + 2 + 600);
  });
});
