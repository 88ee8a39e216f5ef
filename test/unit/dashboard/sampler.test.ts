import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/dashboard/ring-buffer.js';
import { type LabourerReading, type SampleReading, SeriesSampler } from '../../../src/dashboard/sampler.js';

function reading(at: number, values: Partial<LabourerReading>): SampleReading {
  return { at, labourers: { w: { queued: 0, running: 0, retrying: 0, dead: 0, completed: 0, invoked: 0, ...values } } };
}

/** A sampler over a scripted list of readings. */
function scripted(readings: SampleReading[], options: { capacity?: number; rateWindowMs?: number } = {}): SeriesSampler {
  let i = 0;
  return new SeriesSampler({ ...options, read: async () => readings[i++] as SampleReading });
}

describe('SeriesSampler', () => {
  it('turns cumulative totals into per-second rates averaged over the rate window', async () => {
    const sampler = scripted(
      [
        reading(0, { queued: 10, completed: 0, invoked: 0 }),
        reading(1000, { queued: 8, completed: 2, invoked: 4 }),
        reading(2000, { queued: 5, completed: 6, invoked: 4 }),
      ],
      { rateWindowMs: 5000 },
    );

    const first = await sampler.sample();
    const second = await sampler.sample();
    const third = await sampler.sample();

    expect(first.labourers.w).toMatchObject({ queued: 10, completedPerSecond: 0, invokedPerSecond: 0 });
    expect(second.labourers.w).toMatchObject({ queued: 8, completedPerSecond: 2, invokedPerSecond: 4 });
    // Averaged from the oldest reading in the window (t=0): 6 completed in 2 s.
    expect(third.labourers.w).toMatchObject({ queued: 5, completedPerSecond: 3, invokedPerSecond: 2 });
  });

  it('keeps only `capacity` samples and filters them by time', async () => {
    const sampler = scripted(
      [0, 1000, 2000, 3000].map((at) => reading(at, {})),
      { capacity: 3 },
    );
    for (let i = 0; i < 4; i++) await sampler.sample();

    expect(sampler.points().map((p) => p.at)).toEqual([1000, 2000, 3000]);
    expect(sampler.points(2000).map((p) => p.at)).toEqual([2000, 3000]);
  });

  it('answers a rate over a window, and 0 for counters that went down or labourers it never saw', async () => {
    const sampler = scripted([reading(0, { invoked: 0 }), reading(10_000, { invoked: 50 }), reading(20_000, { invoked: 40 })]);
    await sampler.sample();
    await sampler.sample();

    expect(sampler.rate('w', 'invoked', 60_000)).toBe(5);
    expect(sampler.rate('nobody', 'invoked', 60_000)).toBe(0);
    await sampler.sample();
    expect(sampler.rate('w', 'invoked', 10_000)).toBe(0);
  });

  it('samples on a timer once started, and survives failing reads', async () => {
    let calls = 0;
    const sampler = new SeriesSampler({
      intervalMs: 10,
      read: async () => {
        calls += 1;
        if (calls === 2) throw new Error('store busy');
        return reading(calls, {});
      },
    });

    sampler.start();
    await new Promise((r) => setTimeout(r, 60));
    await sampler.stop();
    const taken = sampler.points().length;
    await new Promise((r) => setTimeout(r, 30));

    expect(calls).toBeGreaterThanOrEqual(3);
    expect(taken).toBe(calls - 1);
    expect(sampler.points()).toHaveLength(taken);
  });
});

describe('RingBuffer', () => {
  it('drops the oldest items past its capacity', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);

    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.last()).toBe(5);
    expect(ring.size).toBe(3);
  });

  it('is empty at first and refuses a capacity below 1', () => {
    expect(new RingBuffer<number>(2).last()).toBeUndefined();
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});
