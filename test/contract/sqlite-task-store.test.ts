import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore } from '../../src/sqlite.js';
import { describeTaskStoreContract } from './task-store.contract.js';

describeTaskStoreContract('SqliteTaskStore (in memory)', async () => {
  const store = new SqliteTaskStore();
  return { store, cleanup: () => store.close() };
});

describeTaskStoreContract('SqliteTaskStore (WAL file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-contract-'));
  const store = new SqliteTaskStore({ path: join(dir, 'tasks.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
