import type { CounterName, Metrics, ObservationName } from '../../ports/metrics.js';

/** Counts and samples kept in memory (the dashboard reads them; tests assert on them). */
export interface MetricsSnapshot {
  /** name -> labourer id -> total. */
  readonly counters: Readonly<Partial<Record<CounterName, Readonly<Record<string, number>>>>>;
  /** name -> labourer id -> summary of the kept samples. */
  readonly observations: Readonly<Partial<Record<ObservationName, Readonly<Record<string, ObservationSummary>>>>>;
}

export interface ObservationSummary {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
}

export interface InMemoryMetricsOptions {
  /** Samples kept per name and labourer (the newest). @defaultValue 1000 */
  readonly keepSamples?: number | undefined;
  /** Called with every observation after it is recorded (a tee: dashboards, histograms). Errors are ignored. */
  readonly onObserve?: ((name: ObservationName, labourerId: string, value: number) => void) | undefined;
}

/** Kept samples; once full, `next` is the oldest and is overwritten next. */
interface SampleRing {
  values: number[];
  next: number;
}

function inOrder(ring: SampleRing): number[] {
  return ring.next === 0 ? [...ring.values] : [...ring.values.slice(ring.next), ...ring.values.slice(0, ring.next)];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/**
 * Metrics in memory: totals per counter and labourer, and the newest samples of each observation.
 *
 * @example
 * const metrics = new InMemoryMetrics();
 * new Orchestrator({ ..., metrics });
 * metrics.total('invoked', 'worker_a');
 */
export class InMemoryMetrics implements Metrics {
  readonly #keep: number;
  readonly #onObserve: InMemoryMetricsOptions['onObserve'];
  readonly #counters = new Map<CounterName, Map<string, number>>();
  readonly #samples = new Map<ObservationName, Map<string, SampleRing>>();

  public constructor(options: InMemoryMetricsOptions = {}) {
    this.#keep = options.keepSamples ?? 1000;
    this.#onObserve = options.onObserve;
  }

  public count(name: CounterName, labourerId: string, n = 1): void {
    let byLabourer = this.#counters.get(name);
    if (byLabourer === undefined) {
      byLabourer = new Map();
      this.#counters.set(name, byLabourer);
    }
    byLabourer.set(labourerId, (byLabourer.get(labourerId) ?? 0) + n);
  }

  public observe(name: ObservationName, labourerId: string, value: number): void {
    let byLabourer = this.#samples.get(name);
    if (byLabourer === undefined) {
      byLabourer = new Map();
      this.#samples.set(name, byLabourer);
    }
    let ring = byLabourer.get(labourerId);
    if (ring === undefined) {
      ring = { values: [], next: 0 };
      byLabourer.set(labourerId, ring);
    }
    // A ring of the newest `keep` samples: O(1) per observation once full.
    if (ring.values.length < this.#keep) ring.values.push(value);
    else {
      ring.values[ring.next] = value;
      ring.next = (ring.next + 1) % this.#keep;
    }
    if (this.#onObserve === undefined) return;
    try {
      this.#onObserve(name, labourerId, value);
    } catch {
      // An observer must never break the engine.
    }
  }

  /** A counter's total for one labourer, or over all labourers when `labourerId` is omitted. */
  public total(name: CounterName, labourerId?: string): number {
    const byLabourer = this.#counters.get(name);
    if (byLabourer === undefined) return 0;
    if (labourerId !== undefined) return byLabourer.get(labourerId) ?? 0;
    let sum = 0;
    for (const n of byLabourer.values()) sum += n;
    return sum;
  }

  /** The kept samples of an observation for one labourer, oldest first. */
  public samples(name: ObservationName, labourerId: string): readonly number[] {
    const ring = this.#samples.get(name)?.get(labourerId);
    return ring === undefined ? [] : inOrder(ring);
  }

  public snapshot(): MetricsSnapshot {
    const counters: Record<string, Record<string, number>> = {};
    for (const [name, byLabourer] of this.#counters) counters[name] = Object.fromEntries(byLabourer);
    const observations: Record<string, Record<string, ObservationSummary>> = {};
    for (const [name, byLabourer] of this.#samples) {
      const out: Record<string, ObservationSummary> = {};
      for (const [labourerId, ring] of byLabourer) {
        if (ring.values.length === 0) continue;
        const sorted = [...ring.values].sort((a, b) => a - b);
        const sum = sorted.reduce((a, b) => a + b, 0);
        out[labourerId] = {
          count: sorted.length,
          min: sorted[0] ?? 0,
          max: sorted[sorted.length - 1] ?? 0,
          mean: sum / sorted.length,
          p50: quantile(sorted, 0.5),
          p95: quantile(sorted, 0.95),
        };
      }
      observations[name] = out;
    }
    return { counters, observations };
  }

  public reset(): void {
    this.#counters.clear();
    this.#samples.clear();
  }
}
