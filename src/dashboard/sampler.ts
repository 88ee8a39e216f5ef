/**
 * Samples queue depth and throughput at a fixed interval into a bounded ring, for the dashboard's
 * charts and rates. Counters in a reading are cumulative; the sampler turns them into per-second
 * rates between consecutive readings.
 */
import { type Logger, silentLogger } from '../ports/logger.js';
import { RingBuffer } from './ring-buffer.js';
import type { SeriesPoint, SeriesValues } from './source.js';

/** One labourer at one moment: gauges, and cumulative `completed` / `invoked` totals. */
export interface LabourerReading {
  readonly queued: number;
  readonly running: number;
  readonly retrying: number;
  readonly dead: number;
  readonly completed: number;
  readonly invoked: number;
  /** The adaptive controller's target of the last tick (labourers with `adaptive` config only). */
  readonly adaptiveTarget?: number | undefined;
}

export interface SampleReading {
  /** Epoch ms. */
  readonly at: number;
  readonly labourers: Readonly<Record<string, LabourerReading>>;
}

export interface SeriesSamplerOptions {
  readonly read: () => Promise<SampleReading>;
  /** Samples kept. @defaultValue 600 (10 minutes at one per second) */
  readonly capacity?: number | undefined;
  /** @defaultValue 1000 */
  readonly intervalMs?: number | undefined;
  /** Rates in a point are averaged over this much time, so short intervals do not make spikes. @defaultValue 5000 */
  readonly rateWindowMs?: number | undefined;
  readonly logger?: Logger | undefined;
  /** Sample only while this holds (a tick it refuses reads nothing). @defaultValue always */
  readonly when?: (() => boolean) | undefined;
}

export const DEFAULT_SAMPLER = Object.freeze({ capacity: 600, intervalMs: 1000, rateWindowMs: 5000 });

interface Entry {
  readonly reading: SampleReading;
  readonly point: SeriesPoint;
}

function perSecond(now: number, before: number, ms: number): number {
  if (ms <= 0) return 0;
  return Math.max(0, now - before) / (ms / 1000);
}

/**
 * @example
 * const sampler = new SeriesSampler({ read: async () => ({ at: Date.now(), labourers: {} }) });
 * sampler.start();
 * sampler.points();
 */
export class SeriesSampler {
  readonly #options: SeriesSamplerOptions;
  readonly #ring: RingBuffer<Entry>;
  readonly #logger: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight: Promise<SeriesPoint | undefined> | undefined;

  public constructor(options: SeriesSamplerOptions) {
    this.#options = options;
    this.#ring = new RingBuffer(options.capacity ?? DEFAULT_SAMPLER.capacity);
    this.#logger = options.logger ?? silentLogger;
  }

  /** Take one reading now and append it; its rates are averaged over `rateWindowMs`. */
  public async sample(): Promise<SeriesPoint> {
    const reading = await this.#options.read();
    const window = this.#options.rateWindowMs ?? DEFAULT_SAMPLER.rateWindowMs;
    const entries = this.#ring.toArray();
    const previous = (entries.find((e) => e.reading.at >= reading.at - window) ?? entries[entries.length - 1])?.reading;
    const labourers: Record<string, SeriesValues> = {};
    for (const [id, r] of Object.entries(reading.labourers)) {
      const p = previous?.labourers[id];
      const ms = previous === undefined ? 0 : reading.at - previous.at;
      labourers[id] = {
        queued: r.queued,
        running: r.running,
        retrying: r.retrying,
        dead: r.dead,
        completedPerSecond: p === undefined ? 0 : perSecond(r.completed, p.completed, ms),
        invokedPerSecond: p === undefined ? 0 : perSecond(r.invoked, p.invoked, ms),
        ...(r.adaptiveTarget === undefined ? {} : { adaptiveTarget: r.adaptiveTarget }),
      };
    }
    const point: SeriesPoint = { at: reading.at, labourers };
    this.#ring.push({ reading, point });
    return point;
  }

  /** Samples at or after `sinceMs`, oldest first. */
  public points(sinceMs = Number.NEGATIVE_INFINITY): SeriesPoint[] {
    return this.#ring
      .toArray()
      .filter((e) => e.point.at >= sinceMs)
      .map((e) => e.point);
  }

  /** Average per-second rate of a cumulative total over the newest `windowMs` of samples. */
  public rate(labourerId: string, total: 'completed' | 'invoked', windowMs: number): number {
    const entries = this.#ring.toArray();
    const last = entries[entries.length - 1]?.reading;
    if (last === undefined) return 0;
    const first = entries.find((e) => e.reading.at >= last.at - windowMs)?.reading;
    const a = first?.labourers[labourerId];
    const b = last.labourers[labourerId];
    if (first === undefined || a === undefined || b === undefined) return 0;
    return perSecond(b[total], a[total], last.at - first.at);
  }

  /** Sample every `intervalMs` (the first one at once); overlapping samples are skipped. */
  public start(): void {
    if (this.#timer !== undefined) return;
    const tick = (): void => {
      if (this.#inFlight !== undefined || this.#options.when?.() === false) return;
      this.#inFlight = this.sample()
        .catch((error: unknown) => {
          this.#logger.warn({ error: String(error) }, 'dashboard sample failed');
          return undefined;
        })
        .finally(() => {
          this.#inFlight = undefined;
        });
    };
    tick();
    this.#timer = setInterval(tick, this.#options.intervalMs ?? DEFAULT_SAMPLER.intervalMs);
    this.#timer.unref?.();
  }

  /** Stop sampling and wait for a sample in flight. */
  public async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }
}
