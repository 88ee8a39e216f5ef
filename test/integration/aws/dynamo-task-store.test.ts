import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { describeTaskStoreContract } from '../../contract/task-store.contract.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('DynamoTaskStore on moto', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  describeTaskStoreContract('DynamoTaskStore', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    return {
      store,
      metaLog: new DynamoMetaLog({ client, tableName: tables.names.meta }),
      cleanup: async () => {
        await store.close();
        await tables.drop();
      },
    };
  });

  describeTaskStoreContract('DynamoTaskStore (no snapshot cache)', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names, snapshotCacheSize: 0 });
    return {
      store,
      metaLog: new DynamoMetaLog({ client, tableName: tables.names.meta }),
      cleanup: async () => {
        await store.close();
        await tables.drop();
      },
    };
  });

  describeTaskStoreContract('DynamoTaskStore (jobs: true: batched archives with job counters)', async () => {
    const tables = await freshSoswTables(client);
    const store = new DynamoTaskStore({ client, tableNames: tables.names, jobs: true });
    return {
      store,
      metaLog: new DynamoMetaLog({ client, tableName: tables.names.meta }),
      cleanup: async () => {
        await store.close();
        await tables.drop();
      },
    };
  });
});
