import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../../src/core/config/task-config.js';
import { LINEAR_RETRY, shouldRetry, taskRetryDelaySeconds } from '../../../../src/core/task/retry-policy.js';

describe('taskRetryDelaySeconds', () => {
  it('is max_duration x attempts by default: 45 x 5 = 225 (spec example)', () => {
    expect(taskRetryDelaySeconds(LINEAR_RETRY, { maxDuration: 45, attempts: 5 })).toBe(225);
  });

  it.each([
    [1, 300],
    [2, 600],
    [3, 900],
  ])('grows linearly: attempt %d of a 300 s function waits %d s', (attempts, delay) => {
    expect(taskRetryDelaySeconds(LINEAR_RETRY, { maxDuration: 300, attempts })).toBe(delay);
  });

  const exponential: RetryPolicy = { strategy: 'exponential', baseSeconds: 60, factor: 2, maxSeconds: 600, jitter: 0.5 };

  it.each([
    [1, 0, 60],
    [2, 0, 120],
    [3, 0, 240],
    [4, 0, 480],
    [5, 0, 600],
    [9, 0, 600],
    [2, 1, 60],
    [2, 0.5, 90],
    [5, 0.999999, 300],
  ])('backs off exponentially with a cap and jitter: attempt %d, random %d -> %d s', (attempts, random, delay) => {
    expect(taskRetryDelaySeconds(exponential, { maxDuration: 999, attempts }, () => random)).toBe(delay);
  });

  it('never waits less than a second and clamps a bad random source', () => {
    const tiny: RetryPolicy = { strategy: 'exponential', baseSeconds: 1, factor: 1, maxSeconds: 1, jitter: 1 };
    expect(taskRetryDelaySeconds(tiny, { maxDuration: 1, attempts: 1 }, () => 5)).toBe(1);
    expect(taskRetryDelaySeconds(exponential, { maxDuration: 1, attempts: 1 }, () => -3)).toBe(60);
  });
});

describe('shouldRetry', () => {
  it.each([
    [1, 3, true],
    [2, 3, true],
    [3, 3, false],
    [4, 3, false],
  ])('attempts %d of max %d -> %s', (attempts, max, expected) => {
    expect(shouldRetry(attempts, max)).toBe(expected);
  });
});
