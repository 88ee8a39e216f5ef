/** Options, run context and results of the Scheduler engine. */
import type { Clock } from '../../core/clock.js';
import type { SchedulerConfig } from '../../core/config/scheduler-config.js';
import type { JobRecord } from '../../core/job/job.js';
import type { PeriodDefinition } from '../../core/scheduling/periods.js';
import type { BlobStore } from '../../ports/blob-store.js';
import type { Invoker } from '../../ports/invoker.js';
import type { JobStore, JobTasks } from '../../ports/job-store.js';
import type { Logger } from '../../ports/logger.js';
import type { MetaLog } from '../../ports/meta-log.js';
import type { Metrics } from '../../ports/metrics.js';
import type { TaskQueue } from '../../ports/task-store.js';

export const DEFAULT_SCHEDULER_FUNCTION_NAME = 'sosw_scheduler';
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

export interface SchedulerOptions {
  /** The resolved config (see `resolveSchedulerConfig`). */
  readonly config: SchedulerConfig;
  /** Where tasks go; only `enqueue` is used. */
  readonly store: Pick<TaskQueue, 'enqueue' | 'sizeLimit'>;
  /** Audit trail (`created` entries); none when omitted. */
  readonly metaLog?: Pick<MetaLog, 'write'> | undefined;
  /**
   * Job records: every job gets one (state, planned tasks, counters), tasks and audit rows carry its
   * id, and a `job_id` that exists schedules nothing (`alreadyScheduled`; one stuck in `scheduling`
   * is resumed, `resumedStuck`). Without it jobs are not recorded (as in the original) and the
   * control keys are only stripped from payloads.
   */
  readonly jobs?: JobStore | undefined;
  /** Closes tasks a job cancelled while they were being queued (with `jobs`). */
  readonly jobTasks?: Pick<JobTasks, 'cancelJobTasks'> | undefined;
  /** Queue files of jobs that need more than one batch. */
  readonly blobs: BlobStore;
  /** Invokes a sibling of this function when time runs out; without it the rest waits for a resume. */
  readonly invoker?: Pick<Invoker, 'invoke'> | undefined;
  /**
   * This function's name (sibling target and audit author).
   * @defaultValue 'sosw_scheduler'
   */
  readonly functionName?: string | undefined;
  /** @defaultValue the system clock */
  readonly clock?: Clock | undefined;
  /** @defaultValue silent */
  readonly logger?: Logger | undefined;
  /** @defaultValue no metrics */
  readonly metrics?: Metrics | undefined;
  /** Custom calendar periods, tried after the built-in ones. */
  readonly periods?: readonly PeriodDefinition[] | undefined;
  /**
   * Least time between two saves of a queue file's cursor while working. The cursor is also saved
   * whenever the invocation stops; rows after a saved cursor are re-checked on resume, never re-queued.
   * @defaultValue 1000
   */
  readonly checkpointIntervalMs?: number | undefined;
  /** Called after every written batch. */
  readonly onProgress?: ((progress: SchedulerProgress) => void) | undefined;
}

/** One invocation's context (the Lambda context in a handler). */
export interface RunContext {
  /**
   * Milliseconds this invocation has left, like Lambda's `getRemainingTimeInMillis`.
   * @defaultValue unlimited
   */
  readonly remainingTimeMs?: (() => number) | undefined;
  /**
   * Id of this invocation (Lambda request id). A new job takes it as its job id, so a retried
   * delivery of the same event resumes the same job instead of queueing it twice.
   * @defaultValue a random id
   */
  readonly invocationId?: string | undefined;
  /**
   * Plan a new job's calendar periods as of this moment (epoch ms) instead of now.
   * @defaultValue the clock's now
   */
  readonly planAtMs?: number | undefined;
  /**
   * Who scheduled the job, kept on its record (a CLI user, a function, `job:<parent id>`).
   * @defaultValue the Scheduler's function name
   */
  readonly scheduledBy?: string | undefined;
}

export interface SchedulerProgress {
  readonly jobId: string;
  readonly labourerId: string;
  readonly total: number;
  /** Rows handled so far, over every invocation of the job. */
  readonly cursor: number;
  /** Tasks written by this invocation. */
  readonly queued: number;
  /** Rows of this invocation whose task existed already (re-processed after a crash). */
  readonly skipped: number;
}

/** What happened to the rest of a job this invocation did not finish. */
export type Handoff =
  /** The job is finished, nothing to hand over. */
  | 'none'
  /** A sibling invocation was started with the queue file. */
  | 'sibling'
  /** No invoker configured: the queue file waits for a resume. */
  | 'noInvoker'
  /** The chain of siblings reached `max_sibling_generations`. */
  | 'maxGenerations'
  /** A sibling made no progress, so no further sibling was started. */
  | 'noProgress'
  /** The sibling invocation failed; the queue file waits for a resume. */
  | 'failed';

export interface SchedulerResult extends SchedulerProgress {
  readonly done: boolean;
  readonly handoff: Handoff;
  /** Bare name of the queue file, when the job has one. */
  readonly queueFile?: string | undefined;
  /** 0 for the invocation that received the job, n for the n-th sibling. */
  readonly generation: number;
  /** True when a job with this `job_id` existed: nothing was queued, `job` is the existing record. */
  readonly alreadyScheduled?: boolean | undefined;
  /**
   * True when a job with this `job_id` existed stuck in `scheduling` (its Scheduler stopped; the
   * JobKeeper's rule, STUCK_SCHEDULING_SECONDS): this call resumed it, queueing the tasks not queued
   * yet (rows queued before are skipped, so nothing twice). `job` is the record after the resume.
   */
  readonly resumedStuck?: boolean | undefined;
  /**
   * With `alreadyScheduled` for a job still in `scheduling` whose Scheduler may be working: from when
   * (epoch seconds) it counts as stuck if that Scheduler stopped. The JobKeeper resumes it after
   * then, and scheduling it again after then resumes it.
   */
  readonly resumableAt?: number | undefined;
  /** True when the job waits for its `after` parents: stored, no task queued yet. */
  readonly waiting?: boolean | undefined;
  /**
   * With `waiting`: `after` parents that have no job record yet. The job waits until they are
   * scheduled and end; a typo here makes it wait forever (`sosw schedule` warns about them).
   */
  readonly missingParents?: readonly string[] | undefined;
  /** The job record (with a job store). */
  readonly job?: JobRecord | undefined;
}

/** A queue file `resumePending` left alone because an invocation (live, or stopped less than `lock_ttl_seconds` ago) holds its lock. */
export interface LockedQueueFile {
  readonly queueFile: string;
  /** The lock's owner (`<function>:<invocation id>`), when the lock could be read. */
  readonly owner?: string | undefined;
  /** When the lock expires (epoch ms); a `resumePending` after then takes the file over. */
  readonly expiresAtMs?: number | undefined;
}

export interface ResumeOptions {
  /** Called for each unfinished queue file skipped because its lock is held. */
  readonly onLocked?: ((file: LockedQueueFile) => void) | undefined;
}
