/** What the original's readers and writers left in DynamoDB, read and written compatibly (moto). */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { resolveSchedulerConfig } from '../../../src/core/config/scheduler-config.js';
import { Scheduler } from '../../../src/essentials/scheduler/scheduler.js';
import { describePythonPayloadRedrive, PYTHON_REPR_PAYLOAD } from '../../contract/python-payload.contract.js';
import { MemoryBlobStore } from '../../unit/essentials/scheduler/fakes.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('compatibility with the original (DynamoDB on moto)', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  describe('a dead task the original Scavenger archived with a Python-repr payload', () => {
    describePythonPayloadRedrive(async () => {
      const tables = await freshSoswTables(client);
      const store = new DynamoTaskStore({ client, tableNames: tables.names });
      return {
        store,
        async deadTask() {
          await client.send(
            new PutItemCommand({
              TableName: tables.names.closedTasks,
              Item: {
                task_id: { S: 'py-archived-1' },
                labourer_id: { S: 'w' },
                created_at: { N: '1600000000.5' },
                greenfield: { N: '1631557600' },
                attempts: { N: '3' },
                payload: { S: PYTHON_REPR_PAYLOAD },
                labourer_id_task_status: { S: 'w_0' },
                closed_at: { N: '1600000100' },
              },
            }),
          );
          return 'py-archived-1';
        },
        async cleanup() {
          await store.close();
          await tables.drop();
        },
      };
    });
  });

  it('the Scheduler created rows carry `labourer`, as the original wrote them', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    try {
      const scheduler = new Scheduler({
        config: resolveSchedulerConfig({ task_config: { labourers: { w: {} } } }),
        store,
        metaLog,
        blobs: new MemoryBlobStore(),
      });
      const result = await scheduler.run({ lambda_name: 'w', a: 1 });
      const [task] = await store.nextQueued('w', Number.MAX_SAFE_INTEGER, 5);
      expect(result.queued).toBe(1);
      const rows = await metaLog.forTask(task!.taskId);
      const created = rows.find((r) => r.action === 'created');
      expect(created).toBeDefined();
      const raw = await client.send(
        new GetItemCommand({
          TableName: tables.names.meta,
          Key: { task_id: { S: task!.taskId }, created_at: { N: String(created!.createdAt) } },
        }),
      );
      expect(raw.Item?.labourer).toEqual({ S: 'w' });
    } finally {
      await store.close();
      await metaLog.close();
      await tables.drop();
    }
  });
});
