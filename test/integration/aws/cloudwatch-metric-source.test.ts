import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudWatchMetricSource } from '../../../src/adapters/aws/cloudwatch/cloudwatch-metric-source.js';
import { SoswError } from '../../../src/core/errors.js';
import { awsTierOff, uniqueName } from './helpers.js';

describe.skipIf(awsTierOff())('CloudWatchMetricSource (moto)', () => {
  const cloudwatch = new CloudWatchClient({});
  const namespace = uniqueName('Sosw/Test');
  afterAll(() => cloudwatch.destroy());

  it('aggregates the datapoints of the time slice ending at nowMs', async () => {
    const nowMs = Date.now();
    const dimensions = [{ Name: 'DBInstanceIdentifier', Value: 'reporting' }];
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [31.33, 100, 29.5].map((value, i) => ({
          MetricName: 'CPUUtilization',
          Dimensions: dimensions,
          Timestamp: new Date(nowMs - (i + 1) * 60_000),
          Value: value,
        })),
      }),
    );
    const source = new CloudWatchMetricSource({ client: cloudwatch });
    const details = { MetricName: 'CPUUtilization', Namespace: namespace, Dimensions: dimensions, Period: 60 };

    const average = await source.fetch({ ...details, Statistics: ['Average'] }, nowMs);
    const maximum = await source.fetch({ ...details, Statistics: ['Maximum'] }, nowMs);

    expect(average).toBeCloseTo(53.61, 2);
    expect(maximum).toBe(100);
  });

  it('returns null when CloudWatch has no datapoints', async () => {
    const source = new CloudWatchMetricSource({ client: cloudwatch });
    expect(await source.fetch({ Name: 'Nothing', Namespace: namespace }, Date.now())).toBeNull();
  });

  it('turns an unreachable CloudWatch into metric.unavailable', async () => {
    const source = new CloudWatchMetricSource({ clientConfig: { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } });
    const error = await source.fetch({ Name: 'CPU', Namespace: namespace }, Date.now()).catch((e: unknown) => e);
    expect(SoswError.is(error, 'metric.unavailable')).toBe(true);
  });
});
