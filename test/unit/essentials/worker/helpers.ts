/** Builders for worker tests: a fake Lambda context and a silent processor. */
import type { Context } from 'aws-lambda';
import { createInvocationContext } from '../../../../src/essentials/worker/context.js';
import type { InvocationContext } from '../../../../src/essentials/worker/types.js';

let counter = 0;

/** A Lambda context with a fresh request id; `overrides` replace fields. */
export function makeLambdaContext(overrides: Partial<Context> = {}): Context {
  counter += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'my_worker',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789000:function:my_worker',
    memoryLimitInMB: '128',
    awsRequestId: `request-${counter}`,
    logGroupName: '/aws/lambda/my_worker',
    logStreamName: '2024/01/01/[$LATEST]abc',
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
    ...overrides,
  };
}

/** An in-process invocation context for `worker.handle`. */
export function makeInvocation(functionName = 'my_worker'): InvocationContext {
  counter += 1;
  return createInvocationContext({ functionName, requestId: `local-${counter}` });
}

/**
 * Records every unhandled promise rejection until `stop()`; `settle()` lets Node's rejection
 * tracking run (it reports after the microtask queue drains, so a macrotask is needed).
 */
export function watchUnhandledRejections(): { readonly reasons: unknown[]; settle(): Promise<void>; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', listener);
  return {
    reasons,
    settle: () => new Promise((resolve) => setTimeout(resolve, 5)),
    stop: () => {
      process.off('unhandledRejection', listener);
    },
  };
}
