import { DEFAULT_GREENFIELD_TASK_STEP } from '../../core/task/greenfield.js';
import {
  checkFinite,
  checkId,
  checkIds,
  checkLimit,
  checkOneOf,
  checkReportRequest,
  positiveIntegerOption,
} from '../../core/task/store-arguments.js';
import { type ClosedTask, closedStatusKey, type RetryTask, type Task, type TaskDraft } from '../../core/task/task.js';
import { JOB_TASK_PLACES, type JobTaskCounts, type JobTaskPlace, type JobTasks, type TaskRef } from '../../ports/job-store.js';
import type { CompletedRef, EnqueueOptions, QueuedRef, ReportOutcome, ReportRequest, TaskStore } from '../../ports/task-store.js';
import { SqliteConnection, type SqliteConnectionOptions } from './connection.js';
import { createEnqueue, type EnqueueFn } from './enqueue.js';
import { translateSqliteError } from './errors.js';
import { createJobTaskOps, type JobTaskOps } from './job-tasks.js';
import { createMoves, type Moves } from './moves.js';
import { createReport } from './report.js';
import { ReportQueue } from './report-queue.js';
import { fromClosedTaskRow, fromCompletedRefRow, fromRetryTaskRow, fromTaskRow } from './rows.js';
import { type LeaseStatements, prepareLeaseStatements } from './statements/lease-statements.js';
import { prepareMetaStatements } from './statements/meta-statements.js';
import { createStoreContext, type StoreContext } from './store-context.js';

export type SqliteTaskStoreOptions = SqliteConnectionOptions & {
  /**
   * Distance between consecutive queue positions (`greenfield_task_step`).
   * @defaultValue 1000
   */
  readonly greenfieldTaskStep?: number;
};

/**
 * The task store on SQLite: the original's three task tables in one database, every operation a
 * prepared statement, every move one transaction. Bad arguments fail with `store.invalidArgument`.
 * Tasks carry their `job_id`; every move that closes a task adds it to its job's counters in the same
 * transaction (JobTasks).
 *
 * @example
 * const store = new SqliteTaskStore({ path: 'sosw.db' });
 * await store.enqueue('my_worker', [{ payload: '{"day":"2024-01-01"}' }], Date.now() / 1000);
 */
export class SqliteTaskStore implements TaskStore, JobTasks {
  readonly #connection: SqliteConnection;
  readonly #ctx: StoreContext;
  readonly #enqueue: EnqueueFn;
  readonly #reports: ReportQueue;
  readonly #moves: Moves;
  readonly #leases: LeaseStatements;
  readonly #jobTasks: JobTaskOps;

