/**
 * The health-metric sources of the embedded runtime, routed by `details.source`: `file` (a JSON
 * file read on every tick, relative to the project folder), `static` (values given in code),
 * `function` (user functions), plus any extra named sources.
 */
import { metricSourceProblem } from '../../core/config/metric-source-check.js';
import type { LabourerConfig } from '../../core/config/task-config.js';
import { configPlace, configProblemsError } from '../../core/config/zod-errors.js';
import { SoswError } from '../../core/errors.js';
import type { MetricSource } from '../../ports/metric-source.js';
import { FileMetricSource, FunctionMetricSource, StaticMetricSource } from './metric-sources.js';
import { RoutingMetricSource } from './routing-metric-source.js';

export type MetricFunction = (details: Readonly<Record<string, unknown>>, nowMs: number) => number | null | Promise<number | null>;

export interface EmbeddedMetricOptions {
  /** Relative `file` paths start here (the project folder). */
  readonly baseDir: string;
  readonly staticMetrics?: Readonly<Record<string, number | null>> | undefined;
  readonly metricFunctions?: Readonly<Record<string, MetricFunction>> | undefined;
  readonly metricSources?: Readonly<Record<string, MetricSource>> | undefined;
}

export interface EmbeddedMetrics {
  readonly source: MetricSource;
  /** The `details.source` values the runtime understands. */
  readonly known: readonly string[];
}

/** The `details.source` values every embedded runtime reads. */
export const EMBEDDED_METRIC_SOURCES: readonly string[] = Object.freeze(['file', 'static', 'function']);

/** The `details.source` values a runtime with these extra sources reads (known before it is built, to check the config). */
export function embeddedMetricSourceNames(extra: Readonly<Record<string, MetricSource>> | undefined): string[] {
  return [...new Set([...EMBEDDED_METRIC_SOURCES, ...Object.keys(extra ?? {})])];
}

export function createEmbeddedMetrics(options: EmbeddedMetricOptions): EmbeddedMetrics {
  const functions = options.metricFunctions ?? {};
  const sources: Record<string, MetricSource> = {
    file: new FileMetricSource({ baseDir: options.baseDir }),
    static: new StaticMetricSource(options.staticMetrics ?? {}),
    function: new FunctionMetricSource((details, now) => {
      const fn = typeof details.function === 'string' ? functions[details.function] : undefined;
      if (fn === undefined) {
        throw new SoswError(
          'metric.unavailable',
          `No metric function named ${JSON.stringify(details.function)} was given to the runtime (metricFunctions).`,
          {
            details: { field: 'details.function', received: details.function },
          },
        );
      }
      return fn(details, now);
    }),
    ...options.metricSources,
  };
  return { source: new RoutingMetricSource(sources), known: Object.keys(sources) };
}

/** Every health metric must name a source the runtime has: checked before anything runs, all metrics at once. */
export function checkMetricSources(labourers: readonly LabourerConfig[], known: readonly string[]): void {
  const problems = labourers.flatMap((labourer) =>
    labourer.healthMetrics.flatMap((metric) => {
      const problem = metricSourceProblem(metric.details.source, known);
      return problem === undefined ? [] : [{ field: `labourers.${labourer.id}.health_metrics.${metric.name}.details.source`, problem }];
    }),
  );
  if (problems.length === 0) return;
  const error = configProblemsError(configPlace('project config'), problems);
  throw new SoswError('config.invalid', error.message, { details: { ...error.details, known } });
}
