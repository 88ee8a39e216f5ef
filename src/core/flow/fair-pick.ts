/**
 * Picking tasks under per-key caps: take the head of the queue in order (lanes are interleaved
 * there by enqueue placement, so order is round-robin across keys), skipping tasks whose key is at
 * its cap. Pure: the caller reads the running tasks and the head.
 */

export interface FairPick<T> {
  /** Tasks to start, in queue order. */
  readonly picked: T[];
  /** Queued tasks passed over because their key already runs `maxPerKey` (counting this pick). */
  readonly keyCapped: number;
}

/** Running tasks per lane. */
export function countByLane<T>(tasks: readonly T[], laneOf: (task: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    const lane = laneOf(task);
    counts.set(lane, (counts.get(lane) ?? 0) + 1);
  }
  return counts;
}

/** Up to `wanted` tasks of `head` (queue order) such that no lane runs more than `maxPerKey`. */
export function pickUnderKeyCaps<T>(
  head: readonly T[],
  running: ReadonlyMap<string, number>,
  maxPerKey: number,
  wanted: number,
  laneOf: (task: T) => string,
): FairPick<T> {
  const counts = new Map(running);
  const picked: T[] = [];
  let keyCapped = 0;
  for (const task of head) {
    if (picked.length >= wanted) break;
    const lane = laneOf(task);
    const now = counts.get(lane) ?? 0;
    if (now >= maxPerKey) {
      keyCapped += 1;
      continue;
    }
    counts.set(lane, now + 1);
    picked.push(task);
  }
  return { picked, keyCapped };
}
