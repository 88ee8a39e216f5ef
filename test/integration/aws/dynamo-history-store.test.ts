import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoHistoryStore, HISTORY_KEY_PREFIX } from '../../../src/adapters/aws/dynamodb/dynamo-history-store.js';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { emptyRollup } from '../../../src/core/history/minute-rollup.js';
import { describeHistoryStoreContract, RETENTION } from '../../contract/history-store.contract.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('DynamoHistoryStore on moto', () => {
  const client = new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(client);
  afterAll(() => client.destroy());

  describeHistoryStoreContract('DynamoHistoryStore (meta table)', async () => {
    const tables = await freshSoswTables(client);
    const history = new DynamoHistoryStore({ client, tableName: tables.names.meta, retentionSeconds: RETENTION });
    return {
      history,
      retention: async (labourerId, minute) => {
        const got = await doc.send(
          new GetCommand({ TableName: tables.names.meta, Key: { task_id: `${HISTORY_KEY_PREFIX}${labourerId}`, created_at: minute } }),
        );
        return got.Item?.expires_at as number | undefined;
      },
      cleanup: async () => {
        await history.close();
        await tables.drop();
      },
    };
  });

  it('keeps rollups out of the audit trail of any task (readers query the meta table by task id)', async () => {
    const tables = await freshSoswTables(client);
    try {
      const history = new DynamoHistoryStore({ client, tableName: tables.names.meta });
      const meta = new DynamoMetaLog({ client, tableName: tables.names.meta });
      const minute = 1_800_000_000 - (1_800_000_000 % 60);
      await history.record([{ ...emptyRollup('prices', minute), invoked: 2 }], minute);
      await meta.write([{ taskId: 'prices', createdAt: minute, action: 'invoked', labourerId: 'prices' }]);
      expect((await meta.forTask('prices')).map((e) => e.action)).toEqual(['invoked']);
      await history.close();
      await meta.close();
    } finally {
      await tables.drop();
    }
  });
});
