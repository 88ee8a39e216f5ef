import { type Clock, epochSeconds, epochSecondsFloat, systemClock } from '../../core/clock.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { MetaEntry, MetaLog } from '../../ports/meta-log.js';
import { type Metrics, noopMetrics } from '../../ports/metrics.js';
import type { ReportOutcome, TaskStore } from '../../ports/task-store.js';
import { AuditBatch, uniqueStamp } from '../task-manager/audit-batch.js';
import { type AssistantAction, type AssistantEvent, parseAssistantEvent } from './assistant-event.js';

export interface WorkerAssistantOptions {
  readonly store: TaskStore;
  readonly metaLog?: MetaLog | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  readonly metrics?: Metrics | undefined;
  /** Audit `author`. @defaultValue 'sosw_worker_assistant' */
  readonly author?: string | undefined;
  /**
   * Hand the audit row to the store, which writes it into its own meta table in the same atomic
   * write as the report (one DynamoDB request per report instead of two). Turn off only when
   * `metaLog` writes somewhere else than the store's meta table. Rows are written only when a
   * `metaLog` is given.
   * @defaultValue true
   */
  readonly auditWithReport?: boolean | undefined;
}

export interface AssistantContext {
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
}

export type WorkerAssistantResult =
  | { readonly action: AssistantAction; readonly taskId: string; readonly applied: true }
  | {
      readonly action: AssistantAction;
      readonly taskId: string;
      readonly applied: false;
      readonly reason: Extract<ReportOutcome, { applied: false }>['reason'];
    };

/**
 * Records what workers report (the original's WorkerAssistant): `mark_task_as_completed` sets
 * `completed_at` and `stat_*` / `result_*`; `mark_task_as_failed` also increments `failed_attempts`.
 * Reports are conditional: an unknown, archived or re-queued task is left alone, and a report for
 * another attempt changes nothing. A rejected report is answered, not thrown, so that asynchronous
 * callers are not retried for nothing.
 *
 * @example
 * await new WorkerAssistant({ store }).handle({ action: 'mark_task_as_completed', task_id: id, attempts: 1 });
 */
export class WorkerAssistant {
  readonly #options: WorkerAssistantOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: Metrics;

  public constructor(options: WorkerAssistantOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#metrics = options.metrics ?? noopMetrics;
  }

  /** Validate the event (`event.invalid` otherwise) and apply the report. */
  public async handle(event: unknown, context: AssistantContext = {}): Promise<WorkerAssistantResult> {
    const e = parseAssistantEvent(event);
    const now = epochSeconds(this.#clock);
    const completed = e.action === 'mark_task_as_completed';
    const action = completed ? 'marked_as_completed' : 'marked_as_failed';
    const author = this.#options.author ?? 'sosw_worker_assistant';
    const withReport = this.#options.metaLog !== undefined && this.#options.auditWithReport !== false;
    // Built before the report, so it carries what the worker said: its labourer and attempt, when given.
    const audit: MetaEntry | undefined = withReport
      ? {
          taskId: e.taskId,
          createdAt: uniqueStamp(e.taskId, epochSecondsFloat(this.#clock)),
          action,
          labourerId: e.labourerId,
          author,
          invocationId: context.invocationId,
          logStreamName: context.logStreamName,
          extra: auditExtra(e.attempt, completed ? undefined : e.result),
        }
      : undefined;
    const outcome = await this.#options.store.report({
      taskId: e.taskId,
      outcome: completed ? 'completed' : 'failed',
      at: now,
      stats: e.stats,
      result: e.result,
      // Invoked tasks carry greenfield = invocation time + delta, far above any "now"; queued ones are below it.
      invokedAtLeast: now,
      attempt: e.attempt,
      invocation: e.invocation,
      // A report naming another labourer than the task's is rejected (and audited below), never applied.
      labourerId: e.labourerId,
      audit,
    });
    if (!outcome.applied) {
      if (outcome.reason === 'otherLabourer') await this.#auditForeignReport(e, author, context);
      this.#metrics.count('report_rejected', e.labourerId ?? 'unknown', 1);
      this.#logger.warn(
        { taskId: e.taskId, action: e.action, reason: outcome.reason, ...(e.attempt === undefined ? {} : { attempt: e.attempt }) },
        'Report changed nothing',
      );
      return { action: e.action, taskId: e.taskId, applied: false, reason: outcome.reason };
    }
    this.#metrics.count(
      completed ? 'completed' : 'failed',
      (outcome.task === undefined ? outcome.labourerId : outcome.task.labourerId) ?? e.labourerId ?? 'unknown',
      1,
    );
    if (outcome.audited !== true) {
      // No row written with the report (not asked for, or the store could not): write it through the MetaLog.
      const batch = new AuditBatch(this.#options.metaLog, { author, ...context }, this.#clock, this.#logger);
      batch.add(action, e.taskId, outcome.task.labourerId, auditExtra(outcome.task.attempts, completed ? undefined : e.result));
      await batch.flush();
    }
    return { action: e.action, taskId: e.taskId, applied: true };
  }

  /** A report that named another labourer than the task's: a `report_rejected` row under the task's own labourer. */
  async #auditForeignReport(e: AssistantEvent, author: string, context: AssistantContext): Promise<void> {
    if (this.#options.metaLog === undefined) return;
    const task = await this.#options.store.get(e.taskId);
    if (task === null) return;
    const batch = new AuditBatch(this.#options.metaLog, { author, ...context }, this.#clock, this.#logger);
    batch.add('report_rejected', e.taskId, task.labourerId, {
      reason: 'otherLabourer',
      reported_labourer_id: e.labourerId,
      action: e.action,
      ...(e.attempt === undefined ? {} : { attempt: e.attempt }),
    });
    await batch.flush();
  }
}

/** Longest error text kept in an audit row (the row must stay far below DynamoDB's item size limit). */
export const AUDIT_ERROR_MAX_CHARS = 2000;

/**
 * The `extra` of a report's audit row: the attempt and, for a failure, the worker's `error` and `code`,
 * so every attempt's failure stays readable after the next attempt overwrites the task's `result_*`.
 */
export function auditExtra(
  attempt: number | undefined,
  failure: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  const extra: Record<string, unknown> = {};
  if (attempt !== undefined) extra.attempt = attempt;
  const error = failure?.error;
  if (error !== undefined && error !== null) {
    const text = typeof error === 'string' ? error : JSON.stringify(error);
    extra.error = text.length > AUDIT_ERROR_MAX_CHARS ? `${text.slice(0, AUDIT_ERROR_MAX_CHARS)}…` : text;
  }
  if (typeof failure?.code === 'string') extra.code = failure.code;
  return Object.keys(extra).length === 0 ? undefined : extra;
}
