import { type Clock, epochSeconds, systemClock } from '../../core/clock.js';
import type { ScavengerConfig } from '../../core/config/essentials-config.js';
import type { LabourerConfig } from '../../core/config/task-config.js';
import type { RandomSource } from '../../core/task/retry-policy.js';
import type { ControlStore } from '../../ports/control-store.js';
import type { Invoker } from '../../ports/invoker.js';
import type { JobStore, JobTasks } from '../../ports/job-store.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { MetaLog } from '../../ports/meta-log.js';
import { type Metrics, noopMetrics } from '../../ports/metrics.js';
import type { Notifier } from '../../ports/notifier.js';
import type { TaskStore } from '../../ports/task-store.js';
import { failureCode } from '../essential-handler.js';
import type { HistoryRecorder } from '../history/history-recorder.js';
import type { JobKeeper, JobKeeperRun } from '../jobs/job-keeper.js';
import { AuditBatch, type AuditContext } from '../task-manager/audit-batch.js';
import { TaskManager } from '../task-manager/task-manager.js';
import { type CancelledJobs, type DeadTask, type LabourerSweep, sweepLabourer } from './sweep.js';

export interface ScavengerOptions {
  readonly store: TaskStore;
  /** From `resolveScavengerConfig(document)`. */
  readonly config: ScavengerConfig;
  /** Receives one notice per run listing every dead task. */
  readonly notifier?: Notifier | undefined;
  readonly metaLog?: MetaLog | undefined;
  /** Asked for a labourer's timeout (the linear retry delay) when `max_duration` is not configured. */
  readonly invoker?: Pick<Invoker, 'timeoutSeconds'> | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  readonly metrics?: Metrics | undefined;
  /** Audit `author`. @defaultValue 'sosw_scavenger' */
  readonly author?: string | undefined;
  /** Jitter source for exponential retry delays. @defaultValue Math.random */
  readonly random?: RandomSource | undefined;
  /**
   * Hand the `archived` rows to the store (TaskStore.archiveManyAudited), which writes them into its
   * own meta table between the closed copies and the live Deletes, so an interrupted archive loses
   * no row. Turn off only when `metaLog` writes somewhere else than the store's meta table. Rows are
   * written only when a `metaLog` is given.
   * @defaultValue true
   */
  readonly auditWithArchive?: boolean | undefined;
  /** Archives / moves in flight at once per labourer. @defaultValue 8 */
  readonly concurrency?: number | undefined;
  /**
   * Job records: tasks of cancelled jobs are closed as cancelled (never retried), and the keeper
   * (when given) ends settled jobs and starts waiting ones after every sweep.
   */
  readonly jobs?:
    | {
        readonly store: JobStore;
        readonly tasks: Pick<JobTasks, 'closeCancelled'>;
        readonly keeper?: Pick<JobKeeper, 'run'> | undefined;
      }
    | undefined;
  /**
   * Where the outcome counters of labourers with `adaptive` config go: one `addOutcomes` per run
   * (one counter write per labourer). @defaultValue none: nothing is counted
   */
  readonly controls?: Pick<ControlStore, 'addOutcomes'> | undefined;
  /**
   * Minute rollups (completed, failed, dead) for the dashboard's history, written when due after
   * every run (the recorder's `flushEveryMs`: 0 writes after each run). @defaultValue none
   */
  readonly history?: HistoryRecorder | undefined;
  /** Called with the result of every run (dashboards, logs). Errors thrown here are logged and ignored. */
  readonly onRun?: ((result: ScavengerRunResult) => void) | undefined;
}

export interface ScavengerRunContext {
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
}

export interface ScavengerRunResult {
  readonly labourers: readonly LabourerSweep[];
  readonly dead: readonly DeadTask[];
  /** True when the dead-task notice was delivered (or there was nothing to tell). */
  readonly notified: boolean;
  readonly notifyError?: string | undefined;
  /** What the job keeper did after the sweep (with `jobs.keeper`). */
  readonly jobs?: JobKeeperRun | undefined;
}

/**
 * Cleans up after the workers (the original's Scavenger): per labourer it archives completed tasks,
 * sends expired (or reported failed) tasks to the retry table with a delay or closes them as dead
 * once `max_attempts` is used, and returns due retries to the head of the queue. Dead tasks are
 * announced in one notice per run, awaited.
 *
 * @example
 * const scavenger = new Scavenger({ store, config: resolveScavengerConfig(doc), notifier });
 * const { dead } = await scavenger.run();
 */
