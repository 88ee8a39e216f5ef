import type { LabourerConfig } from '../../core/config/task-config.js';
import type { OutcomeCounts } from '../../core/flow/adaptive/outcomes.js';
import type { LabourerWindow } from '../../core/task/greenfield.js';
import { failureRequestOf, type RandomSource, shouldRetry, taskRetryDelaySeconds } from '../../core/task/retry-policy.js';
import type { Task } from '../../core/task/task.js';
import type { Metrics } from '../../ports/metrics.js';
import type { CompletedRef } from '../../ports/task-store.js';
import { failureCode } from '../essential-handler.js';
import type { AuditBatch } from '../task-manager/audit-batch.js';
import { mapBounded } from '../task-manager/map-bounded.js';
import type { TaskManager } from '../task-manager/task-manager.js';
import { OutcomeTally } from './outcome-tally.js';

export interface DeadTask {
  readonly taskId: string;
  readonly labourerId: string;
  readonly attempts: number;
  /**
   * `expired` (never reported), `failed` (the worker reported a failure and no attempt is left) or
   * `nonRetriable` (the worker threw NonRetriableError: closed at once, attempts left or not).
   */
  readonly reason: 'expired' | 'failed' | 'nonRetriable';
}

/** What one run did for one labourer. */
export interface LabourerSweep {
  readonly labourerId: string;
  readonly archived: number;
  readonly retried: number;
  readonly returned: number;
  readonly dead: readonly DeadTask[];
  /** Set when a step of the sweep failed: the messages of every failed step, `; `-joined. */
  readonly error?: string | undefined;
  /** The first failed step's error code (`store.unavailable`, `store.throttled`...; `internal` for an uncoded error). */
  readonly errorCode?: string | undefined;
  /** Each failed step (archive, expired, failed, returnDue) with its error. */
  readonly failures?: ReadonlyArray<{ readonly step: SweepStep; readonly code: string; readonly message: string }> | undefined;
  /** What this sweep closed, counted for labourers with `adaptive` config only. */
  readonly outcomes?: OutcomeCounts | undefined;
}

export interface SweepDeps {
  readonly taskManager: TaskManager;
  readonly metrics: Metrics;
  readonly random: RandomSource;
  readonly pageSize: number;
  readonly retryTasksLimit: number;
  readonly concurrency: number;
  /** With job records: tasks of cancelled jobs are closed as cancelled instead of retried or closed dead. */
  readonly cancelled?: CancelledJobs | undefined;
  /** The store writes the `archived` rows inside its archive (see ScavengerOptions.auditWithArchive). */
  readonly auditWithArchive?: boolean | undefined;
}

/** How the sweep learns which jobs are cancelled and closes their tasks (see Scavenger option `jobs`). */
export interface CancelledJobs {
  /** The ids among `jobIds` whose job is cancelled. */
  among(jobIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Close live, not completed tasks as cancelled (JobTasks.closeCancelled). */
  close(taskIds: readonly string[]): Promise<string[]>;
}

/** Read pages until a page is short or changes nothing (another scavenger may be working too). */
async function drain<T>(read: () => Promise<T[]>, pageSize: number, handle: (page: T[]) => Promise<number>): Promise<void> {
  for (;;) {
    const page = await read();
    if (page.length === 0) return;
    const changed = await handle(page);
    if (changed === 0 || page.length < pageSize) return;
  }
}

/** The steps of a labourer's sweep; a failed step does not stop the ones after it. */
export type SweepStep = 'archive' | 'expired' | 'failed' | 'returnDue';

/**
 * Archive completed; retry or close expired and failed; return due retries (spec scavenger-retries.md).
 * Each step runs even when an earlier one failed (a missing closed table stops archiving, not the
 * retries): the failures are in `failures`, `error` and `errorCode`.
 */
export async function sweepLabourer(deps: SweepDeps, labourer: LabourerConfig, audit: AuditBatch): Promise<LabourerSweep> {
  const tm = deps.taskManager;
  const window = tm.window(labourer);
  let archived = 0;
  let retried = 0;
  const dead: DeadTask[] = [];
  const tally = labourer.adaptive === undefined ? undefined : new OutcomeTally(tm.config.greenfieldInvocationDelta);
  const failures: Array<{ step: SweepStep; code: string; message: string }> = [];
  const step = async (name: SweepStep, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      failures.push({ step: name, code: failureCode(error), message: error instanceof Error ? error.message : String(error) });
    }
  };

