/**
 * The task domain type. Stored shapes (DynamoDB items, SQLite rows) map to and from it in
 * their adapters; attribute names follow the original sosw tables (see field-names.ts).
 */
export interface Task {
  /** 32 lowercase hex characters. */
  readonly taskId: string;
  readonly labourerId: string;
  /** Float epoch seconds at creation. */
  readonly createdAt: number;
  /** Queue position while queued; invocation time + delta once invoked (see greenfield.ts). */
  readonly greenfield: number;
  /** Invocations so far (reset to 0 by a redrive: `max_attempts` counts from there). */
  readonly attempts: number;
  /**
   * Invocations ever made, never reset (a redrive keeps it): the worker event's `invocation`, which a
   * report must echo to apply. Absent on tasks never claimed (and on items written by the original).
   */
  readonly invocations?: number | undefined;
  /** The worker's input as stored: JSON text of an object (kept verbatim, parsed on use). */
  readonly payload: string;
  /** Integer epoch seconds when the worker reported success. */
  readonly completedAt?: number | undefined;
  /** Failure reports received. */
  readonly failedAttempts?: number | undefined;
  /** Worker stats, stored flat as `stat_<key>`. */
  readonly stats?: Readonly<Record<string, unknown>> | undefined;
  /** Worker result, stored flat as `result_<key>`. */
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  /** The job that queued the task (`job_id` attribute; absent on tasks of jobs scheduled without records). */
  readonly jobId?: string | undefined;
  /** Any other attribute found on the stored item (kept so that moves never lose data). */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/** A task in the closed table (archived completed, or dead). */
export interface ClosedTask extends Task {
  /** Integer epoch seconds of archiving. */
  readonly closedAt: number;
  /** True when the task had been completed; false for dead tasks. */
  readonly succeeded: boolean;
}

/** A task waiting in the retry table. */
export interface RetryTask extends Task {
  /** Integer epoch seconds from which the task may go back to the queue. */
  readonly desiredLaunchTime: number;
}

/** What the Scheduler hands to the store: everything but the generated fields. */
export interface TaskDraft {
  /** Optional caller-chosen id (deterministic ids make re-processing idempotent). */
  readonly taskId?: string | undefined;
  readonly payload: string;
  /** The job the task belongs to (stored as `job_id`). */
  readonly jobId?: string | undefined;
  /**
   * The task's concurrency-key value (its lane) when the labourer sets `concurrency_key`: tasks with
   * a lane are placed fairly across lanes (see core/flow/placement.ts). Not stored on the task.
   */
  readonly lane?: string | undefined;
}

/** The `labourer_id_task_status` value of the closed table: `<labourer_id>_1` or `<labourer_id>_0`. */
export function closedStatusKey(labourerId: string, succeeded: boolean): string {
  return `${labourerId}_${succeeded ? '1' : '0'}`;
}

/** Where a task can be: exactly one of these at any time. */
export const TASK_PLACES = ['queued', 'running', 'completed', 'expired', 'retrying', 'closed'] as const;
export type TaskPlace = (typeof TASK_PLACES)[number];
