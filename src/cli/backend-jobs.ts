/**
 * The job verbs' access to each backend's job records: on SQLite the embedded runtime's database
 * (job table beside the task tables), on AWS the jobs table when the deployment has one.
 */
import { openSqliteDatabase } from '../adapters/sqlite/database.js';
import { SqliteJobStore } from '../adapters/sqlite/sqlite-job-store.js';
import { SqliteTaskStore } from '../adapters/sqlite/sqlite-task-store.js';
import { epochSeconds, systemClock } from '../core/clock.js';
import { SoswError } from '../core/errors.js';
import type { JobRecord } from '../core/job/job.js';
import type { EmbeddedRuntime } from '../local.js';
import type { JobStore, JobTasks } from '../ports/job-store.js';
import { type CliJobs, cliJobs, jobNotFound } from './jobs-access.js';

/** `job.notConfigured`: the AWS deployment has no jobs table (it keeps only the original's tables). */
export function jobsTableMissing(): SoswError {
  return new SoswError(
    'job.notConfigured',
    'The jobs table is not configured: job records need the sosw_jobs table. Create it with createSoswTables (or deploy the CDK construct of this version) and set SOSW_JOBS_TABLE.',
    { details: { env: 'SOSW_JOBS_TABLE' } },
  );
}

/** Recount the job's tasks and write the recount over its counters. */
async function repair(
  jobStore: JobStore,
  jobTasks: JobTasks,
  jobId: string,
  where: string,
): Promise<{ before: JobRecord; after: JobRecord }> {
  const before = await jobStore.get(jobId);
  if (before === null) throw jobNotFound(jobId, where);
  const counts = await jobTasks.countJobTasks(before.labourerId, jobId);
  const after = await jobStore.setCounters(
    jobId,
    { completed: counts.completed, dead: counts.dead, cancelled: counts.cancelled },
    epochSeconds(systemClock),
  );
  if (after === null) throw jobNotFound(jobId, where);
  return { before, after };
}

export function embeddedJobs(runtime: EmbeddedRuntime): CliJobs & { close(): Promise<void> } {
  const database = openSqliteDatabase(runtime.dbPath, { create: false });
  const jobStore = new SqliteJobStore({ database });
  const jobTasks = new SqliteTaskStore({ database });
  const jobs = cliJobs({
    jobStore,
    jobTasks,
    followUpIds: () => [],
    cancel: async () => {
      throw new SoswError('internal', 'sosw cancel needs the jobs engine (not merged yet).');
    },
    repair: (jobId) => repair(jobStore, jobTasks, jobId, runtime.dbPath),
  });
  return {
    ...jobs,
    close: async () => {
      if (database.open) database.close();
    },
  };
}
