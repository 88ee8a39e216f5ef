import type { Datapoint, GetMetricStatisticsCommandInput, Statistic } from '@aws-sdk/client-cloudwatch';
import { describeValue, SoswError } from '../../../core/errors.js';

/** The original's `default_metric_values`, applied to every key missing from a metric's details. */
export const DEFAULT_METRIC_VALUES: Readonly<Record<string, unknown>> = Object.freeze({
  Period: 60,
  Statistics: ['Average'],
  MetricAggregationTimeSlice: 300,
});

export const SUPPORTED_STATISTICS = ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'] as const;
export type SupportedStatistic = (typeof SUPPORTED_STATISTICS)[number];

export interface MetricRequest {
  readonly input: GetMetricStatisticsCommandInput;
  readonly statistic: SupportedStatistic;
}

function invalid(field: string, value: unknown, fix: string): SoswError {
  return new SoswError('config.invalid', `health_metrics details.${field} is ${describeValue(value)}: ${fix}`, {
    details: { field, value },
  });
}

function text(details: Readonly<Record<string, unknown>>, field: string, required: boolean): string | undefined {
  const value = details[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(field, value, 'give a non-empty string.');
  return value;
}

function positiveNumber(details: Readonly<Record<string, unknown>>, field: string): number {
  const value = details[field];
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) throw invalid(field, value, 'give a positive number of seconds.');
  return n;
}

function dimensions(value: unknown): { Name: string; Value: string }[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid('Dimensions', value, 'give a list of {"Name": ..., "Value": ...}.');
  return value.map((d, i) => {
    const dim = d as { Name?: unknown; Value?: unknown };
    if (typeof dim?.Name !== 'string' || dim.Value === undefined)
      throw invalid(`Dimensions[${i}]`, d, 'each dimension needs Name and Value.');
    return { Name: dim.Name, Value: String(dim.Value) };
  });
}

/**
 * GetMetricStatistics input for a labourer's metric `details` (original keys: MetricName or Name,
 * Namespace, Period, Statistics with exactly one statistic, Dimensions, MetricAggregationTimeSlice),
 * over the time slice that ends at `nowMs` (UTC).
 */
export function buildMetricRequest(
  details: Readonly<Record<string, unknown>>,
  nowMs: number,
  defaults: Readonly<Record<string, unknown>> = DEFAULT_METRIC_VALUES,
): MetricRequest {
  const merged: Record<string, unknown> = { ...defaults, ...details };
  const metricName = text(merged, 'MetricName', false) ?? text(merged, 'Name', true)!;
  const namespace = text(merged, 'Namespace', true)!;
  const statistics = merged.Statistics;
  if (!Array.isArray(statistics) || statistics.length !== 1)
    throw invalid('Statistics', statistics, 'give exactly one statistic, e.g. ["Average"].');
  const statistic = statistics[0] as SupportedStatistic;
  if (!SUPPORTED_STATISTICS.includes(statistic)) throw invalid('Statistics', statistics, `use one of ${SUPPORTED_STATISTICS.join(', ')}.`);
  const sliceSeconds = positiveNumber(merged, 'MetricAggregationTimeSlice');
  const input: GetMetricStatisticsCommandInput = {
    MetricName: metricName,
    Namespace: namespace,
    Period: positiveNumber(merged, 'Period'),
    Statistics: [statistic as Statistic],
    StartTime: new Date(nowMs - sliceSeconds * 1000),
    EndTime: new Date(nowMs),
  };
  const dims = dimensions(merged.Dimensions);
  if (dims !== undefined) input.Dimensions = dims;
  if (typeof merged.Unit === 'string') input.Unit = merged.Unit as GetMetricStatisticsCommandInput['Unit'];
  return { input, statistic };
}

/** Aggregate the datapoints' values of `statistic`; null when there are none. */
export function aggregateDatapoints(datapoints: readonly Datapoint[] | undefined, statistic: SupportedStatistic): number | null {
  const values = (datapoints ?? []).map((p) => p[statistic]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  switch (statistic) {
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'Sum':
    case 'SampleCount':
      return values.reduce((a, b) => a + b, 0);
  }
}
