/** Building the per-invocation context objects (no module globals: STYLE practice 12). */

import { type Clock, systemClock } from '../../core/clock.js';
import type { ConfigDocument } from '../../core/config/deep-merge.js';
import type { Logger } from '../../ports/logger.js';
import type { LambdaContext } from './lambda-context.js';
import type { Stats } from './stats.js';
import type { InvocationContext, TaskRef, WorkerContext } from './types.js';

/** Inputs for {@link createInvocationContext}. */
export interface InvocationContextOptions {
  readonly functionName: string;
  /** @defaultValue a random UUID */
  readonly requestId?: string | undefined;
  readonly logStreamName?: string | undefined;
  readonly invokedFunctionArn?: string | undefined;
  /** Epoch milliseconds at which the invocation is cut off. @defaultValue no limit */
  readonly deadlineMs?: number | undefined;
  /** Clock for `remainingTimeMs()`. @defaultValue the system clock */
  readonly clock?: Clock | undefined;
  /** Aborted when the invocation is abandoned. @defaultValue none */
  readonly signal?: AbortSignal | undefined;
}

/**
 * A context for in-process invocations (embedded runtime, tests).
 *
 * @example
 * await worker.handle({ task_id: 'abc', attempts: 1 }, createInvocationContext({ functionName: 'my_worker' }));
 */
export function createInvocationContext(options: InvocationContextOptions): InvocationContext {
  const clock = options.clock ?? systemClock;
  const deadline = options.deadlineMs;
  return Object.freeze({
    functionName: options.functionName,
    requestId: options.requestId ?? globalThis.crypto.randomUUID(),
    logStreamName: options.logStreamName,
    invokedFunctionArn: options.invokedFunctionArn,
    remainingTimeMs: (): number => (deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline - clock.now())),
    signal: options.signal,
  });
}

/**
 * The invocation context of a Lambda call. A Lambda-like context that carries an `AbortSignal`
 * under `signal` (the embedded runtime's) passes it on.
 *
 * @example
 * const ctx = invocationContextFromLambda(context);
 */
export function invocationContextFromLambda(context: LambdaContext): InvocationContext {
  return Object.freeze({
    functionName: context.functionName,
    requestId: context.awsRequestId,
    logStreamName: context.logStreamName,
    invokedFunctionArn: context.invokedFunctionArn,
    remainingTimeMs: (): number => context.getRemainingTimeInMillis(),
    signal: signalOf(context),
  });
}

function signalOf(context: object): AbortSignal | undefined {
  const signal = (context as { signal?: unknown }).signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

/** A logger that adds `fields` to every line. */
export function withFields(logger: Logger, fields: Record<string, unknown>): Logger {
  return {
    debug: (more, message): void => logger.debug({ ...fields, ...more }, message),
    info: (more, message): void => logger.info({ ...fields, ...more }, message),
    warn: (more, message): void => logger.warn({ ...fields, ...more }, message),
    error: (more, message): void => logger.error({ ...fields, ...more }, message),
  };
}

/** What a worker adds to the invocation facts. */
export interface WorkerContextParts {
  readonly task: TaskRef | undefined;
  readonly stats: Stats;
  readonly logger: Logger;
  readonly config: Readonly<ConfigDocument>;
  readonly die: (message?: string, cause?: unknown) => Promise<never>;
}

/**
 * The context `process()` receives: the invocation facts plus the task, counters, logger and config.
 * `signal` and `logger` are getters, made on first use: most runs read neither, and reading a
 * runtime's signal may create its AbortController. A class, not an object literal: a literal with
 * getters is a dictionary-mode object (about 1.3 KB per run against about 0.15 KB), and one is made
 * per task.
 */
class TaskContext implements WorkerContext {
  public readonly functionName: string;
  public readonly requestId: string;
  public readonly logStreamName: string | undefined;
  public readonly invokedFunctionArn: string | undefined;
  /** Own functions (not methods), so they work when taken off the context. */
  public readonly remainingTimeMs: () => number;
  public readonly task: TaskRef | undefined;
  public readonly stats: Stats;
  public readonly config: Readonly<ConfigDocument>;
  public readonly die: (message?: string, cause?: unknown) => Promise<never>;
  readonly #invocation: InvocationContext;
  readonly #parentLogger: Logger;
  #logger: Logger | undefined;

  public constructor(invocation: InvocationContext, parts: WorkerContextParts) {
    this.functionName = invocation.functionName;
    this.requestId = invocation.requestId;
    this.logStreamName = invocation.logStreamName;
    this.invokedFunctionArn = invocation.invokedFunctionArn;
    this.remainingTimeMs = (): number => invocation.remainingTimeMs();
    this.task = parts.task;
    this.stats = parts.stats;
    this.config = parts.config;
    this.die = parts.die;
    this.#invocation = invocation;
    this.#parentLogger = parts.logger;
    Object.freeze(this);
  }

  public get signal(): AbortSignal | undefined {
    return this.#invocation.signal;
  }

  public get logger(): Logger {
    this.#logger ??= withFields(this.#parentLogger, {
      requestId: this.requestId,
      ...(this.task ? { taskId: this.task.taskId } : {}),
    });
    return this.#logger;
  }
}

/** The context `process()` receives (see TaskContext). */
export function createWorkerContext(invocation: InvocationContext, parts: WorkerContextParts): WorkerContext {
  return new TaskContext(invocation, parts);
}
