/**
 * The abstract Worker: the one class users extend (STYLE practice 3). Users implement
 * `process(payload, ctx)`; the base parses the event, counts the call, runs the work and THEN
 * reports completion or failure to the WorkerAssistant through the Invoker (weaknesses 48, 49).
 */

import type { Clock } from '../../core/clock.js';
import type { ConfigDocument } from '../../core/config/deep-merge.js';
import { describeValue, SoswError } from '../../core/errors.js';
import { NonRetriableError } from '../../core/worker-errors.js';
import type { Invoker } from '../../ports/invoker.js';
import type { MetaLog } from '../../ports/meta-log.js';
import { uniqueStamp } from '../task-manager/audit-batch.js';
import { createWorkerContext } from './context.js';
import { parseWorkerEvent, taskRefOf } from './event.js';
import { type JsonProblem, jsonProblem } from './json-data.js';
import { Processor } from './processor.js';
import { markRecordedDeath } from './recorded-deaths.js';
import {
  buildReport,
  completionResult,
  describeFailure,
  failureResult,
  type ReportDelivery,
  type ReportRetryOptions,
  sendReport,
} from './report.js';
import { Stats, type StatsSnapshot } from './stats.js';
import {
  DEFAULT_WORKER_ASSISTANT,
  type InvocationContext,
  type TaskRef,
  type WorkerContext,
  type WorkerHandler,
  type WorkerOutcome,
} from './types.js';

/** Config every worker starts from (the original's Worker `DEFAULT_CONFIG`). */
export const WORKER_DEFAULT_CONFIG: Readonly<ConfigDocument> = Object.freeze({
  sosw_worker_assistant_lambda: DEFAULT_WORKER_ASSISTANT,
});

/** What a Worker is built with. */
export interface WorkerRuntime {
  /** Invokes the WorkerAssistant with reports. */
  readonly invoker: Invoker;
  /** Config, totals, logger, notifier. @defaultValue `new Processor({ config: WORKER_DEFAULT_CONFIG })` */
  readonly processor?: Processor | undefined;
  /** Retries of a failed report. @defaultValue 3 tries, 200 ms then 400 ms apart */
  readonly reportRetry?: ReportRetryOptions | undefined;
  /** How to wait between report tries (tests pass a recorder). @defaultValue setTimeout */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Optional audit trail: `completed` / `failed` rows, like the original's worker MetaHandler. */
  readonly metaLog?: MetaLog | undefined;
  /** Clock for audit rows. Required with `metaLog`. */
  readonly clock?: Clock | undefined;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function assistantName(config: Readonly<ConfigDocument>): string {
  const name = config.sosw_worker_assistant_lambda ?? DEFAULT_WORKER_ASSISTANT;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new SoswError(
      'config.invalid',
      `Config sosw_worker_assistant_lambda must be a function name or ARN, got ${describeValue(name)}.`,
      {
        details: { field: 'sosw_worker_assistant_lambda' },
      },
    );
  }
  return name;
}

/**
 * Extend it and implement `process()`. Throw `NonRetriableError` or `RetryLaterError` to steer
 * the retry; anything else is reported as a retriable failure.
 *
 * @example
 * class Resize extends Worker<{ key: string }, { bytes: number }> {
 *   public async process(payload: { key: string }, ctx: WorkerContext): Promise<{ bytes: number }> {
 *     ctx.stats.increment('images');
 *     return { bytes: await resize(payload.key) };
 *   }
 * }
 * export const handler = lambdaHandler(Resize, { invoker });
 */
export abstract class Worker<P = Record<string, unknown>, R = unknown> {
  /** Config, lifetime counters (`total_*`), logger and `die()`. */
  protected readonly processor: Processor;
  /** The assembled config. */
  protected readonly config: Readonly<ConfigDocument>;
  readonly #runtime: WorkerRuntime;
  readonly #assistant: string;
  /** How reports are delivered: the same for every task, so built once. */
  readonly #delivery: ReportDelivery;

