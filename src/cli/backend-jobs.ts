/**
 * The job verbs' access to each backend's job records: on SQLite the database of the project (job
 * table beside the task tables), on AWS the jobs table when the deployment has one.
 */
import { openSqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteJobStore } from '../adapters/sqlite/sqlite-job-store.js';
import { SqliteMetaLog } from '../adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from '../adapters/sqlite/sqlite-task-store.js';
import { SoswError } from '../core/errors.js';
import { createJobsApi } from '../essentials/jobs/jobs-api.js';
import type { EmbeddedRuntime } from '../local.js';
import type { CliJobs } from './jobs-access.js';

/** `job.notConfigured`: the AWS deployment has no jobs table (it keeps only the original's tables). */
export function jobsTableMissing(): SoswError {
  return new SoswError(
    'job.notConfigured',
    'The jobs table is not configured: job records need the sosw_jobs table. Create it with createSoswTables (or deploy the CDK construct of this version) and set SOSW_JOBS_TABLE.',
    { details: { env: 'SOSW_JOBS_TABLE' } },
  );
}

export function embeddedJobs(runtime: EmbeddedRuntime): CliJobs & { close(): Promise<void> } {
  const database = openSqliteDatabase(runtime.dbPath, { create: false });
  const jobStore = new SqliteJobStore({ database });
  const api = createJobsApi({ jobStore, taskStore: new SqliteTaskStore({ database }), metaLog: new SqliteMetaLog({ database }) });
  return {
    api,
    store: jobStore,
    close: async () => {
      if (database.open) database.close();
    },
  };
}
