import { type Clock, epochSeconds, epochSecondsFloat } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import type { JobRecord } from '../../core/job/job.js';
import type { JobStore, JobTasks } from '../../ports/job-store.js';
import type { MetaLog } from '../../ports/meta-log.js';
import { uniqueStamp } from '../task-manager/audit-batch.js';

export interface CancelJobDeps {
  readonly jobs: JobStore;
  readonly tasks: Pick<JobTasks, 'cancelJobTasks'>;
  readonly metaLog?: Pick<MetaLog, 'write'> | undefined;
  readonly clock: Clock;
}

export interface CancelJobResult {
  /** The job after the cancel (state `cancelled`, counters with the tasks closed). */
  readonly job: JobRecord;
  /** Ids of the queued and retrying tasks closed as cancelled by this call. */
  readonly closed: readonly string[];
  /** True when the job was cancelled before this call (it only closed stragglers, if any). */
  readonly alreadyCancelled: boolean;
}

const OPEN_STATES = ['waiting', 'scheduling', 'running'] as const;

/**
 * Cancel a job: one conditional transition to `cancelled`, then its queued and retrying tasks are
 * closed as cancelled (running tasks finish; the Scavenger never retries them). Idempotent: a
 * cancelled job is cancelled again without error (closing any task queued meanwhile). A job that
 * already completed or failed is `job.finished`; an unknown id is `job.notFound`.
 */
export async function cancelJob(deps: CancelJobDeps, jobId: string, by: string): Promise<CancelJobResult> {
  const at = epochSeconds(deps.clock);
  let job = await deps.jobs.get(jobId);
  if (job === null) throw notFound(jobId);
  let alreadyCancelled = job.state === 'cancelled';
  if (!alreadyCancelled) {
    if (job.state === 'completed' || job.state === 'failed') throw finished(job);
    const moved = await deps.jobs.transition(jobId, { from: [...OPEN_STATES], to: 'cancelled', at, reason: `cancelled by ${by}` });
    if (moved === null) {
      // Another writer changed the state between the read and the write: decide on the new state.
      job = (await deps.jobs.get(jobId)) ?? job;
      if (job.state !== 'cancelled') throw finished(job);
      alreadyCancelled = true;
    }
  }
  const closed = await deps.tasks.cancelJobTasks(job.labourerId, jobId, at);
  if (closed.length > 0 && deps.metaLog !== undefined) {
    const now = epochSecondsFloat(deps.clock);
    await deps.metaLog.write(
      closed.map((taskId) => ({
        taskId,
        createdAt: uniqueStamp(taskId, now),
        action: 'cancelled',
        labourerId: job.labourerId,
        author: by,
        jobId,
      })),
    );
  }
  return { job: (await deps.jobs.get(jobId)) ?? job, closed, alreadyCancelled };
}

export function notFound(jobId: string): SoswError {
  return new SoswError('job.notFound', `No job ${jobId}: check the id with \`sosw jobs\`.`, { details: { field: 'jobId', jobId } });
}

function finished(job: JobRecord): SoswError {
  return new SoswError(
    'job.finished',
    `Job ${job.jobId} already ${job.state}${job.finishedAt === undefined ? '' : ` at ${new Date(job.finishedAt * 1000).toISOString()}`}: there is nothing to cancel.`,
    { details: { field: 'jobId', jobId: job.jobId, state: job.state } },
  );
}
