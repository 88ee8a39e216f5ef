import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { Expression } from '../expression.js';
import type { DynamoTableNames } from '../table-names.js';

/**
 * claim: mark a queued task invoked, only if its greenfield is still < queuedBefore (so racing
 * orchestrators never invoke it twice). attempts + 1 and invocations + 1 (absent counts as 0). Returns ALL_NEW.
 */
export function claimTaskUpdate(
  t: DynamoTableNames,
  f: TaskFieldNames,
  taskId: string,
  queuedBefore: number,
  invokedGreenfield: number,
): UpdateCommandInput {
  const e = new Expression();
  const attempts = e.name(f.attempts);
  const invocations = e.name(f.invocations);
  const zero = e.value(0);
  const one = e.value(1);
  return {
    TableName: t.tasks,
    Key: { [f.taskId]: taskId },
    UpdateExpression: `SET ${e.name(f.greenfield)} = ${e.value(invokedGreenfield)}, ${attempts} = if_not_exists(${attempts}, ${zero}) + ${one}, ${invocations} = if_not_exists(${invocations}, ${zero}) + ${one}`,
    ConditionExpression: e.compare(f.greenfield, '<', queuedBefore),
    ReturnValues: 'ALL_NEW',
    ...e.attributes(),
  };
}

/**
 * unclaim: undo a claim whose invocation never started, only if the task still has the claim's
 * greenfield and no completion: greenfield back to its queue position, attempts - 1. Returns ALL_NEW.
 */
export function unclaimTaskUpdate(
  t: DynamoTableNames,
  f: TaskFieldNames,
  taskId: string,
  invokedGreenfield: number,
  queuedGreenfield: number,
): UpdateCommandInput {
  const e = new Expression();
  return {
    TableName: t.tasks,
    Key: { [f.taskId]: taskId },
    UpdateExpression: `SET ${e.name(f.greenfield)} = ${e.value(queuedGreenfield)} ADD ${e.name(f.attempts)} ${e.value(-1)}`,
    ConditionExpression: `${e.compare(f.greenfield, '=', invokedGreenfield)} AND ${e.notExists(f.completedAt)} AND ${e.compare(f.attempts, '>', 0)}`,
    ReturnValues: 'ALL_NEW',
    ...e.attributes(),
  };
}
