import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteControlStore, SqliteTaskStore } from '../../src/sqlite.js';
import { describeControlStoreContract } from './control-store.contract.js';

describeControlStoreContract('SqliteControlStore (in memory)', async () => {
  const database = openSqliteDatabase(':memory:');
  const controls = new SqliteControlStore({ database });
  const tasks = new SqliteTaskStore({ database });
  return {
    controls,
    tasks,
    cleanup: async () => {
      database.close();
    },
  };
});

describeControlStoreContract('SqliteControlStore (WAL file, two connections)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-contract-'));
  const path = join(dir, 'controls.db');
  const controls = new SqliteControlStore({ path });
  const tasks = new SqliteTaskStore({ path });
  return {
    controls,
    tasks,
    cleanup: async () => {
      await controls.close();
      await tasks.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
