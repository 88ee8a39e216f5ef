/**
 * Where a labourer's tasks are right now, counted from the store: queued, running, expired (waiting
 * for the Scavenger), retrying, closed as completed, closed as dead. Read-only; safe to run from
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
  /** Closed without completion. */
  readonly dead: number;
}

/** Largest number of tasks one `expired` / `reported` count reads (those two counts stop there). */
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
  const [queued, running, expired, reported, retrying, completed, dead] = await Promise.all([
    store.countQueued(labourer.id, window.start),
    store.countInvokedSince(labourer.id, window.expired),
    store.listInvokedBetween(labourer.id, window.start, window.expired, LIST_LIMIT).then((t) => t.length),
    store.listCompleted(labourer.id, LIST_LIMIT).then((t) => t.length),
    store.countRetries(labourer.id),
    store.countClosed(labourer.id, true),
    store.countClosed(labourer.id, false),
  ]);
  return { labourerId: labourer.id, queued, running, expired, reported, retrying, completed, dead };
}

/** Sum of every place: the number of tasks the labourer has. */
export function censusTotal(census: LabourerCensus): number {
  return census.queued + census.running + census.expired + census.reported + census.retrying + census.completed + census.dead;
}
