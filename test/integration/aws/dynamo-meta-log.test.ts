import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { describeMetaLogContract } from '../../contract/meta-log.contract.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('DynamoMetaLog on moto', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  describeMetaLogContract(
    'DynamoMetaLog',
    async () => {
      const tables = await freshSoswTables(client);
      const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
      return {
        metaLog,
        cleanup: async () => {
          await metaLog.close();
          await tables.drop();
        },
      };
    },
    'lastStays',
  );
});
