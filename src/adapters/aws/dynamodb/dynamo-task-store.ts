import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { resolveFieldNames } from '../../../core/task/field-names.js';
import { DEFAULT_GREENFIELD_INVOCATION_DELTA, DEFAULT_GREENFIELD_TASK_STEP } from '../../../core/task/greenfield.js';
import { checkFinite, checkId, checkIds, checkLabourerAnd, checkLimit, checkOneOf } from '../../../core/task/store-arguments.js';
import type { ClosedTask, RetryTask, Task, TaskDraft } from '../../../core/task/task.js';
import { JOB_TASK_PLACES, type JobTaskCounts, type JobTaskPlace, type JobTasks, type TaskRef } from '../../../ports/job-store.js';
import type { MetaEntry } from '../../../ports/meta-log.js';
import type { EnqueueOptions, ReportOutcome, ReportRequest, TaskSizeLimit, TaskStore } from '../../../ports/task-store.js';
import { awsErrorName } from '../shared/aws-errors.js';
import { type BackoffOptions, resolveBackoff } from '../shared/backoff.js';
import { type ClientOrConfig, LazyClient } from '../shared/client-options.js';
import type { DynamoContext } from './context.js';
import { documentClient } from './document-client.js';
import { countCancelledTasks } from './dynamo-cancelled-count.js';
import { findRetryTask, recentClosedTasks } from './dynamo-closed-reads.js';
import { enqueueTasks, taskSizeLimit } from './dynamo-enqueue.js';
import { archiveTasksWithCounters } from './dynamo-job-moves.js';
import { cancelJobTasks, cancelTaskRefs, closeCancelled, countJobTasks, listJobTasks } from './dynamo-job-tasks.js';
import { archiveTask, moveTaskToRetry, redriveTask, returnTasksFromRetry } from './dynamo-moves.js';
import { archiveOrdered, writeMetaRows } from './dynamo-ordered-archive.js';
import { applyReport } from './dynamo-report.js';
import { DynamoSender } from './dynamo-sender.js';
import { fromClosedItem, fromRetryItem, fromTaskItem, type Item } from './items.js';
import { claimTaskUpdate, unclaimTaskUpdate } from './operations/claim-task.js';
import { countClosedQuery, countRetriesQuery, dueRetriesQuery } from './operations/closed-retry-queries.js';
import { acquireLeaseUpdate, releaseLeaseUpdate } from './operations/leases.js';
import { META_RESERVED } from './operations/meta-entries.js';
import { completedQuery, countQueuedQuery, invokedBetweenQuery, invokedSinceQuery, nextQueuedQuery } from './operations/queue-queries.js';
import { getClosedItem, getLiveItem, queueBound } from './reads.js';
import { SnapshotCache } from './snapshot-cache.js';
import { type DynamoTableNames, resolveDynamoTableNames } from './table-names.js';
import { checkTtl, type DynamoTtl } from './ttl.js';

/** Requests of one `claimMany` / `archiveMany` call in flight at once. */
const MANY_IN_FLIGHT = 16;

/** `fn` over `items`, at most MANY_IN_FLIGHT at once; results in the order of `items`. */
async function eachBounded<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += MANY_IN_FLIGHT) {
    results.push(...(await Promise.all(items.slice(start, start + MANY_IN_FLIGHT).map(fn))));
  }
  return results;
}

