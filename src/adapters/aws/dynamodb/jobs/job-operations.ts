import type { PutCommandInput, QueryCommandInput, TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { isTerminal, type JobCounters, type NewJob } from '../../../../core/job/job.js';
import { JOB_FIELD_NAMES as J } from '../../../../core/job/job-fields.js';
import type { JobTransition } from '../../../../ports/job-store.js';
import { and, Expression } from '../expression.js';
import type { DynamoTableNames } from '../table-names.js';
import { JOB_CLOSED, JOB_LIST, JOB_LIST_VALUE, JOB_OPEN, JOB_OPEN_VALUE, toNewJobItem } from './job-items.js';

/** create: Put conditional on the id being new (the idempotency key). */
export function createJobPut(t: DynamoTableNames, job: NewJob, at: number): PutCommandInput {
  const e = new Expression();
  return { TableName: t.jobs, Item: toNewJobItem(job, at), ConditionExpression: e.notExists(J.jobId), ...e.attributes() };
}

/** A record (not a counters-only item): its state attribute exists. */
function isRecord(e: Expression): string {
  return e.exists(J.state);
}

/**
 * transition: SET the state (and planned / reason / timestamps) on condition that the state is one
 * of `from` and, with `whenSettled`, that the job is running and `closed >= planned`. A terminal
 * state removes `job_open` (the job leaves the open index).
 */
export function transitionUpdate(t: DynamoTableNames, jobId: string, change: JobTransition): UpdateCommandInput {
  const e = new Expression();
  const sets = [`${e.name(J.state)} = ${e.value(change.to)}`, `${e.name(J.updatedAt)} = ${e.value(change.at)}`];
  const removes: string[] = [];
  if (change.planned !== undefined) sets.push(`${e.name(J.planned)} = ${e.value(change.planned)}`);
  if (change.reason !== undefined) sets.push(`${e.name(J.reason)} = ${e.value(change.reason)}`);
  if (change.to === 'running') sets.push(`${e.name(J.scheduledAt)} = ${e.value(change.at)}`);
  if (isTerminal(change.to)) {
    sets.push(`${e.name(J.finishedAt)} = ${e.value(change.at)}`);
    removes.push(e.name(JOB_OPEN));
  } else {
    sets.push(`${e.name(JOB_OPEN)} = ${e.value(JOB_OPEN_VALUE)}`);
  }
  // The store never sends an empty `from` (nothing can match it).
  const fromCondition = `${e.name(J.state)} IN (${change.from.map((s) => e.value(s)).join(', ')})`;
  const settled = change.whenSettled ? and(e.compare(J.state, '=', 'running'), `${e.name(JOB_CLOSED)} >= ${e.name(J.planned)}`) : undefined;
  return {
    TableName: t.jobs,
    Key: { [J.jobId]: jobId },
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: and(isRecord(e), fromCondition, settled),
    ReturnValues: 'ALL_NEW',
    ...e.attributes(),
  };
}

/** markActionsDone: the first time only (a later call keeps the first time). */
export function actionsDoneUpdate(t: DynamoTableNames, jobId: string, at: number): UpdateCommandInput {
  const e = new Expression();
  const name = e.name(J.actionsDoneAt);
  return {
    TableName: t.jobs,
    Key: { [J.jobId]: jobId },
    UpdateExpression: `SET ${name} = if_not_exists(${name}, ${e.value(at)})`,
    ConditionExpression: isRecord(e),
    ...e.attributes(),
  };
}

/** setCounters: overwrite the three counters and their sum. */
export function setCountersUpdate(t: DynamoTableNames, jobId: string, counters: JobCounters, at: number): UpdateCommandInput {
  const e = new Expression();
  const closed = counters.completed + counters.dead + counters.cancelled;
  const sets = [
    [J.completed, counters.completed],
    [J.dead, counters.dead],
    [J.cancelled, counters.cancelled],
    [JOB_CLOSED, closed],
    [J.updatedAt, at],
  ].map(([attribute, value]) => `${e.name(String(attribute))} = ${e.value(value)}`);
  return {
    TableName: t.jobs,
    Key: { [J.jobId]: jobId },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: isRecord(e),
    ReturnValues: 'ALL_NEW',
    ...e.attributes(),
  };
}

/** Counter changes of one job in one write (negative on redrive). */
export type CounterDelta = { -readonly [K in keyof JobCounters]: number };

export function emptyDelta(): CounterDelta {
  return { completed: 0, dead: 0, cancelled: 0 };
}

/**
 * The counter update folded into a move transaction: ADD each non-zero counter and their sum to
 * `closed`. Unconditional, so a task whose job record is missing still moves (the ADD then leaves
 * a counters-only item, which reads as no job).
 */
export type TransactUpdate = NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']>;

export function counterUpdate(t: DynamoTableNames, jobId: string, delta: CounterDelta): TransactUpdate {
  const e = new Expression();
  const adds = (Object.entries(delta) as [keyof JobCounters, number][])
    .filter(([, n]) => n !== 0)
    .map(([counter, n]) => `${e.name(J[counter])} ${e.value(n)}`);
  adds.push(`${e.name(JOB_CLOSED)} ${e.value(delta.completed + delta.dead + delta.cancelled)}`);
  return { TableName: t.jobs, Key: { [J.jobId]: jobId }, UpdateExpression: `ADD ${adds.join(', ')}`, ...e.attributes() };
}

/**
 * list: the open index when every asked state is open (waiting / scheduling / running), else the
 * newest-first index; states and labourer as a filter. Newest first.
 */
export function listJobsQuery(
  t: DynamoTableNames,
  states: readonly string[] | undefined,
  labourerId: string | undefined,
  openOnly: boolean,
): QueryCommandInput {
  const e = new Expression();
  const key = openOnly ? e.compare(JOB_OPEN, '=', JOB_OPEN_VALUE) : e.compare(JOB_LIST, '=', JOB_LIST_VALUE);
  const stateFilter =
    states === undefined || states.length === 0 ? undefined : `${e.name(J.state)} IN (${states.map((s) => e.value(s)).join(', ')})`;
  const labourerFilter = labourerId === undefined ? undefined : e.compare(J.labourerId, '=', labourerId);
  const filter = and(stateFilter, labourerFilter);
  return {
    TableName: t.jobs,
    IndexName: openOnly ? t.jobsOpenIndex : t.jobsCreatedIndex,
    KeyConditionExpression: key,
    ScanIndexForward: false,
    ...(filter === '' ? {} : { FilterExpression: filter }),
    ...e.attributes(),
  };
}
