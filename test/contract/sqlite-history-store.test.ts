import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, SqliteHistoryStore } from '../../src/sqlite.js';
import { describeHistoryStoreContract, RETENTION } from './history-store.contract.js';

describeHistoryStoreContract('SqliteHistoryStore (in memory)', async () => {
  const database = openSqliteDatabase(':memory:');
  const history = new SqliteHistoryStore({ database, retentionSeconds: RETENTION });
  return {
    history,
    retention: 'prune',
    cleanup: async () => {
      database.close();
    },
  };
});

describeHistoryStoreContract('SqliteHistoryStore (WAL file, two connections)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-contract-'));
  const path = join(dir, 'history.db');
  // Writes alternate between two connections, as the Orchestrator's and a CLI's would.
  const first = new SqliteHistoryStore({ path, retentionSeconds: RETENTION });
  const second = new SqliteHistoryStore({ path, retentionSeconds: RETENTION });
  let turn = 0;
  const history = {
    record: (rollups: Parameters<SqliteHistoryStore['record']>[0], now: number) => (turn++ % 2 === 0 ? first : second).record(rollups, now),
    read: (ids: readonly string[], from: number, to: number) => second.read(ids, from, to),
    close: async () => {},
  };
  return {
    history,
    retention: 'prune',
    cleanup: async () => {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
