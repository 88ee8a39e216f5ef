/**
 * Where a job's tasks go in the queue: its priority band and its start time. Both are read from
 * the job document (`priority`, `not_before`) once, at planning time, so a resumed job gets the
 * same placement. Priorities are folded into the greenfield queue position (see
 * `bandPositions`), so readers of the original see an ordinary queue.
 */
import { describeValue, SoswError } from '../errors.js';
import { appendPositions, QUEUE_POSITION_CEILING } from '../task/greenfield.js';

/** Lowest and highest priority. 0 (the default) is the original's queue; 9 runs first. */
export const MIN_PRIORITY = 0;
export const MAX_PRIORITY = 9;
/** Width of one priority band of queue positions. */
export const PRIORITY_BAND_WIDTH = QUEUE_POSITION_CEILING;

/** How a batch of tasks is placed (the Scheduler derives it from the job document). */
export interface EnqueuePlacement {
  /** 0..9; higher starts first. @defaultValue 0 */
  readonly priority?: number | undefined;
  /** Epoch seconds before which the tasks do not start (they wait in the retry table). */
  readonly notBefore?: number | undefined;
}

/** The range of queue positions `[low, high)` of a priority: band 0 is (0, 1e9), band p is [-p·1e9, -(p-1)·1e9). */
export function priorityBand(priority: number): { readonly low: number; readonly high: number } {
  if (priority <= 0) return { low: 0, high: QUEUE_POSITION_CEILING };
  return { low: -priority * PRIORITY_BAND_WIDTH, high: -(priority - 1) * PRIORITY_BAND_WIDTH };
}

/** The priority band a queued position belongs to (0 for the original's positions). */
export function priorityOfPosition(greenfield: number): number {
  if (greenfield >= 0) return 0;
  return Math.min(MAX_PRIORITY, Math.floor(-greenfield / PRIORITY_BAND_WIDTH) + 1);
}

const DELAY = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze({ s: 1, m: 60, h: 3600, d: 86_400 });
/** Furthest start: one year ahead. */
const MAX_DELAY_SECONDS = 366 * 86_400;

function invalid(field: string, message: string, received: unknown): SoswError {
  return new SoswError('job.invalid', `Invalid job.${field}: ${message}, received ${describeValue(received)}.`, {
    details: { field: `job.${field}`, received },
  });
}

/** A job's or task's `priority`: a whole number 0..9 (absent: 0), or `job.invalid`. */
export function parsePriority(value: unknown, field = 'priority'): number {
  if (value === undefined || value === null) return MIN_PRIORITY;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PRIORITY || value > MAX_PRIORITY) {
    throw invalid(field, `expected a whole number from ${MIN_PRIORITY} (default) to ${MAX_PRIORITY} (runs first)`, value);
  }
  return value;
}

/**
 * A job's `not_before` as epoch seconds: an ISO 8601 time with a zone (`2026-12-05T22:00:00Z`), epoch
 * seconds, or a delay from `nowSeconds` (`'90s'`, `'30m'`, `'2h'`, `'1d'`). Absent: undefined.
 */
export function parseNotBefore(value: unknown, nowSeconds: number, field = 'not_before'): number | undefined {
  if (value === undefined || value === null) return undefined;
  let at: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) at = value;
  else if (typeof value === 'string') {
    const delay = DELAY.exec(value.trim());
    if (delay) at = nowSeconds + Number(delay[1]) * (UNIT_SECONDS[delay[2] as string] ?? 1);
    else if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(value.trim())) {
      const ms = Date.parse(value.trim());
      if (Number.isFinite(ms)) at = ms / 1000;
    }
  }
  if (at !== undefined && at > nowSeconds + MAX_DELAY_SECONDS) {
    throw invalid(
      field,
      `is more than 366 days ahead (latest ${new Date((nowSeconds + MAX_DELAY_SECONDS) * 1000).toISOString()}): schedule the job closer to its start`,
      value,
    );
  }
  if (at === undefined) {
    throw invalid(
      field,
      "expected an ISO time with a zone ('2026-12-05T22:00:00Z'), epoch seconds, or a delay of at most 366d ('90s', '30m', '2h', '1d')",
      value,
    );
  }
  return Math.ceil(at);
}

/** The placement a job document asks for, as of its planning time (`nowSeconds`). */
export function jobPlacement(job: Readonly<Record<string, unknown>>, nowSeconds: number): EnqueuePlacement {
  const priority = parsePriority(job.priority);
  const notBefore = parseNotBefore(job.not_before, nowSeconds);
  return {
    ...(priority === MIN_PRIORITY ? {} : { priority }),
    ...(notBefore === undefined || notBefore <= nowSeconds ? {} : { notBefore }),
  };
}

/**
 * Positions for `count` tasks appended to a priority band after `newestInBand` (the largest queued
 * position of the band, or null). Band 0 gives exactly the original's positions (2000, 3000, ...).
 */
export function bandAppendPositions(newestInBand: number | null, count: number, step: number, priority: number): number[] {
  const { low } = priorityBand(priority);
  return appendPositions(newestInBand === null ? null : newestInBand - low, count, step).map((p) => p + low);
}

/** A queued position read from the store, kept only if it lies in the band (else null). */
export function inBand(position: number | null, priority: number): number | null {
  if (position === null) return null;
  const { low, high } = priorityBand(priority);
  return position >= low && position < high ? position : null;
}

/**
 * Fair positions for tasks with concurrency keys ("lanes"): each key's next task goes one step after
 * the later of its own last position (`cursors`) and the band's queue head (`head`, the oldest queued
 * position). A key that arrives behind 100,000 queued tasks of another key is thus interleaved at the
 * head of the queue instead of behind them, and taking the queue in order serves keys round-robin.
 * Returns the positions (in draft order) and the keys' new cursors.
 */
export function lanePositions(
  lanes: readonly string[],
  cursors: ReadonlyMap<string, number>,
  head: number | null,
  step: number,
  priority: number,
): { readonly positions: number[]; readonly cursors: Map<string, number> } {
  const { low, high } = priorityBand(priority);
  const floor = head ?? low + step;
  const next = new Map<string, number>();
  const positions = lanes.map((lane) => {
    const last = next.get(lane) ?? cursors.get(lane);
    // Near the band's ceiling positions stop growing: ties keep their order of arrival.
    const position = Math.min(Math.max(last ?? Number.NEGATIVE_INFINITY, floor) + step, high - 1);
    next.set(lane, position);
    return position;
  });
  return { positions, cursors: next };
}

/** A placement handed to a store, checked: `priority` 0..9, `notBefore` finite (else `store.invalidArgument`). */
export function checkPlacement(operation: string, placement: EnqueuePlacement): EnqueuePlacement {
  const { priority, notBefore } = placement;
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= MIN_PRIORITY && priority <= MAX_PRIORITY)) {
    throw new SoswError(
      'store.invalidArgument',
      `${operation}: placement.priority must be a whole number 0..9, received ${describeValue(priority)}.`,
      {
        details: { operation, field: 'placement.priority', received: priority },
      },
    );
  }
  if (notBefore !== undefined && !Number.isFinite(notBefore)) {
    throw new SoswError(
      'store.invalidArgument',
      `${operation}: placement.notBefore must be epoch seconds, received ${describeValue(notBefore)}.`,
      {
        details: { operation, field: 'placement.notBefore', received: notBefore },
      },
    );
  }
  return placement;
}
