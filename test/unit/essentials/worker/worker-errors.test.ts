import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { NonRetriableError, RetryLaterError, retryDelaySeconds } from '../../../../src/core/worker-errors.js';

describe('NonRetriableError', () => {
  it('is a SoswError with code worker.nonRetriable', () => {
    const error = new NonRetriableError('no such user', { cause: new Error('404') });
    expect(error).toBeInstanceOf(SoswError);
    expect(error).toMatchObject({ code: 'worker.nonRetriable', name: 'NonRetriableError', message: 'no such user' });
    expect(SoswError.is(error, 'worker')).toBe(true);
  });
});

describe('RetryLaterError', () => {
  it('carries the delay in seconds', () => {
    const error = new RetryLaterError(90);
    expect(error).toMatchObject({ code: 'worker.retryLater', retryAfterSeconds: 90, details: { retryAfterSeconds: 90 } });
    expect(error.message).toBe('Retry this task in 90 seconds.');
  });
});

describe('retryDelaySeconds', () => {
  it.each([
    [30, 30],
    [1.2, 2],
    ['500ms', 1],
    ['30s', 30],
    ['5m', 300],
    ['2h', 7200],
    ['1.5m', 90],
  ] as const)('converts %s to %i seconds', (delay, seconds) => {
    expect(retryDelaySeconds(delay)).toBe(seconds);
  });

  it.each([[-1], [Number.NaN], ['5 minutes'], ['']])('rejects %s with a message naming the field', (delay) => {
    expect(() => retryDelaySeconds(delay as never)).toThrow(/RetryLaterError delay must be/);
  });
});
