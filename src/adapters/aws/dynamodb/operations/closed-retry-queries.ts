import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { closedStatusKey } from '../../../../core/task/task.js';
import { and, Expression } from '../expression.js';
import type { DynamoTableNames } from '../table-names.js';

/** recentClosed: the closed-table index by `<labourer>_1|_0`, newest closed_at first. */
export function recentClosedQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, succeeded: boolean): QueryCommandInput {
  const e = new Expression();
  return {
    TableName: t.closedTasks,
    IndexName: t.closedStatusIndex,
    KeyConditionExpression: e.compare(f.labourerIdTaskStatus, '=', closedStatusKey(labourerId, succeeded)),
    ScanIndexForward: false,
    ...e.attributes(),
  };
}

/** countClosed: Select COUNT on the same index partition. */
export function countClosedQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, succeeded: boolean): QueryCommandInput {
  return { ...recentClosedQuery(t, f, labourerId, succeeded), Select: 'COUNT' };
}

/** dueRetries: the retry table's local index, desired_launch_time <= dueAt, ascending (consistent: it is an LSI). */
export function dueRetriesQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, dueAt: number): QueryCommandInput {
  const e = new Expression();
  return {
    TableName: t.retryTasks,
    IndexName: t.retryLaunchIndex,
    KeyConditionExpression: and(e.compare(f.labourerId, '=', labourerId), e.compare(f.desiredLaunchTime, '<=', dueAt)),
    ScanIndexForward: true,
    ConsistentRead: true,
    ...e.attributes(),
  };
}

/** countRetries: Select COUNT over the labourer's partition of the retry table. */
export function countRetriesQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string): QueryCommandInput {
  const e = new Expression();
  return {
    TableName: t.retryTasks,
    KeyConditionExpression: e.compare(f.labourerId, '=', labourerId),
    Select: 'COUNT',
    ConsistentRead: true,
    ...e.attributes(),
  };
}

/**
 * getRetry: the retry table is keyed by (labourer_id, task_id), so a lookup by task id alone is a
 * filtered Scan (the table only holds tasks waiting for a retry, so it stays small).
 */
export function retryByIdScan(t: DynamoTableNames, f: TaskFieldNames, taskId: string): ScanCommandInput {
  const e = new Expression();
  return { TableName: t.retryTasks, FilterExpression: e.compare(f.taskId, '=', taskId), ConsistentRead: true, ...e.attributes() };
}
