import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../../../src/adapters/sqlite/database.js';
import { SqliteMetaLog } from '../../../../src/adapters/sqlite/sqlite-meta-log.js';
import { SoswError } from '../../../../src/core/errors.js';

describe('SqliteMetaLog (SQLite specifics)', () => {
  it('writes to a custom meta table', async () => {
    const database = openSqliteDatabase(':memory:');
    const log = new SqliteMetaLog({ database, tables: { meta: 'autotest_sosw_tasks_meta' } });
    await log.write([{ taskId: 't', createdAt: 1, action: 'created' }]);
    expect(database.prepare('SELECT count(*) FROM autotest_sosw_tasks_meta').pluck().get()).toBe(1);
    expect(database.prepare('SELECT count(*) FROM sosw_tasks_meta').pluck().get()).toBe(0);
    database.close();
  });

  it('fails with store.unavailable after close', async () => {
    const log = new SqliteMetaLog();
    await log.close();
    const error = await log.forTask('t').catch((e: unknown) => e);
    expect(SoswError.is(error, 'store.unavailable')).toBe(true);
  });
});
