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

/** The adaptive controller's state: a map, written by the Orchestrator once per tick. */
export const CONTROL_ADAPTIVE = 'control_adaptive';
/** Outcome counters: top-level numbers, so the Scavenger can `ADD` to them without reading first. */
export const OUTCOME_COMPLETED = 'outcome_completed';
export const OUTCOME_FAILED = 'outcome_failed';
export const OUTCOME_THROTTLED = 'outcome_throttled';
/** `outcome_run_<i>`: completions in run-time bucket i (RUN_TIME_BUCKETS). */
export function outcomeRunAttribute(bucket: number): string {
  return `outcome_run_${bucket}`;
}

/** setAdaptive: set (or, with null, remove) the controller's state, leaving the hold and the pin alone. */
export function setAdaptiveUpdate(
  tasksTable: string,
  f: TaskFieldNames,
  labourerId: string,
  state: Readonly<Record<string, unknown>> | null,
): UpdateCommandInput {
  const e = new Expression();
  const attribute = e.name(CONTROL_ADAPTIVE);
  const setLabourer = `${e.name(CONTROL_LABOURER)} = ${e.value(labourerId)}`;
  const update = state === null ? `SET ${setLabourer} REMOVE ${attribute}` : `SET ${setLabourer}, ${attribute} = ${e.value(state)}`;
  return { TableName: tasksTable, Key: controlKey(f, labourerId), UpdateExpression: update, ...e.attributes() };
}

/** addOutcomes for one labourer: one UpdateItem that `ADD`s every non-zero counter (atomic increments). */
export function addOutcomesUpdate(
  tasksTable: string,
  f: TaskFieldNames,
  labourerId: string,
  counts: { readonly completed: number; readonly failed: number; readonly throttled: number; readonly runTimes: readonly number[] },
): UpdateCommandInput {
  const e = new Expression();
  const adds = [
    [OUTCOME_COMPLETED, counts.completed],
    [OUTCOME_FAILED, counts.failed],
    [OUTCOME_THROTTLED, counts.throttled],
    ...counts.runTimes.map((n, i): [string, number] => [outcomeRunAttribute(i), n]),
  ] as const;
  const terms = adds.filter(([, n]) => n > 0).map(([name, n]) => `${e.name(name)} ${e.value(n)}`);
  const update = `SET ${e.name(CONTROL_LABOURER)} = ${e.value(labourerId)} ADD ${terms.join(', ')}`;
  return { TableName: tasksTable, Key: controlKey(f, labourerId), UpdateExpression: update, ...e.attributes() };
}
