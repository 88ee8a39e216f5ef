/**
 * Shapes shared by both worker styles (the `Worker` class and `defineWorker`), the Lambda
 * handler and the embedded runtime.
 *
 * The contract the embedded runtime builds on: build a worker once (`buildWorker`), then call
 * its {@link WorkerHandler} `worker.handle(event, ctx)` in-process for every task, with a fresh
 * {@link InvocationContext} each time (`createInvocationContext`). The handler parses the event,
 * runs `process()`, reports completion or failure to the WorkerAssistant through the Invoker,
 * and resolves with a {@link WorkerOutcome}. It may be called concurrently: per-invocation
 * state lives in the context, never on the worker.
 */
import type { ConfigDocument } from '../../core/config/deep-merge.js';
import type { Logger } from '../../ports/logger.js';
import type { Stats, StatsSnapshot } from './stats.js';

/** Facts about the current invocation, provided by whoever invokes the worker. */
export interface InvocationContext {
  /** The running function's name (Lambda `functionName`, or the labourer id locally). */
  readonly functionName: string;
  /** Unique id of this invocation (Lambda `awsRequestId`). */
  readonly requestId: string;
  /** Lambda log stream, when there is one. */
  readonly logStreamName?: string | undefined;
  /** The ARN the caller invoked, when known. */
  readonly invokedFunctionArn?: string | undefined;
  /** Milliseconds left before the invocation is cut off (`Infinity` when there is no limit). */
  remainingTimeMs(): number;
  /** Aborted when the invocation is abandoned (embedded runtime); long work should stop then. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The one entry shape every worker produces: `(event, ctx) => Promise<outcome>`. `event` is the
 * task payload merged with the task fields (`task_id`, `attempts`, ...) as an object or JSON text.
 */
export type WorkerHandler = (event: unknown, ctx: InvocationContext) => Promise<unknown>;

/** The task an event belongs to; absent for manual invocations (no `task_id`). */
export interface TaskRef {
  readonly taskId: string;
  readonly labourerId?: string | undefined;
  /** The `attempts` value the event carried (sent back in the report). */
  readonly attempts?: number | undefined;
  /** The `invocation` value the event carried (sent back in the report). */
  readonly invocation?: number | undefined;
}

/** What `process()` receives besides the payload: one object per invocation. */
export interface WorkerContext extends InvocationContext {
  /** The task, when the event came from the Orchestrator. */
  readonly task: TaskRef | undefined;
  /** Counters of this invocation; sent as `stats` in the report, then folded into `total_*`. */
  readonly stats: Stats;
  /** The logger, with `taskId` and `requestId` on every line. */
  readonly logger: Logger;
  /** The worker's assembled config (read once per container). */
  readonly config: Readonly<ConfigDocument>;
  /** Give up: notify through the Notifier and throw a `processor.died` error (reported as a failure). */
  die(message?: string, cause?: unknown): Promise<never>;
}

/** How one invocation ended, as `handle()` resolves. */
export type WorkerOutcome<R = unknown> =
  | { readonly status: 'completed'; readonly taskId?: string | undefined; readonly result: R }
  | {
      readonly status: 'failed';
      readonly taskId: string;
      readonly error: { readonly code: string; readonly message: string };
      readonly retriable: boolean;
      readonly retryAfterSeconds?: number | undefined;
    };

/** WorkerAssistant actions, byte-identical to the original. */
export const WORKER_REPORT_ACTIONS = ['mark_task_as_completed', 'mark_task_as_failed'] as const;
export type WorkerReportAction = (typeof WORKER_REPORT_ACTIONS)[number];

/**
 * The event a worker sends to the WorkerAssistant (wire-compatible with the original, plus
 * `attempts`, so a late report for an older attempt can be ignored).
 *
 * On failure `result` holds:
 * - `error`: the error message; `code`: the SoswError code, a Node error code, or `worker.failed`;
 * - `retriable: false` when the worker threw `NonRetriableError` (stored as `result_retriable`):
 *   the task may be closed as dead instead of retried;
 * - `retry_after_seconds` when the worker threw `RetryLaterError` (stored as
 *   `result_retry_after_seconds`): do not retry before that many seconds.
 */
export interface WorkerReportEvent {
  readonly action: WorkerReportAction;
  readonly task_id: string;
  /** The `labourer_id` of the event the worker ran (omitted when the event had none): the WorkerAssistant's metrics and audit row name it. */
  readonly labourer_id?: string;
  /** The `attempts` value of the event the worker ran (omitted when the event had none). */
  readonly attempts?: number;
  /** The `invocation` value of the event the worker ran (omitted when the event had none): never reused, even after a redrive. */
  readonly invocation?: number;
  /** The worker's counters (omitted when empty). */
  readonly stats?: StatsSnapshot;
  /** The worker's result, or the failure description (omitted when empty). */
  readonly result?: Record<string, unknown>;
}

/** Default name of the WorkerAssistant function (config `sosw_worker_assistant_lambda`). */
export const DEFAULT_WORKER_ASSISTANT = 'sosw_worker_assistant';
