import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { TASK_JOB_ID_FIELD } from '../../../../core/job/job-fields.js';
import type { TaskFieldNames } from '../../../../core/task/field-names.js';
import { and, Expression } from '../expression.js';
import type { DynamoTableNames } from '../table-names.js';

/**
 * A job's live tasks: the labourer's partition of the greenfield index, filtered on job_id.
 * `queued` reads only greenfield < floor (the queue), `invoked` only >= floor, `all` both.
 */
export function liveJobTasksQuery(
  t: DynamoTableNames,
  f: TaskFieldNames,
  labourerId: string,
  jobId: string,
  floor: number,
  part: 'queued' | 'invoked' | 'all',
): QueryCommandInput {
  const e = new Expression();
  const range =
    part === 'queued' ? e.compare(f.greenfield, '<', floor) : part === 'invoked' ? e.compare(f.greenfield, '>=', floor) : undefined;
  return {
    TableName: t.tasks,
    IndexName: t.tasksGreenfieldIndex,
    KeyConditionExpression: and(e.compare(f.labourerId, '=', labourerId), range),
    FilterExpression: e.compare(TASK_JOB_ID_FIELD, '=', jobId),
    ScanIndexForward: true,
    ...e.attributes(),
  };
}

/** A job's retrying tasks: the labourer's partition of the retry table, filtered on job_id. */
export function retryJobTasksQuery(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, jobId: string): QueryCommandInput {
  const e = new Expression();
  return {
    TableName: t.retryTasks,
    KeyConditionExpression: e.compare(f.labourerId, '=', labourerId),
    FilterExpression: e.compare(TASK_JOB_ID_FIELD, '=', jobId),
    ConsistentRead: true,
    ...e.attributes(),
  };
}

/**
 * A job's closed tasks: a filtered Scan of the closed table. The original's closed index projects
 * neither job_id nor the payload, so no Query can select by job; this read is for recounts
 * (`sosw jobs repair`) and task listings of one job, never for the per-task path.
 */
export function closedJobTasksScan(t: DynamoTableNames, f: TaskFieldNames, labourerId: string, jobId: string): ScanCommandInput {
  const e = new Expression();
  return {
    TableName: t.closedTasks,
    FilterExpression: and(e.compare(TASK_JOB_ID_FIELD, '=', jobId), e.compare(f.labourerId, '=', labourerId)),
    ConsistentRead: true,
    ...e.attributes(),
  };
}
