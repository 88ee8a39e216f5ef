/**
 * The job records of a project on the chosen backend, for the job verbs (`sosw jobs`, `sosw jobs
 * <id>`, `sosw jobs repair`, `sosw cancel`). Reads go through the JobStore / JobTasks ports;
 * cancel and repair go through the engine's jobs API, so the CLI, the dashboard and code share
 * one implementation (audit rows, counters in the same writes).
 */
import { SoswError } from '../core/errors.js';
import type { JobRecord } from '../core/job/job.js';
import type { JobPage, JobQuery, JobStore, JobTaskCounts, JobTaskPlace, JobTasks } from '../ports/job-store.js';
import type { JobChain, JobDetail } from './job-format.js';
import { TASK_PLACE_ORDER } from './job-format.js';

/** Task ids shown per place by `sosw jobs <id>`. */
export const SAMPLE_TASKS_PER_PLACE = 5;

export interface CancelOutcome {
  readonly job: JobRecord;
  /** The job was cancelled before this call: nothing changed. */
  readonly alreadyCancelled: boolean;
  /** Tasks this call closed as cancelled (queued and retrying ones). */
  readonly cancelledTasks: number;
}

/** What the job verbs use; built from the engine's jobs API by the backend. */
export interface CliJobs {
  list(query: JobQuery): Promise<JobPage>;
  get(jobId: string): Promise<JobRecord | null>;
  getMany(jobIds: readonly string[]): Promise<JobRecord[]>;
  countTasks(job: JobRecord): Promise<JobTaskCounts>;
  listTaskIds(job: JobRecord, place: JobTaskPlace, limit: number): Promise<string[]>;
  /** Follow-up job ids the job's on_complete schedules. */
  followUpIds(job: JobRecord): readonly string[];
  cancel(jobId: string, options: { readonly by: string; readonly reason?: string | undefined }): Promise<CancelOutcome>;
  repair(jobId: string): Promise<{ readonly before: JobRecord; readonly after: JobRecord }>;
}

/** The engine operations the job verbs call (the engine's jobs API), beside the two ports they read. */
export interface JobsEngineOps {
  readonly jobStore: JobStore;
  readonly jobTasks: JobTasks;
  cancel: CliJobs['cancel'];
  repair: CliJobs['repair'];
  followUpIds: CliJobs['followUpIds'];
}

/** The job verbs' view of a backend: reads through the ports, changes through the engine. */
export function cliJobs(ops: JobsEngineOps): CliJobs {
  const { jobStore, jobTasks } = ops;
  return {
    list: (query) => jobStore.list(query),
    get: (jobId) => jobStore.get(jobId),
    getMany: (jobIds) => (jobIds.length === 0 ? Promise.resolve([]) : jobStore.getMany(jobIds)),
    countTasks: (job) => jobTasks.countJobTasks(job.labourerId, job.jobId),
    listTaskIds: async (job, place, limit) => (await jobTasks.listJobTasks(job.labourerId, job.jobId, place, limit)).map((t) => t.taskId),
    followUpIds: ops.followUpIds,
    cancel: ops.cancel,
    repair: ops.repair,
  };
}

/** `job.notFound` naming where the job was looked for and how to list jobs. */
export function jobNotFound(jobId: string, where: string): SoswError {
  return new SoswError('job.notFound', `No job ${JSON.stringify(jobId)} in ${where}. List jobs with: sosw jobs.`, {
    details: { jobId },
  });
}

/** Everything `sosw jobs <id>` shows: the record, a recount by place, some task ids, the chain. */
export async function jobDetail(jobs: CliJobs, jobId: string, where: string): Promise<JobDetail> {
  const job = await jobs.get(jobId);
  if (job === null) throw jobNotFound(jobId, where);
  const tasks = await jobs.countTasks(job);
  const sample: Partial<Record<JobTaskPlace, readonly string[]>> = {};
  for (const place of TASK_PLACE_ORDER) if (tasks[place] > 0) sample[place] = await jobs.listTaskIds(job, place, SAMPLE_TASKS_PER_PLACE);
  return { job, tasks, sample, chain: await jobChain(jobs, job) };
}

async function jobChain(jobs: CliJobs, job: JobRecord): Promise<JobChain> {
  const followUps = jobs.followUpIds(job);
  const known = new Map((await jobs.getMany([...job.after, ...followUps])).map((j) => [j.jobId, j.state as string]));
  return {
    after: job.after.map((id) => ({ jobId: id, state: known.get(id) ?? 'missing' })),
    followUps: followUps.map((id) => ({ jobId: id, state: known.get(id) ?? 'not scheduled' })),
  };
}
