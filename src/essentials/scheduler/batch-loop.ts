/**
 * The write loop of one invocation: take `rows_to_process` planned rows, enqueue them as one
 * batch with deterministic ids, audit what was written, record the cursor, repeat while time
 * is left.
 */
import { type Clock, epochSecondsFloat } from '../../core/clock.js';
import { jobPlacement } from '../../core/flow/placement.js';
import type { JobPlan, PlannedPayload } from '../../core/scheduling/plan.js';
import type { QueueDocument, QueueKeys } from '../../core/scheduling/queue-file.js';
import { jobTaskIds } from '../../core/scheduling/sha256.js';
import type { TaskDraft } from '../../core/task/task.js';
import type { MetaEntry, MetaLog } from '../../ports/meta-log.js';
import type { Metrics } from '../../ports/metrics.js';
import type { TaskQueue } from '../../ports/task-store.js';
import { uniqueStamp } from '../task-manager/audit-batch.js';
import type { SchedulerProgress } from './options.js';
import type { QueueFiles } from './queue-files.js';
import type { HeldLock, QueueLocks } from './queue-lock.js';

export interface LoopDeps {
  readonly store: Pick<TaskQueue, 'enqueue'>;
  readonly metaLog?: Pick<MetaLog, 'write'> | undefined;
  readonly files: QueueFiles;
  readonly locks: QueueLocks;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly author: string;
  readonly rowsToProcess: number;
  readonly shutdownMs: number;
  /** Least time between two saves of the cursor (0: after every batch). */
  readonly checkpointIntervalMs: number;
  readonly onProgress?: ((progress: SchedulerProgress) => void) | undefined;
  /** The lane of a payload when the labourer has a `concurrency_key` (fair per-key placement). */
  readonly laneOf?: ((payload: string) => string) | undefined;
}

/** A job being worked on by this invocation. */
export interface ActiveJob {
  readonly jobId: string;
  readonly labourerId: string;
  readonly plan: JobPlan;
  /** The queue document that describes the job (written when the job gets a queue file). */
  readonly doc: QueueDocument;
  /** Present once the job has a queue file (and then `lock` is held). */
  keys?: QueueKeys | undefined;
  lock?: HeldLock | undefined;
  /** The job has a record: its tasks and audit rows carry `job_id`. */
  recorded?: boolean | undefined;
}

export interface LoopOutcome extends SchedulerProgress {
  readonly done: boolean;
}

function take(rows: Iterator<PlannedPayload>, n: number): PlannedPayload[] {
  const batch: PlannedPayload[] = [];
  while (batch.length < n) {
    const next = rows.next();
    if (next.done === true) break;
    batch.push(next.value);
  }
  return batch;
}

/** Write batches from `cursor` while `remainingMs()` is above the shutdown reserve. */
export async function writeBatches(
  deps: LoopDeps,
  job: ActiveJob,
  start: number,
  remainingMs: () => number,
  invocationId: string | undefined,
): Promise<LoopOutcome> {
  const ids = jobTaskIds(job.jobId);
  const rows = job.plan.payloads(start);
  const total = job.plan.total;
  // The job's priority and not_before, as of its planning time (a resumed job is placed the same way).
  const placement = jobPlacement({ priority: job.doc.priority, not_before: job.doc.not_before }, job.doc.planned_at_ms / 1000);
  const laneOf = deps.laneOf;
  let cursor = Math.min(start, total);
  let queued = 0;
  let skipped = 0;
  let savedAt = deps.clock.now();
  // Once this run's first batch is written whole, no earlier run reached any later row (rows are
  // written in order): later batches need not prove their ids absent from the retry and closed tables.
  let freshIds = false;
  const progress = (): SchedulerProgress => ({ jobId: job.jobId, labourerId: job.labourerId, total, cursor, queued, skipped });
  while (cursor < total && remainingMs() > deps.shutdownMs) {
    const batch = take(rows, deps.rowsToProcess);
    if (batch.length === 0) break;
    const jobId = job.recorded === true ? job.jobId : undefined;
    const drafts: TaskDraft[] = batch.map((row) => ({
      taskId: ids(row.index),
      payload: row.payload,
      jobId,
      ...(laneOf === undefined ? {} : { lane: laneOf(row.payload) }),
    }));
    const createdAt = epochSecondsFloat(deps.clock);
    const written = await deps.store.enqueue(job.labourerId, drafts, createdAt, freshIds ? { ...placement, freshIds } : placement);
    if (queued === 0 && skipped === 0) freshIds = written.length === batch.length;
    if (deps.metaLog !== undefined && written.length > 0) {
      const entries: MetaEntry[] = written.map((task) => ({
        taskId: task.taskId,
        // Registered with the process's stamps, so a later row of the task (an in-process Orchestrator
        // under the same clock reading) never takes this row's key: the meta log keeps one row per key.
        createdAt: uniqueStamp(task.taskId, createdAt),
        action: 'created',
        author: deps.author,
        invocationId,
        extra: { labourer: job.labourerId },
        jobId,
      }));
      await deps.metaLog.write(entries);
    }
    queued += written.length;
    skipped += batch.length - written.length;
    cursor = (batch[batch.length - 1] as PlannedPayload).index + 1;
    if (written.length > 0) deps.metrics.count('queued', job.labourerId, written.length);
    if (job.keys !== undefined && job.lock !== undefined) {
      // The cursor only saves work on resume (ids are deterministic), so it is saved at most once per interval.
      if (deps.clock.now() - savedAt >= deps.checkpointIntervalMs) {
        await deps.files.saveCursor(job.keys, cursor);
        savedAt = deps.clock.now();
      }
      await deps.locks.renewIfDue(job.lock);
    }
    deps.onProgress?.(progress());
  }
  return { ...progress(), done: cursor >= total };
}
