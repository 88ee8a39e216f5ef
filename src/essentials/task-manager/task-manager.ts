import { type Clock, epochSeconds, epochSecondsFloat, systemClock } from '../../core/clock.js';
import { findLabourer, type LabourerConfig, type TaskConfig } from '../../core/config/task-config.js';
import { SoswError } from '../../core/errors.js';
import { parsePriority } from '../../core/flow/placement.js';
import { type EcoStatus, type LabourerSnapshot, snapshotLabourer } from '../../core/labourer/labourer.js';
import { resolveFieldNames, type TaskFieldNames } from '../../core/task/field-names.js';
import { invokedGreenfield, type LabourerWindow, labourerWindow } from '../../core/task/greenfield.js';
import { constructPayload } from '../../core/task/payload.js';
import type { ClosedTask, RetryTask, Task } from '../../core/task/task.js';
import { buildWorkerEvent, type WorkerEvent } from '../../core/task/worker-event.js';
import type { Invoker } from '../../ports/invoker.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { MetaEntry, MetaLog } from '../../ports/meta-log.js';
import { type Metrics, noopMetrics } from '../../ports/metrics.js';
import type { CompletedRef, QueuedRef, TaskStore } from '../../ports/task-store.js';
import { draftLane } from '../flow/lanes.js';
import { AuditBatch } from './audit-batch.js';
import { LabourerDurations } from './durations.js';
import { splitTaskFields } from './task-fields.js';

export interface TaskManagerOptions {
  readonly store: TaskStore;
  readonly config: TaskConfig;
  /** @defaultValue the system clock */
  readonly clock?: Clock | undefined;
  /** Asked for a labourer's timeout when `max_duration` is not configured. */
  readonly invoker?: Pick<Invoker, 'timeoutSeconds'> | undefined;
  /** Receives a `created` row per task created through `createTask`. */
  readonly metaLog?: MetaLog | undefined;
  readonly metrics?: Metrics | undefined;
  readonly logger?: Logger | undefined;
  /** @defaultValue 'sosw' */
  readonly author?: string | undefined;
  /** How long max/average durations are reused before they are read again (weakness 20). @defaultValue 60 */
  readonly durationCacheSeconds?: number | undefined;
}

export interface CreateTaskOptions {
  /** Refuse caller values for generated fields (the original's default). @defaultValue true */
  readonly strict?: boolean | undefined;
  /** 0..9; higher starts first (see docs/flow-control.md). @defaultValue 0 */
  readonly priority?: number | undefined;
  /** Epoch seconds before which the task does not start (it waits in the retry table). */
  readonly notBefore?: number | undefined;
}

/** The result of claiming a queued task for invocation. */
export type ClaimOutcome =
  | { readonly status: 'claimed'; readonly task: Task; readonly event: WorkerEvent }
  | { readonly status: 'lost'; readonly taskId: string }
  | { readonly status: 'invalidPayload'; readonly task: Task; readonly error: SoswError };

/**
 * The task operations shared by the essentials (the original's TaskManager), over the TaskStore
 * port. Labourer markers come from core/task/greenfield.ts; the state queries follow its ranges.
 *
 * @example
 * const tm = new TaskManager({ store, config: resolveTaskConfig(raw), clock });
 * await tm.createTask('worker_a', { payload: { foo: 42 } });
 */
export class TaskManager {
  readonly #store: TaskStore;
  readonly #config: TaskConfig;
  readonly #clock: Clock;
  readonly #metaLog: MetaLog | undefined;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  readonly #author: string;
  readonly #names: TaskFieldNames;
  readonly #durations: LabourerDurations;

