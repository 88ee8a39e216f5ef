/**
 * The JobKeeper ends jobs and starts the ones that wait. Called after every Scavenger sweep (and by
 * the embedded runtime). Every decision is a conditional transition in the JobStore, so racing
 * keepers (several Scavengers, a kill -9 anywhere) end each job exactly once; the on_complete
 * actions run after the transition and are marked done after them, so a crash in between re-runs
 * them (each action is idempotent or at-least-once: follow-ups have derived ids).
 */
import { type Clock, epochSeconds, systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import {
  closedCount,
  isSettled,
  isTerminal,
  type JobRecord,
  type JobState,
  STUCK_SCHEDULING_SECONDS,
  settledOutcome,
  stuckSchedulingAt,
} from '../../core/job/job.js';
import type { Invoker } from '../../ports/invoker.js';
import type { JobStore, JobTasks } from '../../ports/job-store.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import type { RunContext, SchedulerResult } from '../scheduler/options.js';
import { followUpJobId, jobSummary } from './job-summary.js';

export interface JobKeeperOptions {
  readonly jobs: JobStore;
  /** Closes tasks a cancelled job still has queued (queued after the cancel by a racing Scheduler). */
  readonly tasks: Pick<JobTasks, 'cancelJobTasks'>;
  /** Schedules follow-up jobs and releases waiting or stuck ones. */
  readonly scheduler: {
    run(event: unknown, context?: RunContext): Promise<SchedulerResult>;
    resumeJob(record: JobRecord, context?: RunContext): Promise<SchedulerResult>;
  };
  /** Invokes `on_complete.invoke` labourers with `{ job: JobSummary }`. */
  readonly invoker?: Pick<Invoker, 'invoke'> | undefined;
  /** Publishes the summary of jobs with `on_complete.notify`. */
  readonly notifier?: Notifier | undefined;
  /** Called once per ended job, after its actions (embedded: `onJobFinished`). Errors are logged. */
  readonly onJobFinished?: ((job: JobRecord) => void | Promise<void>) | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  /**
   * A job still `scheduling` this long after its last change has lost its Scheduler: it is resumed
   * (the Scheduler resumes it on a re-schedule after STUCK_SCHEDULING_SECONDS, the same default).
   * @defaultValue 300 (STUCK_SCHEDULING_SECONDS)
   */
  readonly stuckAfterSeconds?: number | undefined;
  /**
   * An ended job whose actions are not marked done this long after it ended has lost its keeper
   * (crash between the transition and the actions): its actions run again.
   * @defaultValue 60
   */
  readonly actionsGraceSeconds?: number | undefined;
  /**
   * How far back (by creation time) the two repair scans look at ended jobs: actions a crashed keeper
   * left, and tasks a racing Scheduler queued after a cancel. Bounds their cost per run to the jobs
   * of this window instead of every job ever stored. @defaultValue 86400 (one day)
   */
  readonly repairWindowSeconds?: number | undefined;
  /** @defaultValue 100 */
  readonly pageSize?: number | undefined;
}

/** What one keeper run did. */
export interface JobKeeperRun {
  /** Jobs this run moved to completed / failed (it won their transition). */
  readonly ended: readonly JobRecord[];
  /** Waiting jobs released (queued) by this run. */
  readonly released: readonly string[];
  /** Jobs stuck in scheduling that this run resumed. */
  readonly resumed: readonly string[];
  /** Ended jobs whose actions this run ran (its own and ones a crashed keeper left). */
  readonly actionsRun: readonly string[];
  /** Failed jobs this run moved to completed: their dead tasks were redriven and completed. */
  readonly recovered: readonly string[];
  /** Steps that failed, and on_complete actions that failed (also kept in the job's `reason`). */
  readonly errors: readonly string[];
}

/** Marks the part of a job's `reason` that says which on_complete actions failed. */
const ACTIONS_FAILED = 'on_complete failed: ';
/** Why a settled job failed: `2 of 10 tasks dead (tolerated: 10%)`. */
function deadTasksReason(job: Pick<JobRecord, 'planned' | 'dead' | 'toleratedFailurePercentage'>): string {
  return `${job.dead} of ${job.planned} tasks dead (tolerated: ${job.toleratedFailurePercentage}%)`;
}

/** The reason of a failed job whose every task is now completed (after a redrive). */
export const RECOVERED_REASON = 'completed after its dead tasks were redriven';

type KeeperRun = { ended: JobRecord[]; released: string[]; resumed: string[]; actionsRun: string[]; recovered: string[]; errors: string[] };

export class JobKeeper {
  readonly #o: JobKeeperOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;

  public constructor(options: JobKeeperOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  /** One pass: end settled jobs, release waiting ones, resume stuck ones, finish left-over actions. */
  public async run(): Promise<JobKeeperRun> {
    const run: KeeperRun = { ended: [], released: [], resumed: [], actionsRun: [], recovered: [], errors: [] };
    const guard = async (what: string, fn: () => Promise<void>): Promise<void> => {
      try {
        await fn();
      } catch (error) {
        const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
        run.errors.push(message);
        this.#logger.error({ error: message }, 'JobKeeper step failed');
      }
    };
    await guard('end settled jobs', () => this.#endSettled(run));
    await guard('release waiting jobs', () => this.#releaseWaiting(run));
    await guard('resume stuck jobs', () => this.#resumeStuck(run));
    await guard('finish actions', () => this.#finishLeftActions(run));
    await guard('close stragglers of cancelled jobs', () => this.#closeStragglers());
    return run;
  }

  async #endSettled(run: KeeperRun): Promise<void> {
    for await (const job of this.#each(['running'])) {
      if (!isSettled(job)) continue;
      const outcome = settledOutcome(job);
      const ended = await this.#o.jobs.transition(job.jobId, {
        from: ['running'],
        to: outcome,
        at: this.#now(),
        whenSettled: true,
        // Said in words, as for a parent's failure or a cancel: `sosw jobs <id>` shows it in the timeline.
        ...(outcome === 'failed' ? { reason: deadTasksReason(job) } : {}),
      });
      if (ended === null) continue; // another keeper won, or the job was cancelled meanwhile
      run.ended.push(ended);
      await this.#actions(ended, run);
      run.actionsRun.push(ended.jobId);
    }
  }

  async #releaseWaiting(run: KeeperRun): Promise<void> {
    for await (const job of this.#each(['waiting'])) {
      const parents = await this.#o.jobs.getMany(job.after);
      if (parents.length < job.after.length || parents.some((p) => !isTerminal(p.state))) continue;
      const unhappy = parents.find((p) => p.state !== 'completed');
      if (unhappy !== undefined && !job.runAfterFailure) {
        const reason = `parent job ${unhappy.jobId} ${unhappy.state}`;
        const failed = await this.#o.jobs.transition(job.jobId, { from: ['waiting'], to: 'failed', at: this.#now(), reason });
        if (failed === null) continue;
        run.ended.push(failed);
        await this.#actions(failed, run);
        run.actionsRun.push(failed.jobId);
        continue;
      }
      const result = await this.#o.scheduler.resumeJob(job, { scheduledBy: job.scheduledBy });
      if (result.alreadyScheduled !== true) run.released.push(job.jobId);
    }
  }

  async #resumeStuck(run: { resumed: string[] }): Promise<void> {
    const after = this.#o.stuckAfterSeconds ?? STUCK_SCHEDULING_SECONDS;
    for await (const job of this.#each(['scheduling'])) {
      if (this.#now() < stuckSchedulingAt(job, after)) continue;
      try {
        await this.#o.scheduler.resumeJob(job, { scheduledBy: job.scheduledBy });
        run.resumed.push(job.jobId);
      } catch (error) {
        // A live Scheduler holds the job's queue file: it is not stuck after all.
        if (!SoswError.is(error, 'blob.locked')) throw error;
      }
    }
  }

  /**
   * Repairs among recently ended jobs: actions a crashed keeper left (after the grace period), and
   * failed jobs whose dead tasks were redriven and have all completed since: such a job moves from
   * `failed` to `completed` (one conditional write, so once) and runs the actions of a completed
   * job (its follow-ups; invoke, notify and onJobFinished again, now with `completed`).
   */
  async #finishLeftActions(run: KeeperRun): Promise<void> {
    const before = this.#now() - (this.#o.actionsGraceSeconds ?? 60);
    for await (const job of this.#each(['completed', 'failed', 'cancelled'], this.#repairHorizon())) {
      if (job.state === 'failed' && recoveredByRedrive(job)) {
        const completed = await this.#o.jobs.transition(job.jobId, {
          from: ['failed'],
          to: 'completed',
          at: this.#now(),
          reason: RECOVERED_REASON,
        });
        if (completed === null) continue; // another keeper moved it
        run.recovered.push(job.jobId);
        await this.#actions(completed, run);
        run.actionsRun.push(job.jobId);
        continue;
      }
      if (job.actionsDoneAt !== undefined || (job.finishedAt ?? job.updatedAt) > before) continue;
      await this.#actions(job, run);
      run.actionsRun.push(job.jobId);
    }
  }

  /** A cancelled job keeps nothing queued: tasks a racing Scheduler queued after the cancel are closed too. */
  async #closeStragglers(): Promise<void> {
    for await (const job of this.#each(['cancelled'], this.#repairHorizon())) {
      if (job.completed + job.dead + job.cancelled >= job.planned) continue;
      await this.#o.tasks.cancelJobTasks(job.labourerId, job.jobId, this.#now());
    }
  }

  /**
   * The on_complete actions of an ended job, then `onJobFinished`, then `markActionsDone`.
   * Follow-ups only for a completed job, with derived ids (a re-run schedules nothing twice). An
   * action that fails does not stop the others, is not retried, and is recorded: in the job's
   * `reason` (`on_complete failed: ...`, shown by `sosw jobs <id>`) and in the run's `errors`;
   * `onJobFinished` gets the record with that reason.
   */
  async #actions(job: JobRecord, run: KeeperRun): Promise<void> {
    const onComplete = job.onComplete ?? {};
    const summary = jobSummary(job);
    const failures: string[] = [];
    const attempt = async (what: string, action: () => Promise<unknown>): Promise<void> => {
      try {
        await action();
      } catch (error) {
        failures.push(`${what}: ${clip(error instanceof Error ? error.message : String(error))}`);
      }
    };
    if (job.state === 'completed') {
      for (const [i, next] of (onComplete.schedule ?? []).entries()) {
        const jobId = typeof next.job_id === 'string' && next.job_id !== '' ? next.job_id : followUpJobId(job.jobId, i);
        await attempt(`schedule[${i}] (job ${jobId})`, () =>
          this.#o.scheduler.run({ ...next, job_id: next.job_id ?? jobId }, { scheduledBy: `job:${job.jobId}` }),
        );
      }
    }
    const invoke = onComplete.invoke;
    if (invoke !== undefined) {
      await attempt(`invoke ${invoke}`, async () => {
        if (this.#o.invoker === undefined) throw new Error('this keeper has no invoker');
        await this.#o.invoker.invoke(invoke, { job: summary });
      });
    }
    if (onComplete.notify === true) {
      await attempt('notify', async () => {
        if (this.#o.notifier === undefined) throw new Error('this keeper has no notifier');
        await this.#o.notifier.notify(`sosw job ${job.jobId} ${job.state}`, [JSON.stringify(summary)]);
      });
    }
    let record = job;
    if (failures.length > 0) {
      for (const failure of failures) run.errors.push(`job ${job.jobId} ${ACTIONS_FAILED}${failure}`);
      this.#logger.error({ jobId: job.jobId, failures }, 'on_complete actions failed');
      const base = job.reason?.split(ACTIONS_FAILED)[0]?.replace(/;\s*$/, '');
      const reason = `${base === undefined || base === '' ? '' : `${base}; `}${ACTIONS_FAILED}${failures.join('; ')}`;
      // A write to the same state keeps the job's finish time and records why its actions failed.
      record = (await this.#o.jobs.transition(job.jobId, {
        from: [job.state],
        to: job.state,
        at: job.finishedAt ?? this.#now(),
        reason,
      })) ?? { ...job, reason };
    }
    try {
      await this.#o.onJobFinished?.(record);
    } catch (error) {
      this.#logger.warn({ jobId: job.jobId, error: String(error) }, 'onJobFinished failed');
    }
    // Keeps the first time (a recovered job's actions as failed were marked done already).
    await this.#o.jobs.markActionsDone(job.jobId, this.#now());
  }

  /**
   * Every job in these states, page by page (newest first); with `createdSince`, paging stops at the
   * first job created before it.
   */
  async *#each(states: readonly JobState[], createdSince?: number): AsyncGenerator<JobRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.#o.jobs.list({ states, limit: this.#o.pageSize ?? 100, cursor });
      for (const job of page.jobs) {
        if (createdSince !== undefined && job.createdAt < createdSince) return;
        yield job;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  #repairHorizon(): number {
    return this.#now() - (this.#o.repairWindowSeconds ?? 86_400);
  }

  #now(): number {
    return epochSeconds(this.#clock);
  }
}

/**
 * A failed job that ran (not one failed by its parents) whose every planned task is closed again
 * and whose outcome is now `completed`: its dead tasks were redriven and completed.
 */
function recoveredByRedrive(job: JobRecord): boolean {
  return job.scheduledAt !== undefined && job.planned > 0 && closedCount(job) >= job.planned && settledOutcome(job) === 'completed';
}

/** Error text kept on a job record: at most 300 characters. */
function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
