import type { CloudWatchClient, CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import type { MetricSource } from '../../../ports/metric-source.js';
import { awsClientFeature, importOptional } from '../../optional-dependency.js';
import { translateAwsError } from '../shared/aws-errors.js';
import { type ClientOrConfig, LazySdkClient } from '../shared/client-options.js';
import { aggregateDatapoints, buildMetricRequest, DEFAULT_METRIC_VALUES } from './metric-request.js';

const loadCloudWatch = () =>
  importOptional(() => import('@aws-sdk/client-cloudwatch'), awsClientFeature('CloudWatchMetricSource', '@aws-sdk/client-cloudwatch'));

export type CloudWatchMetricSourceOptions = ClientOrConfig<CloudWatchClient, CloudWatchClientConfig> & {
  /**
   * Values for keys missing from a metric's details (the original's `default_metric_values`).
   * @defaultValue `{ Period: 60, Statistics: ['Average'], MetricAggregationTimeSlice: 300 }`
   */
  readonly defaultMetricValues?: Readonly<Record<string, unknown>>;
};

/**
 * Health metric values from CloudWatch GetMetricStatistics, aggregated over the metric's time
 * slice; null (never a crash) when CloudWatch has no datapoints.
 *
 * @example
 * const metrics = new CloudWatchMetricSource();
 * const cpu = await metrics.fetch({ MetricName: 'CPUUtilization', Namespace: 'AWS/RDS' }, clock.now());
 */
export class CloudWatchMetricSource implements MetricSource {
  readonly #client: LazySdkClient<Awaited<ReturnType<typeof loadCloudWatch>>, CloudWatchClient>;
  readonly #defaults: Readonly<Record<string, unknown>>;

  public constructor(options: CloudWatchMetricSourceOptions = {}) {
    this.#client = new LazySdkClient(options.client, loadCloudWatch, (sdk) => new sdk.CloudWatchClient(options.clientConfig ?? {}));
    this.#defaults = { ...DEFAULT_METRIC_VALUES, ...options.defaultMetricValues };
  }

  public async fetch(details: Readonly<Record<string, unknown>>, nowMs: number): Promise<number | null> {
    const { input, statistic } = buildMetricRequest(details, nowMs, this.#defaults);
    const { sdk, client } = await this.#client.use();
    try {
      const response = await client.send(new sdk.GetMetricStatisticsCommand(input));
      return aggregateDatapoints(response.Datapoints, statistic);
    } catch (error) {
      throw translateAwsError(error, 'metric.unavailable', `Could not read CloudWatch metric ${input.Namespace}/${input.MetricName}`, {
        namespace: input.Namespace,
        metricName: input.MetricName,
      });
    }
  }

  public close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}
