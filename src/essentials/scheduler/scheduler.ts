/**
 * The Scheduler engine: turns a job into tasks for one labourer and queues them in batches.
 * A job that needs more than one batch gets a queue file (job document + cursor + lock) in the
 * BlobStore, so that when time runs out a sibling invocation continues it, and after a crash any
 * later invocation resumes it. Task ids are deterministic per job and row, so rows processed
 * twice are skipped by the store: nothing is lost and nothing is queued twice.
 */
import { type Clock, epochSeconds, systemClock } from '../../core/clock.js';
import { findLabourer } from '../../core/config/task-config.js';
import { SoswError } from '../../core/errors.js';
import { jobPlacement } from '../../core/flow/placement.js';
import { type JobRecord, stuckSchedulingAt } from '../../core/job/job.js';
import { type JobControls, splitJobControls } from '../../core/job/job-controls.js';
import { PeriodResolver } from '../../core/scheduling/periods.js';
import type { JobPlan } from '../../core/scheduling/plan.js';
import { isQueueFileKey, type QueueDocument, queueFileName, queueKeys } from '../../core/scheduling/queue-file.js';
import { type JobEvent, parseSchedulerEvent } from '../../core/scheduling/scheduler-event.js';
import { newTaskId } from '../../core/task/task-id.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { noopMetrics } from '../../ports/metrics.js';
import { draftLane } from '../flow/lanes.js';
import { type ActiveJob, type LoopDeps, type LoopOutcome, writeBatches } from './batch-loop.js';
import { handOff } from './handoff.js';
import {
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_SCHEDULER_FUNCTION_NAME,
  type ResumeOptions,
  type RunContext,
  type SchedulerOptions,
  type SchedulerResult,
} from './options.js';
import { checkOnComplete, checkTaskSizes, prepareJob, replanDocument } from './prepare-job.js';
import { QueueFiles } from './queue-files.js';
import { QueueLocks } from './queue-lock.js';

/** A planned job (dry run): its labourer, size and rows. Nothing is written. */
export interface SchedulerPlan {
  readonly labourerId: string;
  /** The job's own `job_id`, when it names one. */
  readonly jobId?: string | undefined;
  readonly schemaName: string;
  readonly plannedAtMs: number;
  readonly total: number;
  readonly rows: JobPlan['rows'];
  /** The job's `priority` (0..9), when it sets one above 0. */
  readonly priority?: number | undefined;
  /** Epoch seconds before which its tasks do not start (`not_before`), when later than the plan time. */
  readonly notBefore?: number | undefined;
}

/**
 * @example
 * const scheduler = new Scheduler({ config: resolveSchedulerConfig(doc), store, metaLog, blobs });
 * const result = await scheduler.run({ lambda_name: 'worker', isolate_days: true, period: 'last_3_days' });
 * result.queued; // 3
 */
