import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { and, Expression } from '../expression.js';
import type { DynamoTableNames } from '../table-names.js';

/**
 * Queries on the tasks table's greenfield index (labourer_id HASH, greenfield RANGE). Each
 * builder returns the Query input; the sender adds Limit / pagination.
 */
function onIndex(t: DynamoTableNames, e: Expression, keyCondition: string, extra: Partial<QueryCommandInput> = {}): QueryCommandInput {
  return { TableName: t.tasks, IndexName: t.tasksGreenfieldIndex, KeyConditionExpression: keyCondition, ...extra, ...e.attributes() };
}

/** nextQueued: the head of the queue, greenfield < before, ascending. */
export function nextQueuedQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, before: number): QueryCommandInput {
  const e = new Expression();
  return onIndex(t, e, and(e.compare(f.labourerId, '=', labourerId), e.compare(f.greenfield, '<', before)), { ScanIndexForward: true });
}

/**
 * queueBounds / enqueue / returnFromRetry: the oldest or newest queued position (greenfield < before),
 * one item only (the original forgot the Limit and read the whole queue per created task).
 */
export function queueBoundQuery(
  t: DynamoTableNames,
  f: TaskFieldNames,
  labourerId: string,
  before: number,
  end: 'oldest' | 'newest',
): QueryCommandInput {
  const e = new Expression();
  const keyCondition = and(e.compare(f.labourerId, '=', labourerId), e.compare(f.greenfield, '<', before));
  return onIndex(t, e, keyCondition, { ScanIndexForward: end === 'oldest', Limit: 1, ProjectionExpression: e.name(f.greenfield) });
}

/** countQueued: Select COUNT over greenfield < before. */
export function countQueuedQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, before: number): QueryCommandInput {
  const e = new Expression();
  return onIndex(t, e, and(e.compare(f.labourerId, '=', labourerId), e.compare(f.greenfield, '<', before)), { Select: 'COUNT' });
}

/** countInvokedSince / listInvokedSince: greenfield >= since, completed_at absent, ascending. */
export function invokedSinceQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, since: number): QueryCommandInput {
  const e = new Expression();
  const keyCondition = and(e.compare(f.labourerId, '=', labourerId), e.compare(f.greenfield, '>=', since));
  return onIndex(t, e, keyCondition, { FilterExpression: e.notExists(f.completedAt), ScanIndexForward: true });
}

/**
 * listInvokedBetween: from <= greenfield < to, completed_at absent, ascending. The key condition is
 * the inclusive BETWEEN; the adapter drops items equal to `to` (a filter may not name a key attribute).
 */
export function invokedBetweenQuery(
  t: DynamoTableNames,
  f: TaskFieldNames,
  labourerId: string,
  from: number,
  to: number,
): QueryCommandInput {
  const e = new Expression();
  const keyCondition = and(e.compare(f.labourerId, '=', labourerId), e.between(f.greenfield, from, to));
  return onIndex(t, e, keyCondition, { FilterExpression: e.notExists(f.completedAt), ScanIndexForward: true });
}

/**
 * listCompleted: completed_at present, among invoked tasks (greenfield >= floor; the floor only
 * skips the queue part of the partition, the filter decides; null reads the whole partition).
 */
export function completedQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, floor: number | null): QueryCommandInput {
  const e = new Expression();
  const keyCondition = and(e.compare(f.labourerId, '=', labourerId), floor === null ? undefined : e.compare(f.greenfield, '>=', floor));
  return onIndex(t, e, keyCondition, { FilterExpression: e.exists(f.completedAt), ScanIndexForward: true });
}
