import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteJobStore, SqliteTaskStore } from '../../src/sqlite.js';
import { describeJobStoreContract } from './job-store.contract.js';

describeJobStoreContract('SqliteJobStore (in memory)', async () => {
  const database = openSqliteDatabase(':memory:');
  const jobStore = new SqliteJobStore({ database });
  const taskStore = new SqliteTaskStore({ database });
  return {
    jobStore,
    taskStore,
    cleanup: async () => {
      await jobStore.close();
      await taskStore.close();
      database.close();
    },
  };
});

describeJobStoreContract('SqliteJobStore (WAL file, two connections)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-jobs-contract-'));
  const jobStore = new SqliteJobStore({ path: join(dir, 'jobs.db') });
  const taskStore = new SqliteTaskStore({ path: join(dir, 'jobs.db') });
  return {
    jobStore,
    taskStore,
    cleanup: async () => {
      await jobStore.close();
      await taskStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