  public constructor(options: TaskManagerOptions) {
    this.#store = options.store;
    this.#config = options.config;
    this.#clock = options.clock ?? systemClock;
    this.#metaLog = options.metaLog;
    this.#metrics = options.metrics ?? noopMetrics;
    this.#logger = options.logger ?? silentLogger;
    this.#author = options.author ?? 'sosw';
    this.#names = resolveFieldNames(options.config.fieldNames);
    this.#durations = new LabourerDurations({
      store: this.#store,
      config: this.#config,
      clock: this.#clock,
      invoker: options.invoker,
      logger: this.#logger,
      cacheSeconds: options.durationCacheSeconds ?? 60,
    });
  }

  public get config(): TaskConfig {
    return this.#config;
  }

  /** Registered labourers, in config order. */
  public labourers(): readonly LabourerConfig[] {
    return this.#config.labourers;
  }

  /** The labourer with this id, or `labourer.unknown`. */
  public labourer(id: string): LabourerConfig {
    return findLabourer(this.#config, id);
  }

  /** The labourer's markers (start, invoked, expired) as of now. */
  public window(labourer: LabourerConfig, nowSeconds = epochSeconds(this.#clock)): LabourerWindow {
    return labourerWindow(labourer.id, nowSeconds, {
      delta: this.#config.greenfieldInvocationDelta,
      durationSeconds: labourer.durationSeconds,
      cooldownSeconds: labourer.cooldownSeconds,
    });
  }

  /** Everything a run needs to know about a labourer (the original's `register_labourers`, one call each). */
  public async snapshot(labourer: LabourerConfig, health: EcoStatus, nowSeconds = epochSeconds(this.#clock)): Promise<LabourerSnapshot> {
    const maxDuration = await this.maxDuration(labourer);
    return snapshotLabourer(labourer, {
      nowSeconds,
      delta: this.#config.greenfieldInvocationDelta,
      health,
      invokerTimeoutSeconds: maxDuration,
      averageDuration: await this.averageDuration(labourer),
    });
  }

  /** Create one queued task at the end of the labourer's queue (spec 4.5). */
  public async createTask(
    labourerId: string,
    fields: Readonly<Record<string, unknown>> = {},
    options: CreateTaskOptions = {},
  ): Promise<Task> {
    const labourer = this.labourer(labourerId);
    const split = splitTaskFields(labourer.id, fields, this.#names, options.strict ?? true);
    const payload = constructPayload(split.payloadFields);
    const createdAt = split.createdAt ?? epochSecondsFloat(this.#clock);
    const lane = draftLane(labourer)?.(payload);
    const placement = {
      ...(options.priority === undefined ? {} : { priority: parsePriority(options.priority) }),
      ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
    };
    const draft = { taskId: split.taskId, payload, ...(lane === undefined ? {} : { lane }) };
    const [task] = await this.#store.enqueue(labourer.id, [draft], createdAt, placement);
    if (task === undefined) {
      throw new SoswError('store.conflict', `Task ${split.taskId} already exists; choose another task_id.`, {
        details: { taskId: split.taskId },
      });
    }
    this.#metrics.count('queued', labourer.id, 1);
    const audit = new AuditBatch(this.#metaLog, { author: this.#author }, this.#clock, this.#logger);
    audit.add('created', task.taskId, labourer.id);
    await audit.flush();
    return task;
  }

  /** The head of the queue: up to `count` tasks queued before the window's start. */
  public nextTasks(window: LabourerWindow, count: number): Promise<Task[]> {
    return count < 1 ? Promise.resolve([]) : this.#store.nextQueued(window.labourerId, window.start, count);
  }

  /** nextTasks with only ids and queue positions, when the store can answer that for less. */
  public nextRefs(window: LabourerWindow, count: number): Promise<QueuedRef[]> {
    if (count < 1) return Promise.resolve([]);
    return (
      this.#store.nextQueuedRefs?.(window.labourerId, window.start, count) ?? this.#store.nextQueued(window.labourerId, window.start, count)
    );
  }

  /**
   * Claim a queued task (conditionally: only if it is still queued as of `window.start`) and build
   * the worker's event from the claimed task, so `attempts` is the number of this attempt.
   */
  public async claim(window: LabourerWindow, taskId: string): Promise<ClaimOutcome> {
    const mark = invokedGreenfield(epochSeconds(this.#clock), this.#config.greenfieldInvocationDelta);
    const task = await this.#store.claim(taskId, window.start, mark);
    return task === null ? { status: 'lost', taskId } : claimedOutcome(task);
  }

  /**
   * `claim` for several tasks with one store call: an outcome per distinct id, in the order of
   * `taskIds` (`lost` for the ids another claimer won).
   */
  public async claimMany(window: LabourerWindow, taskIds: readonly string[]): Promise<ClaimOutcome[]> {
    if (taskIds.length === 0) return [];
    const mark = invokedGreenfield(epochSeconds(this.#clock), this.#config.greenfieldInvocationDelta);
    const claimed = new Map<string, Task>();
    for (const task of await this.#store.claimMany(taskIds, window.start, mark)) claimed.set(task.taskId, task);
    const outcomes: ClaimOutcome[] = [];
    const seen = new Set<string>();
    for (const taskId of taskIds) {
      if (seen.has(taskId)) continue;
      seen.add(taskId);
      const task = claimed.get(taskId);
      outcomes.push(task === undefined ? { status: 'lost', taskId } : claimedOutcome(task));
    }
    return outcomes;
  }

  /** Running: invoked, not completed, not expired (greenfield >= expired). */
  public countRunning(window: LabourerWindow): Promise<number> {
    return this.#store.countInvokedSince(window.labourerId, window.expired);
  }

  public listRunning(window: LabourerWindow, limit: number): Promise<Task[]> {
    return this.#store.listInvokedSince(window.labourerId, window.expired, limit);
  }

  /** Expired: invoked before the window and never completed (start <= greenfield < expired). */
  public listExpired(window: LabourerWindow, limit: number): Promise<Task[]> {
    return this.#store.listInvokedBetween(window.labourerId, window.start, window.expired, limit);
  }

  /** Running tasks whose current attempt was reported failed (`failed_attempts >= attempts`). */
  public async listFailed(window: LabourerWindow, limit: number): Promise<Task[]> {
    // A store that can filter saves reading (and building) every running task on each sweep.
    if (this.#store.listFailedSince !== undefined) return this.#store.listFailedSince(window.labourerId, window.expired, limit);
    const running = await this.listRunning(window, limit);
    return running.filter((t) => t.attempts >= 1 && (t.failedAttempts ?? 0) >= t.attempts);
  }

  /** Completed, not yet archived. */
  public listCompleted(labourerId: string, limit: number): Promise<Task[]> {
    return this.#store.listCompleted(labourerId, limit);
  }

  /** listCompleted with only what archiving needs, when the store can answer that for less. */
  public listCompletedRefs(labourerId: string, limit: number): Promise<CompletedRef[]> {
    return this.#store.listCompletedRefs?.(labourerId, limit) ?? this.#store.listCompleted(labourerId, limit);
  }

  /** Move a live task to the closed table (null if another scavenger took it). */
  public archive(taskId: string): Promise<ClosedTask | null> {
    return this.#store.archive(taskId, epochSeconds(this.#clock));
  }

  /** Move live tasks to the closed table with one store call; returns the ids moved. */
  public archiveMany(taskIds: readonly string[]): Promise<string[]> {
    return taskIds.length === 0 ? Promise.resolve([]) : this.#store.archiveMany(taskIds, epochSeconds(this.#clock));
  }

  /**
   * archiveMany with an audit row per moved task: written by the store inside its ordered move when it
   * can (`audited: true`), else left to the caller (`audited: false`).
   */
  public async archiveManyAudited(
    taskIds: readonly string[],
    row: (taskId: string) => MetaEntry,
  ): Promise<{ readonly moved: string[]; readonly audited: boolean }> {
    if (taskIds.length === 0) return { moved: [], audited: true };
    const closedAt = epochSeconds(this.#clock);
    if (this.#store.archiveManyAudited === undefined) return { moved: await this.#store.archiveMany(taskIds, closedAt), audited: false };
    return { moved: await this.#store.archiveManyAudited(taskIds, closedAt, row), audited: true };
  }

  /** Move a live, not completed task to the retry table, due in `delaySeconds`. */
  public moveToRetry(taskId: string, delaySeconds: number): Promise<RetryTask | null> {
    return this.#store.moveToRetry(taskId, epochSeconds(this.#clock) + delaySeconds);
  }

  /** Retry tasks due at the window's start, earliest first. */
  public dueRetries(window: LabourerWindow, limit: number): Promise<RetryTask[]> {
    return this.#store.dueRetries(window.labourerId, window.start, limit);
  }

  /** Put retry tasks back at the head of the queue, first one first. */
  public returnFromRetry(labourerId: string, taskIds: readonly string[]): Promise<Task[]> {
    return taskIds.length === 0 ? Promise.resolve([]) : this.#store.returnFromRetry(labourerId, taskIds);
  }

  /** Queued tasks of a labourer now. */
  public queueLength(labourerId: string): Promise<number> {
    return this.#store.countQueued(labourerId, epochSeconds(this.#clock));
  }

  /** Seconds: configured `max_duration`, else the function timeout from the invoker, else `duration` (cached). */
  public maxDuration(labourer: LabourerConfig): Promise<number> {
    return this.#durations.maxDuration(labourer);
  }

  /** Average run time (seconds) of the newest closed tasks (spec 4.14, newest samples: weakness 28 fixed; cached). */
  public averageDuration(labourer: LabourerConfig): Promise<number> {
    return this.#durations.averageDuration(labourer);
  }
}

/** A claimed task with its worker event, or `invalidPayload` when the event cannot be built. */
function claimedOutcome(task: Task): ClaimOutcome {
  try {
    return { status: 'claimed', task, event: buildWorkerEvent(task) };
  } catch (error) {
    if (SoswError.is(error, 'task.invalidPayload')) return { status: 'invalidPayload', task, error };
    throw error;
  }
}