export type DynamoTaskStoreOptions = ClientOrConfig<DynamoDBClient, DynamoDBClientConfig> & {
  /** Table / index names, defaulting to the original's (`sosw_tasks`, `sosw_tasks_greenfield`, ...). */
  readonly tableNames?: Partial<DynamoTableNames>;
  /** The original's `dynamo_db_config.field_names` (logical name -> stored attribute name). */
  readonly fieldNames?: Readonly<Record<string, string>>;
  /**
   * Distance between consecutive queue positions (`greenfield_task_step`).
   * @defaultValue 1000
   */
  readonly greenfieldTaskStep?: number;
  /**
   * Lowest greenfield an invoked task can have: listCompleted reads the index from there up, skipping
   * the queue. Invoked greenfields are invocation time + `greenfield_invocation_delta`. `null` reads
   * the labourer's whole partition (needed only with a custom delta of 0 or negative times).
   * @defaultValue 31557600 (the default delta)
   */
  readonly invokedGreenfieldFloor?: number | null;
  /** Retries of throttled requests and unprocessed batch items. */
  readonly backoff?: BackoffOptions;
  /**
   * Items remembered per task id so that archive / moveToRetry / returnFromRetry need no extra read
   * (their writes are conditional on the item being unchanged). 0 disables it.
   * @defaultValue 10000
   */
  readonly snapshotCacheSize?: number;
  /**
   * Retention of the closed table: every item put there (archive, archiveMany, the Scavenger's dead
   * tasks) carries `attribute` = floor(closed_at) + `seconds` (epoch seconds) for DynamoDB TTL;
   * redrive removes it from the task it puts back. Bad values fail with `config.invalid`.
   * @defaultValue none: closed tasks are kept forever
   */
  readonly closedTtl?: DynamoTtl;
  /**
   * Retention of the audit rows a report writes in its transaction (as DynamoMetaLog's `ttl`):
   * `attribute` = floor(created_at) + `seconds`.
   * @defaultValue none
   */
  readonly metaTtl?: DynamoTtl;
  /**
   * Keep job counters in the jobs table (`tableNames.jobs`, default `sosw_jobs`): every write that
   * closes a task carrying a `job_id` adds to its job's counters in the same transaction, batched
   * (archiveMany: one counter update per job per transaction). Off: the jobs table is never touched.
   * @defaultValue false
   */
  readonly jobs?: boolean;
};

/**
 * The task store on the original's DynamoDB tables (tasks + greenfield GSI, closed tasks, retry
 * tasks): conditional claims and reports, transactional moves, batched enqueue.
 *
 * @example
 * const store = new DynamoTaskStore({ tableNames: { tasks: 'sosw_tasks' } });
 * const [head] = await store.nextQueued('sosw_sandbox', Math.floor(Date.now() / 1000), 1);
 */
export class DynamoTaskStore implements TaskStore, JobTasks {
  readonly #client: LazyClient<DynamoDBClient>;
  readonly #ctx: DynamoContext;

