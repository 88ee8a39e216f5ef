/**
 * One MetricSource in front of several: each health metric names its source in
 * `details.source` (`file`, `static`, `function`, ...), and the call goes to that one.
 */
import { SoswError } from '../../core/errors.js';
import type { MetricSource } from '../../ports/metric-source.js';

/**
 * @example
 * const source = new RoutingMetricSource({ file: new FileMetricSource(), static: new StaticMetricSource() }, 'static');
 * await source.fetch({ source: 'file', path: 'metrics.json', key: 'load' }, Date.now());
 */
export class RoutingMetricSource implements MetricSource {
  readonly #sources: Readonly<Record<string, MetricSource>>;
  readonly #fallback: string | undefined;

  /** @param fallback the source used when `details.source` is absent */
  public constructor(sources: Readonly<Record<string, MetricSource>>, fallback?: string) {
    this.#sources = sources;
    this.#fallback = fallback;
  }

  public fetch(details: Readonly<Record<string, unknown>>, nowMs: number): Promise<number | null> {
    const name = details.source ?? this.#fallback;
    const source = typeof name === 'string' ? this.#sources[name] : undefined;
    if (source === undefined) {
      const known = Object.keys(this.#sources).join(', ');
      return Promise.reject(
        new SoswError(
          'config.invalid',
          `Health metric details.source is ${JSON.stringify(name)}; the embedded runtime knows: ${known}. Set details.source to one of them.`,
          { details: { field: 'health_metrics.*.details.source', received: name, known: Object.keys(this.#sources) } },
        ),
      );
    }
    return source.fetch(details, nowMs);
  }
}
