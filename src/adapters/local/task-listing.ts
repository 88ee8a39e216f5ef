/**
 * Tasks by labourer and state, and one task wherever it is, for `sosw tasks`. Read-only queries
 * over the TaskStore port; states follow the greenfield windows of core/task/greenfield.ts.
 */
import type { LabourerConfig } from '../../core/config/task-config.js';
import { isCancelledTask } from '../../core/job/job-fields.js';
import { DEFAULT_GREENFIELD_INVOCATION_DELTA, invokedState, type LabourerWindow, labourerWindow } from '../../core/task/greenfield.js';
import type { ClosedTask, RetryTask, Task } from '../../core/task/task.js';
import type { TaskStore } from '../../ports/task-store.js';

/**
 * `queued`; `running` (invoked, within duration + cooldown); `expired` (invoked, past it, not yet
 * swept); `completed` (reported, not yet archived); `retrying` (waiting in the retry table);
 * `delayed` (in the retry table, never started, due later: a job's `not_before`);
 * `succeeded` / `dead` / `cancelled` (closed; a cancelled task is a closed, not succeeded task with
 * `cancelled_at`, closed by `sosw cancel` before it ran).
 */
export const TASK_STATES = ['queued', 'running', 'expired', 'completed', 'retrying', 'delayed', 'succeeded', 'dead', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export interface TaskView {
  readonly taskId: string;
  readonly labourerId: string;
  /** The job that queued the task (absent on tasks of jobs scheduled without a record). */
  readonly jobId?: string | undefined;
  readonly state: TaskState;
  readonly attempts: number;
  readonly greenfield: number;
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly completedAt?: number | undefined;
  readonly failedAttempts?: number | undefined;
  readonly desiredLaunchTime?: number | undefined;
  readonly closedAt?: number | undefined;
  readonly payload: unknown;
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  readonly stats?: Readonly<Record<string, unknown>> | undefined;
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function view(task: Task | RetryTask | ClosedTask, state: TaskState): TaskView {
  return {
    taskId: task.taskId,
    labourerId: task.labourerId,
    jobId: task.jobId,
    state,
    attempts: task.attempts,
    greenfield: task.greenfield,
    createdAt: task.createdAt,
    completedAt: task.completedAt,
    failedAttempts: task.failedAttempts,
    desiredLaunchTime: 'desiredLaunchTime' in task ? task.desiredLaunchTime : undefined,
    closedAt: 'closedAt' in task ? task.closedAt : undefined,
    payload: parsePayload(task.payload),
    result: task.result,
    stats: task.stats,
  };
}

/** A closed task: `succeeded`, `cancelled` (closed by a job cancel, it carries `cancelled_at`) or `dead`. */
function closedState(task: ClosedTask): 'succeeded' | 'dead' | 'cancelled' {
  if (task.succeeded) return 'succeeded';
  return isCancelledTask(task) ? 'cancelled' : 'dead';
}

/**
 * The newest `limit` dead (or cancelled) tasks of a labourer. Both share the closed table's "not
 * succeeded" rows, so the read goes past `limit` (x4 each time, up to max(limit x 4, 1000) rows) only
 * while the other kind fills the page: without cancels it is one read of `limit`.
 */
export async function newestClosedNotSucceeded(
  store: TaskStore,
  labourerId: string,
  state: 'dead' | 'cancelled',
  limit: number,
): Promise<ClosedTask[]> {
  const most = Math.max(limit * 4, 1000);
  for (let n = Math.max(limit, 1); ; n = Math.min(n * 4, most)) {
    const closed = await store.recentClosed(labourerId, false, n);
    const wanted = closed.filter((t) => closedState(t) === state);
    if (wanted.length >= limit || closed.length < n || n >= most) return wanted.slice(0, limit);
  }
}

/** A retry-table task never started and due later is `delayed`; any other is `retrying`. */
function retryState(task: RetryTask, nowSeconds: number): 'retrying' | 'delayed' {
  return task.attempts === 0 && task.desiredLaunchTime > nowSeconds ? 'delayed' : 'retrying';
}

function windowOf(labourer: LabourerConfig, nowSeconds: number, delta: number): LabourerWindow {
  return labourerWindow(labourer.id, nowSeconds, {
    delta,
    durationSeconds: labourer.durationSeconds,
    cooldownSeconds: labourer.cooldownSeconds,
  });
}

/** Up to `limit` tasks of a labourer in one state (queue order; newest first for closed ones). */
export async function listTasks(
  store: TaskStore,
  labourer: LabourerConfig,
  state: TaskState,
  nowSeconds: number,
  limit: number,
  delta = DEFAULT_GREENFIELD_INVOCATION_DELTA,
): Promise<TaskView[]> {
  const w = windowOf(labourer, nowSeconds, delta);
  const id = labourer.id;
  switch (state) {
    case 'queued':
      return (await store.nextQueued(id, w.start, limit)).map((t) => view(t, state));
    case 'running':
      return (await store.listInvokedSince(id, w.expired, limit)).map((t) => view(t, state));
    case 'expired':
      return (await store.listInvokedBetween(id, w.start, w.expired, limit)).map((t) => view(t, state));
    case 'completed':
      return (await store.listCompleted(id, limit)).map((t) => view(t, state));
    case 'retrying':
    case 'delayed': {
      // One retry table holds both; read past `limit` so the filter still fills the page.
      const retries = await store.dueRetries(id, Number.MAX_SAFE_INTEGER, Math.max(limit * 4, 1000));
      const wanted = retries.filter((t) => retryState(t, nowSeconds) === state);
      return wanted.slice(0, limit).map((t) => view(t, state));
    }
    case 'succeeded':
      return (await store.recentClosed(id, true, limit)).map((t) => view(t, state));
    case 'dead':
    case 'cancelled':
      return (await newestClosedNotSucceeded(store, id, state, limit)).map((t) => view(t, state));
  }
}

/** One task wherever it is (live, retry or closed table), with its state; null if unknown. */
export async function findTask(
  store: TaskStore,
  taskId: string,
  labourers: readonly LabourerConfig[],
  nowSeconds: number,
  delta = DEFAULT_GREENFIELD_INVOCATION_DELTA,
): Promise<TaskView | null> {
  const live = await store.get(taskId);
  if (live !== null) {
    if (live.completedAt !== undefined) return view(live, 'completed');
    const labourer = labourers.find((l) => l.id === live.labourerId);
    const w = labourer === undefined ? labourerWindow(live.labourerId, nowSeconds, { delta }) : windowOf(labourer, nowSeconds, delta);
    const place = invokedState(live.greenfield, w);
    return view(live, place === 'queued' ? 'queued' : place === 'expired' ? 'expired' : 'running');
  }
  const retry = await store.getRetry(taskId);
  if (retry !== null) return view(retry, retryState(retry, nowSeconds));
  const closed = await store.getClosed(taskId);
  if (closed !== null) return view(closed, closedState(closed));
  return null;
}
