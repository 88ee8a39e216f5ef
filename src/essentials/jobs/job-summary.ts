import type { JobRecord } from '../../core/job/job.js';

/** What a job's on_complete actions receive (`invoke` gets `{ job: JobSummary }`; notify sends it as JSON). */
export interface JobSummary {
  readonly job_id: string;
  readonly labourer_id: string;
  readonly state: string;
  readonly planned: number;
  readonly completed: number;
  readonly dead: number;
  readonly cancelled: number;
  readonly created_at: number;
  readonly finished_at?: number | undefined;
  readonly reason?: string | undefined;
}

export function jobSummary(job: JobRecord): JobSummary {
  return {
    job_id: job.jobId,
    labourer_id: job.labourerId,
    state: job.state,
    planned: job.planned,
    completed: job.completed,
    dead: job.dead,
    cancelled: job.cancelled,
    created_at: job.createdAt,
    ...(job.finishedAt === undefined ? {} : { finished_at: job.finishedAt }),
    ...(job.reason === undefined ? {} : { reason: job.reason }),
  };
}

/** The stable id of the `index`-th follow-up job of `jobId` (so re-running the actions schedules nothing twice). */
export function followUpJobId(jobId: string, index: number): string {
  return `${jobId}.then.${index}`;
}
