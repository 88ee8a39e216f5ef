/**
 * The context an in-process handler receives: the fields of an AWS Lambda context that workers
 * read (so a handler written for Lambda runs unchanged), plus an AbortSignal that fires when the
 * invocation is abandoned (time limit passed, or the runtime shut down).
 */
export interface LocalInvocationContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  /** A fresh id per invocation (the Lambda request id). */
  readonly awsRequestId: string;
  /** The same id, under the name the Worker framework reads. */
  readonly requestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  /** Epoch milliseconds after which the runtime abandons this invocation. */
  readonly deadlineMs: number;
  getRemainingTimeInMillis(): number;
  /** Same as getRemainingTimeInMillis (Worker framework spelling). */
  remainingTimeMs(): number;
  /** Aborted when the invocation is abandoned; long-running handlers should stop then. */
  readonly signal: AbortSignal;
}

/** A function the in-process invoker can run: a worker, the WorkerAssistant, any Lambda-style handler. */
export type InProcessHandler = (event: unknown, context: LocalInvocationContext) => unknown;

export interface ContextOptions {
  readonly functionName: string;
  readonly requestId: string;
  readonly deadlineMs: number;
  readonly now: () => number;
  /** The run's signal, created on first read. */
  readonly signal: () => AbortSignal;
}

/** Build the Lambda-like context of one invocation. */
export function createLocalContext(options: ContextOptions): LocalInvocationContext {
  const { functionName, requestId, deadlineMs, now, signal } = options;
  const remaining = (): number => Math.max(0, deadlineMs - now());
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:sosw:local:function:${functionName}`,
    memoryLimitInMB: '0',
    awsRequestId: requestId,
    requestId,
    logGroupName: `/sosw/local/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId}`,
    callbackWaitsForEmptyEventLoop: false,
    deadlineMs,
    getRemainingTimeInMillis: remaining,
    remainingTimeMs: remaining,
    get signal(): AbortSignal {
      return signal();
    },
  };
}
