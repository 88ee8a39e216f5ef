import { describe, expect, it } from 'vitest';
import { Stats } from '../../../../src/essentials/worker/stats.js';

describe('Stats', () => {
  it('reads missing counters as 0 and increments them', () => {
    const stats = new Stats();
    expect(stats.get('rows')).toBe(0);
    stats.increment('rows');
    stats.increment('rows', 4);
    expect(stats.get('rows')).toBe(5);
  });

  describe('reset', () => {
    it('carries numeric counters over into total_* (spec example)', () => {
      // Prepare
      const stats = new Stats();
      stats.increment('processor_calls');
      stats.increment('calls_register_clients');
      stats.set('time_register_clients', 0.004);

      // Act
      stats.reset();

      // Assert
      expect(stats.snapshot()).toEqual({
        total_processor_calls: 1,
        total_calls_register_clients: 1,
        total_time_register_clients: 0.004,
      });
    });

    it('adds to existing totals on the next reset', () => {
      const stats = new Stats();
      stats.increment('processor_calls');
      stats.reset();
      stats.increment('processor_calls');
      stats.reset();
      expect(stats.snapshot()).toEqual({ total_processor_calls: 2 });
    });

    it('keeps lifetime keys as they are and drops non-numeric values', () => {
      const stats = new Stats(['warm_since']);
      stats.set('warm_since', 1700000000);
      stats.set('label', 'x');
      stats.reset();
      expect(stats.snapshot()).toEqual({ warm_since: 1700000000 });
    });
  });

  describe('carryOver', () => {
    it("folds another map's per-run counters into this map's totals", () => {
      const totals = new Stats();
      const run = new Stats();
      run.increment('processor_calls');
      run.increment('rows', 3);
      run.set('total_ignored', 10);
      totals.carryOver(run);
      totals.carryOver({ processor_calls: 1 });
      expect(totals.snapshot()).toEqual({ total_processor_calls: 2, total_rows: 3 });
    });
  });

  it('returns snapshots that do not change the counters', () => {
    const stats = new Stats();
    stats.increment('a');
    const snapshot = stats.snapshot();
    snapshot.a = 100;
    expect(stats.get('a')).toBe(1);
    expect(stats.isEmpty()).toBe(false);
  });
});