  public constructor(options: DynamoTaskStoreOptions = {}) {
    this.#client = new LazyClient(options.client, () => new DynamoDBClient(options.clientConfig ?? {}));
    const cacheSize = options.snapshotCacheSize ?? 10_000;
    const f = resolveFieldNames(options.fieldNames);
    const t = resolveDynamoTableNames(options.tableNames);
    this.#ctx = {
      t,
      f,
      sender: new DynamoSender(() => documentClient(this.#client.get()), resolveBackoff(options.backoff), t),
      step: options.greenfieldTaskStep ?? DEFAULT_GREENFIELD_TASK_STEP,
      invokedFloor: options.invokedGreenfieldFloor === undefined ? DEFAULT_GREENFIELD_INVOCATION_DELTA : options.invokedGreenfieldFloor,
      live: new SnapshotCache(cacheSize),
      retry: new SnapshotCache(cacheSize),
      closedTtl: checkTtl('closedTtl', options.closedTtl, Object.values(f)),
      metaTtl: checkTtl('metaTtl', options.metaTtl, META_RESERVED),
      jobs: options.jobs === true,
    };
  }

  /** DynamoDB's 400 KB item limit, measured on the task item as enqueue writes it. */
  public get sizeLimit(): TaskSizeLimit {
    return taskSizeLimit(this.#ctx.f);
  }

  public async enqueue(labourerId: string, drafts: readonly TaskDraft[], createdAt: number, options: EnqueueOptions = {}): Promise<Task[]> {
    return enqueueTasks(this.#ctx, labourerId, drafts, createdAt, options, options.freshIds === true);
  }

  public async nextQueued(labourerId: string, before: number, limit: number): Promise<Task[]> {
    checkLabourerAnd('nextQueued', labourerId, { before });
    checkLimit('nextQueued', limit);
    return this.#live(await this.#ctx.sender.query('nextQueued', nextQueuedQuery(this.#ctx.t, this.#ctx.f, labourerId, before), limit));
  }

  public async queueBounds(labourerId: string, before: number): Promise<{ oldest: number | null; newest: number | null }> {
    checkLabourerAnd('queueBounds', labourerId, { before });
    const [oldest, newest] = await Promise.all([
      queueBound(this.#ctx, 'queueBounds', labourerId, before, 'oldest'),
      queueBound(this.#ctx, 'queueBounds', labourerId, before, 'newest'),
    ]);
    return { oldest, newest };
  }

  public async countQueued(labourerId: string, before: number): Promise<number> {
    checkLabourerAnd('countQueued', labourerId, { before });
    return this.#ctx.sender.count('countQueued', countQueuedQuery(this.#ctx.t, this.#ctx.f, labourerId, before));
  }

  public async claim(taskId: string, queuedBefore: number, invokedGreenfield: number): Promise<Task | null> {
    checkId('claim', 'taskId', taskId);
    checkFinite('claim', 'queuedBefore', queuedBefore);
    checkFinite('claim', 'invokedGreenfield', invokedGreenfield);
    const { t, f, sender } = this.#ctx;
    try {
      const response = await sender.run('claim', t.tasks, (c) =>
        c.send(new UpdateCommand(claimTaskUpdate(t, f, taskId, queuedBefore, invokedGreenfield))),
      );
      return this.#live(response.Attributes === undefined ? [] : [response.Attributes])[0] ?? null;
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
      this.#ctx.live.forget(taskId);
      return null;
    }
  }

  public async unclaim(taskId: string, invokedGreenfield: number, queuedGreenfield: number): Promise<Task | null> {
    checkId('unclaim', 'taskId', taskId);
    checkFinite('unclaim', 'invokedGreenfield', invokedGreenfield);
    checkFinite('unclaim', 'queuedGreenfield', queuedGreenfield);
    const { t, f, sender } = this.#ctx;
    try {
      const response = await sender.run('unclaim', t.tasks, (c) =>
        c.send(new UpdateCommand(unclaimTaskUpdate(t, f, taskId, invokedGreenfield, queuedGreenfield))),
      );
      return this.#live(response.Attributes === undefined ? [] : [response.Attributes])[0] ?? null;
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
      return null;
    }
  }

  /** One conditional UpdateItem per task, a few in flight at once. */
  public async claimMany(taskIds: readonly string[], queuedBefore: number, invokedGreenfield: number): Promise<Task[]> {
    checkIds('claimMany', taskIds);
    checkFinite('claimMany', 'queuedBefore', queuedBefore);
    checkFinite('claimMany', 'invokedGreenfield', invokedGreenfield);
    const claimed = await eachBounded([...new Set(taskIds)], (id) => this.claim(id, queuedBefore, invokedGreenfield));
    return claimed.filter((task): task is Task => task !== null);
  }

  public async get(taskId: string): Promise<Task | null> {
    const item = await getLiveItem(this.#ctx, 'get', checkId('get', 'taskId', taskId));
    return item === undefined ? null : fromTaskItem(item, this.#ctx.f);
  }

  public async countInvokedSince(labourerId: string, since: number): Promise<number> {
    checkLabourerAnd('countInvokedSince', labourerId, { since });
    return this.#ctx.sender.count('countInvokedSince', invokedSinceQuery(this.#ctx.t, this.#ctx.f, labourerId, since));
  }

  public async listInvokedSince(labourerId: string, since: number, limit: number): Promise<Task[]> {
    checkLabourerAnd('listInvokedSince', labourerId, { since });
    checkLimit('listInvokedSince', limit);
    return this.#live(
      await this.#ctx.sender.query('listInvokedSince', invokedSinceQuery(this.#ctx.t, this.#ctx.f, labourerId, since), limit),
    );
  }

  public async listInvokedBetween(labourerId: string, from: number, to: number, limit: number): Promise<Task[]> {
    checkLabourerAnd('listInvokedBetween', labourerId, { from, to });
    checkLimit('listInvokedBetween', limit);
    if (!(from < to)) return [];
    const { t, f, sender } = this.#ctx;
    const items = await sender.query('listInvokedBetween', invokedBetweenQuery(t, f, labourerId, from, to), limit);
    return this.#live(items.filter((item) => Number(item[f.greenfield]) < to));
  }

  public async listCompleted(labourerId: string, limit: number): Promise<Task[]> {
    checkLabourerAnd('listCompleted', labourerId);
    checkLimit('listCompleted', limit);
    const { t, f, sender, invokedFloor } = this.#ctx;
    const items = await sender.query('listCompleted', completedQuery(t, f, labourerId, invokedFloor));
    const byCompletion = (a: Item, b: Item): number =>
      Number(a[f.completedAt]) - Number(b[f.completedAt]) || Number(a[f.greenfield]) - Number(b[f.greenfield]);
    return this.#live(items.sort(byCompletion).slice(0, limit));
  }

  public async report(request: ReportRequest): Promise<ReportOutcome> {
    return applyReport(this.#ctx, request);
  }

  /**
   * One conditional UpdateItem on the lease item `lease#<name>` of the tasks table (no labourer_id
   * or greenfield, so the greenfield index and every task query leave it out).
   */
  public async acquireLease(name: string, owner: string, nowSeconds: number, untilSeconds: number): Promise<boolean> {
    checkId('acquireLease', 'name', name);
    checkId('acquireLease', 'owner', owner);
    checkFinite('acquireLease', 'nowSeconds', nowSeconds);
    checkFinite('acquireLease', 'untilSeconds', untilSeconds);
    const { t, f, sender } = this.#ctx;
    try {
      await sender.run('acquireLease', t.tasks, (c) =>
        c.send(new UpdateCommand(acquireLeaseUpdate(t, f, name, owner, nowSeconds, untilSeconds))),
      );
      return true;
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
      return false;
    }
  }

  /** Expires the lease (conditional UpdateItem on the owner); a lease held by another owner is left alone. */
  public async releaseLease(name: string, owner: string): Promise<void> {
    checkId('releaseLease', 'name', name);
    checkId('releaseLease', 'owner', owner);
    const { t, f, sender } = this.#ctx;
    try {
      await sender.run('releaseLease', t.tasks, (c) => c.send(new UpdateCommand(releaseLeaseUpdate(t, f, name, owner))));
    } catch (error) {
      if (awsErrorName(error) !== 'ConditionalCheckFailedException') throw error;
    }
  }

  public async archive(taskId: string, closedAt: number): Promise<ClosedTask | null> {
    checkId('archive', 'taskId', taskId);
    return archiveTask(this.#ctx, taskId, checkFinite('archive', 'closedAt', closedAt));
  }

  /**
   * Without `jobs`: the ordered plain writes of `archiveOrdered` (closed copies, then the conditional
   * Deletes), a few tasks in flight at once. With `jobs`: transactions of up to ~49 tasks sent in
   * order, each with one counter update per job.
   */
  public async archiveMany(taskIds: readonly string[], closedAt: number): Promise<string[]> {
    checkIds('archiveMany', taskIds);
    checkFinite('archiveMany', 'closedAt', closedAt);
    if (this.#ctx.jobs) return archiveTasksWithCounters(this.#ctx, [...new Set(taskIds)], closedAt);
    return (await archiveOrdered(this.#ctx, [...new Set(taskIds)], closedAt)).map((task) => task.taskId);
  }

  /**
   * archiveMany with each moved task's audit row written into this store's meta table. Without
   * `jobs` the rows go after the closed copies and before the live Deletes (an interrupted archive
   * is resumed by the next one, row included, never lost); with `jobs` after the transactions.
   */
  public async archiveManyAudited(taskIds: readonly string[], closedAt: number, row: (taskId: string) => MetaEntry): Promise<string[]> {
    checkIds('archiveManyAudited', taskIds);
    checkFinite('archiveManyAudited', 'closedAt', closedAt);
    const ids = [...new Set(taskIds)];
    if (!this.#ctx.jobs) return (await archiveOrdered(this.#ctx, ids, closedAt, row)).map((task) => task.taskId);
    const moved = await archiveTasksWithCounters(this.#ctx, ids, closedAt);
    await writeMetaRows(this.#ctx, moved.map(row));
    return moved;
  }

  public async recentClosed(labourerId: string, succeeded: boolean, limit: number): Promise<ClosedTask[]> {
    checkLabourerAnd('recentClosed', labourerId);
    checkLimit('recentClosed', limit);
    return recentClosedTasks(this.#ctx, labourerId, succeeded === true, limit);
  }

  public async getClosed(taskId: string): Promise<ClosedTask | null> {
    const item = await getClosedItem(this.#ctx, 'getClosed', checkId('getClosed', 'taskId', taskId));
    return item === undefined ? null : fromClosedItem(item, this.#ctx.f, this.#ctx.closedTtl?.attribute);
  }

  public async countClosed(labourerId: string, succeeded: boolean): Promise<number> {
    checkLabourerAnd('countClosed', labourerId);
    return this.#ctx.sender.count('countClosed', countClosedQuery(this.#ctx.t, this.#ctx.f, labourerId, succeeded === true));
  }

  public async countCancelled(labourerId: string, limit?: number): Promise<number> {
    checkLabourerAnd('countCancelled', labourerId);
    const bound = limit === undefined ? Number.POSITIVE_INFINITY : checkLimit('countCancelled', limit);
    return countCancelledTasks(this.#ctx, labourerId, bound);
  }

  public async redrive(taskId: string): Promise<Task | null> {
    return redriveTask(this.#ctx, checkId('redrive', 'taskId', taskId));
  }

  public async moveToRetry(taskId: string, desiredLaunchTime: number): Promise<RetryTask | null> {
    checkId('moveToRetry', 'taskId', taskId);
    return moveTaskToRetry(this.#ctx, taskId, checkFinite('moveToRetry', 'desiredLaunchTime', desiredLaunchTime));
  }

  public async dueRetries(labourerId: string, dueAt: number, limit: number): Promise<RetryTask[]> {
    checkLabourerAnd('dueRetries', labourerId, { dueAt });
    checkLimit('dueRetries', limit);
    const { t, f, sender } = this.#ctx;
    const items = await sender.query('dueRetries', dueRetriesQuery(t, f, labourerId, dueAt), limit);
    for (const item of items) this.#ctx.retry.remember(String(item[f.taskId]), item);
    return items.map((item) => fromRetryItem(item, f));
  }

  public async returnFromRetry(labourerId: string, taskIds: readonly string[]): Promise<Task[]> {
    checkLabourerAnd('returnFromRetry', labourerId);
    checkIds('returnFromRetry', taskIds);
    return returnTasksFromRetry(this.#ctx, labourerId, taskIds);
  }

  public async countRetries(labourerId: string): Promise<number> {
    checkLabourerAnd('countRetries', labourerId);
    return this.#ctx.sender.count('countRetries', countRetriesQuery(this.#ctx.t, this.#ctx.f, labourerId));
  }

  public async getRetry(taskId: string): Promise<RetryTask | null> {
    return findRetryTask(this.#ctx, checkId('getRetry', 'taskId', taskId));
  }

  public async countJobTasks(labourerId: string, jobId: string): Promise<JobTaskCounts> {
    checkLabourerAnd('countJobTasks', labourerId);
    return countJobTasks(this.#ctx, labourerId, checkId('countJobTasks', 'jobId', jobId));
  }

  public async listJobTasks(labourerId: string, jobId: string, place: JobTaskPlace, limit: number): Promise<Task[]> {
    checkLabourerAnd('listJobTasks', labourerId);
    checkId('listJobTasks', 'jobId', jobId);
    checkOneOf('listJobTasks', 'place', place, JOB_TASK_PLACES);
    return listJobTasks(this.#ctx, labourerId, jobId, place, checkLimit('listJobTasks', limit));
  }

  /** Needs `jobs: true` for the counters (without it the tasks are still closed as cancelled). */
  public async cancelJobTasks(labourerId: string, jobId: string, at: number): Promise<string[]> {
    checkLabourerAnd('cancelJobTasks', labourerId, { at });
    return cancelJobTasks(this.#ctx, labourerId, checkId('cancelJobTasks', 'jobId', jobId), at);
  }

  public async closeCancelled(taskIds: readonly string[], at: number): Promise<string[]> {
    checkIds('closeCancelled', taskIds);
    checkFinite('closeCancelled', 'at', at);
    return closeCancelled(this.#ctx, [...new Set(taskIds)], at);
  }

  public async cancelTasks(tasks: readonly TaskRef[], at: number): Promise<string[]> {
    checkIds(
      'cancelTasks',
      tasks.map((t) => t.taskId),
    );
    for (const [i, t] of tasks.entries()) checkId('cancelTasks', `tasks[${i}].labourerId`, t.labourerId);
    checkFinite('cancelTasks', 'at', at);
    return cancelTaskRefs(this.#ctx, tasks, at);
  }

  /** Destroy the client if this store created it; snapshots are dropped. Idempotent. */
  public async close(): Promise<void> {
    this.#ctx.live.clear();
    this.#ctx.retry.clear();
    this.#client.close();
  }

  /** Remember live items as snapshots and map them to tasks. */
  #live(items: readonly Item[]): Task[] {
    const { f, live } = this.#ctx;
    return items.map((item) => {
      live.remember(String(item[f.taskId]), item);
      return fromTaskItem(item, f);
    });
  }
}
