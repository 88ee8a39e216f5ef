import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../src/adapters/aws/dynamodb/dynamo-job-store.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { SoswError } from '../../../src/core/errors.js';
import { newJob } from '../../contract/job-store/fixtures.js';
import { describeJobStoreContract } from '../../contract/job-store.contract.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('DynamoJobStore on moto', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  describeJobStoreContract('DynamoJobStore + DynamoTaskStore({ jobs: true })', async () => {
    const tables = await freshSoswTables(client);
    const jobStore = new DynamoJobStore({ client, tableNames: tables.names });
    const taskStore = new DynamoTaskStore({ client, tableNames: tables.names, jobs: true });
    return {
      jobStore,
      taskStore,
      cleanup: async () => {
        await jobStore.close();
        await taskStore.close();
        await tables.drop();
      },
    };
  });

  // A forged cursor, or one of the all-jobs list sent with a state filter, reached DynamoDB as the
  // ExclusiveStartKey: a 500 store.unavailable in the dashboard (schemaMismatch on real DynamoDB).
  it('refuses a cursor it did not return for this list with store.invalidArgument', async () => {
    const tables = await freshSoswTables(client);
    const jobStore = new DynamoJobStore({ client, tableNames: tables.names });
    try {
      for (let i = 0; i < 3; i++) await jobStore.create(newJob(`job${i}`, { createdAt: 1_700_000_000 + i, state: 'running' }));
      const all = await jobStore.list({ limit: 1 });
      expect(all.cursor).toBeDefined();
      const forged = Buffer.from(JSON.stringify({ job_id: 'zz', created_at: 'abc', job_list: 'all' })).toString('base64url');
      for (const query of [
        { limit: 1, states: ['running' as const], cursor: all.cursor },
        { limit: 1, cursor: forged },
      ]) {
        const error = await jobStore.list(query).catch((e: unknown) => e);
        expect(SoswError.is(error, 'store.invalidArgument'), String(error)).toBe(true);
      }
      expect((await jobStore.list({ limit: 1, cursor: all.cursor })).jobs).toHaveLength(1);
    } finally {
      await jobStore.close();
      await tables.drop();
    }
  });
});
