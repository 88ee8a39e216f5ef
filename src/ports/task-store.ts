import type { EnqueuePlacement } from '../core/flow/placement.js';
import type { ClosedTask, RetryTask, Task, TaskDraft } from '../core/task/task.js';
import type { MetaEntry } from './meta-log.js';

export type { EnqueuePlacement } from '../core/flow/placement.js';

/**
 * The live task queue of every labourer (the original's `sosw_tasks` table and its greenfield
 * index). Methods speak queue language; greenfield bounds come from core/task/greenfield.ts.
 * Every adapter passes test/contract/task-store.contract.ts.
 */
/** The largest task a store can hold (DynamoDB items: 400 KB); stores without a practical limit have none. */
export interface TaskSizeLimit {
  /** Largest stored size of a task, in the store's own measure (bytes). */
  readonly maxBytes: number;
  /** Stored size of a new task of `labourerId` with this payload text, as the store counts it. */
  taskBytes(labourerId: string, payload: string): number;
}

/** Where `enqueue` places the tasks (priority band, delay) and how it may prove a caller-chosen id is new. */
export interface EnqueueOptions extends EnqueuePlacement {
  /**
   * The caller knows no earlier run wrote these ids anywhere: the Scheduler sets it once the first
   * batch of its run was written whole (ids are per row and rows are written in order, so a run that
   * wrote a later row wrote that batch too). A store may then check only the live queue, not the
   * retry and closed tables (on DynamoDB: 3 write units per task instead of 7).
   * @defaultValue false
   */
  readonly freshIds?: boolean;
}

export interface TaskQueue {
  /** Set by stores with an item size limit: the Scheduler checks every task of a job against it before writing any. */
  readonly sizeLimit?: TaskSizeLimit | undefined;
  /**
   * Append tasks to a labourer's queue in one batch, after its newest queued task. Positions
   * are computed once per batch. A draft whose `taskId` already exists anywhere (queue, retry,
   * closed) is skipped, which makes re-processing a batch idempotent. Returns the tasks written.
   *
   * `placement` (optional): `priority` 1..9 appends to that priority's band of positions, which
   * sorts before every lower band; `notBefore` (epoch seconds, later than `createdAt`) writes the
   * tasks to the retry table due then instead (attempts 0: "delayed"). Drafts with a `lane` are
   * placed fairly across lanes (the store keeps each lane's last position).
   */
  enqueue(labourerId: string, drafts: readonly TaskDraft[], createdAt: number, options?: EnqueueOptions): Promise<Task[]>;
  /** The head of the queue: tasks with greenfield < `before`, ascending, at most `limit`. */
  nextQueued(labourerId: string, before: number, limit: number): Promise<Task[]>;
  /**
   * Optional: `nextQueued` answering only ids and queue positions, for stores where that skips
   * reading and decoding payloads and attributes. Same tasks, same order.
   */
  nextQueuedRefs?(labourerId: string, before: number, limit: number): Promise<QueuedRef[]>;
  /** Smallest and largest queued greenfield (below `before`), or nulls for an empty queue. */
  queueBounds(labourerId: string, before: number): Promise<{ oldest: number | null; newest: number | null }>;
  /** Number of queued tasks (greenfield < `before`). */
  countQueued(labourerId: string, before: number): Promise<number>;
  /**
   * Conditionally mark a task invoked: only if its greenfield is still < `queuedBefore`, set
   * greenfield = `invokedGreenfield` and attempts + 1. Returns the updated task, or null when
   * another claimer won (or the task is gone).
   */
  claim(taskId: string, queuedBefore: number, invokedGreenfield: number): Promise<Task | null>;
  /**
   * `claim` for several tasks in one call (each claim is conditional on its own, as in `claim`).
   * Returns the tasks claimed, in the order of `taskIds`; ids another claimer won (or that are
   * gone) are left out. Duplicate ids are claimed once.
   */
  claimMany(taskIds: readonly string[], queuedBefore: number, invokedGreenfield: number): Promise<Task[]>;
  /**
   * Undo a claim whose invocation never started (the invoker refused it as throttled): only if the
   * task still has greenfield = `invokedGreenfield` and no completion, put it back at `queuedGreenfield`
   * (its place before the claim) with attempts - 1, so the refusal burns no attempt. `invocations`
   * stays (an invocation number is never reused). Returns the task, or null when it moved on.
   */
  unclaim(taskId: string, invokedGreenfield: number, queuedGreenfield: number): Promise<Task | null>;
  /** The task by id, from the live table only. */
  get(taskId: string): Promise<Task | null>;
  /** Invoked, not completed tasks with greenfield >= `since` (running: `since` = window.expired). */
  countInvokedSince(labourerId: string, since: number): Promise<number>;
  listInvokedSince(labourerId: string, since: number, limit: number): Promise<Task[]>;
  /**
   * Optional: `listInvokedSince` narrowed to tasks whose current attempt was reported failed
   * (`failedAttempts >= attempts >= 1`), filtered by the store. Without it the Scavenger filters
   * every running task itself (stores where a filter saves no read, like DynamoDB, leave it out).
   */
  listFailedSince?(labourerId: string, since: number, limit: number): Promise<Task[]>;
  /** Invoked, not completed tasks with `from` <= greenfield < `to` (expired: start .. expired). */
  listInvokedBetween(labourerId: string, from: number, to: number, limit: number): Promise<Task[]>;
  /** Completed tasks not yet archived, oldest completion first. */
  listCompleted(labourerId: string, limit: number): Promise<Task[]>;
  /**
   * Optional: `listCompleted` answering only what archiving needs (ids, job, run time), for stores
   * where that skips reading and decoding payloads and attributes. Same tasks, same order.
   */
  listCompletedRefs?(labourerId: string, limit: number): Promise<CompletedRef[]>;
  /** Apply a worker's report conditionally; see ReportRequest. */
  report(request: ReportRequest): Promise<ReportOutcome>;
  /**
   * Take or renew the lease `name` (e.g. `dispatch#<labourerId>`) for `owner` until `untilSeconds`
   * (epoch seconds), in one conditional write. Succeeds, and returns true, when the lease is free,
   * expired (its expiry <= `nowSeconds`) or already held by `owner`; returns false, changing
   * nothing, while another owner holds it. Leases are never returned as tasks.
   */
  acquireLease(name: string, owner: string, nowSeconds: number, untilSeconds: number): Promise<boolean>;
  /** Give up the lease `name` if `owner` holds it (so another owner may take it at once); otherwise a no-op. */
  releaseLease(name: string, owner: string): Promise<void>;
}

