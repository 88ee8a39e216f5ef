/**
 * Outcome counters of a labourer, kept cumulatively in the control store: the Scavenger adds what
 * it closes (one write per labourer per sweep), the adaptive controller reads them once per tick
 * and works on the difference since its last decision. Run times go into fixed buckets, so a p95
 * can be read from counters that only ever grow (DynamoDB `ADD`, one SQLite update).
 */

/** Upper bounds (seconds) of the run-time buckets; one more bucket holds everything slower. */
export const RUN_TIME_BUCKETS: readonly number[] = Object.freeze([0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 600, 900]);

export interface OutcomeCounts {
  /** Completion reports closed (archived) by the Scavenger. */
  readonly completed: number;
  /** Failure reports and expiries (tasks that ran out of time) settled by the Scavenger. */
  readonly failed: number;
  /** Throttles: failures the worker reported with a retry-after (RetryLaterError), invokes refused as throttled. */
  readonly throttled: number;
  /** Completed tasks per run-time bucket: `RUN_TIME_BUCKETS.length + 1` entries. */
  readonly runTimes: readonly number[];
}

export const NO_OUTCOMES: OutcomeCounts = Object.freeze({
  completed: 0,
  failed: 0,
  throttled: 0,
  runTimes: Object.freeze(new Array<number>(RUN_TIME_BUCKETS.length + 1).fill(0)),
});

/** The bucket index of a run time in seconds (negative times count as 0). */
export function runTimeBucket(seconds: number): number {
  const index = RUN_TIME_BUCKETS.findIndex((bound) => seconds <= bound);
  return index === -1 ? RUN_TIME_BUCKETS.length : index;
}

/** Counts of a batch: `completedRunTimes` in seconds, one per completed task. */
export function countOutcomes(completedRunTimes: readonly number[], failed: number, throttled: number): OutcomeCounts {
  const runTimes = [...NO_OUTCOMES.runTimes];
  for (const seconds of completedRunTimes) {
    const bucket = runTimeBucket(seconds);
    runTimes[bucket] = (runTimes[bucket] ?? 0) + 1;
  }
  return { completed: completedRunTimes.length, failed, throttled, runTimes };
}

export function addOutcomes(a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts {
  return {
    completed: a.completed + b.completed,
    failed: a.failed + b.failed,
    throttled: a.throttled + b.throttled,
    runTimes: NO_OUTCOMES.runTimes.map((_, i) => (a.runTimes[i] ?? 0) + (b.runTimes[i] ?? 0)),
  };
}

/**
 * What happened between `before` and `now`. A counter smaller than before (the store was reset)
 * counts from zero, so a reset never yields negative outcomes.
 */
export function outcomesSince(now: OutcomeCounts, before: OutcomeCounts): OutcomeCounts {
  const since = (n: number, b: number): number => (n >= b ? n - b : n);
  return {
    completed: since(now.completed, before.completed),
    failed: since(now.failed, before.failed),
    throttled: since(now.throttled, before.throttled),
    runTimes: NO_OUTCOMES.runTimes.map((_, i) => since(now.runTimes[i] ?? 0, before.runTimes[i] ?? 0)),
  };
}

export function isEmptyOutcomes(counts: OutcomeCounts): boolean {
  return counts.completed === 0 && counts.failed === 0 && counts.throttled === 0;
}

/**
 * The 95th percentile run time as the upper bound of its bucket (seconds), or null without
 * completions; `Infinity` when it lies past the last bound.
 */
export function p95Seconds(counts: OutcomeCounts): number | null {
  const total = counts.runTimes.reduce((n, c) => n + c, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total * 0.95);
  let seen = 0;
  for (const [i, count] of counts.runTimes.entries()) {
    seen += count;
    if (seen >= rank) return RUN_TIME_BUCKETS[i] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}
