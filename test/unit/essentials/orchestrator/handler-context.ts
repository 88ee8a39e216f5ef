/** A Lambda-like context whose remaining time follows a manual clock. */
import type { Clock } from '../../../../src/core/clock.js';
import type { EssentialContext } from '../../../../src/essentials/essential-handler.js';

let counter = 0;

export function lambdaContext(clock: Clock, remainingMs: number, functionName = 'sosw_essential'): EssentialContext {
  const deadline = clock.now() + remainingMs;
  counter += 1;
  return {
    awsRequestId: `request-${counter}`,
    functionName,
    logStreamName: `2024/01/01/[$LATEST]${counter}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now()),
  };
}
