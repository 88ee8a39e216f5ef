import { type Clock, epochSeconds, systemClock } from '../../core/clock.js';
import type { JobRecord } from '../../core/job/job.js';
import type { Task } from '../../core/task/task.js';
import type { JobPage, JobQuery, JobStore, JobTaskCounts, JobTaskPlace, JobTasks } from '../../ports/job-store.js';
import type { MetaLog } from '../../ports/meta-log.js';
import { type CancelJobResult, cancelJob, notFound } from './cancel-job.js';

export interface JobsApiOptions {
  readonly jobStore: JobStore;
  /** The task store on the same backend (its moves keep the counters). */
  readonly taskStore: JobTasks;
  /** Audit rows of cancelled tasks. */
  readonly metaLog?: Pick<MetaLog, 'write'> | undefined;
  readonly clock?: Clock | undefined;
}

/** A job with where its tasks are now (a recount from the task tables). */
export interface JobDetail {
  readonly job: JobRecord;
  readonly tasks: JobTaskCounts;
}

export interface JobRepair {
  /** The record after the repair. */
  readonly job: JobRecord;
  /** The counters before, as stored. */
  readonly before: { readonly completed: number; readonly dead: number; readonly cancelled: number };
  /** True when the stored counters differed from the recount (and were overwritten). */
  readonly changed: boolean;
}

/** What the CLI (`sosw jobs`, `sosw cancel`) and the dashboard use to read and steer jobs. */
export interface JobsApi {
  /** Jobs newest first, filtered by states and labourer; `cursor` from the previous page. */
  list(query: JobQuery): Promise<JobPage>;
  /** The job and a recount of its tasks by place; `job.notFound` for an unknown id. */
  get(jobId: string): Promise<JobDetail>;
  /** Tasks of the job in one place (e.g. `dead`), at most `limit`. */
  tasks(jobId: string, place: JobTaskPlace, limit: number): Promise<Task[]>;
  /** Cancel the job (idempotent); `job.finished` when it already completed or failed. */
  cancel(jobId: string, by: string): Promise<CancelJobResult>;
  /** Recount the job's closed tasks and store the counts (after manual edits of the tables). */
  repair(jobId: string): Promise<JobRepair>;
}

/**
 * @example
 * const jobs = createJobsApi({ jobStore, taskStore });
 * const { job, tasks } = await jobs.get('daily-2024-01-01');
 * await jobs.cancel('daily-2024-01-01', 'ann');
 */
export function createJobsApi(options: JobsApiOptions): JobsApi {
  const clock = options.clock ?? systemClock;
  const { jobStore, taskStore } = options;
  const required = async (jobId: string): Promise<JobRecord> => {
    const job = await jobStore.get(jobId);
    if (job === null) throw notFound(jobId);
    return job;
  };
  return {
    list: (query) => jobStore.list(query),
    get: async (jobId) => {
      const job = await required(jobId);
      return { job, tasks: await taskStore.countJobTasks(job.labourerId, jobId) };
    },
    tasks: async (jobId, place, limit) => taskStore.listJobTasks((await required(jobId)).labourerId, jobId, place, limit),
    cancel: (jobId, by) => cancelJob({ jobs: jobStore, tasks: taskStore, metaLog: options.metaLog, clock }, jobId, by),
    repair: async (jobId) => {
      const job = await required(jobId);
      const counts = await taskStore.countJobTasks(job.labourerId, jobId);
      const before = { completed: job.completed, dead: job.dead, cancelled: job.cancelled };
      const after = { completed: counts.completed, dead: counts.dead, cancelled: counts.cancelled };
      const changed = before.completed !== after.completed || before.dead !== after.dead || before.cancelled !== after.cancelled;
      const repaired = changed ? await jobStore.setCounters(jobId, after, epochSeconds(clock)) : job;
      return { job: repaired ?? job, before, changed };
    },
  };
}
