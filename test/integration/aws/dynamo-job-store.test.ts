import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe } from 'vitest';
import { DynamoJobStore } from '../../../src/adapters/aws/dynamodb/dynamo-job-store.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
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
});
