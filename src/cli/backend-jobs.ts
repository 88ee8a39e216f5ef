/**
 * The job verbs' access to each backend's job records: on SQLite the database of the project (job
 * table beside the task tables), on AWS the jobs table when the deployment has one.
 */

import type { AwsEssentials } from '../aws-composition.js';
import { SoswError } from '../core/errors.js';
import type { EmbeddedRuntime } from '../local.js';
import type { CliJobs } from './jobs-access.js';

/** `job.notConfigured`: the AWS deployment has no jobs table (it keeps only the original's tables). */
export function jobsTableMissing(): SoswError {
  return new SoswError(
    'job.notConfigured',
    'The jobs table is not configured: job records need the sosw_jobs table. Create it with createSoswTables (or deploy the CDK construct of this version) and set SOSW_JOBS_TABLE to its name.',
    { details: { env: 'SOSW_JOBS_TABLE' } },
  );
}

/** The embedded runtime's jobs API and job store (same database and connection as its task tables). */
export function embeddedJobs(runtime: Pick<EmbeddedRuntime, 'jobs' | 'jobStore'>): CliJobs {
  return { api: runtime.jobs, store: runtime.jobStore };
}

/** The deployment's jobs API and jobs table, or `job.notConfigured` when SOSW_JOBS_TABLE is unset. */
export async function awsJobs(essentials: Pick<AwsEssentials, 'jobs' | 'jobStore'>): Promise<CliJobs> {
  const api = await essentials.jobs();
  if (api === undefined || essentials.jobStore === undefined) throw jobsTableMissing();
  return { api, store: essentials.jobStore };
}
