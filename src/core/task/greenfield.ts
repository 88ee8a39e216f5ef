/**
 * The greenfield number: one numeric attribute that encodes both a queued task's position and an
 * invoked task's invocation time, so one index (labourer_id, greenfield) answers every state query.
 *
 *   queued:   greenfield = a small ordering key (2000, 3000, ...; retries go to the head: oldest - 1)
 *   invoked:  greenfield = int(now) + delta (about one year in the future)
 *
 * See spec/tasks-and-greenfield.md section 2.
 */

export const DEFAULT_GREENFIELD_INVOCATION_DELTA = 31_557_600;
export const DEFAULT_GREENFIELD_TASK_STEP = 1000;
export const DEFAULT_DURATION_SECONDS = 900;
export const DEFAULT_COOLDOWN_SECONDS = 300;

/** The per-run markers of a labourer (all integer epoch seconds, or seconds + delta). */
export interface LabourerWindow {
  readonly labourerId: string;
  /** int(now) at the start of the run: queued tasks have greenfield < start. */
  readonly start: number;
  /** start + delta: tasks invoked in this run have greenfield >= invoked. */
  readonly invoked: number;
  /** invoked - (duration + cooldown): running is [expired, invoked], expired is [start, expired). */
  readonly expired: number;
}

export interface WindowOptions {
  readonly delta?: number;
  readonly durationSeconds?: number;
  readonly cooldownSeconds?: number;
}

/** The markers of spec 2.1 for a labourer at `nowSeconds`. */
export function labourerWindow(labourerId: string, nowSeconds: number, options: WindowOptions = {}): LabourerWindow {
  const delta = options.delta ?? DEFAULT_GREENFIELD_INVOCATION_DELTA;
  const duration = options.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  const cooldown = options.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS;
  const start = Math.floor(nowSeconds);
  const invoked = start + delta;
  return { labourerId, start, invoked, expired: invoked - (duration + cooldown) };
}

/** The greenfield written when a task is invoked at `nowSeconds`. */
export function invokedGreenfield(nowSeconds: number, delta = DEFAULT_GREENFIELD_INVOCATION_DELTA): number {
  return Math.floor(nowSeconds) + delta;
}

/** When a task with this (invoked) greenfield was invoked. */
export function invocationTime(greenfield: number, delta = DEFAULT_GREENFIELD_INVOCATION_DELTA): number {
  return greenfield - delta;
}

/** True for a greenfield that marks a queued task as of `start`. */
export function isQueuedGreenfield(greenfield: number, start: number): boolean {
  return greenfield < start;
}

/**
 * Queued greenfields must stay far below any "now" (about 1.8e9 in 2026), or a queued task would
 * look invoked. Appends never go past this ceiling: near it the step shrinks (down to 1), which
 * keeps room for about a billion queued tasks per labourer. The original had no such guard and
 * broke after about 1.7 million queued tasks at the default step.
 */
export const QUEUE_POSITION_CEILING = 1_000_000_000;

/**
 * Queue positions for `count` new tasks appended after `newest` (the largest queued greenfield,
 * or null for an empty queue, which behaves as 1000 so the first task gets 2000 as in the original).
 * Computed once per batch instead of one query per task.
 */
export function appendPositions(newest: number | null, count: number, step = DEFAULT_GREENFIELD_TASK_STEP): number[] {
  const base = newest ?? step;
  const room = QUEUE_POSITION_CEILING - base;
  const effectiveStep = base + step * count <= QUEUE_POSITION_CEILING ? step : Math.max(1, Math.floor(room / Math.max(count, 1)));
  const positions = new Array<number>(count);
  for (let i = 0; i < count; i++) positions[i] = base + effectiveStep * (i + 1);
  return positions;
}

/**
 * Queue positions for `count` retried tasks put at the head of the queue, before `oldest` (the
 * smallest queued greenfield, or null for an empty queue, which behaves as 1000). The first due
 * retry gets the lowest position, so retries keep their due order (the original reversed it).
 */
export function headPositions(oldest: number | null, count: number, step = DEFAULT_GREENFIELD_TASK_STEP): number[] {
  const base = oldest ?? step;
  const positions = new Array<number>(count);
  for (let i = 0; i < count; i++) positions[i] = base - count + i;
  return positions;
}

/**
 * Classify a not-completed task by its greenfield against the window. Boundary choices (see
 * docs/compatibility/tasks.md): a greenfield equal to `expired` is running, not expired (the
 * original counted it as both), and running has no upper bound, so tasks invoked after this
 * run's start (by an overlapping orchestrator) count against the concurrency cap too.
 */
export function invokedState(greenfield: number, window: LabourerWindow): 'queued' | 'running' | 'expired' {
  if (greenfield < window.start) return 'queued';
  if (greenfield < window.expired) return 'expired';
  return 'running';
}
