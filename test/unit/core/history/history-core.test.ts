import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { resolveHistoryConfig } from '../../../../src/core/history/history-config.js';
import { historySeries, rangeMinutes } from '../../../../src/core/history/history-series.js';
import {
  emptyRollup,
  HISTORY_BUCKETS,
  latencyBucket,
  latencyPercentileMs,
  mergeRollups,
  minuteOf,
} from '../../../../src/core/history/minute-rollup.js';

function codeAndField(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return SoswError.is(e) ? `${e.code}:${String(e.details.field)}` : String(e);
  }
}

describe('minute rollups', () => {
  it('puts a moment in the minute that holds it', () => {
    expect(minuteOf(1_800_000_059_999)).toBe(1_800_000_000);
    expect(minuteOf(120_000)).toBe(120);
    expect(minuteOf(179_999)).toBe(120);
  });

  it('buckets latencies by upper bound, everything above 10 s in the last bucket', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(1)).toBe(0);
    expect(latencyBucket(1.5)).toBe(1);
    expect(latencyBucket(10_000)).toBe(HISTORY_BUCKETS - 2);
    expect(latencyBucket(60_000)).toBe(HISTORY_BUCKETS - 1);
  });

  it('answers p50 and p95 as the bound of the bucket reaching the rank, null without dispatches', () => {
    const buckets = new Array<number>(HISTORY_BUCKETS).fill(0);
    expect(latencyPercentileMs(buckets, 0.5)).toBeNull();
    buckets[2] = 90; // <= 10 ms
    buckets[6] = 10; // <= 250 ms
    expect(latencyPercentileMs(buckets, 0.5)).toBe(10);
    expect(latencyPercentileMs(buckets, 0.9)).toBe(10);
    expect(latencyPercentileMs(buckets, 0.95)).toBe(250);
    buckets[HISTORY_BUCKETS - 1] = 1000;
    expect(latencyPercentileMs(buckets, 0.95)).toBe(10_000);
  });

  it('adds counts when merging and keeps the newer depth unless it has none', () => {
    const a = { ...emptyRollup('a', 60), queued: 5, invoked: 1 };
    const b = { ...emptyRollup('a', 60), invoked: 2, dead: 1 };
    expect(mergeRollups(a, b)).toMatchObject({ queued: 5, invoked: 3, dead: 1 });
    expect(mergeRollups(b, { ...a, queued: 9 })).toMatchObject({ queued: 9, invoked: 3 });
  });
});

describe('history series', () => {
  it('has one point per minute of the range, ending with the current minute, zeros where nothing was written', () => {
    const now = 3_600_000 + 30_000; // 01:00:30
    const window = rangeMinutes('15m', now);
    expect(window).toEqual({ from: 3600 + 60 - 900, to: 3660 });
    const series = historySeries(
      '15m',
      window,
      ['a'],
      [
        { ...emptyRollup('a', 3600), completed: 4, queued: 2 },
        { ...emptyRollup('a', 3600), completed: 1 },
        { ...emptyRollup('a', 0), completed: 99 },
        { ...emptyRollup('b', 3600), completed: 7 },
      ],
    );
    const points = series.labourers.a ?? [];
    expect(points).toHaveLength(15);
    expect(points[14]).toMatchObject({ minute: 3600, completed: 5, queued: 2 });
    expect(points[0]).toMatchObject({ minute: 2760, completed: 0, queued: null, latencyP95Ms: null });
    expect(series.labourers.b).toBeUndefined();
  });
});

describe('history config', () => {
  it('keeps 24 hours by default and reads task_config.history_retention_hours', () => {
    expect(resolveHistoryConfig({}).retentionSeconds).toBe(86_400);
    expect(resolveHistoryConfig(undefined).retentionSeconds).toBe(86_400);
    expect(resolveHistoryConfig({ history_retention_hours: 6 }).retentionSeconds).toBe(21_600);
    expect(resolveHistoryConfig({ history_retention_hours: 0.5 }).retentionSeconds).toBe(1800);
  });

  it('rejects a retention that is not hours in (0, 720] with config.invalid naming the key', () => {
    for (const bad of [0, -1, 721, '24', Number.NaN, null, 0.001]) {
      expect(codeAndField(() => resolveHistoryConfig({ history_retention_hours: bad }))).toBe(
        'config.invalid:task_config.history_retention_hours',
      );
    }
  });
});
