import { RESULT_PREFIX, STAT_PREFIX } from '../../core/task/field-names.js';
import { type ClosedTask, closedStatusKey, type RetryTask, type Task } from '../../core/task/task.js';
import type { CompletedRef } from '../../ports/task-store.js';

/** A row of the live tasks table, as stored. `attributes` is a flat JSON object (stat_*, result_*, others). */
export interface TaskRow {
  readonly task_id: string;
  readonly labourer_id: string;
  readonly created_at: number;
  readonly greenfield: number;
  readonly attempts: number;
  /** Never reset (see Task.invocations); 0 before the first claim. */
  readonly invocations: number;
  readonly payload: string;
  readonly completed_at: number | null;
  readonly failed_attempts: number | null;
  readonly attributes: string | null;
  /** The job that queued the task (NULL for tasks of jobs scheduled without a record). */
  readonly job_id: string | null;
}

/** A row of the closed tasks table. */
export interface ClosedTaskRow extends TaskRow {
  readonly labourer_id_task_status: string;
  readonly closed_at: number;
}

/** A row of the retry tasks table. */
export interface RetryTaskRow extends TaskRow {
  readonly desired_launch_time: number;
}

/** Flatten stats, result and extras into the stored attribute map (the original's item layout). */
export function toAttributes(task: Pick<Task, 'stats' | 'result' | 'extra'>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(task.extra ?? {})) flat[key] = value;
  for (const [key, value] of Object.entries(task.stats ?? {})) flat[`${STAT_PREFIX}${key}`] = value;
  for (const [key, value] of Object.entries(task.result ?? {})) flat[`${RESULT_PREFIX}${key}`] = value;
  return flat;
}

function encodeAttributes(flat: Record<string, unknown>): string | null {
  return Object.keys(flat).length === 0 ? null : JSON.stringify(flat);
}

/** Split a stored attribute map back into stats, result and extras (absent when empty). */
export function fromAttributes(text: string | null): Pick<Task, 'stats' | 'result' | 'extra'> {
  const parts: { stats?: Record<string, unknown>; result?: Record<string, unknown>; extra?: Record<string, unknown> } = {};
  if (text !== null && text !== '') splitAttributes(text, parts);
  return parts;
}

/** Parse `text` and put its stat_* / result_* / other keys into `into.stats` / `.result` / `.extra` (created when needed). */
function splitAttributes(
  text: string,
  into: { stats?: Record<string, unknown>; result?: Record<string, unknown>; extra?: Record<string, unknown> },
): void {
  const flat = JSON.parse(text) as Record<string, unknown>;
  let stats: Record<string, unknown> | undefined;
  let result: Record<string, unknown> | undefined;
  let extra: Record<string, unknown> | undefined;
  for (const key in flat) {
    const value = flat[key];
    if (key.startsWith(STAT_PREFIX)) {
      stats ??= {};
      stats[key.slice(STAT_PREFIX.length)] = value;
    } else if (key.startsWith(RESULT_PREFIX)) {
      result ??= {};
      result[key.slice(RESULT_PREFIX.length)] = value;
    } else {
      extra ??= {};
      extra[key] = value;
    }
  }
  if (stats !== undefined) into.stats = stats;
  if (result !== undefined) into.result = result;
  if (extra !== undefined) into.extra = extra;
}

/** Domain task -> live row. */
export function toTaskRow(task: Task): TaskRow {
  return {
    task_id: task.taskId,
    labourer_id: task.labourerId,
    created_at: task.createdAt,
    greenfield: task.greenfield,
    attempts: task.attempts,
    invocations: task.invocations ?? 0,
    payload: task.payload,
    completed_at: task.completedAt ?? null,
    failed_attempts: task.failedAttempts ?? null,
    attributes: encodeAttributes(toAttributes(task)),
    job_id: task.jobId ?? null,
  };
}

/** Live row (or the task part of a closed / retry row) -> domain task. Optional fields are omitted when null. */
export function fromTaskRow(row: TaskRow): Task {
  const task: { -readonly [K in keyof Task]: Task[K] } = {
    taskId: row.task_id,
    labourerId: row.labourer_id,
    createdAt: row.created_at,
    greenfield: row.greenfield,
    attempts: row.attempts,
    payload: row.payload,
  };
  if (row.invocations > 0) task.invocations = row.invocations;
  if (row.completed_at !== null) task.completedAt = row.completed_at;
  if (row.failed_attempts !== null) task.failedAttempts = row.failed_attempts;
  if (row.job_id !== null) task.jobId = row.job_id;
  // Hot path (every listing): fill the task in place rather than spreading a second object into it.
  if (row.attributes !== null && row.attributes !== '') splitAttributes(row.attributes, task);
  return task;
}

/** A completed task's archiving columns -> CompletedRef (no job: no `jobId` key). */
export function fromCompletedRefRow(
  row: Pick<TaskRow, 'task_id' | 'labourer_id' | 'greenfield' | 'completed_at' | 'job_id'>,
): CompletedRef {
  const ref: { -readonly [K in keyof CompletedRef]: CompletedRef[K] } = {
    taskId: row.task_id,
    labourerId: row.labourer_id,
    greenfield: row.greenfield,
    completedAt: row.completed_at as number,
  };
  if (row.job_id !== null) ref.jobId = row.job_id;
  return ref;
}

/** Domain closed task -> closed row (`labourer_id_task_status` derived from `succeeded`). */
export function toClosedTaskRow(task: ClosedTask): ClosedTaskRow {
  return {
    ...toTaskRow(task),
    labourer_id_task_status: closedStatusKey(task.labourerId, task.succeeded),
    closed_at: task.closedAt,
  };
}

export function fromClosedTaskRow(row: ClosedTaskRow): ClosedTask {
  return { ...fromTaskRow(row), closedAt: row.closed_at, succeeded: row.labourer_id_task_status.endsWith('_1') };
}

export function toRetryTaskRow(task: RetryTask): RetryTaskRow {
  return { ...toTaskRow(task), desired_launch_time: task.desiredLaunchTime };
}

export function fromRetryTaskRow(row: RetryTaskRow): RetryTask {
  return { ...fromTaskRow(row), desiredLaunchTime: row.desired_launch_time };
}

/** The live-row part of any row (drops closed / retry columns). */
export function liveColumns(row: TaskRow): TaskRow {
  return {
    task_id: row.task_id,
    labourer_id: row.labourer_id,
    created_at: row.created_at,
    greenfield: row.greenfield,
    attempts: row.attempts,
    invocations: row.invocations,
    payload: row.payload,
    completed_at: row.completed_at,
    failed_attempts: row.failed_attempts,
    attributes: row.attributes,
    job_id: row.job_id,
  };
}
