/** Tasks over DynamoDB's 400 KB item limit are refused before anything is written (moto). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { resolveSchedulerConfig } from '../../../src/core/config/scheduler-config.js';
import { SoswError } from '../../../src/core/errors.js';
import { Scheduler } from '../../../src/essentials/scheduler/scheduler.js';
import { MemoryBlobStore } from '../../unit/essentials/scheduler/fakes.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const FAR_FUTURE = Number.MAX_SAFE_INTEGER;

describe.skipIf(awsTierOff())('task size limit on DynamoDB (moto)', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('a job of 60 tasks with one 500 KB payload is refused whole with job.taskTooLarge: no task, no audit row, no queue file', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    const blobs = new MemoryBlobStore();
    try {
      const scheduler = new Scheduler({
        config: resolveSchedulerConfig({
          task_config: { labourers: { w: {} } },
          job_schema_variants: { default: { chunkable_attrs: ['item'] } },
          rows_to_process: 25,
        }),
        store,
        metaLog,
        blobs,
      });
      const items = Array.from({ length: 60 }, (_, i) => (i === 40 ? 'x'.repeat(500_000) : `item-${i}`));
      const error = await scheduler.run({ lambda_name: 'w', isolate_items: true, items }).catch((e: unknown) => e);

      expect(SoswError.is(error, 'job.taskTooLarge'), String(error)).toBe(true);
      expect((error as SoswError).details).toMatchObject({ row: 40, maxBytes: 409_600, total: 60 });
      expect((error as SoswError).message).toMatch(/Task 40 of the job \(of 60\) would be \d+ bytes/);
      expect(await store.countQueued('w', FAR_FUTURE)).toBe(0);
      expect(blobs.objects.size).toBe(0);
    } finally {
      await store.close();
      await metaLog.close();
      await tables.drop();
    }
  });

  it('enqueue refuses a draft over 400 KB with task.tooLarge and writes none of the batch', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    try {
      const drafts = [{ payload: '{"a":1}' }, { payload: JSON.stringify({ big: 'é'.repeat(210 * 1024) }) }];
      const error = await store.enqueue('w', drafts, 1_700_000_000).catch((e: unknown) => e);
      expect(SoswError.is(error, 'task.tooLarge'), String(error)).toBe(true);
      expect((error as SoswError).details).toMatchObject({ field: 'drafts[1].payload' });
      expect(await store.countQueued('w', FAR_FUTURE)).toBe(0);
    } finally {
      await store.close();
      await tables.drop();
    }
  });
});
