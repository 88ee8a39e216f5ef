import { type Clock, epochSeconds } from '../../core/clock.js';
import { emptyRollup, isEmptyRollup, latencyBucket, type MinuteRollup, mergeRollups, minuteOf } from '../../core/history/minute-rollup.js';
import type { HistoryStore } from '../../ports/history-store.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { CounterName, Metrics, ObservationName } from '../../ports/metrics.js';
import type { TaskStore } from '../../ports/task-store.js';

export interface HistoryRecorderOptions {
  readonly store: HistoryStore;
  readonly clock: Clock;
  /** Labourers whose queue depth is counted at each write (with `queue`). */
  readonly labourerIds: readonly string[];
  /**
   * Where queued tasks are counted (one count per labourer per write). Give it to one recorder
   * per deployment (the Orchestrator's); without it rollups carry no queue depth.
   */
  readonly queue?: Pick<TaskStore, 'countQueued'> | undefined;
  /** Least time between two writes (the first is due this long after construction); `flush(true)` writes at once. @defaultValue 60000 */
  readonly flushEveryMs?: number | undefined;
  readonly logger?: Logger | undefined;
}

/** Minutes kept in memory per labourer while the store cannot be written (the oldest are dropped). */
const MAX_PENDING_MINUTES = 1440;

/** A pending minute: the recorder's own object, added to in place (counts arrive once per task). */
type PendingRollup = { -readonly [K in keyof MinuteRollup]: MinuteRollup[K] } & { latencyBuckets: number[] };

/**
 * Minute rollups from what the engines already count: `metrics(inner)` passes every counter and
 * observation on to `inner` and adds the ones the history keeps (invoked, archived as completed,
 * retried as failed, dead, dispatch latency) to the current minute in memory. `flush` writes the
 * pending minutes in one `record` call (one write per labourer and minute on DynamoDB), so the
 * history costs no store request per task. A failed write keeps the minutes for the next flush.
 *
 * @example
 * const history = new HistoryRecorder({ store, clock, labourerIds: ['prices'], queue: taskStore });
 * const orchestrator = new Orchestrator({ ..., history });
 */
export class HistoryRecorder {
  readonly #options: HistoryRecorderOptions;
  readonly #logger: Logger;
  #pending = new Map<string, PendingRollup>();
  /** The rollup the last count went to: counts come per task, nearly all to the same one. */
  #last: PendingRollup | undefined;
  #lastFlushMs: number;
  #flushing: Promise<void> | undefined;

  public constructor(options: HistoryRecorderOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#lastFlushMs = options.clock.now();
  }

  /** `inner` with the history's counts taken on the way. */
  public metrics(inner: Metrics): Metrics {
    return {
      count: (name: CounterName, labourerId: string, n = 1): void => {
        inner.count(name, labourerId, n);
        this.count(name, labourerId, n);
      },
      observe: (name: ObservationName, labourerId: string, value: number): void => {
        inner.observe(name, labourerId, value);
        this.observe(name, labourerId, value);
      },
    };
  }

  public count(name: CounterName, labourerId: string, n: number): void {
    const field = COUNTED[name];
    if (field === undefined || !(n > 0)) return;
    this.#current(labourerId)[field] += n;
  }

  public observe(name: ObservationName, labourerId: string, value: number): void {
    if (name !== 'dispatch_latency_ms' || !Number.isFinite(value)) return;
    const ms = Math.max(0, value);
    const bucket = latencyBucket(ms);
    const r = this.#current(labourerId);
    r.latencyBuckets[bucket] = (r.latencyBuckets[bucket] ?? 0) + 1;
    r.latencySumMs += ms;
  }

  /**
   * Write the pending minutes (and, with `queue`, each labourer's queue depth in the current minute)
   * when `flushEveryMs` has passed since the last write, or at once with `force`. Never throws: a
   * failure is logged and the minutes wait for the next flush.
   */
  public async flush(force = false): Promise<void> {
    const every = this.#options.flushEveryMs ?? 60_000;
    if (!force && this.#options.clock.now() - this.#lastFlushMs < every) return;
    while (this.#flushing !== undefined) await this.#flushing;
    this.#flushing = this.#write().finally(() => {
      this.#flushing = undefined;
    });
    await this.#flushing;
  }

  async #write(): Promise<void> {
    const nowMs = this.#options.clock.now();
    this.#lastFlushMs = nowMs;
    const taken = this.#pending;
    this.#pending = new Map();
    this.#last = undefined;
    try {
      const depths = await this.#depths(nowMs);
      const rollups = new Map<string, MinuteRollup>(taken);
      for (const depth of depths) {
        const key = keyOf(depth.labourerId, depth.minute);
        const seen = rollups.get(key);
        rollups.set(key, seen === undefined ? depth : mergeRollups(seen, depth));
      }
      const writes = [...rollups.values()].filter((r) => !isEmptyRollup(r));
      if (writes.length > 0) await this.#options.store.record(writes, epochSeconds(this.#options.clock));
    } catch (error) {
      this.#logger.warn({ error: String(error) }, 'Could not write the minute history; keeping it for the next write');
      for (const r of taken.values()) this.#add(r.labourerId, (mine) => Object.assign(mine, mergeRollups(r, mine)), r.minute);
    }
  }

  async #depths(nowMs: number): Promise<MinuteRollup[]> {
    const queue = this.#options.queue;
    if (queue === undefined) return [];
    const minute = minuteOf(nowMs);
    const now = Math.floor(nowMs / 1000);
    return Promise.all(
      this.#options.labourerIds.map(async (id) => ({ ...emptyRollup(id, minute), queued: await queue.countQueued(id, now) })),
    );
  }

  /** The pending rollup of the labourer's current minute, without a key string per count when it is the last one. */
  #current(labourerId: string): PendingRollup {
    const minute = minuteOf(this.#options.clock.now());
    const last = this.#last;
    if (last !== undefined && last.minute === minute && last.labourerId === labourerId) return last;
    const pending = this.#rollup(labourerId, minute);
    this.#last = pending;
    return pending;
  }

  #add(labourerId: string, change: (r: PendingRollup) => void, minute = minuteOf(this.#options.clock.now())): void {
    change(this.#rollup(labourerId, minute));
  }

  /** The pending rollup of (labourer, minute), made on first use; the oldest is dropped past the limit. */
  #rollup(labourerId: string, minute: number): PendingRollup {
    const key = keyOf(labourerId, minute);
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      // emptyRollup makes a fresh object and bucket array, so this one is the recorder's alone.
      pending = emptyRollup(labourerId, minute) as PendingRollup;
      this.#pending.set(key, pending);
      if (this.#pending.size > MAX_PENDING_MINUTES * Math.max(1, this.#options.labourerIds.length)) {
        const oldest = this.#pending.keys().next().value;
        if (oldest !== undefined) this.#pending.delete(oldest);
        this.#last = undefined;
      }
    }
    return pending;
  }
}

/** Counters the history keeps, by the rollup field they add to. */
const COUNTED: Partial<Record<CounterName, 'invoked' | 'completed' | 'failed' | 'dead'>> = {
  invoked: 'invoked',
  archived: 'completed',
  retried: 'failed',
  dead: 'dead',
};

function keyOf(labourerId: string, minute: number): string {
  return `${labourerId}\u0000${minute}`;
}
