import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TASK_CANCELLED_AT_FIELD, TASK_JOB_ID_FIELD } from '../../../../core/job/job-fields.js';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { closedStatusKey } from '../../../../core/task/task.js';
import { and, Expression } from '../expression.js';
import { type Item, isCompletedItem, toClosedItem } from '../items.js';
import { type CounterDelta, counterUpdate, emptyDelta } from '../jobs/job-operations.js';
import type { DynamoTableNames } from '../table-names.js';
import type { DynamoTtl } from '../ttl.js';
import { approximateItemBytes, TRANSACTION_MAX_ACTIONS, TRANSACTION_MAX_BYTES } from './enqueue-tasks.js';
import { unchangedLiveCondition } from './moves.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The job of a stored task, or undefined for tasks scheduled without a job record. */
export function jobOf(item: Item): string | undefined {
  const jobId = item[TASK_JOB_ID_FIELD];
  return typeof jobId === 'string' && jobId !== '' ? jobId : undefined;
}

/** How closing this item counts: completed, dead, or (closed by a cancel) cancelled. */
export function outcomeOf(item: Item, f: TaskFieldNames): keyof CounterDelta {
  if (item[TASK_CANCELLED_AT_FIELD] !== undefined) return 'cancelled';
  return isCompletedItem(item, f) ? 'completed' : 'dead';
}

/** The counter updates of a batch: one UpdateItem per job. */
export function counterActions(t: DynamoTableNames, deltas: ReadonlyMap<string, CounterDelta>): TransactItem[] {
  return [...deltas].map(([jobId, delta]) => ({ Update: counterUpdate(t, jobId, delta) }));
}

/** Add `outcome` of one task to the deltas by job (tasks without a job add nothing). */
export function addOutcome(deltas: Map<string, CounterDelta>, jobId: string | undefined, outcome: keyof CounterDelta, n = 1): void {
  if (jobId === undefined) return;
  const delta = deltas.get(jobId) ?? emptyDelta();
  delta[outcome] += n;
  deltas.set(jobId, delta);
}

/**
 * Split moves into transactions: each move takes `actionsPerMove` actions, each distinct job one
 * more (its counter update), within TransactWriteItems' 100 actions and (approximately) 4 MB.
 */
export function chunkMoves<T>(
  moves: readonly T[],
  jobOfMove: (move: T) => string | undefined,
  sizeOf: (move: T) => number,
  actionsPerMove = 2,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let jobs = new Set<string>();
  let bytes = 0;
  for (const move of moves) {
    const jobId = jobOfMove(move);
    const extraActions = actionsPerMove + (jobId !== undefined && !jobs.has(jobId) ? 1 : 0);
    const size = sizeOf(move);
    if (
      current.length > 0 &&
      (current.length * actionsPerMove + jobs.size + extraActions > TRANSACTION_MAX_ACTIONS || bytes + size > TRANSACTION_MAX_BYTES)
    ) {
      chunks.push(current);
      current = [];
      jobs = new Set();
      bytes = 0;
    }
    current.push(move);
    if (jobId !== undefined) jobs.add(jobId);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function closedItemBytes(item: Item): number {
  return approximateItemBytes(item) + 64;
}

/**
 * archive of several tasks in one transaction: per task Put the closed item and Delete the
 * unchanged live item (actions 2i, 2i+1), then one counter update per job (with `jobs`).
 */
export function archiveBatchTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  snapshots: readonly Item[],
  closedAt: number,
  ttl: DynamoTtl | undefined,
  jobs: boolean,
): { input: TransactWriteCommandInput; closed: Item[] } {
  const closed: Item[] = [];
  const items: TransactItem[] = [];
  const deltas = new Map<string, CounterDelta>();
  for (const snapshot of snapshots) {
    const item = toClosedItem(snapshot, f, closedAt, ttl);
    closed.push(item);
    items.push({ Put: { TableName: t.closedTasks, Item: item } });
    const e = new Expression();
    items.push({
      Delete: {
        TableName: t.tasks,
        Key: { [f.taskId]: snapshot[f.taskId] },
        ConditionExpression: unchangedLiveCondition(e, f, snapshot),
        ...e.attributes(),
      },
    });
    if (jobs) addOutcome(deltas, jobOf(snapshot), outcomeOf(snapshot, f));
  }
  return { input: { TransactItems: [...items, ...counterActions(t, deltas)] }, closed };
}

/** archive of one task with its job's counter update (as archiveTransaction plus one action). */
export function archiveOneWithCounter(
  t: DynamoTableNames,
  f: TaskFieldNames,
  snapshot: Item,
  closedAt: number,
  ttl: DynamoTtl | undefined,
): { input: TransactWriteCommandInput; closed: Item } {
  const { input, closed } = archiveBatchTransaction(t, f, [snapshot], closedAt, ttl, true);
  return { input, closed: closed[0] as Item };
}

/** Where a task to cancel is: the live table (queued) or the retry table. */
export interface CancelSource {
  readonly item: Item;
  readonly from: 'live' | 'retry';
}

/**
 * cancel: per task Put a closed item (not succeeded, `closed_at` and `cancelled_at` = at) and
 * Delete the source item if unchanged (a queued task still queued: same greenfield and no
 * completion; a retry item with the same desired launch time), then (with `jobs`) one counter
 * update per job.
 */
export function cancelBatchTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  sources: readonly CancelSource[],
  at: number,
  ttl: DynamoTtl | undefined,
  jobs: boolean,
): { input: TransactWriteCommandInput; closed: Item[] } {
  const closed: Item[] = [];
  const items: TransactItem[] = [];
  const deltas = new Map<string, CounterDelta>();
  for (const { item, from } of sources) {
    const labourerId = String(item[f.labourerId]);
    const closedItem = {
      ...toClosedItem(item, f, at, ttl),
      [f.labourerIdTaskStatus]: closedStatusKey(labourerId, false),
      [TASK_CANCELLED_AT_FIELD]: at,
    };
    delete closedItem[f.completedAt];
    closed.push(closedItem);
    items.push({ Put: { TableName: t.closedTasks, Item: closedItem } });
    const e = new Expression();
    if (from === 'live') {
      items.push({
        Delete: {
          TableName: t.tasks,
          Key: { [f.taskId]: item[f.taskId] },
          ConditionExpression: and(unchangedLiveCondition(e, f, item), e.notExists(f.completedAt)),
          ...e.attributes(),
        },
      });
    } else {
      items.push({
        Delete: {
          TableName: t.retryTasks,
          Key: { [f.labourerId]: item[f.labourerId], [f.taskId]: item[f.taskId] },
          ConditionExpression: e.compare(f.desiredLaunchTime, '=', item[f.desiredLaunchTime]),
          ...e.attributes(),
        },
      });
    }
    if (jobs) addOutcome(deltas, jobOf(item), 'cancelled');
  }
  return { input: { TransactItems: [...items, ...counterActions(t, deltas)] }, closed };
}

/** Indexes of the moves whose Delete (action 2i+1) failed its condition. */
export function failedMoves(codes: readonly string[]): Set<number> {
  const failed = new Set<number>();
  codes.forEach((code, action) => {
    if (code === 'ConditionalCheckFailed' && action % 2 === 1) failed.add((action - 1) / 2);
  });
  return failed;
}
