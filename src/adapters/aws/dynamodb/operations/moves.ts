import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TASK_CANCELLED_AT_FIELD } from '../../../../core/job/job-fields.js';
import { RESULT_PREFIX, type TaskFieldNames } from '../../../../core/task/field-names.js';
import { closedStatusKey } from '../../../../core/task/task.js';
import { and, Expression } from '../expression.js';
import { type Item, liveAttributes, toClosedItem, toRetryItem } from '../items.js';
import type { DynamoTableNames } from '../table-names.js';
import type { DynamoTtl } from '../ttl.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Condition fragment on an attribute being as in the snapshot (or still absent). */
function sameAs(e: Expression, snapshot: Item, attribute: string): string {
  const value = snapshot[attribute];
  return value === undefined ? e.notExists(attribute) : e.compare(attribute, '=', value);
}

/**
 * The live item is exactly in the state that was read: it exists and greenfield, attempts,
 * completed_at and failed_attempts are unchanged (every report or claim changes one of them).
 */
export function unchangedLiveCondition(e: Expression, f: TaskFieldNames, snapshot: Item): string {
  return and(
    e.exists(f.taskId),
    sameAs(e, snapshot, f.greenfield),
    sameAs(e, snapshot, f.attempts),
    sameAs(e, snapshot, f.completedAt),
    sameAs(e, snapshot, f.failedAttempts),
  );
}

function deleteLive(t: DynamoTableNames, f: TaskFieldNames, snapshot: Item): TransactItem {
  const e = new Expression();
  return {
    Delete: {
      TableName: t.tasks,
      Key: { [f.taskId]: snapshot[f.taskId] },
      ConditionExpression: unchangedLiveCondition(e, f, snapshot),
      ...e.attributes(),
    },
  };
}

function putLiveIfAbsent(t: DynamoTableNames, f: TaskFieldNames, item: Item): TransactItem {
  const e = new Expression();
  return { Put: { TableName: t.tasks, Item: item, ConditionExpression: e.notExists(f.taskId), ...e.attributes() } };
}

/**
 * archive: Put the whole task (+ labourer_id_task_status, closed_at and, with `ttl`, its expiry
 * closed_at + seconds) into the closed table and Delete the unchanged live item.
 */
export function archiveTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  snapshot: Item,
  closedAt: number,
  ttl?: DynamoTtl,
): { input: TransactWriteCommandInput; closed: Item } {
  const closed = toClosedItem(snapshot, f, closedAt, ttl);
  return { input: { TransactItems: [{ Put: { TableName: t.closedTasks, Item: closed } }, deleteLive(t, f, snapshot)] }, closed };
}

/** moveToRetry: Put into the retry table with desired_launch_time, Delete the unchanged, not completed live item. */
export function moveToRetryTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  snapshot: Item,
  desiredLaunchTime: number,
): { input: TransactWriteCommandInput; retry: Item } {
  const retry = toRetryItem(snapshot, f, desiredLaunchTime);
  return { input: { TransactItems: [{ Put: { TableName: t.retryTasks, Item: retry } }, deleteLive(t, f, snapshot)] }, retry };
}

/** returnFromRetry (one chunk of at most 50 tasks): Put each at its head position, Delete its unchanged retry item. */
export function returnFromRetryTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  retryItems: readonly Item[],
  positions: readonly number[],
): { input: TransactWriteCommandInput; live: Item[] } {
  const live: Item[] = [];
  const items: TransactItem[] = [];
  retryItems.forEach((retryItem, i) => {
    const item = { ...liveAttributes(retryItem, f), [f.greenfield]: positions[i] };
    live.push(item);
    items.push(putLiveIfAbsent(t, f, item));
    const e = new Expression();
    items.push({
      Delete: {
        TableName: t.retryTasks,
        Key: { [f.labourerId]: retryItem[f.labourerId], [f.taskId]: retryItem[f.taskId] },
        ConditionExpression: sameAs(e, retryItem, f.desiredLaunchTime),
        ...e.attributes(),
      },
    });
  });
  return { input: { TransactItems: items }, live };
}

/**
 * redrive: Put the dead task at the end of the queue as a fresh task: attempts 0, without
 * failed_attempts, `cancelled_at`, the `result_*` of its failures and the closed table's TTL attribute
 * `ttlAttribute` (when named); Delete it from the closed table if still dead.
 */
export function redriveTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  closedItem: Item,
  position: number,
  ttlAttribute?: string,
): { input: TransactWriteCommandInput; live: Item } {
  const live: Item = { ...liveAttributes(closedItem, f, ttlAttribute), [f.greenfield]: position, [f.attempts]: 0 };
  delete live[f.failedAttempts];
  delete live[TASK_CANCELLED_AT_FIELD];
  for (const key of Object.keys(live)) if (key.startsWith(RESULT_PREFIX)) delete live[key];
  const e = new Expression();
  const dead = closedStatusKey(String(closedItem[f.labourerId]), false);
  return {
    input: {
      TransactItems: [
        putLiveIfAbsent(t, f, live),
        {
          Delete: {
            TableName: t.closedTasks,
            Key: { [f.taskId]: closedItem[f.taskId] },
            ConditionExpression: e.compare(f.labourerIdTaskStatus, '=', dead),
            ...e.attributes(),
          },
        },
      ],
    },
    live,
  };
}
