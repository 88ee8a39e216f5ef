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

/** Where a context reads the time and its run's signal (the run itself: no closure per run). */
export interface ContextSource {
  now(): number;
  /** The run's signal, created on first read. */
  signal(): AbortSignal;
}

/**
 * One invocation's context. The names derived from the function and request (ARN, log group and
 * stream) are getters on the prototype, built when read: most runs read none of them.
 */
class LocalContext implements LocalInvocationContext {
  public readonly functionName: string;
  public readonly functionVersion = '$LATEST';
  public readonly memoryLimitInMB = '0';
  public readonly awsRequestId: string;
  public readonly requestId: string;
  public callbackWaitsForEmptyEventLoop = false;
  public readonly deadlineMs: number;
  public readonly getRemainingTimeInMillis: () => number;
  public readonly remainingTimeMs: () => number;
  readonly #source: ContextSource;

  public constructor(functionName: string, requestId: string, deadlineMs: number, source: ContextSource) {
    this.functionName = functionName;
    this.awsRequestId = requestId;
    this.requestId = requestId;
    this.deadlineMs = deadlineMs;
    // Own functions (not methods), so they work when taken off the context.
    const remaining = (): number => Math.max(0, deadlineMs - source.now());
    this.getRemainingTimeInMillis = remaining;
    this.remainingTimeMs = remaining;
    this.#source = source;
  }

  public get invokedFunctionArn(): string {
    return `arn:sosw:local:function:${this.functionName}`;
  }

  public get logGroupName(): string {
    return `/sosw/local/${this.functionName}`;
  }

  public get logStreamName(): string {
    return `local/[$LATEST]${this.requestId}`;
  }

  public get signal(): AbortSignal {
    return this.#source.signal();
  }
}

/** Build the Lambda-like context of one invocation. */
export function localContext(functionName: string, requestId: string, deadlineMs: number, source: ContextSource): LocalInvocationContext {
  return new LocalContext(functionName, requestId, deadlineMs, source);
}
