/**
 * The job domain type: one record per scheduled job, kept beside the task tables (SQLite table
 * `sosw_jobs`; DynamoDB table `sosw_jobs`). Its counters are folded into the writes that close
 * tasks, so they always equal a recount of the job's tasks. Stored field names are snake_case
 * (see JOB_FIELD_NAMES); times are epoch seconds.
 */

/**
 * `waiting`: stored, queues nothing until every `after` parent completed.
 * `scheduling`: the Scheduler is queueing its tasks. `running`: every task is queued.
 * `completed` / `failed` / `cancelled`: terminal (entered once, by one conditional write).
 */
export const JOB_STATES = ['waiting', 'scheduling', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_JOB_STATES: readonly JobState[] = ['completed', 'failed', 'cancelled'];

/** What happens once when the job ends (`on_complete` of the job document). */
export interface JobOnComplete {
  /** Follow-up jobs scheduled when the job completed (chaining); each gets a derived, stable job id. */
  readonly schedule?: readonly Record<string, unknown>[] | undefined;
  /** Labourer invoked asynchronously with the job summary (`{ job: JobSummary }`). */
  readonly invoke?: string | undefined;
  /** Publish the job summary to the essentials' notification topic (SNS on AWS, console embedded). */
  readonly notify?: boolean | undefined;
}

/** Tasks of the job closed so far, by outcome. */
export interface JobCounters {
  readonly completed: number;
  readonly dead: number;
  readonly cancelled: number;
}

export interface JobRecord extends JobCounters {
  readonly jobId: string;
  readonly labourerId: string;
  /** The job as submitted (with `lambda_name`, `job_id`, `after`, ...): scheduling it again gives the same tasks. */
  readonly document: Readonly<Record<string, unknown>>;
  /** Tasks the job chunks into (0 while `waiting`: planned when released). */
  readonly planned: number;
  readonly state: JobState;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When the last task was queued (state became `running`). */
  readonly scheduledAt?: number | undefined;
  /** When the job entered a terminal state. */
  readonly finishedAt?: number | undefined;
  /** Who scheduled it: a CLI user, a function name, or the parent job that chained it. */
  readonly scheduledBy: string;
  /** Parent job ids that must complete first. */
  readonly after: readonly string[];
  /** Run even if a parent failed or was cancelled. */
  readonly runAfterFailure: boolean;
  /** Dead tasks tolerated, as a percentage of `planned`, before the job counts as failed (0..100). */
  readonly toleratedFailurePercentage: number;
  readonly onComplete?: JobOnComplete | undefined;
  /** When the terminal transition's on_complete actions were done (absent: still to do). */
  readonly actionsDoneAt?: number | undefined;
  /** Why the job failed or was cancelled, in words (e.g. "parent job X failed", "cancelled by ann"). */
  readonly reason?: string | undefined;
}

/** A job to create (counters start at 0). */
export type NewJob = Omit<JobRecord, keyof JobCounters | 'updatedAt' | 'scheduledAt' | 'finishedAt' | 'actionsDoneAt'>;

/**
 * A job still `scheduling` this long after its last change has lost its Scheduler, unless a live
 * Scheduler holds its queue file (`blob.locked`): the JobKeeper resumes it, and so does scheduling
 * the same `job_id` again. One rule for both, so a user is never told to wait for something else.
 */
export const STUCK_SCHEDULING_SECONDS = 300;

/** When a `scheduling` job counts as stuck (epoch seconds): its last change plus `afterSeconds`. */
export function stuckSchedulingAt(job: Pick<JobRecord, 'updatedAt'>, afterSeconds: number = STUCK_SCHEDULING_SECONDS): number {
  return job.updatedAt + afterSeconds;
}

/** Closed tasks so far. */
export function closedCount(job: JobCounters): number {
  return job.completed + job.dead + job.cancelled;
}

/** True once every planned task of a job that finished scheduling is closed. */
export function isSettled(job: Pick<JobRecord, 'state' | 'planned'> & JobCounters): boolean {
  return job.state === 'running' && closedCount(job) >= job.planned;
}

/** The terminal state of a settled job: failed when dead tasks exceed the tolerated percentage. */
export function settledOutcome(job: Pick<JobRecord, 'planned' | 'toleratedFailurePercentage'> & JobCounters): 'completed' | 'failed' {
  if (job.dead === 0) return 'completed';
  return job.dead * 100 > job.toleratedFailurePercentage * job.planned ? 'failed' : 'completed';
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_JOB_STATES.includes(state);
}
