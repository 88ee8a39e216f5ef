import { describe, expect, it } from 'vitest';
import { InMemoryMetrics } from '../../../src/adapters/local/in-memory-metrics.js';
import { ObserverSet } from '../../../src/adapters/local/observer-set.js';
import { ManualClock } from '../../../src/core/clock.js';
import { engineObserver } from '../../../src/dashboard/engine-taps.js';
import { LATENCY_BOUNDS_SECONDS, LatencyHistogram } from '../../../src/dashboard/latency-histogram.js';
import type { ScavengerRunResult } from '../../../src/essentials/scavenger/scavenger.js';
import { createEmbeddedRuntime } from '../../../src/local.js';

const RUN: ScavengerRunResult = { labourers: [], dead: [], notified: true };

describe('engineObserver', () => {
  it('records scavenger runs, job progress (done at the last row) and dispatch latencies in seconds', () => {
    const clock = new ManualClock(5000);
    const runs: unknown[] = [];
    const jobs: unknown[] = [];
    const latency = new LatencyHistogram([0.1, 1]);
    const observer = engineObserver({
      clock,
      scavengerRuns: { record: (result, at) => runs.push([result, at]) },
      jobs: { record: (result, at) => jobs.push([result, at]) },
      latency: new Map([['w', latency]]),
    });

    observer.onScavengerRun?.(RUN);
    const progress = { jobId: 'j', labourerId: 'w', total: 4, queued: 2, skipped: 0 };
    observer.onSchedulerProgress?.({ ...progress, cursor: 2 });
    observer.onSchedulerProgress?.({ ...progress, cursor: 4 });
    observer.onObservation?.('dispatch_latency_ms', 'w', 500);
    observer.onObservation?.('queue_wait_seconds', 'w', 500);
    observer.onObservation?.('dispatch_latency_ms', 'unknown', 5);

    expect(runs).toEqual([[RUN, 5000]]);
    expect(jobs).toEqual([
      [{ ...progress, cursor: 2, done: false }, 5000],
      [{ ...progress, cursor: 4, done: true }, 5000],
    ]);
    expect(latency.view()).toMatchObject({ buckets: [0, 1], count: 1, sum: 0.5 });
  });
});

describe('runtime hooks', () => {
  it('calls the observers of runtime.observe until detached, and ignores observers that throw', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const runtime = await createEmbeddedRuntime({
      project: { name: 'hooks', labourers: { w: { max_simultaneous_invocations: 5 } } },
      dbPath: ':memory:',
      clock,
      heartbeat: false,
      handlers: { w: async () => ({ ok: true }) },
    });
    try {
      const seen: string[] = [];
      const detach = runtime.observe({
        onScavengerRun: (result) => seen.push(`run:${result.labourers.length}`),
        onSchedulerProgress: (p) => seen.push(`progress:${p.cursor}/${p.total}`),
        onObservation: (name) => seen.push(name),
      });
      runtime.observe({
        onScavengerRun: () => {
          throw new Error('observer bug');
        },
      });
      await runtime.schedule({ lambda_name: 'w', items: ['a', 'b'], isolate_items: true });
      clock.advanceSeconds(1);
      const report = await runtime.tickOnce();
      expect(report.invoked).toBeGreaterThan(0);
      expect(seen).toContain('progress:1/1');
      expect(seen).toContain('run:1');
      expect(seen.filter((s) => s === 'dispatch_latency_ms')).toHaveLength(report.invoked);

      detach();
      seen.length = 0;
      await runtime.tickOnce();
      expect(seen).toEqual([]);
    } finally {
      await runtime.stop();
    }
  });
});

describe('ObserverSet and the metrics tee', () => {
  it('emits to every observer until removed, past one that throws', () => {
    const set = new ObserverSet<[number]>();
    const seen: number[] = [];
    set.add(() => {
      throw new Error('observer bug');
    });
    const remove = set.add((n) => seen.push(n));
    set.emit(1);
    remove();
    set.emit(2);
    expect(seen).toEqual([1]);
    expect(set.size).toBe(1);
  });

  it('InMemoryMetrics passes every observation to onObserve after recording it', () => {
    const seen: string[] = [];
    const metrics = new InMemoryMetrics({
      keepSamples: 2,
      onObserve: (name, labourerId, value) => {
        seen.push(`${name}/${labourerId}/${value}`);
        throw new Error('observer bug');
      },
    });
    for (const v of [12, 13, 14]) metrics.observe('dispatch_latency_ms', 'w', v);
    expect(seen).toEqual(['dispatch_latency_ms/w/12', 'dispatch_latency_ms/w/13', 'dispatch_latency_ms/w/14']);
    expect(metrics.samples('dispatch_latency_ms', 'w')).toEqual([13, 14]);
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