  public constructor(options: SqliteTaskStoreOptions = {}) {
    const step = positiveIntegerOption('greenfieldTaskStep', options.greenfieldTaskStep ?? DEFAULT_GREENFIELD_TASK_STEP);
    this.#connection = new SqliteConnection(options);
    this.#ctx = this.#connection.use('new SqliteTaskStore', (db, tables) => createStoreContext(db, tables, step));
    this.#enqueue = createEnqueue(this.#ctx);
    // Audit rows of reports go to the meta table of this database, in the report's transaction.
    const report = this.#connection.use('new SqliteTaskStore', (db, tables) => createReport(this.#ctx, prepareMetaStatements(db, tables)));
    this.#reports = new ReportQueue(
      (requests) => this.#connection.use('report', () => report.many(requests)),
      (error) => translateSqliteError(error, 'report'),
    );
    this.#moves = createMoves(this.#ctx);
    this.#leases = this.#connection.use('new SqliteTaskStore', (db, tables) => prepareLeaseStatements(db, tables));
    this.#jobTasks = createJobTaskOps(this.#ctx);
  }

  /** `options.freshIds` changes nothing here: proving an id absent from all three tables is one cheap lookup. */
  public async enqueue(labourerId: string, drafts: readonly TaskDraft[], createdAt: number, options?: EnqueueOptions): Promise<Task[]> {
    return this.#connection.use('enqueue', () => this.#enqueue(labourerId, drafts, createdAt, options));
  }

  public async nextQueued(labourerId: string, before: number, limit: number): Promise<Task[]> {
    return this.#connection.use('nextQueued', () => {
      this.#labourerAnd('nextQueued', labourerId, { before });
      checkLimit('nextQueued', limit);
      return this.#ctx.tasks.nextQueued.all(labourerId, before, limit).map(fromTaskRow);
    });
  }

  /** nextQueued without payloads and attributes: nothing to decode. */
  public async nextQueuedRefs(labourerId: string, before: number, limit: number): Promise<QueuedRef[]> {
    return this.#connection.use('nextQueuedRefs', () => {
      this.#labourerAnd('nextQueuedRefs', labourerId, { before });
      checkLimit('nextQueuedRefs', limit);
      return this.#ctx.tasks.nextQueuedRefs
        .all(labourerId, before, limit)
        .map((row) => ({ taskId: row.task_id, greenfield: row.greenfield }));
    });
  }

  public async queueBounds(labourerId: string, before: number): Promise<{ oldest: number | null; newest: number | null }> {
    return this.#connection.use('queueBounds', () => {
      this.#labourerAnd('queueBounds', labourerId, { before });
      const { tasks } = this.#ctx;
      return { oldest: tasks.oldestQueued.get(labourerId, before) ?? null, newest: tasks.newestQueued.get(labourerId, before) ?? null };
    });
  }

  public async countQueued(labourerId: string, before: number): Promise<number> {
    return this.#connection.use('countQueued', () => {
      this.#labourerAnd('countQueued', labourerId, { before });
      return this.#ctx.tasks.countQueued.get(labourerId, before) ?? 0;
    });
  }

  public async claim(taskId: string, queuedBefore: number, invokedGreenfield: number): Promise<Task | null> {
    return this.#connection.use('claim', () => {
      checkId('claim', 'taskId', taskId);
      checkFinite('claim', 'queuedBefore', queuedBefore);
      checkFinite('claim', 'invokedGreenfield', invokedGreenfield);
      const row = this.#ctx.tasks.claimTask.get(invokedGreenfield, taskId, queuedBefore);
      return row === undefined ? null : fromTaskRow(row);
    });
  }

  public async unclaim(taskId: string, invokedGreenfield: number, queuedGreenfield: number): Promise<Task | null> {
    return this.#connection.use('unclaim', () => {
      checkId('unclaim', 'taskId', taskId);
      checkFinite('unclaim', 'invokedGreenfield', invokedGreenfield);
      checkFinite('unclaim', 'queuedGreenfield', queuedGreenfield);
      const row = this.#ctx.tasks.unclaimTask.get(queuedGreenfield, taskId, invokedGreenfield);
      return row === undefined ? null : fromTaskRow(row);
    });
  }

  public async claimMany(taskIds: readonly string[], queuedBefore: number, invokedGreenfield: number): Promise<Task[]> {
    return this.#connection.use('claimMany', () => {
      checkIds('claimMany', taskIds);
      checkFinite('claimMany', 'queuedBefore', queuedBefore);
      checkFinite('claimMany', 'invokedGreenfield', invokedGreenfield);
      if (taskIds.length === 0) return [];
      const rows = this.#ctx.tasks.claimTasks.all(invokedGreenfield, JSON.stringify(taskIds), queuedBefore);
      return inInputOrder(taskIds, rows.map(fromTaskRow));
    });
  }

  public async get(taskId: string): Promise<Task | null> {
    return this.#connection.use('get', () => {
      const row = this.#ctx.tasks.getTask.get(checkId('get', 'taskId', taskId));
      return row === undefined ? null : fromTaskRow(row);
    });
  }

  public async countInvokedSince(labourerId: string, since: number): Promise<number> {
    return this.#connection.use('countInvokedSince', () => {
      this.#labourerAnd('countInvokedSince', labourerId, { since });
      return this.#ctx.tasks.countInvokedSince.get(labourerId, since) ?? 0;
    });
  }

  public async listInvokedSince(labourerId: string, since: number, limit: number): Promise<Task[]> {
    return this.#connection.use('listInvokedSince', () => {
      this.#labourerAnd('listInvokedSince', labourerId, { since });
      checkLimit('listInvokedSince', limit);
      return this.#ctx.tasks.listInvokedSince.all(labourerId, since, limit).map(fromTaskRow);
    });
  }

  public async listFailedSince(labourerId: string, since: number, limit: number): Promise<Task[]> {
    return this.#connection.use('listFailedSince', () => {
      this.#labourerAnd('listFailedSince', labourerId, { since });
      checkLimit('listFailedSince', limit);
      return this.#ctx.tasks.listFailedSince.all(labourerId, since, limit).map(fromTaskRow);
    });
  }

  public async listInvokedBetween(labourerId: string, from: number, to: number, limit: number): Promise<Task[]> {
    return this.#connection.use('listInvokedBetween', () => {
      this.#labourerAnd('listInvokedBetween', labourerId, { from, to });
      checkLimit('listInvokedBetween', limit);
      return this.#ctx.tasks.listInvokedBetween.all(labourerId, from, to, limit).map(fromTaskRow);
    });
  }

  public async listCompleted(labourerId: string, limit: number): Promise<Task[]> {
    return this.#connection.use('listCompleted', () => {
      this.#labourerAnd('listCompleted', labourerId, {});
      checkLimit('listCompleted', limit);
      return this.#ctx.tasks.listCompleted.all(labourerId, limit).map(fromTaskRow);
    });
  }

  /** listCompleted without payloads and attributes: nothing to decode. */
  public async listCompletedRefs(labourerId: string, limit: number): Promise<CompletedRef[]> {
    return this.#connection.use('listCompletedRefs', () => {
      this.#labourerAnd('listCompletedRefs', labourerId, {});
      checkLimit('listCompletedRefs', limit);
      return this.#ctx.tasks.listCompletedRefs.all(labourerId, limit).map(fromCompletedRefRow);
    });
  }

  /** Reports made in the same turn are applied together, in one transaction (see ReportQueue). */
  public async report(request: ReportRequest): Promise<ReportOutcome> {
    this.#connection.use('report', () => checkReportRequest(request));
    return this.#reports.submit(request);
  }

  /** One conditional upsert: inserted, or updated only when expired or already ours. */
  public async acquireLease(name: string, owner: string, nowSeconds: number, untilSeconds: number): Promise<boolean> {
    return this.#connection.use('acquireLease', () => {
      checkId('acquireLease', 'name', name);
      checkId('acquireLease', 'owner', owner);
      const now = checkFinite('acquireLease', 'nowSeconds', nowSeconds);
      const until = checkFinite('acquireLease', 'untilSeconds', untilSeconds);
      return this.#leases.acquireLease.run({ name, owner, now, until }).changes === 1;
    });
  }

  public async releaseLease(name: string, owner: string): Promise<void> {
    this.#connection.use('releaseLease', () => {
      checkId('releaseLease', 'name', name);
      checkId('releaseLease', 'owner', owner);
      this.#leases.releaseLease.run({ name, owner });
    });
  }

  public async archive(taskId: string, closedAt: number): Promise<ClosedTask | null> {
    return this.#connection.use('archive', () => {
      checkId('archive', 'taskId', taskId);
      return this.#moves.archive(taskId, checkFinite('archive', 'closedAt', closedAt));
    });
  }

  public async archiveMany(taskIds: readonly string[], closedAt: number): Promise<string[]> {
    return this.#connection.use('archiveMany', () => {
      checkIds('archiveMany', taskIds);
      return this.#moves.archiveMany(taskIds, checkFinite('archiveMany', 'closedAt', closedAt));
    });
  }

  public async recentClosed(labourerId: string, succeeded: boolean, limit: number): Promise<ClosedTask[]> {
    return this.#connection.use('recentClosed', () => {
      this.#labourerAnd('recentClosed', labourerId, {});
      checkLimit('recentClosed', limit);
      return this.#ctx.closed.recentClosed.all(closedStatusKey(labourerId, succeeded === true), limit).map(fromClosedTaskRow);
    });
  }

  public async getClosed(taskId: string): Promise<ClosedTask | null> {
    return this.#connection.use('getClosed', () => {
      const row = this.#ctx.closed.getClosed.get(checkId('getClosed', 'taskId', taskId));
      return row === undefined ? null : fromClosedTaskRow(row);
    });
  }

  public async countClosed(labourerId: string, succeeded: boolean): Promise<number> {
    return this.#connection.use('countClosed', () => {
      this.#labourerAnd('countClosed', labourerId, {});
      return this.#ctx.closed.countClosed.get(closedStatusKey(labourerId, succeeded === true)) ?? 0;
    });
  }

  /** Counts every cancelled task in one query (`limit` is only checked: this store needs no bound). */
  public async countCancelled(labourerId: string, limit?: number): Promise<number> {
    return this.#connection.use('countCancelled', () => {
      this.#labourerAnd('countCancelled', labourerId, {});
      const key = closedStatusKey(labourerId, false);
      if (limit === undefined) return this.#ctx.closed.countCancelled.get(key) ?? 0;
      return this.#ctx.closed.countCancelledRecent.get(key, checkLimit('countCancelled', limit)) ?? 0;
    });
  }

  public async redrive(taskId: string): Promise<Task | null> {
    return this.#connection.use('redrive', () => this.#moves.redrive(checkId('redrive', 'taskId', taskId)));
  }

  public async moveToRetry(taskId: string, desiredLaunchTime: number): Promise<RetryTask | null> {
    return this.#connection.use('moveToRetry', () => {
      checkId('moveToRetry', 'taskId', taskId);
      return this.#moves.moveToRetry(taskId, checkFinite('moveToRetry', 'desiredLaunchTime', desiredLaunchTime));
    });
  }

  public async dueRetries(labourerId: string, dueAt: number, limit: number): Promise<RetryTask[]> {
    return this.#connection.use('dueRetries', () => {
      this.#labourerAnd('dueRetries', labourerId, { dueAt });
      checkLimit('dueRetries', limit);
      return this.#ctx.retry.dueRetries.all(labourerId, dueAt, limit).map(fromRetryTaskRow);
    });
  }

  public async returnFromRetry(labourerId: string, taskIds: readonly string[]): Promise<Task[]> {
    return this.#connection.use('returnFromRetry', () => {
      this.#labourerAnd('returnFromRetry', labourerId, {});
      checkIds('returnFromRetry', taskIds);
      return this.#moves.returnFromRetry(labourerId, taskIds);
    });
  }

  public async countRetries(labourerId: string): Promise<number> {
    return this.#connection.use('countRetries', () => {
      this.#labourerAnd('countRetries', labourerId, {});
      return this.#ctx.retry.countRetries.get(labourerId) ?? 0;
    });
  }

  public async getRetry(taskId: string): Promise<RetryTask | null> {
    return this.#connection.use('getRetry', () => {
      const row = this.#ctx.retry.getRetry.get(checkId('getRetry', 'taskId', taskId));
      return row === undefined ? null : fromRetryTaskRow(row);
    });
  }

  public async countJobTasks(labourerId: string, jobId: string): Promise<JobTaskCounts> {
    return this.#connection.use('countJobTasks', () => {
      this.#labourerAnd('countJobTasks', labourerId, {});
      return this.#jobTasks.count(labourerId, checkId('countJobTasks', 'jobId', jobId));
    });
  }

  public async listJobTasks(labourerId: string, jobId: string, place: JobTaskPlace, limit: number): Promise<Task[]> {
    return this.#connection.use('listJobTasks', () => {
      this.#labourerAnd('listJobTasks', labourerId, {});
      checkId('listJobTasks', 'jobId', jobId);
      checkOneOf('listJobTasks', 'place', place, JOB_TASK_PLACES);
      return this.#jobTasks.list(labourerId, jobId, place, checkLimit('listJobTasks', limit));
    });
  }

  public async cancelJobTasks(labourerId: string, jobId: string, at: number): Promise<string[]> {
    return this.#connection.use('cancelJobTasks', () => {
      this.#labourerAnd('cancelJobTasks', labourerId, { at });
      return this.#jobTasks.cancel(labourerId, checkId('cancelJobTasks', 'jobId', jobId), at);
    });
  }

  public async closeCancelled(taskIds: readonly string[], at: number): Promise<string[]> {
    return this.#connection.use('closeCancelled', () => {
      checkIds('closeCancelled', taskIds);
      return this.#jobTasks.closeCancelled(taskIds, checkFinite('closeCancelled', 'at', at));
    });
  }

  public async cancelTasks(tasks: readonly TaskRef[], at: number): Promise<string[]> {
    return this.#connection.use('cancelTasks', () => {
      const ids = tasks.map((t) => t.taskId);
      checkIds('cancelTasks', ids);
      return this.#jobTasks.cancelTasks(ids, checkFinite('cancelTasks', 'at', at));
    });
  }

  /** Ids of tasks (live, retrying or closed) starting with `prefix`, ascending, at most `limit` (an index range per table). */
  public async taskIdsWithPrefix(prefix: string, limit: number): Promise<string[]> {
    return this.#connection.use('taskIdsWithPrefix', (db, tables) => {
      const range = 'task_id >= ? AND task_id < ?';
      const sql = `SELECT task_id FROM ${tables.tasks} WHERE ${range} UNION SELECT task_id FROM ${tables.retryTasks} WHERE ${range} UNION SELECT task_id FROM ${tables.closedTasks} WHERE ${range} ORDER BY task_id LIMIT ?`;
      // Every id starting with the prefix sorts at or after it and before prefix + U+FFFF.
      const high = `${prefix}\uffff`;
      return db.prepare<unknown[], string>(sql).pluck().all(prefix, high, prefix, high, prefix, high, limit);
    });
  }

  /** Close the connection if this store opened it (a shared `database` stays open). Idempotent. */
  public async close(): Promise<void> {
    this.#reports.drain();
    this.#connection.close();
  }

  /** Check a per-labourer operation's labourer id and numeric bounds. */
  #labourerAnd(operation: string, labourerId: string, numbers: Record<string, number>): void {
    checkId(operation, 'labourerId', labourerId);
    for (const [field, value] of Object.entries(numbers)) checkFinite(operation, field, value);
  }
}

/** `tasks` (one per id, any order) sorted as their ids come in `taskIds`. */
function inInputOrder(taskIds: readonly string[], tasks: Task[]): Task[] {
  if (tasks.length < 2 || alreadyInOrder(taskIds, tasks)) return tasks;
  const rank = new Map<string, number>();
  taskIds.forEach((id, i) => {
    if (!rank.has(id)) rank.set(id, i);
  });
  return tasks.sort((a, b) => (rank.get(a.taskId) ?? 0) - (rank.get(b.taskId) ?? 0));
}

/** True when every id was claimed and SQLite returned them in input order (the usual case): no map, no sort. */
function alreadyInOrder(taskIds: readonly string[], tasks: readonly Task[]): boolean {
  if (tasks.length !== taskIds.length) return false;
  for (let i = 0; i < tasks.length; i++) if ((tasks[i] as Task).taskId !== taskIds[i]) return false;
  return true;
}
