import { describe, expect, it } from 'vitest';
import { InMemoryMetrics } from '../../../../src/adapters/local/in-memory-metrics.js';
import { noopMetrics } from '../../../../src/ports/metrics.js';

describe('InMemoryMetrics', () => {
  it('totals counters per labourer and overall', () => {
    const metrics = new InMemoryMetrics();
    metrics.count('invoked', 'a', 2);
    metrics.count('invoked', 'a');
    metrics.count('invoked', 'b', 4);
    expect(metrics.total('invoked', 'a')).toBe(3);
    expect(metrics.total('invoked')).toBe(7);
    expect(metrics.total('dead')).toBe(0);
    expect(metrics.snapshot().counters).toEqual({ invoked: { a: 3, b: 4 } });
  });

  it('keeps the newest samples and summarises them', () => {
    const metrics = new InMemoryMetrics({ keepSamples: 4 });
    for (const v of [100, 1, 2, 3, 4]) metrics.observe('dispatch_latency_ms', 'a', v);
    expect(metrics.samples('dispatch_latency_ms', 'a')).toEqual([1, 2, 3, 4]);
    expect(metrics.snapshot().observations.dispatch_latency_ms?.a).toEqual({ count: 4, min: 1, max: 4, mean: 2.5, p50: 2, p95: 4 });
    metrics.reset();
    expect(metrics.snapshot()).toEqual({ counters: {}, observations: {} });
  });

  it('has a no-op twin that accepts everything', () => {
    expect(() => {
      noopMetrics.count('invoked', 'a', 1);
      noopMetrics.observe('tick_duration_ms', 'a', 1);
    }).not.toThrow();
  });
});
