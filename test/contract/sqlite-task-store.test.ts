import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteMetaLog, SqliteTaskStore } from '../../src/sqlite.js';
import { describeTaskStoreContract } from './task-store.contract.js';

describeTaskStoreContract('SqliteTaskStore (in memory)', async () => {
  const database = openSqliteDatabase(':memory:');
  const store = new SqliteTaskStore({ database });
  const metaLog = new SqliteMetaLog({ database });
  return {
    store,
    metaLog,
    cleanup: async () => {
      await store.close();
      database.close();
    },
  };
});

describeTaskStoreContract('SqliteTaskStore (WAL file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-contract-'));
  const store = new SqliteTaskStore({ path: join(dir, 'tasks.db') });
  const metaLog = new SqliteMetaLog({ path: join(dir, 'tasks.db') });
  return {
    store,
    metaLog,
    cleanup: async () => {
      await store.close();
      await metaLog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
