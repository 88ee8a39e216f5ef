import type { TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { RESULT_PREFIX, STAT_PREFIX, type TaskFieldNames } from '../../../../core/task/field-names.js';
import type { ReportOutcome, ReportRequest } from '../../../../ports/task-store.js';
import { and, Expression } from '../expression.js';
import type { Item } from '../items.js';
import type { DynamoTableNames } from '../table-names.js';
import { META_FIELDS } from './meta-entries.js';

type Rejection = Extract<ReportOutcome, { applied: false }>['reason'];

/**
 * report: one conditional UpdateItem. Condition: the task exists, is invoked
 * (greenfield >= invokedAtLeast), runs the reported attempt (when given) and is not completed yet.
 * Completed sets completed_at; failed increments failed_attempts; both set flat stat_* / result_*.
 * A failed condition returns the old item (ReturnValuesOnConditionCheckFailure ALL_OLD) for reportRejection.
 */
export function reportTaskUpdate(t: DynamoTableNames, f: TaskFieldNames, request: ReportRequest): UpdateCommandInput {
  const e = new Expression();
  const sets: string[] = [];
  for (const [prefix, values] of [
    [STAT_PREFIX, request.stats],
    [RESULT_PREFIX, request.result],
  ] as const) {
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value !== undefined) sets.push(`${e.name(`${prefix}${key}`)} = ${e.value(value)}`);
    }
  }
  if (request.outcome === 'completed') {
    sets.push(`${e.name(f.completedAt)} = ${e.value(request.at)}`);
  } else {
    const failed = e.name(f.failedAttempts);
    sets.push(`${failed} = if_not_exists(${failed}, ${e.value(0)}) + ${e.value(1)}`);
  }
  const condition = and(
    e.exists(f.taskId),
    e.compare(f.greenfield, '>=', request.invokedAtLeast),
    request.labourerId === undefined ? undefined : e.compare(f.labourerId, '=', request.labourerId),
    request.attempt === undefined ? undefined : e.compare(f.attempts, '=', request.attempt),
    request.invocation === undefined ? undefined : e.compare(f.invocations, '=', request.invocation),
    e.notExists(f.completedAt),
  );
  return {
    TableName: t.tasks,
    Key: { [f.taskId]: request.taskId },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: condition,
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ...e.attributes(),
  };
}

/**
 * report with its audit row: one TransactWriteItems of the same conditional Update (its old item
 * returned when the condition fails) and a Put of the meta row conditional on its key being free
 * ("create" semantics, as DynamoMetaLog writes). Cancellation reason 0 is the task, 1 the meta row.
 */
export function reportTransaction(
  t: DynamoTableNames,
  f: TaskFieldNames,
  request: ReportRequest,
  metaItem: Item,
): TransactWriteCommandInput {
  const { ReturnValues: _allNew, ...update } = reportTaskUpdate(t, f, request);
  const e = new Expression();
  return {
    TransactItems: [
      { Update: { ...update, TableName: t.tasks, Key: { [f.taskId]: request.taskId }, UpdateExpression: update.UpdateExpression ?? '' } },
      { Put: { TableName: t.meta, Item: metaItem, ConditionExpression: e.notExists(META_FIELDS.taskId), ...e.attributes() } },
    ],
  };
}

/** Why the report's condition failed, from the item as it was (checked in the contract's order). */
export function reportRejection(old: Item | undefined, request: ReportRequest, f: TaskFieldNames): Rejection {
  if (old === undefined || old[f.taskId] === undefined) return 'unknown';
  if (request.labourerId !== undefined && old[f.labourerId] !== request.labourerId) return 'otherLabourer';
  if (!(Number(old[f.greenfield]) >= request.invokedAtLeast)) return 'notInvoked';
  if (request.attempt !== undefined && Number(old[f.attempts] ?? 0) !== request.attempt) return 'otherAttempt';
  if (request.invocation !== undefined && Number(old[f.invocations] ?? 0) !== request.invocation) return 'otherAttempt';
  return 'alreadyCompleted';
}
