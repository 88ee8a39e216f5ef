/**
 * `sosw/testing`: test doubles for users' own tests. Each helper stands alone, so more can be added
 * (a recording invoker, factories) without touching the others.
 */
import { openSqliteDatabase, type SqliteDatabase } from './adapters/sqlite/database.js';
import { SqliteJobStore } from './adapters/sqlite/sqlite-job-store.js';
import { SqliteMetaLog } from './adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from './adapters/sqlite/sqlite-task-store.js';
import type { SqliteTableNamesOptions } from './adapters/sqlite/table-names.js';

export { InMemoryMetrics } from './adapters/local/in-memory-metrics.js';
export { RecordingInvoker } from './adapters/local/recording-invoker.js';
export { RecordingNotifier } from './adapters/local/recording-notifier.js';
export { ManualClock } from './core/clock.js';
export { createInvocationContext } from './essentials/worker/context.js';
export { Processor } from './essentials/worker/processor.js';

export interface MemoryStoreOptions {
  /** @defaultValue 1000 */
  readonly greenfieldTaskStep?: number;
  /** @defaultValue the original's table names */
  readonly tables?: SqliteTableNamesOptions;
}

/** An in-memory task store, meta log and job store on one SQLite connection. */
export interface MemoryStore {
  readonly store: SqliteTaskStore;
  readonly metaLog: SqliteMetaLog;
  /** Job records on the same connection (the task store keeps their counters). */
  readonly jobStore: SqliteJobStore;
  /** The shared connection, for assertions with plain SQL. */
  readonly database: SqliteDatabase;
  /** Close both adapters and the connection. */
  close(): Promise<void>;
}

/**
 * A fresh in-memory store for one test: nothing touches the disk, nothing is shared.
 *
 * @example
 * const { store, close } = createMemoryStore();
 * await store.enqueue('my_worker', [{ payload: '{}' }], 1_700_000_000);
 * await close();
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const database = openSqliteDatabase(':memory:', options.tables === undefined ? {} : { tables: options.tables });
  const tables = options.tables === undefined ? {} : { tables: options.tables };
  const store = new SqliteTaskStore({
    database,
    ...tables,
    ...(options.greenfieldTaskStep === undefined ? {} : { greenfieldTaskStep: options.greenfieldTaskStep }),
  });
  const metaLog = new SqliteMetaLog({ database, ...tables });
  const jobStore = new SqliteJobStore({ database, ...tables });
  return {
    store,
    metaLog,
    jobStore,
    database,
    close: async (): Promise<void> => {
      await store.close();
      await metaLog.close();
      await jobStore.close();
      if (database.open) database.close();
    },
  };
}