export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #files: QueueFiles;
  readonly #periods: PeriodResolver;
  readonly #functionName: string;

  public constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#files = new QueueFiles(options.blobs);
    this.#functionName = options.functionName ?? DEFAULT_SCHEDULER_FUNCTION_NAME;
    const registered = new Set((options.periods ?? []).map((p) => p.pattern));
    const missing = options.config.customPeriodPatterns.filter((p) => !registered.has(p));
    if (missing.length > 0) {
      throw new SoswError(
        'config.invalid',
        `Invalid scheduler config: custom_period_patterns ${JSON.stringify(missing)} have no registered function; pass them as \`periods\` (definePeriod) to the Scheduler.`,
        { details: { field: 'custom_period_patterns', missing } },
      );
    }
    this.#periods = new PeriodResolver(options.periods ?? []);
  }

  /**
   * Validate and plan a job as of `atMs` without writing anything: the same checks as `run` (the
   * job, its controls, priority, not_before and on_complete follow-ups), so a plan that succeeds
   * is a job `run` accepts.
   */
  public plan(event: unknown, atMs: number = this.#clock.now()): SchedulerPlan {
    const parsed = parseSchedulerEvent(event);
    if (parsed.kind !== 'job')
      throw new SoswError('job.invalid', 'A continuation event has no job to plan.', { details: { field: 'file_name' } });
    const { controls, doc, plan } = this.#prepare(parsed, atMs, undefined);
    return {
      labourerId: doc.labourer_id,
      schemaName: parsed.schemaName ?? 'default',
      plannedAtMs: atMs,
      total: plan.total,
      rows: plan.rows,
      ...(doc.priority === undefined ? {} : { priority: doc.priority }),
      ...(doc.not_before === undefined ? {} : { notBefore: doc.not_before }),
      ...(controls.jobId === undefined ? {} : { jobId: controls.jobId }),
    };
  }

  /** Every check of a new job before anything is written: controls, plan, placement, on_complete. */
  #prepare(parsed: JobEvent, atMs: number, jobId: string | undefined): { controls: JobControls; doc: QueueDocument; plan: JobPlan } {
    const { controls, job: body } = splitJobControls(parsed.job);
    const id = jobId ?? controls.jobId ?? '';
    const prepared = prepareJob(this.#options.config, this.#periods, { ...parsed, job: body }, atMs, id);
    const doc = withPlacement(prepared.doc, controls.other);
    checkOnComplete(this.#options.config, this.#periods, controls.onComplete, id, atMs);
    return { controls, doc, plan: prepared.plan };
  }

  /**
   * Handle one event: a new job (validated whole before anything is written) or a continuation
   * (`{"file_name": ...}`) of a queue file.
   */
  public async run(event: unknown, context: RunContext = {}): Promise<SchedulerResult> {
    const parsed = parseSchedulerEvent(event);
    if (parsed.kind === 'continuation') return this.#resume(parsed.fileName, parsed.generation, context);
    const atMs = context.planAtMs ?? this.#clock.now();
    const jobId = splitJobControls(parsed.job).controls.jobId ?? context.invocationId ?? newTaskId(this.#clock.now());
    const { controls, doc, plan } = this.#prepare(parsed, atMs, jobId);
    checkTaskSizes(plan, doc.labourer_id, this.#options.store.sizeLimit);
    const jobs = this.#options.jobs;
    if (jobs === undefined) return this.#start(doc, plan, context, undefined);
    const waiting = controls.after.length > 0;
    // Parents that do not exist (yet): allowed (they may be scheduled later), but said in the result.
    const missingParents = waiting ? missingIds(controls.after, await jobs.getMany(controls.after)) : [];
    const { created, job: record } = await jobs.create({
      jobId,
      labourerId: doc.labourer_id,
      document: jobDocument(parsed, jobId),
      planned: waiting ? 0 : plan.total,
      state: waiting ? 'waiting' : 'scheduling',
      createdAt: Math.floor(this.#clock.now() / 1000),
      scheduledBy: context.scheduledBy ?? this.#functionName,
      after: controls.after,
      runAfterFailure: controls.runAfterFailure,
      toleratedFailurePercentage: controls.toleratedFailurePercentage,
      onComplete: controls.onComplete,
    });
    if (!created) return this.#scheduleAgain(record, context);
    if (waiting) return { ...idleResult(record), waiting: true, ...(missingParents.length === 0 ? {} : { missingParents }) };
    return this.#start(doc, plan, context, record);
  }

  /**
   * A `job_id` that exists queues nothing, except a job stuck in `scheduling` by the JobKeeper's rule
   * (unchanged for STUCK_SCHEDULING_SECONDS and no live Scheduler holding its queue file): it is
   * resumed now rather than leaving the user to wait for the keeper. A job whose Scheduler may still
   * be working is left alone, with the time from which it counts as stuck (`resumableAt`).
   */
  async #scheduleAgain(record: JobRecord, context: RunContext): Promise<SchedulerResult> {
    const already = { ...idleResult(record), alreadyScheduled: true };
    if (record.state !== 'scheduling') return already;
    const now = epochSeconds(this.#clock);
    const stuckAt = stuckSchedulingAt(record);
    if (now < stuckAt) return { ...already, resumableAt: stuckAt };
    try {
      return { ...(await this.resumeJob(record, context)), resumedStuck: true };
    } catch (error) {
      if (!SoswError.is(error, 'blob.locked')) throw error;
      // A live Scheduler holds the queue file: not stuck. Its lock expires unless it keeps renewing it.
      const expiresAtMs = error.details.expiresAtMs;
      const lockEnds = typeof expiresAtMs === 'number' ? Math.ceil(expiresAtMs / 1000) : now + this.#options.config.lockTtlSeconds;
      return { ...already, resumableAt: Math.max(stuckAt, lockEnds) };
    }
  }

  /**
   * Queue the tasks of a recorded job that is not queued yet: a `waiting` job whose parents are done
   * (released here by one conditional transition, so racing callers release it once), or a job stuck
   * in `scheduling` because its Scheduler stopped (task ids are deterministic, so rows queued before
   * are skipped). Plans as of the job's creation. Any other state queues nothing (`alreadyScheduled`).
   */
  public async resumeJob(record: JobRecord, context: RunContext = {}): Promise<SchedulerResult> {
    const jobs = this.#options.jobs;
    if (jobs === undefined)
      throw new SoswError('config.invalid', 'resumeJob needs the Scheduler option `jobs` (a JobStore).', { details: { field: 'jobs' } });
    const parsed = parseSchedulerEvent(record.document);
    if (parsed.kind !== 'job')
      throw new SoswError('job.invalid', `Job ${record.jobId} has no job document to schedule.`, { details: { field: 'document' } });
    const prepared = prepareJob(
      this.#options.config,
      this.#periods,
      { ...parsed, job: splitJobControls(parsed.job).job },
      record.createdAt * 1000,
      record.jobId,
    );
    let current: JobRecord | null = record;
    if (record.state === 'waiting') {
      current = await jobs.transition(record.jobId, {
        from: ['waiting'],
        to: 'scheduling',
        at: epochSeconds(this.#clock),
        planned: prepared.plan.total,
      });
      if (current === null) return { ...idleResult((await jobs.get(record.jobId)) ?? record), alreadyScheduled: true };
    } else if (record.state !== 'scheduling') {
      return { ...idleResult(record), alreadyScheduled: true };
    }
    return this.#start(withPlacement(prepared.doc, splitJobControls(parsed.job).controls.other), prepared.plan, context, current);
  }

  async #start(doc: QueueDocument, plan: JobPlan, context: RunContext, record: JobRecord | undefined): Promise<SchedulerResult> {
    let job: ActiveJob = { jobId: doc.job_id, labourerId: doc.labourer_id, plan, doc, recorded: record !== undefined };
    const locks = this.#locks(context);
    let start = 0;
    if (plan.total > this.#options.config.rowsToProcess) ({ job, start } = await this.#attach(job, locks));
    return this.#work(job, start, 0, locks, context);
  }

  /** Continue every queue file that nobody holds (after crashes, or without an invoker). */
  public async resumePending(context: RunContext = {}, options: ResumeOptions = {}): Promise<SchedulerResult[]> {
    const prefix = this.#options.config.s3Prefix;
    const keys = await this.#options.blobs.list(prefix === '' ? '' : `${prefix}/`);
    const results: SchedulerResult[] = [];
    const remaining = context.remainingTimeMs ?? (() => Number.POSITIVE_INFINITY);
    for (const key of keys.filter((k) => isQueueFileKey(prefix, k))) {
      if (remaining() <= this.#options.config.shutdownPeriodSeconds * 1000) break;
      try {
        results.push(await this.#resume(key.slice(prefix === '' ? 0 : prefix.length + 1), 0, context));
      } catch (error) {
        if (!SoswError.is(error, 'blob.locked')) throw error;
        this.#logger.info({ key }, 'queue file is locked by a live invocation; skipped');
        const { owner, expiresAtMs } = error.details;
        options.onLocked?.({
          queueFile: key.slice(prefix === '' ? 0 : prefix.length + 1),
          ...(typeof owner === 'string' ? { owner } : {}),
          ...(typeof expiresAtMs === 'number' ? { expiresAtMs } : {}),
        });
      }
    }
    return results;
  }

  #fromDocument(doc: QueueDocument): ActiveJob {
    const { plan } = replanDocument(this.#options.config, this.#periods, doc);
    return { jobId: doc.job_id, labourerId: doc.labourer_id, plan, doc, recorded: this.#options.jobs !== undefined };
  }

  #locks(context: RunContext): QueueLocks {
    const owner = `${this.#functionName}:${context.invocationId ?? 'local'}`;
    return new QueueLocks(this.#options.blobs, this.#clock, this.#options.config.lockTtlSeconds * 1000, owner);
  }

  /** Give the job its queue file (or adopt the existing one of a retried event) and lock it. */
  async #attach(job: ActiveJob, locks: QueueLocks): Promise<{ job: ActiveJob; start: number }> {
    const keys = queueKeys(this.#options.config.s3Prefix, queueFileName(this.#options.config.queueFile, job.jobId));
    const lock = await locks.acquire(keys);
    try {
      const existing = (await this.#files.create(keys, job.doc)) ? null : await this.#files.read(keys);
      const active = existing === null ? job : this.#fromDocument(existing);
      active.keys = keys;
      active.lock = lock;
      return { job: active, start: await this.#files.cursor(keys) };
    } catch (error) {
      await locks.release(lock).catch(() => undefined);
      throw error;
    }
  }

  async #resume(fileName: string, generation: number, context: RunContext): Promise<SchedulerResult> {
    const keys = queueKeys(this.#options.config.s3Prefix, fileName);
    const locks = this.#locks(context);
    const lock = await locks.acquire(keys);
    let job: ActiveJob;
    let start: number;
    try {
      const doc = await this.#files.read(keys);
      if (doc === null) {
        await this.#files.remove(keys);
        await locks.release(lock);
        await locks.clearMarkers(keys);
        this.#logger.warn({ key: keys.file }, 'queue file not found: nothing to continue');
        return {
          jobId: '',
          labourerId: '',
          total: 0,
          cursor: 0,
          queued: 0,
          skipped: 0,
          done: true,
          handoff: 'none',
          queueFile: fileName,
          generation,
        };
      }
      job = { ...this.#fromDocument(doc), keys, lock };
      start = await this.#files.cursor(keys);
    } catch (error) {
      await locks.release(lock).catch(() => undefined);
      throw error;
    }
    return this.#work(job, start, generation, locks, context);
  }

  /**
   * Every task is queued: `scheduling` -> `running`. When the job was cancelled meanwhile, close the
   * tasks queued after the cancel too, so a cancelled job leaves nothing queued.
   */
  async #markQueued(job: ActiveJob): Promise<JobRecord | undefined> {
    const jobs = this.#options.jobs;
    if (jobs === undefined) return undefined;
    const at = epochSeconds(this.#clock);
    const running = await jobs.transition(job.jobId, { from: ['scheduling'], to: 'running', at, planned: job.plan.total });
    if (running !== null) return running;
    const current = await jobs.get(job.jobId);
    if (current?.state === 'cancelled') await this.#options.jobTasks?.cancelJobTasks(job.labourerId, job.jobId, at);
    return current ?? undefined;
  }

  async #work(job: ActiveJob, start: number, generation: number, locks: QueueLocks, context: RunContext): Promise<SchedulerResult> {
    const o = this.#options;
    const deps: LoopDeps = {
      store: o.store,
      metaLog: o.metaLog,
      files: this.#files,
      locks,
      clock: this.#clock,
      metrics: o.metrics ?? noopMetrics,
      author: this.#functionName,
      rowsToProcess: o.config.rowsToProcess,
      shutdownMs: o.config.shutdownPeriodSeconds * 1000,
      checkpointIntervalMs: o.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      onProgress: o.onProgress,
      laneOf: draftLane(findLabourer(o.config.taskConfig, job.labourerId)),
    };
    let outcome: LoopOutcome;
    try {
      outcome = await writeBatches(deps, job, start, context.remainingTimeMs ?? (() => Number.POSITIVE_INFINITY), context.invocationId);
    } catch (error) {
      if (job.lock !== undefined) await locks.release(job.lock).catch(() => undefined);
      throw error;
    }
    if (outcome.done) {
      if (job.keys !== undefined && job.lock !== undefined) {
        await this.#files.remove(job.keys);
        await locks.release(job.lock);
        await locks.clearMarkers(job.keys);
      }
      const record = job.recorded === true ? await this.#markQueued(job) : undefined;
      return { ...outcome, handoff: 'none', queueFile: job.keys?.name, generation, ...(record === undefined ? {} : { job: record }) };
    }
    if (job.keys === undefined) ({ job } = await this.#attach(job, locks));
    const keys = job.keys as NonNullable<ActiveJob['keys']>;
    await this.#files.saveCursor(keys, outcome.cursor);
    if (job.lock !== undefined) await locks.release(job.lock);
    const handoff = await handOff(
      { invoker: o.invoker, functionName: this.#functionName, maxGenerations: o.config.maxSiblingGenerations, logger: this.#logger },
      keys.name,
      outcome,
      generation,
    );
    return { ...outcome, handoff, queueFile: keys.name, generation };
  }
}

/** The job as submitted, with its final `job_id`: scheduling it again plans the same tasks. */
function jobDocument(event: JobEvent, jobId: string): Record<string, unknown> {
  return {
    lambda_name: event.labourerId,
    ...(event.schemaName === undefined ? {} : { job_schema_name: event.schemaName }),
    ...event.job,
    job_id: jobId,
  };
}

/** The ids of `ids` that have no record among `found`. */
function missingIds(ids: readonly string[], found: readonly JobRecord[]): string[] {
  const known = new Set(found.map((j) => j.jobId));
  return ids.filter((id) => !known.has(id));
}

/** The result of a call that queued nothing for a recorded job. */
function idleResult(record: JobRecord): SchedulerResult {
  return {
    jobId: record.jobId,
    labourerId: record.labourerId,
    total: record.planned,
    cursor: 0,
    queued: 0,
    skipped: 0,
    done: true,
    handoff: 'none',
    generation: 0,
    job: record,
  };
}

/** The queue document with the job's priority and not_before (validated: `job.invalid` before any write). */
function withPlacement(doc: QueueDocument, controls: Readonly<Record<string, unknown>>): QueueDocument {
  const { priority, notBefore } = jobPlacement(controls, doc.planned_at_ms / 1000);
  return { ...doc, ...(priority === undefined ? {} : { priority }), ...(notBefore === undefined ? {} : { not_before: notBefore }) };
}
