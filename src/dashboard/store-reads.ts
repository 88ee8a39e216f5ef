/**
 * The dashboard's reads and its redrive over the store ports (TaskStore + MetaLog), shared by the
 * source of the embedded runtime and the source of a project opened by `sosw dashboard`.
 */
import { findTask, newestClosedNotSucceeded } from '../adapters/local/task-listing.js';
import { type Clock, epochSeconds, epochSecondsFloat } from '../core/clock.js';
import type { LabourerConfig } from '../core/config/task-config.js';
import { canCancelTasks, cancelTasks } from '../essentials/jobs/cancel-tasks.js';
import type { MetaLog } from '../ports/meta-log.js';
import type { TaskStore } from '../ports/task-store.js';
import type { CancelTarget, DeadTaskView, RedriveAudit, RedriveOutcome, RetryView, TaskDetail, TaskMatch } from './source.js';
import { mergeNewest } from './summaries.js';

export interface StoreReadsOptions {
  readonly store: TaskStore;
  readonly metaLog: MetaLog;
  readonly labourers: readonly LabourerConfig[];
  readonly clock: Clock;
  /** Audit author of redrives. @defaultValue 'sosw_dashboard' */
  readonly author?: string | undefined;
}

export interface StoreReads {
  task(taskId: string): Promise<TaskDetail | null>;
  deadTasks(labourerIds: readonly string[], limit: number): Promise<DeadTaskView[]>;
  retries(labourerIds: readonly string[], limit: number): Promise<RetryView[]>;
  redrive(taskId: string, audit?: RedriveAudit): Promise<RedriveOutcome>;
  locate(taskIds: readonly string[]): Promise<TaskMatch[]>;
  /** Absent where the store cannot cancel tasks. */
  readonly cancel?: ((tasks: readonly CancelTarget[], audit?: RedriveAudit) => Promise<string[]>) | undefined;
}

/** Tasks looked up at once by `locate` (each is one to three point reads). */
const LOCATE_CONCURRENCY = 25;

export function storeReads(o: StoreReadsOptions): StoreReads {
  const store = o.store;
  return {
    async locate(taskIds) {
      const found: TaskMatch[] = [];
      const now = epochSeconds(o.clock);
      for (let i = 0; i < taskIds.length; i += LOCATE_CONCURRENCY) {
        const chunk = taskIds.slice(i, i + LOCATE_CONCURRENCY);
        for (const t of await Promise.all(chunk.map((id) => findTask(store, id, o.labourers, now)))) {
          if (t !== null) found.push({ taskId: t.taskId, labourerId: t.labourerId, state: t.state, jobId: t.jobId });
        }
      }
      return found;
    },
    cancel: canCancelTasks(store)
      ? (tasks, audit = {}) =>
          cancelTasks({ tasks: store, metaLog: o.metaLog, clock: o.clock }, tasks, audit.by ?? o.author ?? 'sosw_dashboard', audit.extra)
      : undefined,
    async task(taskId) {
      const found = await findTask(o.store, taskId, o.labourers, epochSeconds(o.clock));
      if (found === null) return null;
      const audit = await o.metaLog.forTask(taskId);
      return {
        ...found,
        audit: audit.map((e) => ({
          at: e.createdAt,
          action: e.action,
          author: e.author,
          invocationId: e.invocationId,
          logStreamName: e.logStreamName,
          extra: e.extra,
        })),
      };
    },
    async deadTasks(labourerIds, limit) {
      const lists = await Promise.all(labourerIds.map((id) => newestClosedNotSucceeded(o.store, id, 'dead', limit)));
      return mergeNewest(lists.flat(), (t) => -t.closedAt, limit).map((t) => ({
        taskId: t.taskId,
        labourerId: t.labourerId,
        attempts: t.attempts,
        closedAt: t.closedAt,
        createdAt: t.createdAt,
      }));
    },
    async retries(labourerIds, limit) {
      const lists = await Promise.all(labourerIds.map((id) => o.store.dueRetries(id, Number.MAX_SAFE_INTEGER, limit)));
      return mergeNewest(lists.flat(), (t) => t.desiredLaunchTime, limit).map((t) => ({
        taskId: t.taskId,
        labourerId: t.labourerId,
        attempts: t.attempts,
        dueAt: t.desiredLaunchTime,
      }));
    },
    async redrive(taskId, audit = {}) {
      const task = await o.store.redrive(taskId);
      if (task === null) {
        const known = await findTask(o.store, taskId, o.labourers, epochSeconds(o.clock));
        return { redriven: false, taskId, reason: known === null ? 'unknown' : 'notDead' };
      }
      await o.metaLog.write([
        {
          taskId,
          labourerId: task.labourerId,
          createdAt: epochSecondsFloat(o.clock),
          action: 'redriven',
          author: audit.by ?? o.author ?? 'sosw_dashboard',
          extra: audit.extra,
        },
      ]);
      return { redriven: true, taskId, labourerId: task.labourerId };
    },
  };
}
