/**
 * Where a labourer's tasks are right now, counted from the store: queued, running, expired (waiting
 * for the Scavenger), retrying, closed as completed, closed as dead, closed by a job cancel. Read-only; safe to run from
 * another process than the runtime (SQLite WAL readers never block the writer).
 */
import type { LabourerConfig } from '../../core/config/task-config.js';
import { DEFAULT_GREENFIELD_INVOCATION_DELTA, labourerWindow } from '../../core/task/greenfield.js';
import type { TaskStore } from '../../ports/task-store.js';

export interface LabourerCensus {
  readonly labourerId: string;
  readonly queued: number;
  /** Invoked, not reported, within duration + cooldown. */
  readonly running: number;
  /** Invoked, not reported, past duration + cooldown: the Scavenger retries or closes them next. */
  readonly expired: number;
  /** Completed, not yet archived by the Scavenger. */
  readonly reported: number;
  readonly retrying: number;
  /** Closed after completion. */
  readonly completed: number;
  /** Closed without completion: attempts used up (or an invalid payload). Cancelled tasks are not in it. */
  readonly dead: number;
  /**
   * Closed by a cancel (`sosw cancel`, the dashboard) before they ran. Told apart from dead among the
   * newest 10,000 closed, not succeeded tasks, on both stores (older ones count as dead): DynamoDB
   * must read each of those items to tell.
   */
  readonly cancelled: number;
}

/** Largest number of tasks one `expired` / `reported` / `cancelled` count reads (those counts stop there). */
const LIST_LIMIT = 10_000;

/** Count one labourer's tasks at `nowSeconds`. */
export async function censusOf(
  store: TaskStore,
  labourer: LabourerConfig,
  nowSeconds: number,
  delta = DEFAULT_GREENFIELD_INVOCATION_DELTA,
  cancelledCounts?: CancelledCounts,
): Promise<LabourerCensus> {
  const window = labourerWindow(labourer.id, nowSeconds, {
    delta,
    durationSeconds: labourer.durationSeconds,
    cooldownSeconds: labourer.cooldownSeconds,
  });
  const [queued, running, expired, reported, retrying, completed, [notSucceeded, cancelled]] = await Promise.all([
    store.countQueued(labourer.id, window.start),
    store.countInvokedSince(labourer.id, window.expired),
    store.listInvokedBetween(labourer.id, window.start, window.expired, LIST_LIMIT).then((t) => t.length),
    (store.listCompletedRefs?.(labourer.id, LIST_LIMIT) ?? store.listCompleted(labourer.id, LIST_LIMIT)).then((t) => t.length),
    store.countRetries(labourer.id),
    store.countClosed(labourer.id, true),
    closedNotSucceeded(store, labourer.id, nowSeconds, cancelledCounts),
  ]);
  // The closed table's "not succeeded" rows hold dead and cancelled tasks alike (max: the counts are two reads).
  const dead = Math.max(0, notSucceeded - cancelled);
  return { labourerId: labourer.id, queued, running, expired, reported, retrying, completed, dead, cancelled };
}

/** Sum of every place: the number of tasks the labourer has. */
export function censusTotal(census: LabourerCensus): number {
  const closed = census.completed + census.dead + census.cancelled;
  return census.queued + census.running + census.expired + census.reported + census.retrying + closed;
}

/** The closed, not succeeded count and how many of those were cancelled. */
async function closedNotSucceeded(
  store: TaskStore,
  labourerId: string,
  nowSeconds: number,
  memo: CancelledCounts | undefined,
): Promise<[number, number]> {
  if (memo === undefined) {
    return Promise.all([store.countClosed(labourerId, false), store.countCancelled(labourerId, LIST_LIMIT)]);
  }
  const notSucceeded = await store.countClosed(labourerId, false);
  return [notSucceeded, await memo.count(store, labourerId, notSucceeded, nowSeconds)];
}

/** A memo older than this is recounted in full, whatever the closed count says. */
const CANCELLED_RECOUNT_SECONDS = 300;

/**
 * Remembers each labourer's cancelled count against the closed, not succeeded count it was read
 * at, for a page that refreshes every few seconds: on DynamoDB telling cancelled from dead reads
 * closed items (one BatchGetItem per 100), which should not be paid again while nothing new closed.
 * No closed failures: nothing to read. Unchanged: the remembered count. Grown by k: only the newest
 * k closed tasks are read (a task closes at `closed_at` = now, and the index is newest first).
 * Shrunk (a redrive), grown past the count's bound, or older than five minutes: a full recount, which
 * also heals the case where a redrive and new closes cancel out.
 */
export class CancelledCounts {
  readonly #seen = new Map<string, { notSucceeded: number; cancelled: number; at: number }>();

  public async count(store: TaskStore, labourerId: string, notSucceeded: number, nowSeconds: number): Promise<number> {
    const seen = this.#seen.get(labourerId);
    const added = seen === undefined ? -1 : notSucceeded - seen.notSucceeded;
    if (seen !== undefined && added === 0 && nowSeconds - seen.at < CANCELLED_RECOUNT_SECONDS) return seen.cancelled;
    let next: { notSucceeded: number; cancelled: number; at: number };
    if (notSucceeded === 0) next = { notSucceeded, cancelled: 0, at: nowSeconds };
    else if (seen !== undefined && added > 0 && added <= LIST_LIMIT && nowSeconds - seen.at < CANCELLED_RECOUNT_SECONDS) {
      // Only the newly closed are read; the five minutes run from the last full count.
      const cancelled = seen.cancelled + (await store.countCancelled(labourerId, added));
      next = { notSucceeded, cancelled: Math.min(cancelled, notSucceeded), at: seen.at };
    } else next = { notSucceeded, cancelled: await store.countCancelled(labourerId, LIST_LIMIT), at: nowSeconds };
    this.#seen.set(labourerId, next);
    return next.cancelled;
  }
}
