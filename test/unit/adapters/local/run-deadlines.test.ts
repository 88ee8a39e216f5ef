import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunDeadlines, type Watched } from '../../../../src/adapters/local/run-deadlines.js';

/** A watched run that calls `onExpire` (the invoker's runs are objects with this shape). */
function watched(onExpire: (reason?: unknown) => unknown): Watched {
  return { deadline: 0, expire: (reason?: unknown) => void onExpire(reason) };
}

describe('RunDeadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires each run once its own limit has passed, with one timer for all', () => {
    // Prepare
    const deadlines = new RunDeadlines();
    const expired: string[] = [];
    const runs = new Map<string, Watched>();
    const watch = (id: string, ms: number): void => {
      const run = watched(() => expired.push(id));
      runs.set(id, run);
      deadlines.add(run, ms);
    };
    watch('slow', 300);
    watch('fast', 100);
    watch('mid', 200);

    // Act + Assert
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(150);
    expect(expired).toEqual(['fast']);
    deadlines.delete(runs.get('fast') as Watched);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['fast', 'mid']);
    deadlines.delete(runs.get('mid') as Watched);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['fast', 'mid', 'slow']);
  });

  it('never expires a run removed before its limit, and holds no timer when nothing runs', () => {
    // Prepare
    const deadlines = new RunDeadlines();
    const expired: string[] = [];
    const a = watched(() => expired.push('a'));
    const b = watched(() => expired.push('b'));
    deadlines.add(a, 100);
    deadlines.add(b, 500);

    // Act
    deadlines.delete(a);
    vi.advanceTimersByTime(200);
    const timersWhileB = vi.getTimerCount();
    deadlines.delete(b);

    // Assert
    expect(expired).toEqual([]);
    expect(timersWhileB).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(deadlines.size).toBe(0);
  });

  it('expireAll hands the reason to every run and counts them', () => {
    const deadlines = new RunDeadlines();
    const reasons: unknown[] = [];
    deadlines.add(
      watched((reason) => reasons.push(reason)),
      1000,
    );
    deadlines.add(
      watched((reason) => reasons.push(reason)),
      1000,
    );
    expect(deadlines.expireAll('shutdown')).toBe(2);
    expect(reasons).toEqual(['shutdown', 'shutdown']);
  });
});
