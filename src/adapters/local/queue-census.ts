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
   * Closed by a job cancel (`sosw cancel`) before they ran. On DynamoDB told apart from dead among
   * the newest 10,000 closed, not succeeded tasks (older ones count as dead).
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
): Promise<LabourerCensus> {
  const window = labourerWindow(labourer.id, nowSeconds, {
    delta,
    durationSeconds: labourer.durationSeconds,
    cooldownSeconds: labourer.cooldownSeconds,
  });
  const [queued, running, expired, reported, retrying, completed, notSucceeded, cancelled] = await Promise.all([
    store.countQueued(labourer.id, window.start),
    store.countInvokedSince(labourer.id, window.expired),
    store.listInvokedBetween(labourer.id, window.start, window.expired, LIST_LIMIT).then((t) => t.length),
    store.listCompleted(labourer.id, LIST_LIMIT).then((t) => t.length),
    store.countRetries(labourer.id),
    store.countClosed(labourer.id, true),
    store.countClosed(labourer.id, false),
    store.countCancelled(labourer.id, LIST_LIMIT),
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
