/**
 * The job records of a project on the chosen backend, for the job verbs (`sosw jobs`, `sosw jobs
 * <id>`, `sosw jobs repair`, `sosw cancel`). Everything goes through the engine's jobs API
 * (createJobsApi), the one the dashboard and code use too; the chain is read from the job store.
 */
import type { JobRecord } from '../core/job/job.js';
import { followUpJobId } from '../essentials/jobs/job-summary.js';
import type { JobsApi } from '../essentials/jobs/jobs-api.js';
import type { JobStore, JobTaskPlace } from '../ports/job-store.js';
import type { JobChain, JobDetail } from './job-format.js';
import { TASK_PLACE_ORDER } from './job-format.js';

/** Task ids shown per place by `sosw jobs <id>`. */
export const SAMPLE_TASKS_PER_PLACE = 5;

/** What the job verbs use on a backend: the engine's jobs API and the store it reads (for the chain). */
export interface CliJobs {
  readonly api: JobsApi;
  readonly store: Pick<JobStore, 'getMany'>;
}

/** Follow-up job ids the job's on_complete schedules: each entry's own job_id, else the id the keeper derives. */
export function followUpIds(job: JobRecord): string[] {
  return (job.onComplete?.schedule ?? []).map((next, i) =>
    typeof next.job_id === 'string' && next.job_id !== '' ? next.job_id : followUpJobId(job.jobId, i),
  );
}

/** Everything `sosw jobs <id>` shows: the record, a recount by place, some task ids, the chain. */
export async function jobDetail(jobs: CliJobs, jobId: string): Promise<JobDetail> {
  const { job, tasks } = await jobs.api.get(jobId);
  const sample: Partial<Record<JobTaskPlace, readonly string[]>> = {};
  for (const place of TASK_PLACE_ORDER)
    if (tasks[place] > 0) sample[place] = (await jobs.api.tasks(jobId, place, SAMPLE_TASKS_PER_PLACE)).map((t) => t.taskId);
  return { job, tasks, sample, chain: await jobChain(jobs, job) };
}

async function jobChain(jobs: CliJobs, job: JobRecord): Promise<JobChain> {
  const followUps = followUpIds(job);
  const ids = [...job.after, ...followUps];
  const known = new Map((ids.length === 0 ? [] : await jobs.store.getMany(ids)).map((j) => [j.jobId, j.state as string]));
  return {
    after: job.after.map((id) => ({ jobId: id, state: known.get(id) ?? 'missing' })),
    followUps: followUps.map((id) => ({ jobId: id, state: known.get(id) ?? 'not scheduled' })),
  };
}
