import { describe, expect, it } from 'vitest';
import {
  appendPositions,
  DEFAULT_GREENFIELD_INVOCATION_DELTA,
  headPositions,
  invocationTime,
  invokedGreenfield,
  invokedState,
  isQueuedGreenfield,
  labourerWindow,
  QUEUE_POSITION_CEILING,
} from '../../../../src/core/task/greenfield.js';

describe('greenfield', () => {
  describe('labourerWindow', () => {
    it('computes the markers of the spec example (clock 123, defaults)', () => {
      expect(labourerWindow('w', 123.9)).toEqual({ labourerId: 'w', start: 123, invoked: 31_557_723, expired: 31_556_523 });
    });

    it('uses the given delta, duration and cooldown', () => {
      expect(labourerWindow('w', 1000, { delta: 100, durationSeconds: 10, cooldownSeconds: 5 })).toEqual({
        labourerId: 'w',
        start: 1000,
        invoked: 1100,
        expired: 1085,
      });
    });
  });

  describe('invokedGreenfield and invocationTime', () => {
    it('encode int(now) + delta and decode it back', () => {
      expect(invokedGreenfield(1_700_000_000.7)).toBe(1_700_000_000 + DEFAULT_GREENFIELD_INVOCATION_DELTA);
      expect(invokedGreenfield(50, 10)).toBe(60);
      expect(invocationTime(invokedGreenfield(1_700_000_000))).toBe(1_700_000_000);
      expect(invocationTime(60, 10)).toBe(50);
    });
  });

  describe('isQueuedGreenfield', () => {
    it('is strict: a greenfield equal to start is not queued', () => {
      expect(isQueuedGreenfield(99, 100)).toBe(true);
      expect(isQueuedGreenfield(100, 100)).toBe(false);
    });
  });

  describe('appendPositions', () => {
    it.each([
      ['an empty queue starts at 2000', null, 3, 1000, [2000, 3000, 4000]],
      ['continues after the newest', 5000, 2, 1000, [6000, 7000]],
      ['uses the step', 40, 2, 10, [50, 60]],
      ['returns nothing for zero tasks', 5000, 0, 1000, []],
    ] as const)('%s', (_name, newest, count, step, expected) => {
      expect(appendPositions(newest, count, step)).toEqual(expected);
    });

    it('defaults the step to 1000', () => {
      expect(appendPositions(null, 1)).toEqual([2000]);
    });
  });

  describe('headPositions', () => {
    it.each([
      ['puts retries before the oldest, first one lowest', 2000, 3, [1997, 1998, 1999]],
      ['behaves as 1000 for an empty queue', null, 2, [998, 999]],
      ['may go negative (queue positions are only an order)', 1, 3, [-2, -1, 0]],
    ] as const)('%s', (_name, oldest, count, expected) => {
      expect(headPositions(oldest, count)).toEqual(expected);
    });
  });

  describe('invokedState', () => {
    const window = labourerWindow('w', 1_700_000_000);
    it.each([
      ['queued below start', window.start - 1, 'queued'],
      ['expired at start', window.start, 'expired'],
      ['expired just below the expired marker', window.expired - 1, 'expired'],
      ['running at the expired marker (one state, unlike the original)', window.expired, 'running'],
      ['running at invoked', window.invoked, 'running'],
      ['running above invoked too (no upper bound: overlapping runs count)', window.invoked + 1, 'running'],
    ] as const)('%s', (_name, greenfield, expected) => {
      expect(invokedState(greenfield, window)).toBe(expected);
    });
  });
});

describe('appendPositions near the ceiling', () => {
  it('shrinks the step so queued positions never reach epoch-like values', () => {
    const positions = appendPositions(QUEUE_POSITION_CEILING - 10_000, 100);
    expect(positions[0]).toBe(QUEUE_POSITION_CEILING - 10_000 + 100);
    expect(positions.at(-1)).toBeLessThanOrEqual(QUEUE_POSITION_CEILING);
    expect(new Set(positions).size).toBe(100);
  });

  it('falls back to a step of 1 past the ceiling, still strictly increasing', () => {
    const positions = appendPositions(QUEUE_POSITION_CEILING + 5, 3);
    expect(positions).toEqual([QUEUE_POSITION_CEILING + 6, QUEUE_POSITION_CEILING + 7, QUEUE_POSITION_CEILING + 8]);
  });
});
