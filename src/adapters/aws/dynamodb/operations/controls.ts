import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { controlRecordId } from '../../../../core/flow/control.js';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { Expression } from '../expression.js';

/**
 * Attributes of a control item in the tasks table. It has no labourer_id and no greenfield, so the
 * greenfield index and every task query skip it; its key is `control#<labourerId>`.
 */
export const CONTROL_LABOURER = 'control_labourer';
export const CONTROL_HOLD = 'control_hold';
export const CONTROL_PIN = 'control_pin';

/** The key of a labourer's control item in the tasks table. */
export function controlKey(f: TaskFieldNames, labourerId: string): Record<string, string> {
  return { [f.taskId]: controlRecordId(labourerId) };
}

/** setHold / setPin: set (or, with null, remove) one part of the item, leaving the other as it is. Returns ALL_NEW. */
export function setControlPartUpdate(
  tasksTable: string,
  f: TaskFieldNames,
  labourerId: string,
  part: 'hold' | 'pin',
  value: Readonly<Record<string, unknown>> | null,
): UpdateCommandInput {
  const e = new Expression();
  const attribute = e.name(part === 'hold' ? CONTROL_HOLD : CONTROL_PIN);
  const setLabourer = `${e.name(CONTROL_LABOURER)} = ${e.value(labourerId)}`;
  const update = value === null ? `SET ${setLabourer} REMOVE ${attribute}` : `SET ${setLabourer}, ${attribute} = ${e.value(value)}`;
  return {
    TableName: tasksTable,
    Key: controlKey(f, labourerId),
    UpdateExpression: update,
    ReturnValues: 'ALL_NEW',
    ...e.attributes(),
  };
}
