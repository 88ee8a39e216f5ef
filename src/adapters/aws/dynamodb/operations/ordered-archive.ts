import type { DeleteCommandInput, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { Expression } from '../expression.js';
import type { Item } from '../items.js';
import type { DynamoTableNames } from '../table-names.js';
import { unchangedLiveCondition } from './moves.js';

/** The closed copy, only if the id is not closed yet (a plain PutItem with a condition bills like one without). */
export function closedPutIfAbsent(t: DynamoTableNames, f: TaskFieldNames, closed: Item): PutCommandInput {
  const e = new Expression();
  return { TableName: t.closedTasks, Item: closed, ConditionExpression: e.notExists(f.taskId), ...e.attributes() };
}

/** Delete the live item only if it is as it was read (every claim or report changes one of the compared attributes). */
export function liveDeleteIfUnchanged(t: DynamoTableNames, f: TaskFieldNames, snapshot: Item): DeleteCommandInput {
  const e = new Expression();
  return {
    TableName: t.tasks,
    Key: { [f.taskId]: snapshot[f.taskId] },
    ConditionExpression: unchangedLiveCondition(e, f, snapshot),
    ...e.attributes(),
  };
}

/** A closed copy is of the live item's life when the attributes every claim or report changes are equal. */
export function sameLife(f: TaskFieldNames, closed: Item, live: Item): boolean {
  return [f.greenfield, f.attempts, f.completedAt, f.failedAttempts].every((name) => closed[name] === live[name]);
}
