import type { HistogramView } from './source.js';

/** Bucket bounds in seconds for dispatch latency (1 ms .. 10 s). */
export const LATENCY_BOUNDS_SECONDS = Object.freeze([0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/**
 * A cumulative histogram (Prometheus semantics: counts only grow) of observations in seconds.
 *
 * @example
 * const h = new LatencyHistogram();
 * h.observe(0.02);
 * h.view().count; // 1
 */
export class LatencyHistogram {
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #count = 0;
  #sum = 0;

  public constructor(bounds: readonly number[] = LATENCY_BOUNDS_SECONDS) {
    this.#bounds = bounds;
    this.#counts = bounds.map(() => 0);
  }

  public observe(seconds: number): void {
    if (!Number.isFinite(seconds)) return;
    this.#count += 1;
    this.#sum += seconds;
    const index = this.#bounds.findIndex((b) => seconds <= b);
    if (index >= 0) this.#counts[index] = (this.#counts[index] ?? 0) + 1;
  }

  public view(): HistogramView {
    let running = 0;
    const buckets = this.#counts.map((n) => {
      running += n;
      return running;
    });
    return { bounds: this.#bounds, buckets, count: this.#count, sum: this.#sum };
  }
}