  public constructor(runtime: WorkerRuntime) {
    this.#runtime = runtime;
    this.processor = runtime.processor ?? new Processor({ config: WORKER_DEFAULT_CONFIG });
    this.config = this.processor.config;
    this.#assistant = assistantName(this.config);
    this.#delivery = {
      invoker: runtime.invoker,
      functionName: this.#assistant,
      logger: this.processor.logger,
      retry: runtime.reportRetry,
      sleep: runtime.sleep ?? realSleep,
    };
  }

  /** Do the work for one task. The returned object becomes the report's `result`. */
  public abstract process(payload: P, ctx: WorkerContext): Promise<R> | R;

  /** Turn the event into the payload. Override to validate; throw `NonRetriableError` for bad input. */
  protected parsePayload(event: Record<string, unknown>): P {
    return event as P;
  }

  /** Lifetime counters of this worker (`total_*` after each invocation). */
  public getStats(): StatsSnapshot {
    return this.processor.getStats();
  }

  /** Give up: notify through the Notifier and throw `processor.died` (at once: see Processor.die). */
  protected die(message?: string, cause?: unknown): Promise<never> {
    return this.processor.die(message, cause);
  }

  /** The handler both styles produce; bound, so `worker.handle` can be passed around. */
  public readonly handle: WorkerHandler = (event, ctx) => this.#run(event, ctx);

  async #run(event: unknown, invocation: InvocationContext): Promise<WorkerOutcome<R>> {
    const parsed = parseWorkerEvent(event);
    const task = taskRefOf(parsed);
    const stats = new Stats();
    stats.increment('processor_calls');
    // A ctx.die() whose throw the handler never sees (in a callback it did not await) still fails
    // this run; one made after the run settled cannot change its report, so it does not throw.
    const run: { settled: boolean; death?: unknown } = { settled: false };
    const ctx = createWorkerContext(invocation, {
      task,
      stats,
      logger: this.processor.logger,
      config: this.config,
      die: (message, cause) => (run.settled ? this.#lateDie(task, message, cause) : this.#dieInRun(run, message, cause)),
    });
    try {
      let outcome: WorkerOutcome<R>;
      try {
        const result = await this.process(this.parsePayload(parsed), ctx);
        if (run.death !== undefined) throw run.death;
        outcome = { status: 'completed', taskId: task?.taskId, result };
      } catch (error) {
        if (task === undefined) {
          if (this.processor.pendingNotices > 0) await this.processor.noticesSent();
          throw error;
        }
        outcome = failedOutcome(task, run.death ?? error, ctx);
      } finally {
        run.settled = true;
      }
      // A die() notice goes out before the report (and before Lambda may freeze the container).
      if (this.processor.pendingNotices > 0) await this.processor.noticesSent();
      if (task === undefined) return outcome;
      // Checked here, not left to the invoker: every invoker (Lambda, in-process, a test's
      // RecordingInvoker) then fails the same way, before three doomed delivery tries.
      const problem = outcome.status === 'completed' ? jsonProblem(outcome.result) : undefined;
      if (problem !== undefined) outcome = failedOutcome(task, resultNotJsonError(problem), ctx);
      await this.#report(task, outcome, stats, invocation);
      return outcome;
    } finally {
      this.processor.stats.carryOver(stats);
    }
  }

  #dieInRun(run: { death?: unknown }, message?: string, cause?: unknown): Promise<never> {
    try {
      return this.die(message, cause);
    } catch (error) {
      run.death ??= error;
      markRecordedDeath(error);
      throw error;
    }
  }

  /** die() after the run settled: the notice goes out, and the rejection is handled (no crash); awaiting it still throws. */
  #lateDie(task: TaskRef | undefined, message?: string, cause?: unknown): Promise<never> {
    this.processor.logger.warn(
      { taskId: task?.taskId },
      'die() was called after the handler returned: the outcome of the task is already decided, so it cannot fail it; await ctx.die() inside the handler',
    );
    let late: Promise<never>;
    try {
      late = this.die(message, cause);
    } catch (error) {
      markRecordedDeath(error);
      late = Promise.reject(error);
    }
    late.catch(() => undefined);
    return late;
  }

  async #report(task: TaskRef, outcome: WorkerOutcome<R>, stats: Stats, invocation: InvocationContext): Promise<void> {
    const snapshot = Object.assign(this.processor.stats.snapshot(), stats.snapshot());
    const result = outcome.status === 'completed' ? completionResult(outcome.result) : failureResult(describeOutcome(outcome));
    await sendReport(this.#delivery, buildReport(task, outcome.status, snapshot, result));
    if (this.#runtime.metaLog !== undefined) await this.#audit(task, outcome.status, invocation);
  }

  async #audit(task: TaskRef, status: 'completed' | 'failed', invocation: InvocationContext): Promise<void> {
    const { metaLog, clock } = this.#runtime;
    if (!metaLog || !clock) return;
    try {
      await metaLog.write([
        {
          taskId: task.taskId,
          createdAt: uniqueStamp(task.taskId, clock.now() / 1000),
          action: status,
          labourerId: task.labourerId,
          author: invocation.functionName,
          invocationId: invocation.requestId,
          logStreamName: invocation.logStreamName,
        },
      ]);
    } catch (error) {
      this.processor.logger.warn({ error, taskId: task.taskId }, 'Audit row could not be written (the report was delivered)');
    }
  }
}

function failedOutcome<R>(task: TaskRef, error: unknown, ctx: WorkerContext): WorkerOutcome<R> {
  const failure = describeFailure(error);
  ctx.logger.error({ error, code: failure.code, retriable: failure.retriable }, 'Task failed');
  return {
    status: 'failed',
    taskId: task.taskId,
    error: { code: failure.code, message: failure.message },
    retriable: failure.retriable,
    retryAfterSeconds: failure.retryAfterSeconds,
  };
}

/**
 * A result JSON cannot carry would fail the same way on every attempt (the same code returns the
 * same kind of value), so it is non-retriable rather than a retry storm that ends "expired".
 */
function resultNotJsonError(problem: JsonProblem): NonRetriableError {
  return new NonRetriableError(
    `The worker's result is not JSON-serializable: ${problem.path} is ${problem.reason}. ` +
      'Return plain JSON data (objects, arrays, strings, finite numbers, booleans, null); convert a BigInt to a string or number and drop circular references.',
    { details: { field: problem.path, reason: problem.reason } },
  );
}

function describeOutcome(outcome: Extract<WorkerOutcome, { status: 'failed' }>): Parameters<typeof failureResult>[0] {
  return { ...outcome.error, retriable: outcome.retriable, retryAfterSeconds: outcome.retryAfterSeconds };
}
