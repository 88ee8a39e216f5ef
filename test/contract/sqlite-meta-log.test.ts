import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMetaLog } from '../../src/sqlite.js';
import { describeMetaLogContract } from './meta-log.contract.js';

describeMetaLogContract('SqliteMetaLog (in memory)', async () => {
  const metaLog = new SqliteMetaLog();
  return { metaLog, cleanup: () => metaLog.close() };
});

describeMetaLogContract('SqliteMetaLog (WAL file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sosw-contract-'));
  const metaLog = new SqliteMetaLog({ path: join(dir, 'meta.db') });
  return {
    metaLog,
    cleanup: async () => {
      await metaLog.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
