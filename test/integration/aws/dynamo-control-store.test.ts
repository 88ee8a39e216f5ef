import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe } from 'vitest';
import { DynamoControlStore } from '../../../src/adapters/aws/dynamodb/dynamo-control-store.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { describeControlStoreContract } from '../../contract/control-store.contract.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('DynamoControlStore on moto', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  describeControlStoreContract('DynamoControlStore', async () => {
    const tables = await freshSoswTables(client);
    const controls = new DynamoControlStore({ client, tableName: tables.names.tasks });
    const tasks = new DynamoTaskStore({ client, tableNames: tables.names });
    return {
      controls,
      tasks,
      cleanup: async () => {
        await controls.close();
        await tasks.close();
        await tables.drop();
      },
    };
  });
});
