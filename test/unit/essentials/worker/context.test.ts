import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { createInvocationContext, invocationContextFromLambda, withFields } from '../../../../src/essentials/worker/context.js';
import type { Logger } from '../../../../src/ports/logger.js';
import { makeLambdaContext } from './helpers.js';

describe('createInvocationContext', () => {
  it('counts the remaining time down on the given clock', () => {
    const clock = new ManualClock(1_000);
    const ctx = createInvocationContext({ functionName: 'fn', requestId: 'r1', deadlineMs: 6_000, clock });
    expect(ctx.remainingTimeMs()).toBe(5_000);
    clock.advance(10_000);
    expect(ctx.remainingTimeMs()).toBe(0);
  });

  it('has no limit without a deadline and generates a request id', () => {
    const a = createInvocationContext({ functionName: 'fn' });
    const b = createInvocationContext({ functionName: 'fn' });
    expect(a.remainingTimeMs()).toBe(Number.POSITIVE_INFINITY);
    expect(a.requestId).not.toBe(b.requestId);
  });
});

describe('invocationContextFromLambda', () => {
  it('copies the Lambda facts and passes a signal on when the context carries one', () => {
    const signal = new AbortController().signal;
    const lambda = Object.assign(makeLambdaContext({ awsRequestId: 'r9', getRemainingTimeInMillis: () => 77 }), { signal });
    const ctx = invocationContextFromLambda(lambda);
    expect(ctx).toMatchObject({ functionName: 'my_worker', requestId: 'r9', logStreamName: '2024/01/01/[$LATEST]abc', signal });
    expect(ctx.remainingTimeMs()).toBe(77);
    expect(invocationContextFromLambda(makeLambdaContext()).signal).toBeUndefined();
  });
});

describe('withFields', () => {
  it('adds the fields to every line', () => {
    const lines: Array<[string, Record<string, unknown>, string]> = [];
    const base: Logger = {
      debug: (f, m) => void lines.push(['debug', f, m]),
      info: (f, m) => void lines.push(['info', f, m]),
      warn: (f, m) => void lines.push(['warn', f, m]),
      error: (f, m) => void lines.push(['error', f, m]),
    };
    const logger = withFields(base, { taskId: 't1' });
    logger.info({ n: 1 }, 'hello');
    logger.error({}, 'bad');
    expect(lines).toEqual([
      ['info', { taskId: 't1', n: 1 }, 'hello'],
      ['error', { taskId: 't1' }, 'bad'],
    ]);
  });
});
