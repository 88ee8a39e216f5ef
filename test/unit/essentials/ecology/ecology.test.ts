import { describe, expect, it } from 'vitest';
import { FunctionMetricSource } from '../../../../src/adapters/local/metric-sources.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../src/core/errors.js';
import { Ecology } from '../../../../src/essentials/ecology/ecology.js';

/** A metric source answering from a map keyed by `details.name`, counting fetches. */
function countingSource(values: Record<string, number | null | Error>) {
  const fetched: string[] = [];
  const source = new FunctionMetricSource((details) => {
    const name = String(details.name);
    fetched.push(name);
    const value = values[name];
    if (value instanceof Error) throw value;
    return value ?? null;
  });
  return { source, fetched };
}

const metric = (name: string, extra: Record<string, unknown> = {}) => ({
  details: { name, Namespace: 'AWS/RDS' },
  feelings: { '2': 70, '3': 50, '4': 25 },
  feeling_comparison_operator: 'le',
  ...extra,
});

function labourers(config: Record<string, unknown>) {
  return resolveTaskConfig({ labourers: config }).labourers;
}

describe('Ecology', () => {
  it('gives status 4 (High) to a labourer without metrics', async () => {
    const [l] = labourers({ w: {} });
    expect(await new Ecology().health(l!)).toEqual({ labourerId: 'w', status: 4, readings: [] });
  });

  it('lets the worst metric win: results 3, 2, 4 give 2 with three fetches (spec 2.6)', async () => {
    const { source, fetched } = countingSource({ a: 40, b: 60, c: 10 });
    const [l] = labourers({ w: { health_metrics: { a: metric('a'), b: metric('b'), c: metric('c') } } });
    const ecology = new Ecology({ metricSource: source });
    const report = await ecology.health(l!);
    expect(report.status).toBe(2);
    expect(report.readings.map((r) => [r.name, r.value, r.status])).toEqual([
      ['a', 40, 3],
      ['b', 60, 2],
      ['c', 10, 4],
    ]);
    expect(fetched).toEqual(['a', 'b', 'c']);
  });

  it('fetches a metric once per tick: a cached metric costs no fetch (three rules, two fetches)', async () => {
    const { source, fetched } = countingSource({ a: 40, b: 60, c: 10 });
    const config = labourers({
      first: { health_metrics: { a: metric('a') } },
      second: { health_metrics: { a2: { ...metric('a'), details: { Namespace: 'AWS/RDS', name: 'a' } }, b: metric('b'), c: metric('c') } },
    });
    const ecology = new Ecology({ metricSource: source });
    ecology.beginTick();
    await ecology.health(config[0]!);
    expect((await ecology.health(config[1]!)).status).toBe(2);
    expect(fetched).toEqual(['a', 'b', 'c']);
  });

  it('shares one in-flight fetch between labourers checked at the same time', async () => {
    const { source, fetched } = countingSource({ a: 10 });
    const config = labourers({ x: { health_metrics: { a: metric('a') } }, y: { health_metrics: { a: metric('a') } } });
    const ecology = new Ecology({ metricSource: source });
    const reports = await Promise.all(config.map((l) => ecology.health(l)));
    expect(reports.map((r) => r.status)).toEqual([4, 4]);
    expect(fetched).toEqual(['a']);
  });

  it('reads the metric again on the next tick', async () => {
    const values: Record<string, number> = { a: 10 };
    const { source, fetched } = countingSource(values);
    const [l] = labourers({ w: { health_metrics: { a: metric('a') } } });
    const ecology = new Ecology({ metricSource: source });
    ecology.beginTick();
    expect((await ecology.health(l!)).status).toBe(4);
    values.a = 60;
    expect((await ecology.health(l!)).status).toBe(4);
    ecology.beginTick();
    expect((await ecology.health(l!)).status).toBe(2);
    expect(fetched).toEqual(['a', 'a']);
  });

  it('passes the clock time to the source', async () => {
    const seen: number[] = [];
    const source = new FunctionMetricSource((_d, nowMs) => {
      seen.push(nowMs);
      return 1;
    });
    const [l] = labourers({ w: { health_metrics: { a: metric('a') } } });
    await new Ecology({ metricSource: source, clock: new ManualClock(1234) }).health(l!);
    expect(seen).toEqual([1234]);
  });

  describe('missing data', () => {
    it('gives 0 (Bad) for a metric without data by default', async () => {
      const { source } = countingSource({ a: null });
      const [l] = labourers({ w: { health_metrics: { a: metric('a') } } });
      const report = await new Ecology({ metricSource: source }).health(l!);
      expect(report).toEqual({ labourerId: 'w', status: 0, readings: [{ name: 'a', value: null, status: 0, problem: 'noData' }] });
    });

    it('uses the metric no_data_status, then the configured default', async () => {
      const { source } = countingSource({ a: null, b: null });
      const [l] = labourers({ w: { health_metrics: { a: metric('a', { no_data_status: 3 }), b: metric('b') } } });
      expect((await new Ecology({ metricSource: source, noDataStatus: 4 }).health(l!)).readings.map((r) => r.status)).toEqual([3, 4]);
    });

    it('treats a failed fetch as no data and says why', async () => {
      const { source } = countingSource({ a: new Error('network down'), b: new SoswError('metric.unavailable', 'gone') });
      const [l] = labourers({ w: { health_metrics: { a: metric('a', { no_data_status: 2 }), b: metric('b', { no_data_status: 3 }) } } });
      const report = await new Ecology({ metricSource: source }).health(l!);
      expect(report.status).toBe(2);
      expect(report.readings.map((r) => r.problem)).toEqual(['metric.unavailable', 'metric.unavailable']);
    });

    it('treats NaN as no data and a missing source as unavailable', async () => {
      const [l] = labourers({ w: { health_metrics: { a: metric('a') } } });
      const nan = new FunctionMetricSource(() => Number.NaN);
      expect((await new Ecology({ metricSource: nan }).health(l!)).readings[0]?.problem).toBe('noData');
      expect((await new Ecology().health(l!)).readings[0]).toMatchObject({ status: 0, problem: 'metric.unavailable' });
    });
  });

  it('validates feelings up front with ecology.invalidFeelings', () => {
    const config = labourers({ w: { health_metrics: { cpu: metric('cpu', { feelings: { '1': 40, '3': 50, '4': 25 } }) } } });
    expect(() => new Ecology().validate(config)).toThrowError(expect.objectContaining({ code: 'ecology.invalidFeelings' }));
  });

  it('works with greater operators and symbols', async () => {
    const { source } = countingSource({ free: 85 });
    const [l] = labourers({
      w: { health_metrics: { free: { details: { name: 'free' }, feelings: { '4': 80, '3': 50 }, feeling_comparison_operator: '>=' } } },
    });
    expect((await new Ecology({ metricSource: source }).health(l!)).status).toBe(4);
  });
});