/** A queued task's id and queue position (see TaskStore.nextQueuedRefs); a Task is one. */
export type QueuedRef = Pick<Task, 'taskId' | 'greenfield'>;

/** What archiving needs of a completed task (see TaskStore.listCompletedRefs); a Task is one. */
export type CompletedRef = Pick<Task, 'taskId' | 'labourerId' | 'greenfield' | 'completedAt' | 'jobId'>;

/** A worker's completion or failure report, as the WorkerAssistant hands it to the store. */
export interface ReportRequest {
  readonly taskId: string;
  readonly outcome: 'completed' | 'failed';
  /** Integer epoch seconds. */
  readonly at: number;
  readonly stats?: Readonly<Record<string, unknown>> | undefined;
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  /** The report is applied only if the task is invoked (greenfield >= this bound). */
  readonly invokedAtLeast: number;
  /** When the worker says which attempt it ran, a report for another attempt is rejected. */
  readonly attempt?: number | undefined;
  /**
   * When the worker echoes the `invocation` of its event, a report for another invocation is
   * rejected (`otherAttempt`): unlike `attempt`, it is never reused after a redrive.
   */
  readonly invocation?: number | undefined;
  /** When the worker names its labourer, a report for a task of another labourer is rejected (`otherLabourer`). */
  readonly labourerId?: string | undefined;
  /**
   * The report's audit row (`marked_as_completed` / `marked_as_failed`, same `taskId`). The store
   * writes it into its own meta table in the same atomic write as the report, only when the report
   * applies (a rejected report writes no row), and answers `audited: true`. Its `createdAt` may be
   * moved later by microseconds if that key is taken; a collision never rejects the report.
   */
  readonly audit?: MetaEntry | undefined;
}

