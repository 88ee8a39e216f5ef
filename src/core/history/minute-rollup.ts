/**
 * Minute rollups of one labourer: what the essentials counted in one wall-clock minute (tasks
 * invoked, completed, failed, dead, dispatch latency as bucket counts) and the queue depth last
 * seen in it. Counts add up, so several writers (the Orchestrator, the Scavenger, racing
 * instances) merge into one rollup without reading it first. Pure.
 */
import { checkArray, checkCount, checkFinite, checkId, invalidArgument } from '../task/store-arguments.js';

/** Upper bounds (ms) of the dispatch-latency buckets; one more bucket counts everything above the last. */
export const HISTORY_LATENCY_BOUNDS_MS: readonly number[] = Object.freeze([1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000]);
/** Buckets per rollup: one per bound plus the overflow bucket. */
export const HISTORY_BUCKETS = HISTORY_LATENCY_BOUNDS_MS.length + 1;

export interface MinuteRollup {
  readonly labourerId: string;
  /** Epoch seconds of the minute's start (a multiple of 60). */
  readonly minute: number;
  /** Queued tasks last counted in this minute, or null when nobody counted. */
  readonly queued: number | null;
  /** Tasks invoked (claimed and accepted by the invoker). */
  readonly invoked: number;
  /** Completed tasks archived (throughput). */
  readonly completed: number;
  /** Failed attempts: expired or reported failed and sent to retry, or refused by the invoker. */
  readonly failed: number;
  /** Tasks closed as dead. */
  readonly dead: number;
  /** Dispatch-latency counts per bucket (not cumulative), HISTORY_BUCKETS long. */
  readonly latencyBuckets: readonly number[];
  /** Sum of the dispatch latencies in milliseconds. */
  readonly latencySumMs: number;
}

/** The start (epoch seconds) of the minute that holds `epochMs`. */
export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / 60_000) * 60;
}

export function emptyRollup(labourerId: string, minute: number): MinuteRollup {
  return {
    labourerId,
    minute,
    queued: null,
    invoked: 0,
    completed: 0,
    failed: 0,
    dead: 0,
    latencyBuckets: new Array<number>(HISTORY_BUCKETS).fill(0),
    latencySumMs: 0,
  };
}

/** The bucket a latency falls in. */
export function latencyBucket(ms: number): number {
  const index = HISTORY_LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return index < 0 ? HISTORY_BUCKETS - 1 : index;
}

/** `a` and `b` of the same labourer and minute added up; the queue depth of `b` wins when it has one. */
export function mergeRollups(a: MinuteRollup, b: MinuteRollup): MinuteRollup {
  return {
    labourerId: a.labourerId,
    minute: a.minute,
    queued: b.queued ?? a.queued,
    invoked: a.invoked + b.invoked,
    completed: a.completed + b.completed,
    failed: a.failed + b.failed,
    dead: a.dead + b.dead,
    latencyBuckets: a.latencyBuckets.map((n, i) => n + (b.latencyBuckets[i] ?? 0)),
    latencySumMs: a.latencySumMs + b.latencySumMs,
  };
}

/** True when the rollup carries nothing to write. */
export function isEmptyRollup(r: MinuteRollup): boolean {
  return r.queued === null && r.invoked + r.completed + r.failed + r.dead === 0 && r.latencyBuckets.every((n) => n === 0);
}

/**
 * The latency (ms) below which a fraction `q` of the minute's dispatches fell: the upper bound of
 * the bucket where the count reaches `q`, so at most one bucket too high. Null without dispatches;
 * the overflow bucket answers the last bound.
 */
export function latencyPercentileMs(buckets: readonly number[], q: number): number | null {
  const count = buckets.reduce((n, b) => n + b, 0);
  if (count === 0) return null;
  const rank = Math.max(1, Math.ceil(q * count));
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i] ?? 0;
    if (seen >= rank) return HISTORY_LATENCY_BOUNDS_MS[Math.min(i, HISTORY_LATENCY_BOUNDS_MS.length - 1)] ?? null;
  }
  return HISTORY_LATENCY_BOUNDS_MS[HISTORY_LATENCY_BOUNDS_MS.length - 1] ?? null;
}

/** Check a rollup handed to a store (`store.invalidArgument` naming the field). */
export function checkRollupArgument(operation: string, r: MinuteRollup, i: number): MinuteRollup {
  const at = `rollups[${i}]`;
  if (r === null || typeof r !== 'object') throw invalidArgument(operation, at, 'a minute rollup object', r);
  checkId(operation, `${at}.labourerId`, r.labourerId);
  const minute = checkFinite(operation, `${at}.minute`, r.minute);
  if (minute % 60 !== 0) throw invalidArgument(operation, `${at}.minute`, 'the epoch seconds of a minute start (a multiple of 60)', minute);
  if (r.queued !== null) checkCount(operation, `${at}.queued`, r.queued);
  for (const field of ['invoked', 'completed', 'failed', 'dead'] as const) checkCount(operation, `${at}.${field}`, r[field]);
  checkArray(operation, `${at}.latencyBuckets`, r.latencyBuckets);
  if (r.latencyBuckets.length !== HISTORY_BUCKETS)
    throw invalidArgument(operation, `${at}.latencyBuckets`, `${HISTORY_BUCKETS} bucket counts`, r.latencyBuckets);
  for (const [b, n] of r.latencyBuckets.entries()) checkCount(operation, `${at}.latencyBuckets[${b}]`, n);
  if (checkFinite(operation, `${at}.latencySumMs`, r.latencySumMs) < 0)
    throw invalidArgument(operation, `${at}.latencySumMs`, 'a sum >= 0', r.latencySumMs);
  return r;
}

/** Check every rollup of a `record` call. */
export function checkRollupsArgument(operation: string, rollups: readonly MinuteRollup[]): readonly MinuteRollup[] {
  checkArray(operation, 'rollups', rollups);
  for (const [i, r] of rollups.entries()) checkRollupArgument(operation, r, i);
  return rollups;
}
