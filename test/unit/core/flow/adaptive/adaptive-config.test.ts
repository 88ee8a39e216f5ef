import { describe, expect, it } from 'vitest';
import { resolveTaskConfig } from '../../../../../src/core/config/task-config.js';
import { SoswError } from '../../../../../src/core/errors.js';
import { countOutcomes, outcomesSince, p95Seconds, runTimeBucket } from '../../../../../src/core/flow/adaptive/outcomes.js';

function configError(adaptive: unknown, max = 10): SoswError {
  try {
    resolveTaskConfig({ labourers: { fetch_prices: { max_simultaneous_invocations: max, adaptive } } });
  } catch (error) {
    if (error instanceof SoswError) return error;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('labourer adaptive config', () => {
  it('resolves defaults between min and max_simultaneous_invocations', () => {
    // Act
    const config = resolveTaskConfig({ labourers: { fetch_prices: { max_simultaneous_invocations: 10, adaptive: { error_rate: 0.1 } } } });

    // Assert
    expect(config.labourers[0]?.adaptive).toEqual({
      min: 1,
      max: 10,
      initial: 10,
      increase: 1,
      decrease: 0.5,
      cooldownTicks: 2,
      errorRate: 0.1,
      p95Seconds: null,
      hysteresis: 0.8,
      minSamples: 5,
      probeTicks: 10,
    });
  });

  it('leaves labourers without the block alone', () => {
    expect(resolveTaskConfig({ labourers: { a: {} } }).labourers[0]?.adaptive).toBeUndefined();
  });

  it.each([
    [{ max: 11 }, 10, 'task_config.labourers.fetch_prices.adaptive.max', 'at most max_simultaneous_invocations (10)'],
    [{ min: 6, max: 5 }, 10, 'task_config.labourers.fetch_prices.adaptive.min', 'at most max (5)'],
    [{ initial: 12 }, 10, 'task_config.labourers.fetch_prices.adaptive.initial', 'between min (1) and max (10)'],
    [{}, 0, 'task_config.labourers.fetch_prices.adaptive.max', 'at least 1'],
    [{ decrease: 1 }, 10, 'task_config.labourers.fetch_prices.adaptive.decrease', ''],
    [{ error_rate: 0 }, 10, 'task_config.labourers.fetch_prices.adaptive.error_rate', ''],
    [{ cooldown: 2 }, 10, 'task_config.labourers.fetch_prices.adaptive', 'cooldown'],
  ])('rejects %j (max_simultaneous_invocations %i) naming %s', (adaptive, max, field, text) => {
    // Act
    const error = configError(adaptive, max);

    // Assert
    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain(field);
    expect(error.message).toContain(text);
  });
});

describe('outcome counters', () => {
  it('bucket run times and read the p95 as the upper bound of its bucket', () => {
    // Prepare
    const counts = countOutcomes([...new Array<number>(94).fill(0.4), 4, 4, 4, 4, 4, 700], 3, 1);

    // Assert
    expect(runTimeBucket(0)).toBe(0);
    expect(runTimeBucket(1e6)).toBe(15);
    expect(counts).toMatchObject({ completed: 100, failed: 3, throttled: 1 });
    expect(p95Seconds(counts)).toBe(5);
    expect(p95Seconds(countOutcomes([], 0, 0))).toBeNull();
    expect(p95Seconds(countOutcomes([1e6], 0, 0))).toBe(Number.POSITIVE_INFINITY);
  });

  it('count from zero after a reset instead of going negative', () => {
    // Act
    const since = outcomesSince(countOutcomes([1], 2, 0), countOutcomes([1, 1, 1], 1, 0));

    // Assert
    expect(since).toMatchObject({ completed: 1, failed: 1, throttled: 0 });
    expect(since.runTimes.every((n) => n >= 0)).toBe(true);
  });
});
