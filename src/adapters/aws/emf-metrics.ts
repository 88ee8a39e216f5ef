/**
 * The Metrics port as CloudWatch embedded metric format (EMF): counters and observations are
 * gathered in memory and `flush()` writes one JSON line per labourer (namespace `sosw`,
 * dimension `labourer`), which CloudWatch Logs turns into metrics. Lambda entry points call
 * `flush()` once per invocation, before returning.
 */
import type { Clock } from '../../core/clock.js';
import { COUNTER_NAMES, type CounterName, type Metrics, type ObservationName } from '../../ports/metrics.js';

/** CloudWatch units of the observations; counters are `Count`. */
export const EMF_OBSERVATION_UNITS: Readonly<Record<ObservationName, string>> = Object.freeze({
  dispatch_latency_ms: 'Milliseconds',
  queue_wait_seconds: 'Seconds',
  tick_duration_ms: 'Milliseconds',
});

/** EMF allows at most 100 values in one metric array. */
export const EMF_MAX_VALUES = 100;

export interface EmfMetricsOptions {
  /** @defaultValue 'sosw' */
  readonly namespace?: string | undefined;
  /** Where lines go. @defaultValue one `process.stdout.write` per line */
  readonly write?: ((line: string) => void) | undefined;
  /** For the `Timestamp` of each line. @defaultValue Date.now */
  readonly clock?: Clock | undefined;
  /**
   * Extra properties on every line (e.g. `{ function: 'sosw_orchestrator' }`); they are also
   * added to the dimension set. @defaultValue none
   */
  readonly dimensions?: Readonly<Record<string, string>> | undefined;
}

/** The EMF metric name of a counter: `tasks_<name>`. */
export function emfCounterName(name: CounterName): string {
  return `tasks_${name}`;
}

interface Pending {
  readonly counters: Map<CounterName, number>;
  readonly observations: Map<ObservationName, number[]>;
}

/**
 * @example
 * const metrics = new EmfMetrics({ dimensions: { function: 'sosw_orchestrator' } });
 * const orchestrator = new Orchestrator({ ..., metrics });
 * await orchestrator.run();
 * metrics.flush();
 */
export class EmfMetrics implements Metrics {
  readonly #namespace: string;
  readonly #write: (line: string) => void;
  readonly #now: () => number;
  readonly #dimensions: Readonly<Record<string, string>>;
  readonly #pending = new Map<string, Pending>();

  public constructor(options: EmfMetricsOptions = {}) {
    this.#namespace = options.namespace ?? 'sosw';
    this.#write = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
    const clock = options.clock;
    this.#now = clock === undefined ? Date.now : () => clock.now();
    this.#dimensions = options.dimensions ?? {};
  }

  public count(name: CounterName, labourerId: string, n = 1): void {
    const pending = this.#of(labourerId);
    pending.counters.set(name, (pending.counters.get(name) ?? 0) + n);
  }

  public observe(name: ObservationName, labourerId: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const pending = this.#of(labourerId);
    const values = pending.observations.get(name) ?? [];
    values.push(value);
    pending.observations.set(name, values);
  }

  /** Labourers with something to flush. */
  public get pendingLabourers(): readonly string[] {
    return [...this.#pending.keys()];
  }

  /**
   * Write what was gathered since the last flush (one line per labourer, more when an observation
   * has over 100 values) and start over. Returns the lines written.
   */
  public flush(): string[] {
    const timestamp = this.#now();
    const lines: string[] = [];
    for (const [labourerId, pending] of this.#pending) lines.push(...this.#lines(labourerId, pending, timestamp));
    this.#pending.clear();
    for (const line of lines) this.#write(line);
    return lines;
  }

  #of(labourerId: string): Pending {
    let pending = this.#pending.get(labourerId);
    if (pending === undefined) {
      pending = { counters: new Map(), observations: new Map() };
      this.#pending.set(labourerId, pending);
    }
    return pending;
  }

  #lines(labourerId: string, pending: Pending, timestamp: number): string[] {
    const lines: string[] = [];
    const chunks = Math.max(1, ...[...pending.observations.values()].map((v) => Math.ceil(v.length / EMF_MAX_VALUES)));
    for (let chunk = 0; chunk < chunks; chunk++) {
      const metrics: Array<{ Name: string; Unit: string }> = [];
      const values: Record<string, number | number[]> = {};
      if (chunk === 0) {
        for (const name of COUNTER_NAMES) {
          const n = pending.counters.get(name);
          if (n === undefined) continue;
          metrics.push({ Name: emfCounterName(name), Unit: 'Count' });
          values[emfCounterName(name)] = n;
        }
      }
      for (const [name, all] of pending.observations) {
        const slice = all.slice(chunk * EMF_MAX_VALUES, (chunk + 1) * EMF_MAX_VALUES);
        if (slice.length === 0) continue;
        metrics.push({ Name: name, Unit: EMF_OBSERVATION_UNITS[name] });
        values[name] = slice.length === 1 ? (slice[0] as number) : slice;
      }
      if (metrics.length === 0) continue;
      const document = {
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            { Namespace: this.#namespace, Dimensions: [['labourer', ...Object.keys(this.#dimensions)]], Metrics: metrics },
          ],
        },
        ...this.#dimensions,
        labourer: labourerId,
        ...values,
      };
      lines.push(JSON.stringify(document));
    }
    return lines;
  }
}
