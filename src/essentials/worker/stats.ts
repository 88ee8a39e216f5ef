/**
 * Counters of a Processor or of one invocation (spec processor-config.md section 5).
 * Missing keys read as 0. `reset()` carries every numeric counter over into `total_<key>` and
 * keeps `total_*` keys and the configured lifetime keys, so a warm container keeps its totals.
 */

/** A stat value: counters are numbers; a lifetime key may hold anything JSON-serialisable. */
export type StatValue = number | string | boolean | null;

/** A copy of the counters, as sent in a completion report. */
export type StatsSnapshot = Record<string, StatValue>;

const NO_KEYS: ReadonlySet<string> = new Set();

/** Prefix of carried-over counters. */
export const TOTAL_PREFIX = 'total_';

/**
 * A counter map with the original's carry-over semantics.
 *
 * @example
 * const stats = new Stats();
 * stats.increment('processor_calls');
 * stats.reset();
 * stats.snapshot(); // { total_processor_calls: 1 }
 */
export class Stats {
  readonly #values = new Map<string, StatValue>();
  readonly #lifetimeKeys: ReadonlySet<string>;

  /** @param lifetimeKeys keys kept as they are by `reset()` (config `lifetime_stats_params`). */
  public constructor(lifetimeKeys?: Iterable<string>) {
    // Most Stats (one per invocation) have no lifetime keys: share one empty set.
    this.#lifetimeKeys = lifetimeKeys === undefined ? NO_KEYS : new Set(lifetimeKeys);
  }

  /** Add `by` (default 1) to a counter. */
  public increment(key: string, by = 1): void {
    this.#values.set(key, this.get(key) + by);
  }

  /** Set a value (a gauge, a label). */
  public set(key: string, value: StatValue): void {
    this.#values.set(key, value);
  }

  /** A counter's value; 0 when missing or not a number. */
  public get(key: string): number {
    const value = this.#values.get(key);
    return typeof value === 'number' ? value : 0;
  }

  /** True when no counter is set. */
  public isEmpty(): boolean {
    return this.#values.size === 0;
  }

  /** A plain-object copy of all values. */
  public snapshot(): StatsSnapshot {
    return Object.fromEntries(this.#values);
  }

  /**
   * Add every numeric per-run counter of `from` (not `total_*`, not lifetime) to this map's
   * `total_<key>` counters. Used to fold one invocation's counters into a processor's totals.
   */
  public carryOver(from: Stats | StatsSnapshot): void {
    const entries = from instanceof Stats ? from.#values.entries() : Object.entries(from);
    for (const [key, value] of entries) {
      if (this.#isKept(key) || typeof value !== 'number') continue;
      this.increment(`${TOTAL_PREFIX}${key}`, value);
    }
  }

  /** Carry numeric counters over into `total_*`, then drop everything but totals and lifetime keys. */
  public reset(): void {
    const current = this.snapshot();
    for (const key of Object.keys(current)) {
      if (!this.#isKept(key)) this.#values.delete(key);
    }
    this.carryOver(current);
  }

  #isKept(key: string): boolean {
    return key.startsWith(TOTAL_PREFIX) || this.#lifetimeKeys.has(key);
  }
}
