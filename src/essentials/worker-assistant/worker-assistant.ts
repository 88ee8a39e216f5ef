import { type Clock, epochSeconds, systemClock } from '../../core/clock.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { MetaLog } from '../../ports/meta-log.js';
import { type Metrics, noopMetrics } from '../../ports/metrics.js';
import type { ReportOutcome, TaskStore } from '../../ports/task-store.js';
import { AuditBatch } from '../task-manager/audit-batch.js';
import { type AssistantAction, parseAssistantEvent } from './assistant-event.js';

export interface WorkerAssistantOptions {
  readonly store: TaskStore;
  readonly metaLog?: MetaLog | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  readonly metrics?: Metrics | undefined;
  /** Audit `author`. @defaultValue 'sosw_worker_assistant' */
  readonly author?: string | undefined;
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
    const outcome = await this.#options.store.report({
      taskId: e.taskId,
      outcome: completed ? 'completed' : 'failed',
      at: now,
      stats: e.stats,
      result: e.result,
      // Invoked tasks carry greenfield = invocation time + delta, far above any "now"; queued ones are below it.
      invokedAtLeast: now,
      attempt: e.attempt,
    });
    if (!outcome.applied) {
      this.#metrics.count('report_rejected', e.labourerId ?? 'unknown', 1);
      this.#logger.warn({ taskId: e.taskId, action: e.action, reason: outcome.reason, attempt: e.attempt }, 'Report changed nothing');
      return { action: e.action, taskId: e.taskId, applied: false, reason: outcome.reason };
    }
    const labourerId = outcome.task.labourerId;
    this.#metrics.count(completed ? 'completed' : 'failed', labourerId, 1);
    const audit = new AuditBatch(
      this.#options.metaLog,
      { author: this.#options.author ?? 'sosw_worker_assistant', ...context },
      this.#clock,
      this.#logger,
    );
    audit.add(completed ? 'marked_as_completed' : 'marked_as_failed', e.taskId, labourerId, { attempt: outcome.task.attempts });
    await audit.flush();
    return { action: e.action, taskId: e.taskId, applied: true };
  }
}
