import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { RESULT_PREFIX, STAT_PREFIX, type TaskFieldNames } from '../../../../core/task/field-names.js';
import type { ReportOutcome, ReportRequest } from '../../../../ports/task-store.js';
import { and, Expression } from '../expression.js';
import type { Item } from '../items.js';
import type { DynamoTableNames } from '../table-names.js';

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
    request.attempt === undefined ? undefined : e.compare(f.attempts, '=', request.attempt),
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

/** Why the report's condition failed, from the item as it was (checked in the contract's order). */
export function reportRejection(old: Item | undefined, request: ReportRequest, f: TaskFieldNames): Rejection {
  if (old === undefined || old[f.taskId] === undefined) return 'unknown';
  if (!(Number(old[f.greenfield]) >= request.invokedAtLeast)) return 'notInvoked';
  if (request.attempt !== undefined && Number(old[f.attempts] ?? 0) !== request.attempt) return 'otherAttempt';
  return 'alreadyCompleted';
}
