import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { Expression } from '../expression.js';
import type { Item } from '../items.js';
import type { DynamoTableNames } from '../table-names.js';

/** TransactWriteItems limits: 100 actions and 4 MB per request (we keep a margin on the size). */
export const TRANSACTION_MAX_ACTIONS = 100;
export const TRANSACTION_MAX_BYTES = 3_500_000;
/** Actions per task with a caller-chosen id: the conditional Put plus two ConditionChecks. */
export const ACTIONS_PER_CHECKED_TASK = 3;

/** Rough stored size of an item (attribute names + JSON of values), for chunking transactions. */
export function approximateItemBytes(item: Item): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(item))
    bytes += key.length + (typeof value === 'string' ? value.length : JSON.stringify(value ?? null).length);
  return bytes;
}

/** Split items into runs that fit one transaction by action count and (approximate) size. */
export function chunkForTransactions<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  actionsPerItem = ACTIONS_PER_CHECKED_TASK,
): T[][] {
  const perChunk = Math.floor(TRANSACTION_MAX_ACTIONS / actionsPerItem);
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= perChunk || bytes + size > TRANSACTION_MAX_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * enqueue with caller-chosen ids: per task a Put conditional on the id being new in its target
 * table (the tasks table; the retry table for delayed tasks), plus ConditionChecks that it is in
 * neither of the other two. One transaction per chunk; the cancellation reasons name the ids that
 * already exist. Action i*3 .. i*3+2 belong to items[i].
 */
export function enqueueCheckedTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  items: readonly Item[],
  target: 'tasks' | 'retry' = 'tasks',
): TransactWriteCommandInput {
  const actions: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
  const tables = { tasks: t.tasks, closed: t.closedTasks, retry: t.retryTasks };
  const keyIn = (table: keyof typeof tables, item: Item): Item =>
    table === 'retry' ? { [f.labourerId]: item[f.labourerId], [f.taskId]: item[f.taskId] } : { [f.taskId]: item[f.taskId] };
  for (const item of items) {
    const put = new Expression();
    actions.push({ Put: { TableName: tables[target], Item: item, ConditionExpression: put.notExists(f.taskId), ...put.attributes() } });
    for (const other of (['tasks', 'closed', 'retry'] as const).filter((name) => name !== target)) {
      const check = new Expression();
      actions.push({
        ConditionCheck: {
          TableName: tables[other],
          Key: keyIn(other, item),
          ConditionExpression: check.notExists(f.taskId),
          ...check.attributes(),
        },
      });
    }
  }
  return { TransactItems: actions };
}

/** Indexes of the items whose actions failed their condition, from the cancellation reason codes. */
export function rejectedItemIndexes(codes: readonly string[], actionsPerItem = ACTIONS_PER_CHECKED_TASK): Set<number> {
  const rejected = new Set<number>();
  codes.forEach((code, action) => {
    if (code === 'ConditionalCheckFailed') rejected.add(Math.floor(action / actionsPerItem));
  });
  return rejected;
}