  await step('archive', () =>
    drain(
      () => tm.listCompletedRefs(labourer.id, deps.pageSize),
      deps.pageSize,
      async (page) => {
        const byId = new Map(page.map((t) => [t.taskId, t]));
        const ids = page.map((t) => t.taskId);
        // With an audit trail, a store that can writes the rows inside its ordered move (none lost on a crash).
        const { moved, audited } =
          deps.auditWithArchive === true
            ? await tm.archiveManyAudited(ids, (taskId) => audit.entry('archived', taskId, labourer.id, undefined, byId.get(taskId)?.jobId))
            : { moved: await tm.archiveMany(ids), audited: false };
        if (!audited) for (const taskId of moved) audit.add('archived', taskId, labourer.id, undefined, byId.get(taskId)?.jobId);
        if (tally !== undefined) for (const taskId of moved) tally.completed(byId.get(taskId) as CompletedRef);
        const n = moved.length;
        archived += n;
        if (n > 0) deps.metrics.count('archived', labourer.id, n);
        return n;
      },
    ),
  );

  // Read once, when the first task is retried (a failed read fails that step only).
  let maxDurationRead: Promise<number> | undefined;
  const maxDuration = (): Promise<number> => {
    maxDurationRead ??= tm.maxDuration(labourer);
    return maxDurationRead;
  };
  let cancelledJobs: ReadonlySet<string> = new Set();
  const settle = async (task: Task, reported: 'expired' | 'failed'): Promise<boolean> => {
    if (task.jobId !== undefined && cancelledJobs.has(task.jobId) && deps.cancelled !== undefined) {
      // A task of a cancelled job is never retried: it closes as cancelled (not as dead: it did not use up its attempts).
      const [closed] = await deps.cancelled.close([task.taskId]);
      if (closed === undefined) return false;
      audit.add('cancelled', task.taskId, labourer.id, { attempt: task.attempts, reason: reported }, task.jobId);
      return true;
    }
    // A failure report may ask for no retry (NonRetriableError) or a minimum delay (RetryLaterError).
    const asked = reported === 'failed' ? failureRequestOf(task.result) : undefined;
    const reason: DeadTask['reason'] = asked?.retriable === false ? 'nonRetriable' : reported;
    if (reason !== 'nonRetriable' && shouldRetry(task.attempts, labourer.maxAttempts)) {
      const policy = taskRetryDelaySeconds(labourer.retry, { maxDuration: await maxDuration(), attempts: task.attempts }, deps.random);
      const delay = Math.max(policy, asked?.retryAfterSeconds ?? 0);
      const moved = await tm.moveToRetry(task.taskId, delay);
      if (moved === null) return false;
      tally?.settled(task, reported);
      audit.add('scheduled_for_retry', task.taskId, labourer.id, { attempt: task.attempts, delay, reason }, task.jobId);
      deps.metrics.count('retried', labourer.id, 1);
      retried += 1;
      return true;
    }
    const closed = await tm.archive(task.taskId);
    if (closed === null) return false;
    tally?.settled(task, reported);
    audit.add('archived_dead', task.taskId, labourer.id, { attempt: task.attempts, reason }, task.jobId);
    deps.metrics.count('dead', labourer.id, 1);
    dead.push({ taskId: task.taskId, labourerId: labourer.id, attempts: task.attempts, reason });
    return true;
  };
  const settleAll = async (page: Task[], reason: 'expired' | 'failed'): Promise<number> => {
    if (deps.cancelled !== undefined) {
      const jobIds = [...new Set(page.flatMap((t) => (t.jobId === undefined ? [] : [t.jobId])))];
      cancelledJobs = jobIds.length === 0 ? new Set() : await deps.cancelled.among(jobIds);
    }
    return (await mapBounded(page, deps.concurrency, (t) => settle(t, reason))).filter(Boolean).length;
  };

  await step('expired', () =>
    drain(
      () => tm.listExpired(window, deps.pageSize),
      deps.pageSize,
      (page) => settleAll(page, 'expired'),
    ),
  );
  await step('failed', async () => {
    await settleAll(await tm.listFailed(window, deps.pageSize), 'failed');
  });

  let returned = 0;
  await step('returnDue', async () => {
    returned = await returnDue(deps, labourer, window, audit);
  });
  return {
    labourerId: labourer.id,
    archived,
    retried,
    returned,
    dead,
    ...(tally === undefined ? {} : { outcomes: tally.counts() }),
    ...(failures.length === 0
      ? {}
      : { error: failures.map((f) => `${f.step}: ${f.message}`).join('; '), errorCode: failures[0]?.code, failures }),
  };
}

async function returnDue(deps: SweepDeps, labourer: LabourerConfig, window: LabourerWindow, audit: AuditBatch): Promise<number> {
  const due = await deps.taskManager.dueRetries(window, deps.retryTasksLimit);
  const back = await deps.taskManager.returnFromRetry(
    labourer.id,
    due.map((t) => t.taskId),
  );
  for (const t of back) audit.add('ready_for_retry', t.taskId, labourer.id, { attempt: t.attempts }, t.jobId);
  if (back.length > 0) deps.metrics.count('returned', labourer.id, back.length);
  return back.length;
}
