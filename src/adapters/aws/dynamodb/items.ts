import { TASK_JOB_ID_FIELD } from '../../../core/job/job-fields.js';
import { RESULT_PREFIX, STAT_PREFIX, type TaskFieldNames } from '../../../core/task/field-names.js';
import { type ClosedTask, closedStatusKey, type RetryTask, type Task } from '../../../core/task/task.js';
import { type DynamoTtl, withExpiry, withoutExpiry } from './ttl.js';

/** A stored item as the DocumentClient reads and writes it (plain JS values). */
export type Item = Record<string, unknown>;

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The payload as JSON text: stored as S by the original; a map written by other tools is serialised. */
function payloadText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '{}';
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Set ? [...v] : v));
}

/** Domain task -> the original's item layout: flat `stat_*` / `result_*`, payload as JSON text (S). */
export function toTaskItem(task: Task, f: TaskFieldNames): Item {
  const item: Item = { ...task.extra };
  for (const [key, value] of Object.entries(task.stats ?? {})) item[`${STAT_PREFIX}${key}`] = value;
  for (const [key, value] of Object.entries(task.result ?? {})) item[`${RESULT_PREFIX}${key}`] = value;
  item[f.taskId] = task.taskId;
  item[f.labourerId] = task.labourerId;
  item[f.createdAt] = task.createdAt;
  item[f.greenfield] = task.greenfield;
  item[f.attempts] = task.attempts;
  item[f.payload] = task.payload;
  if (task.completedAt !== undefined) item[f.completedAt] = task.completedAt;
  if (task.failedAttempts !== undefined) item[f.failedAttempts] = task.failedAttempts;
  if (task.invocations !== undefined) item[f.invocations] = task.invocations;
  // Additive attribute (sosw's own): the original's readers ignore it.
  if (task.jobId !== undefined) item[TASK_JOB_ID_FIELD] = task.jobId;
  return item;
}

/** Stored item -> domain task. Attributes sosw does not know are kept in `extra`. */
export function fromTaskItem(item: Item, f: TaskFieldNames): Task {
  const known = new Set([
    f.taskId,
    f.labourerId,
    f.createdAt,
    f.greenfield,
    f.attempts,
    f.payload,
    f.completedAt,
    f.failedAttempts,
    f.invocations,
    TASK_JOB_ID_FIELD,
  ]);
  const closedOrRetry = new Set([f.closedAt, f.labourerIdTaskStatus, f.desiredLaunchTime]);
  const stats: Record<string, unknown> = {};
  const result: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (known.has(key) || closedOrRetry.has(key)) continue;
    if (key.startsWith(STAT_PREFIX)) stats[key.slice(STAT_PREFIX.length)] = value;
    else if (key.startsWith(RESULT_PREFIX)) result[key.slice(RESULT_PREFIX.length)] = value;
    else extra[key] = value;
  }
  const task: { -readonly [K in keyof Task]: Task[K] } = {
    taskId: String(item[f.taskId]),
    labourerId: String(item[f.labourerId]),
    createdAt: numberOf(item[f.createdAt]) ?? 0,
    greenfield: numberOf(item[f.greenfield]) ?? 0,
    attempts: numberOf(item[f.attempts]) ?? 0,
    payload: payloadText(item[f.payload]),
  };
  const completedAt = numberOf(item[f.completedAt]);
  if (completedAt !== undefined) task.completedAt = completedAt;
  const failedAttempts = numberOf(item[f.failedAttempts]);
  if (failedAttempts !== undefined) task.failedAttempts = failedAttempts;
  const invocations = numberOf(item[f.invocations]);
  if (invocations !== undefined) task.invocations = invocations;
  if (typeof item[TASK_JOB_ID_FIELD] === 'string') task.jobId = item[TASK_JOB_ID_FIELD];
  if (Object.keys(stats).length > 0) task.stats = stats;
  if (Object.keys(result).length > 0) task.result = result;
  if (Object.keys(extra).length > 0) task.extra = extra;
  return task;
}

/** True when the stored item has a truthy completion time (the original's `<labourer>_1` rule). */
export function isCompletedItem(item: Item, f: TaskFieldNames): boolean {
  const value = item[f.completedAt];
  return value !== undefined && value !== null && value !== 0 && value !== '';
}

/** The item as it belongs in the live table: every attribute but the closed / retry ones (and the closed table's TTL attribute). */
export function liveAttributes(item: Item, f: TaskFieldNames, ttlAttribute?: string): Item {
  const live: Item = withoutExpiry({ ...item }, ttlAttribute);
  delete live[f.closedAt];
  delete live[f.labourerIdTaskStatus];
  delete live[f.desiredLaunchTime];
  return live;
}

/** A live item as it goes into the closed table; with `ttl`, its expiry (closed_at + seconds) too. */
export function toClosedItem(liveItem: Item, f: TaskFieldNames, closedAt: number, ttl?: DynamoTtl): Item {
  const labourerId = String(liveItem[f.labourerId]);
  const closed = {
    ...liveAttributes(liveItem, f),
    [f.labourerIdTaskStatus]: closedStatusKey(labourerId, isCompletedItem(liveItem, f)),
    [f.closedAt]: closedAt,
  };
  return withExpiry(closed, closedAt, ttl);
}

/** Closed item -> domain closed task; the TTL attribute (when named) is storage, not the task's `extra`. */
export function fromClosedItem(item: Item, f: TaskFieldNames, ttlAttribute?: string): ClosedTask {
  const status = String(item[f.labourerIdTaskStatus] ?? '');
  return {
    ...fromTaskItem(withoutExpiry(item, ttlAttribute), f),
    closedAt: numberOf(item[f.closedAt]) ?? 0,
    succeeded: status.endsWith('_1'),
  };
}

/** A live item as it goes into the retry table. */
export function toRetryItem(liveItem: Item, f: TaskFieldNames, desiredLaunchTime: number): Item {
  return { ...liveAttributes(liveItem, f), [f.desiredLaunchTime]: desiredLaunchTime };
}

export function fromRetryItem(item: Item, f: TaskFieldNames): RetryTask {
  return { ...fromTaskItem(item, f), desiredLaunchTime: numberOf(item[f.desiredLaunchTime]) ?? 0 };
}
