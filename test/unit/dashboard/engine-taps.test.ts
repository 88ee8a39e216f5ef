import { describe, expect, it } from 'vitest';
import { InMemoryMetrics } from '../../../src/adapters/local/in-memory-metrics.js';
import { tapObservations, tapRuns } from '../../../src/dashboard/engine-taps.js';
import { LATENCY_BOUNDS_SECONDS, LatencyHistogram } from '../../../src/dashboard/latency-histogram.js';

class Engine {
  public calls = 0;
  public async run(n: number): Promise<number> {
    this.calls += 1;
    return n * 2;
  }
}

describe('tapRuns', () => {
  it('passes every result to the observer and returns it unchanged, until untapped', async () => {
    const engine = new Engine();
    const seen: Array<[number, number[]]> = [];
    const untap = tapRuns(engine, (result, args) => seen.push([result, args]));

    const result = await engine.run(21);
    untap();
    await engine.run(1);

    expect(result).toBe(42);
    expect(seen).toEqual([[42, [21]]]);
    expect(engine.calls).toBe(2);
    expect(Object.hasOwn(engine, 'run')).toBe(false);
  });

  it('keeps the engine working when the observer throws', async () => {
    const engine = new Engine();
    tapRuns(engine, () => {
      throw new Error('observer bug');
    });

    await expect(engine.run(2)).resolves.toBe(4);
  });
});

describe('tapObservations', () => {
  it('sees every observation while the metrics still record it', () => {
    const metrics = new InMemoryMetrics();
    const seen: string[] = [];
    const untap = tapObservations(metrics, (name, labourerId, value) => seen.push(`${name}/${labourerId}/${value}`));

    metrics.observe('dispatch_latency_ms', 'w', 12);
    untap();
    metrics.observe('dispatch_latency_ms', 'w', 13);

    expect(seen).toEqual(['dispatch_latency_ms/w/12']);
    expect(metrics.samples('dispatch_latency_ms', 'w')).toEqual([12, 13]);
  });
});

describe('LatencyHistogram', () => {
  it('counts cumulatively per bound, with the sum and count of everything', () => {
    const h = new LatencyHistogram([0.1, 1]);
    for (const s of [0.05, 0.1, 0.5, 7, Number.NaN]) h.observe(s);

    expect(h.view()).toEqual({ bounds: [0.1, 1], buckets: [2, 3], count: 4, sum: 7.65 });
    expect(new LatencyHistogram().view().bounds).toEqual(LATENCY_BOUNDS_SECONDS);
  });
});
