import type { JobCounters, JobRecord, JobState, NewJob } from '../core/job/job.js';

/**
 * Job records (SQLite table / DynamoDB table `sosw_jobs`). The counters are NOT written through
 * this port: the task store adds to them in the same atomic write that closes a task (archive,
 * dead, cancel), so they always equal a recount. Every adapter passes
 * test/contract/job-store.contract.ts.
 */
export interface JobStore {
  /**
   * Create the job unless a job with its id exists (one conditional write). `created: false`
   * returns the existing record untouched: an idempotency key never schedules twice.
   */
  create(job: NewJob): Promise<{ readonly created: boolean; readonly job: JobRecord }>;
  get(jobId: string): Promise<JobRecord | null>;
  /** Jobs in one read where the backend allows (DynamoDB BatchGetItem); missing ids are left out. */
  getMany(jobIds: readonly string[]): Promise<JobRecord[]>;
  /** Newest first; filter by states and labourer. `cursor` from the previous page. */
  list(query: JobQuery): Promise<JobPage>;
  /**
   * Conditional state change: applied only if the current state is in `from` (and, with
   * `whenSettled`, only if every planned task is closed). Returns the record after the write,
   * or null when the condition failed (another writer won, or the job is gone). This is the one
   * place that decides "exactly once".
   */
  transition(jobId: string, change: JobTransition): Promise<JobRecord | null>;
  /** Record that the on_complete actions of a terminal job were done (idempotent). */
  markActionsDone(jobId: string, at: number): Promise<void>;
  /** Overwrite the counters with a recount (repair after manual edits); returns the record. */
  setCounters(jobId: string, counters: JobCounters, at: number): Promise<JobRecord | null>;
  close(): Promise<void>;
}

export interface JobTransition {
  readonly from: readonly JobState[];
  readonly to: JobState;
  readonly at: number;
  /** Require `state === 'running'` and completed + dead + cancelled >= planned. */
  readonly whenSettled?: boolean | undefined;
  /** Set with the state (e.g. `planned` when a waiting job is released). */
  readonly planned?: number | undefined;
  readonly reason?: string | undefined;
}

export interface JobQuery {
  readonly states?: readonly JobState[] | undefined;
  readonly labourerId?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface JobPage {
  readonly jobs: JobRecord[];
  /** Present when more jobs match. */
  readonly cursor?: string | undefined;
}

/** Where a job's tasks are, counted from the task tables (the recount behind `sosw jobs repair`). */
export interface JobTaskCounts extends JobCounters {
  readonly queued: number;
  /** Invoked and not yet reported or expired. */
  readonly running: number;
  /** Reported completed, not yet archived. */
  readonly awaitingArchive: number;
  readonly retrying: number;
}

/**
 * Task-store operations by job, implemented by task stores that keep `job_id` on tasks
 * (SqliteTaskStore, DynamoTaskStore). Counter updates of the job record happen in the same atomic
 * write as each move.
 */
export interface JobTasks {
  countJobTasks(labourerId: string, jobId: string): Promise<JobTaskCounts>;
  /** Tasks of the job in one place (closed ones by outcome), at most `limit`. */
  listJobTasks(labourerId: string, jobId: string, place: JobTaskPlace, limit: number): Promise<import('../core/task/task.js').Task[]>;
  /**
   * Close the job's queued and retrying tasks as cancelled (closed table, not succeeded, with
   * `cancelled_at`), adding them to the job's `cancelled` counter in the same writes. Running
   * tasks are left to finish. Returns the ids closed. Idempotent.
   */
  cancelJobTasks(labourerId: string, jobId: string, at: number): Promise<string[]>;
  /**
   * Close these live, not completed tasks as cancelled (as `cancelJobTasks` does), adding them to
   * their jobs' `cancelled` counters in the same writes: the Scavenger's move for an expired or
   * failed task of a cancelled job, instead of a retry. Ids no longer live (or completed) are left
   * out of the result. Idempotent.
   */
  closeCancelled(taskIds: readonly string[], at: number): Promise<string[]>;
  /**
   * Close these tasks as cancelled where they are queued or in the retry table (retrying or
   * delayed), as `cancelJobTasks` does for a whole job, adding them to their jobs' `cancelled`
   * counters in the same writes (tasks without a job are closed all the same). Running, completed,
   * closed and unknown tasks are left out of the result: running ones finish. Idempotent.
   */
  cancelTasks(tasks: readonly TaskRef[], at: number): Promise<string[]>;
}

/** A task by id and labourer (DynamoDB's retry table is keyed by both). */
export interface TaskRef {
  readonly taskId: string;
  readonly labourerId: string;
}

export const JOB_TASK_PLACES = ['queued', 'running', 'awaitingArchive', 'retrying', 'completed', 'dead', 'cancelled'] as const;
export type JobTaskPlace = (typeof JOB_TASK_PLACES)[number];
