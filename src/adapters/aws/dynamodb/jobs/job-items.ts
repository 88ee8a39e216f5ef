import { isTerminal, type JobOnComplete, type JobRecord, type JobState, type NewJob } from '../../../../core/job/job.js';
import { JOB_FIELD_NAMES as J } from '../../../../core/job/job-fields.js';
import type { Item } from '../items.js';

/**
 * Job record <-> DynamoDB item. Besides the JOB_FIELD_NAMES attributes an item carries:
 * `closed` (completed + dead + cancelled, kept by the same ADDs, so that "settled" is a condition
 * `closed >= planned`), `job_list` (= `all`, partition of the newest-first index) and `job_open`
 * (= `open` while not terminal: the sparse index of open jobs). The document and on_complete are
 * JSON text: any JSON the user wrote round-trips exactly.
 */
export const JOB_CLOSED = 'closed';
export const JOB_LIST = 'job_list';
export const JOB_LIST_VALUE = 'all';
export const JOB_OPEN = 'job_open';
export const JOB_OPEN_VALUE = 'open';

export function toNewJobItem(job: NewJob, at: number): Item {
  const item: Item = {
    [J.jobId]: job.jobId,
    [J.labourerId]: job.labourerId,
    [J.document]: JSON.stringify(job.document),
    [J.planned]: job.planned,
    [J.completed]: 0,
    [J.dead]: 0,
    [J.cancelled]: 0,
    [JOB_CLOSED]: 0,
    [J.state]: job.state,
    [J.createdAt]: job.createdAt,
    [J.updatedAt]: at,
    [J.scheduledBy]: job.scheduledBy,
    [J.after]: [...job.after],
    [J.runAfterFailure]: job.runAfterFailure,
    [J.toleratedFailurePercentage]: job.toleratedFailurePercentage,
    [JOB_LIST]: JOB_LIST_VALUE,
  };
  if (!isTerminal(job.state)) item[JOB_OPEN] = JOB_OPEN_VALUE;
  if (job.onComplete !== undefined) item[J.onComplete] = JSON.stringify(job.onComplete);
  if (job.reason !== undefined) item[J.reason] = job.reason;
  return item;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

function optionalNum(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : num(value);
}

function parsed<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string') return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/**
 * A stored item -> the record, or null for an item that is not a job record: a counter update for a
 * job whose record was never written creates an item with counters only (no state); it is ignored.
 */
export function fromJobItem(item: Item | undefined): JobRecord | null {
  if (item === undefined || typeof item[J.state] !== 'string') return null;
  const onComplete = parsed<JobOnComplete | undefined>(item[J.onComplete], undefined);
  const record: { -readonly [K in keyof JobRecord]: JobRecord[K] } = {
    jobId: String(item[J.jobId]),
    labourerId: String(item[J.labourerId] ?? ''),
    document: parsed<Record<string, unknown>>(item[J.document], {}),
    planned: num(item[J.planned]),
    completed: num(item[J.completed]),
    dead: num(item[J.dead]),
    cancelled: num(item[J.cancelled]),
    state: item[J.state] as JobState,
    createdAt: num(item[J.createdAt]),
    updatedAt: num(item[J.updatedAt]),
    scheduledBy: String(item[J.scheduledBy] ?? ''),
    after: Array.isArray(item[J.after]) ? (item[J.after] as unknown[]).map(String) : [],
    runAfterFailure: item[J.runAfterFailure] === true,
    toleratedFailurePercentage: num(item[J.toleratedFailurePercentage]),
  };
  const scheduledAt = optionalNum(item[J.scheduledAt]);
  if (scheduledAt !== undefined) record.scheduledAt = scheduledAt;
  const finishedAt = optionalNum(item[J.finishedAt]);
  if (finishedAt !== undefined) record.finishedAt = finishedAt;
  const actionsDoneAt = optionalNum(item[J.actionsDoneAt]);
  if (actionsDoneAt !== undefined) record.actionsDoneAt = actionsDoneAt;
  if (onComplete !== undefined) record.onComplete = onComplete;
  const reason = item[J.reason];
  if (typeof reason === 'string') record.reason = reason;
  return record;
}
