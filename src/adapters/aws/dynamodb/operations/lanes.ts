import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { and, Expression } from '../expression.js';
import type { Item } from '../items.js';
import type { DynamoTableNames } from '../table-names.js';

/**
 * Lane items: the newest queue position of one concurrency-key value ("lane") of a labourer in a
 * priority band, kept in the tasks table as `lane#<labourer>#<band>#<lane>`. Like lease items they have
 * no labourer_id and no greenfield, so no index, no task query and no reader of the original sees them.
 */
export const LANE_CURSOR = 'lane_cursor';

export function laneKey(f: TaskFieldNames, labourerId: string, band: number, lane: string): Item {
  return { [f.taskId]: `lane#${labourerId}#${band}#${lane}` };
}

/** The lane of a lane item's key (the part after `lane#<labourer>#<band>#`). */
export function laneOfKey(f: TaskFieldNames, item: Item, labourerId: string, band: number): string {
  return String(item[f.taskId]).slice(`lane#${labourerId}#${band}#`.length);
}

export function laneItem(f: TaskFieldNames, labourerId: string, band: number, lane: string, cursor: number): Item {
  return { ...laneKey(f, labourerId, band, lane), [LANE_CURSOR]: cursor };
}

/** The oldest queued position in [low, before] of a priority band (one item; the caller drops `before` itself). */
export function oldestInBandQuery(
  t: DynamoTableNames,
  f: TaskFieldNames,
  labourerId: string,
  low: number,
  before: number,
): QueryCommandInput {
  const e = new Expression();
  return {
    TableName: t.tasks,
    IndexName: t.tasksGreenfieldIndex,
    KeyConditionExpression: and(e.compare(f.labourerId, '=', labourerId), e.between(f.greenfield, low, before)),
    ScanIndexForward: true,
    Limit: 1,
    ProjectionExpression: e.name(f.greenfield),
    ...e.attributes(),
  };
}