export type ReportOutcome =
  /** `audited` is true when `request.audit` was written with the report; otherwise the caller writes it. */
  | { readonly applied: true; readonly task: Task; readonly audited?: boolean }
  /**
   * Applied with its audit row by an atomic write that returns no item (DynamoDB TransactWriteItems,
   * SQLite's batched reports); `labourerId` is the task's, when the store knows it.
   */
  | { readonly applied: true; readonly task?: undefined; readonly audited: true; readonly labourerId?: string }
  | { readonly applied: false; readonly reason: 'unknown' | 'otherLabourer' | 'notInvoked' | 'otherAttempt' | 'alreadyCompleted' };

/** Terminal tasks (the original's `sosw_closed_tasks` table). */
export interface TaskArchive {
  /**
   * Move a live task to the closed table (succeeded = has completed_at), never losing it (see
   * archiveMany). Returns the closed task, or null if the task was no longer live (a concurrent
   * scavenger took it).
   */
  archive(taskId: string, closedAt: number): Promise<ClosedTask | null>;
  /**
   * `archive` for several tasks in one call. A task is never in neither table; a store may move it in
   * ordered steps (closed copy first, live item last), so after a crash between them a task can be in
   * both until the next archive of it finishes the move. Returns the ids of the tasks moved, in the
   * order of `taskIds`; ids that were no longer live are left out.
   */
  archiveMany(taskIds: readonly string[], closedAt: number): Promise<string[]>;
  /**
   * Optional: `archiveMany` that also writes `row(taskId)` into the store's own audit trail for each
   * task it moves, ordered so that no row of a finished move is lost (the DynamoDB store writes the
   * rows after the closed copies and before the live items go). Without it the caller writes them.
   */
  archiveManyAudited?(taskIds: readonly string[], closedAt: number, row: (taskId: string) => MetaEntry): Promise<string[]>;
  /** Newest closed tasks of a labourer with that outcome, newest `closedAt` first. */
  recentClosed(labourerId: string, succeeded: boolean, limit: number): Promise<ClosedTask[]>;
  getClosed(taskId: string): Promise<ClosedTask | null>;
  /**
   * Count closed tasks of a labourer by outcome. Not succeeded counts both dead and cancelled
   * tasks (as in the original's index); `countCancelled` tells the cancelled ones apart.
   */
  countClosed(labourerId: string, succeeded: boolean): Promise<number>;
  /**
   * Count the closed, not succeeded tasks of a labourer that a job cancel closed (they carry
   * `cancelled_at`); dead = `countClosed(id, false)` minus these. With `limit`, only the newest
   * `limit` closed, not succeeded tasks (by closing time) are looked at, on every store: DynamoDB
   * must read each item to tell (the original's closed index does not project `cancelled_at`), and
   * a caller that remembers the last count adds the newest few instead of reading them all again.
   */
  countCancelled(labourerId: string, limit?: number): Promise<number>;
  /**
   * Atomically put a dead (closed, not succeeded) task back at the end of its labourer's queue as
   * a fresh task: `attempts` reset to 0, `failed_attempts` and the `result_*` of the failures it died
   * of removed (`stat_*` and `invocations` are kept). Returns the requeued task, or null if it is not a dead task.
   */
  redrive(taskId: string): Promise<Task | null>;
}

/** Expired tasks waiting for another attempt (the original's `sosw_retry_tasks` table). */
export interface RetryQueue {
  /**
   * Atomically move a live task to the retry table, keeping every attribute. Applied only if the
   * task is still live and not completed; returns the retry task or null.
   */
  moveToRetry(taskId: string, desiredLaunchTime: number): Promise<RetryTask | null>;
  /** Retry tasks with desired_launch_time <= `dueAt`, ascending by it, at most `limit`. */
  dueRetries(labourerId: string, dueAt: number, limit: number): Promise<RetryTask[]>;
  /**
   * Atomically put retry tasks back at the head of their labourer's queue, first one first
   * (positions before the oldest queued task), keeping every attribute. Returns the tasks moved.
   */
  returnFromRetry(labourerId: string, taskIds: readonly string[]): Promise<Task[]>;
  countRetries(labourerId: string): Promise<number>;
  getRetry(taskId: string): Promise<RetryTask | null>;
}

/** The whole store an engine needs. One adapter implements all three roles. */
export interface TaskStore extends TaskQueue, TaskArchive, RetryQueue {
  close(): Promise<void>;
}
