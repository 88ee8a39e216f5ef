import { describe, expect, it } from 'vitest';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { explainDecision } from '../../../../src/essentials/orchestrator/decision.js';
import { RateLimiter } from '../../../../src/essentials/orchestrator/rate-limiter.js';
import { Semaphore } from '../../../../src/essentials/orchestrator/semaphore.js';
import { mapBounded } from '../../../../src/essentials/task-manager/map-bounded.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  it('runs at most `limit` jobs at once, in submission order', async () => {
    const semaphore = new Semaphore(2);
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        semaphore.run(async () => {
          started.push(i);
          active += 1;
          peak = Math.max(peak, active);
          await tick();
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot when a job fails', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await semaphore.run(async () => 7)).toBe(7);
  });
});

describe('mapBounded', () => {
  it('keeps the order of results', async () => {
    expect(await mapBounded([3, 1, 2], 2, async (x) => x * 10)).toEqual([30, 10, 20]);
  });

  it('rejects with the first error after the started calls settle', async () => {
    const seen: number[] = [];
    await expect(
      mapBounded([1, 2, 3, 4], 2, async (x) => {
        seen.push(x);
        await tick();
        if (x === 1) throw new Error('first');
        return x;
      }),
    ).rejects.toThrow('first');
    expect(seen).toEqual([1, 2]);
  });

  it('handles an empty list', async () => {
    expect(await mapBounded([], 4, async (x) => x)).toEqual([]);
  });
});

describe('RateLimiter', () => {
  const [perSecond, perMinute, free] = resolveTaskConfig({
    labourers: {
      s: { rate_limit: { invocations: 2, per: 'second' } },
      m: { rate_limit: { invocations: 3, per: 'minute' } },
      f: {},
    },
  }).labourers;

  it('allows N per sliding window', () => {
    const limiter = new RateLimiter();
    expect(limiter.allowance(perSecond!, 0)).toBe(2);
    limiter.record('s', 0);
    limiter.record('s', 400);
    expect(limiter.allowance(perSecond!, 900)).toBe(0);
    expect(limiter.allowance(perSecond!, 1000)).toBe(1);
    expect(limiter.allowance(perSecond!, 1400)).toBe(2);
    limiter.record('m', 0);
    expect(limiter.allowance(perMinute!, 59_999)).toBe(2);
    expect(limiter.allowance(perMinute!, 60_000)).toBe(3);
  });

  it('has no limit without rate_limit', () => {
    expect(new RateLimiter().allowance(free!, 0)).toBeNull();
  });
});

describe('explainDecision', () => {
  const base = {
    health: 4 as const,
    metrics: [],
    running: 0,
    runningAfter: 0,
    cap: 10,
    coefficient: 1,
    desired: 10,
    rateAllowance: null,
    requested: 10,
    found: 10,
    invoked: 10,
    skipped: 0,
    failed: 0,
    invalid: 0,
  };

  it.each([
    [
      { health: 1 as const, coefficient: 0, desired: 0 },
      'health 1 (Poor; no health metrics) gives coefficient 0: floor(10 x 0) = 0, so nothing is invoked.',
    ],
    [
      { running: 10, desired: 0 },
      'health 4 (High; no health metrics): 10 running already fill floor(10 x 1) = 10; nothing more is invoked.',
    ],
    [
      { rateAllowance: 0, requested: 0 },
      'health 4 (High; no health metrics): 10 slots free but the rate limit is used up; nothing is invoked.',
    ],
    [
      { found: 0, invoked: 0 },
      'health 4 (High; no health metrics): 10 slots free (floor(10 x 1) = 10 minus 0 running) but the queue is empty.',
    ],
    [
      { rateAllowance: 10, invoked: 6, skipped: 2, failed: 1, invalid: 1 },
      'health 4 (High; no health metrics): invoked 6 of 10 wanted (floor(10 x 1) = 10 minus 0 running, rate limit allows 10); 2 skipped: another orchestrator claimed them first; 1 failed to invoke and were reported failed; 1 had an invalid payload and were closed as dead.',
    ],
  ])('explains %j', (overrides, text) => {
    expect(explainDecision({ ...base, ...overrides })).toBe(text);
  });
});
