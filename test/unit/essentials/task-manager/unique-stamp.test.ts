import { describe, expect, it } from 'vitest';
import { uniqueStamp } from '../../../../src/essentials/task-manager/audit-batch.js';

// The memory is shared by the process: every test uses its own task ids and times far from the others'.
describe('uniqueStamp', () => {
  it('nudges a second row of a task in the same instant 1 µs later, and leaves other tasks alone', () => {
    const t = 4_000_000_000;
    expect(uniqueStamp('a1', t)).toBe(t);
    expect(uniqueStamp('a1', t)).toBe(t + 0.000001);
    expect(uniqueStamp('a1', t)).toBe(t + 0.000002);
    expect(uniqueStamp('a2', t)).toBe(t);
  });

  it('gives the clock time once the clock has passed every stamp', () => {
    const t = 4_000_001_000;
    expect(uniqueStamp('b1', t)).toBe(t);
    expect(uniqueStamp('b1', t + 0.001)).toBe(t + 0.001);
    expect(uniqueStamp('b2', t + 0.002)).toBe(t + 0.002);
  });

  it('still nudges after the clock steps back to a time a task already has', () => {
    const t = 4_000_002_000;
    expect(uniqueStamp('c1', t)).toBe(t);
    expect(uniqueStamp('c1', t + 0.005)).toBe(t + 0.005);
    expect(uniqueStamp('c2', t + 0.006)).toBe(t + 0.006);
    // Back 6 ms: c1 has a row at t + 5 ms, so its next row goes after it, never on it.
    const back = uniqueStamp('c1', t);
    expect(back).toBeGreaterThan(t + 0.005);
    expect(uniqueStamp('c1', t + 0.005)).toBeGreaterThan(back);
  });

  it('never hands the same stamp to one task twice, whatever the clock does', () => {
    const base = 4_000_003_000;
    const seen = new Map<string, Set<number>>();
    let seed = 7;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 20_000; i += 1) {
      const task = `d${Math.floor(random() * 50)}`;
      // A clock that mostly moves forward by 0-2 ms and sometimes steps back up to 3 ms.
      const now = base + Math.floor(i / 10) * 0.001 - (random() < 0.05 ? Math.floor(random() * 4) * 0.001 : 0);
      const stamp = uniqueStamp(task, now);
      const stamps = seen.get(task) ?? new Set<number>();
      expect(stamps.has(stamp)).toBe(false);
      expect(stamp).toBeGreaterThanOrEqual(now);
      stamps.add(stamp);
      seen.set(task, stamps);
    }
  });
});
