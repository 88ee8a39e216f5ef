/**
 * What the two dashboard sources (the embedded runtime's and `sosw dashboard`'s over a project's
 * store) share: their options and handle shape, per-labourer progress and the cancel that drops
 * cached reads.
 */
import type { LabourerStatus } from '../adapters/local/runtime-status.js';
import type { Clock } from '../core/clock.js';
import type { SeriesSampler } from './sampler.js';
import type { DashboardSource, LabourerProgress } from './source.js';
import type { StoreReads } from './store-reads.js';

export interface SourceOptions {
  /** The clock of the data. @defaultValue systemClock */
  readonly clock?: Clock | undefined;
  /** Samples kept for the charts. */
  readonly sampleCapacity?: number | undefined;
}

/** A dashboard source with its own sampler. */
export interface SampledDashboardSource extends DashboardSource {
  /** The sampler behind `series()` (tests take samples by hand). */
  readonly sampler: SeriesSampler;
  /** Start sampling (the first sample at once). */
  start(): void;
  /** Stop sampling (and detach from whatever it observes). */
  close(): Promise<void>;
}

/**
 * The Progress panel's note: how its numbers are counted, and where job records are when the store
 * keeps them (`jobsApi` present), so the note never contradicts `records` or the Jobs view.
 */
export function progressNote(keepsJobRecords: boolean, listsSchedulerJobs: boolean): string {
  const perLabourer = 'Progress per labourer is counted from where its tasks are.';
  const records = keepsJobRecords
    ? ' The store keeps job records too: see the Jobs view (records in GET /api/jobs).'
    : ' The store keeps no job record.';
  const scheduler = listsSchedulerJobs ? ' Jobs this process queued are listed with their own progress.' : '';
  return `${perLabourer}${records}${scheduler}`;
}

/** A labourer's progress from where its tasks are, with an ETA at `completedPerSecond`. */
export function labourerProgress(l: LabourerStatus, completedPerSecond: number): LabourerProgress {
  const total = l.queued + l.running + l.expired + l.reported + l.retrying + l.completed + l.dead + l.cancelled;
  // Cancelled tasks are done too (closed, never run again), though neither completed nor dead.
  const done = l.completed + l.dead + l.cancelled;
  return {
    labourerId: l.labourerId,
    total,
    done,
    dead: l.dead,
    etaSeconds: total === done ? 0 : completedPerSecond > 0 ? (total - done) / completedPerSecond : null,
  };
}

/** The source's `cancelTasks`: the store's cancel, then `onClosed` (drop cached reads) when it closed any. */
export function cancelDroppingCache(reads: StoreReads, onClosed: () => void): DashboardSource['cancelTasks'] {
  const cancel = reads.cancel;
  if (cancel === undefined) return undefined;
  return async (tasks, audit) => {
    const closed = await cancel(tasks, audit);
    if (closed.length > 0) onClosed();
    return closed;
  };
}
