import { describe } from 'vitest';
import type { JobStoreFactory } from './job-store/fixtures.js';
import { describeJobTasks } from './job-store/job-tasks.js';
import { describeJobRecords } from './job-store/records.js';

export type { JobStoreFactory } from './job-store/fixtures.js';

/**
 * The behaviour every JobStore adapter (with the JobTasks of its task store) must have, written
 * against the ports only. `factory` returns a fresh, empty pair of stores on one backend per test.
 *
 * @example
 * describeJobStoreContract('SqliteJobStore', async () => {
 *   const database = openSqliteDatabase(':memory:');
 *   const jobStore = new SqliteJobStore({ database });
 *   const taskStore = new SqliteTaskStore({ database });
 *   return { jobStore, taskStore, cleanup: async () => database.close() };
 * });
 */
export function describeJobStoreContract(name: string, factory: JobStoreFactory): void {
  describe(`JobStore contract: ${name}`, () => {
    describeJobRecords(factory);
    describeJobTasks(factory);
  });
}