export class Scavenger {
  readonly #options: ScavengerOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: Metrics;
  readonly #taskManager: TaskManager;
  readonly #cancelled: CancelledJobs | undefined;

  public constructor(options: ScavengerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#metrics = options.history?.metrics(options.metrics ?? noopMetrics) ?? options.metrics ?? noopMetrics;
    this.#taskManager = new TaskManager({
      store: options.store,
      config: options.config.task,
      clock: this.#clock,
      invoker: options.invoker,
      metrics: this.#metrics,
      logger: this.#logger,
    });
    const jobs = options.jobs;
    this.#cancelled =
      jobs === undefined
        ? undefined
        : {
            among: async (jobIds) => new Set((await jobs.store.getMany(jobIds)).filter((j) => j.state === 'cancelled').map((j) => j.jobId)),
            close: (taskIds) => jobs.tasks.closeCancelled(taskIds, epochSeconds(this.#clock)),
          };
  }

  public async run(context: ScavengerRunContext = {}): Promise<ScavengerRunResult> {
    const swept = await this.#run(context);
    const keeper = this.#options.jobs?.keeper;
    const result = keeper === undefined ? swept : { ...swept, jobs: await keeper.run() };
    await this.#options.history?.flush();
    try {
      this.#options.onRun?.(result);
    } catch (error) {
      this.#logger.warn({ error: String(error) }, 'onRun hook failed');
    }
    return result;
  }

  async #run(context: ScavengerRunContext): Promise<ScavengerRunResult> {
    const audit: AuditContext = {
      author: this.#options.author ?? 'sosw_scavenger',
      invocationId: context.invocationId,
      logStreamName: context.logStreamName,
    };
    const sweeps = await Promise.all(this.#taskManager.labourers().map((l) => this.#sweep(l, audit)));
    await this.#countOutcomes(sweeps);
    const dead = sweeps.flatMap((s) => s.dead);
    if (dead.length === 0 || this.#options.notifier === undefined) return { labourers: sweeps, dead, notified: dead.length === 0 };
    try {
      await this.#options.notifier.notify(this.#options.config.deadTaskSubject, dead.map(deadTaskMessage));
      return { labourers: sweeps, dead, notified: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#logger.error({ error: message, dead: dead.map((d) => d.taskId) }, 'Could not deliver the dead-task notice');
      for (const d of dead) this.#metrics.count('notify_failed', d.labourerId, 1);
      return { labourers: sweeps, dead, notified: false, notifyError: message };
    }
  }

  /** Add what the sweeps closed to the adaptive counters; a failed write is logged (the controller sees fewer outcomes). */
  async #countOutcomes(sweeps: readonly LabourerSweep[]): Promise<void> {
    const controls = this.#options.controls;
    const outcomes = sweeps.flatMap((s) => (s.outcomes === undefined ? [] : [{ labourerId: s.labourerId, counts: s.outcomes }]));
    if (controls === undefined || outcomes.length === 0) return;
    try {
      await controls.addOutcomes(outcomes);
    } catch (error) {
      this.#logger.warn({ error: String(error) }, 'Could not add outcome counts for adaptive concurrency');
    }
  }

  async #sweep(labourer: LabourerConfig, context: AuditContext): Promise<LabourerSweep> {
    const audit = new AuditBatch(this.#options.metaLog, context, this.#clock, this.#logger);
    try {
      return await sweepLabourer(
        {
          taskManager: this.#taskManager,
          metrics: this.#metrics,
          random: this.#options.random ?? Math.random,
          pageSize: this.#options.config.pageSize,
          retryTasksLimit: this.#options.config.retryTasksLimit,
          concurrency: this.#options.concurrency ?? 8,
          cancelled: this.#cancelled,
          auditWithArchive: this.#options.metaLog !== undefined && this.#options.auditWithArchive !== false,
        },
        labourer,
        audit,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#logger.error({ labourerId: labourer.id, error: message }, 'Scavenging failed for a labourer');
      return { labourerId: labourer.id, archived: 0, retried: 0, returned: 0, dead: [], error: message, errorCode: failureCode(error) };
    } finally {
      await audit.flush();
    }
  }
}

/** One line of the dead-task notice (the original's "Closing dead task: <task_id> "). */
export function deadTaskMessage(task: DeadTask): string {
  return `Closing dead task: ${task.taskId} (labourer ${task.labourerId}, ${task.attempts} attempts, ${task.reason})`;
}
