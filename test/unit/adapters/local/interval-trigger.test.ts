import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IntervalTrigger } from '../../../../src/adapters/local/interval-trigger.js';

describe('IntervalTrigger', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then every interval', async () => {
    let runs = 0;
    const trigger = new IntervalTrigger({ name: 't', intervalMs: 100, run: async () => void runs++ });
    trigger.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(350);
    expect(runs).toBe(4);
    await trigger.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(4);
    expect(trigger.counters.runs).toBe(4);
  });

  it('never overlaps runs: a slow run delays the next one', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const trigger = new IntervalTrigger({
      name: 'slow',
      intervalMs: 10,
      run: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 35));
        active--;
        runs++;
      },
    });
    trigger.start();
    await vi.advanceTimersByTimeAsync(200);
    const stopped = trigger.stop();
    await vi.advanceTimersByTimeAsync(50);
    await stopped;
    expect(maxActive).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(5);
    expect(runs).toBeLessThanOrEqual(6);
  });

  it('keeps going after a failing run and counts the failure', async () => {
    const errors: string[] = [];
    let runs = 0;
    const trigger = new IntervalTrigger({
      name: 'flaky',
      intervalMs: 10,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: (f) => void errors.push(String(f.error)) },
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('first run breaks');
      },
    });
    trigger.start();
    await vi.advanceTimersByTimeAsync(25);
    await trigger.stop();
    expect(runs).toBe(3);
    expect(trigger.counters.failures).toBe(1);
    expect(errors).toEqual(['first run breaks']);
  });

  it('stop() waits for the run in progress', async () => {
    let finished = false;
    const trigger = new IntervalTrigger({
      name: 't',
      intervalMs: 1000,
      run: async () => {
        await new Promise((r) => setTimeout(r, 50));
        finished = true;
      },
    });
    trigger.start();
    await vi.advanceTimersByTimeAsync(1);
    const stopped = trigger.stop();
    await vi.advanceTimersByTimeAsync(60);
    await stopped;
    expect(finished).toBe(true);
    expect(trigger.running).toBe(false);
  });

  it('nudge() runs early, or right after the run in progress', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const trigger = new IntervalTrigger({
      name: 't',
      intervalMs: 1000,
      runImmediately: false,
      run: async () => {
        runs++;
        await new Promise<void>((r) => {
          release = r;
        });
      },
    });
    trigger.start();
    trigger.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    trigger.nudge();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    release();
    await trigger.stop();
  });

  it('rejects a non-positive interval', () => {
    expect(() => new IntervalTrigger({ name: 'bad', intervalMs: 0, run: async () => {} })).toThrow(/intervalMs/);
  });
});
