import type { NewJob } from '../../../src/core/job/job.js';
import type { TaskDraft } from '../../../src/core/task/task.js';
import type { JobStore, JobTasks } from '../../../src/ports/job-store.js';
import type { TaskStore } from '../../../src/ports/task-store.js';

/**
 * What an adapter's runner gives the job-store contract: a fresh, empty job store and the task
 * store on the same backend (its moves keep the job counters), and how to drop both.
 */
export type JobStoreFactory = () => Promise<{ jobStore: JobStore; taskStore: TaskStore & JobTasks; cleanup(): Promise<void> }>;

export const NOW = 1_700_000_000;
export const DELTA = 31_557_600;
export const LABOURER = 'sosw_sandbox';

export function newJob(jobId: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    jobId,
    labourerId: LABOURER,
    document: { lambda_name: LABOURER, job_id: jobId },
    planned: 3,
    state: 'running',
    createdAt: NOW,
    scheduledBy: 'contract',
    after: [],
    runAfterFailure: false,
    toleratedFailurePercentage: 0,
    ...overrides,
  };
}

/** `count` drafts of job `jobId` with ids `<jobId>-0000`... */
export function jobDrafts(jobId: string, count: number): TaskDraft[] {
  return Array.from({ length: count }, (_, i) => ({ taskId: `${jobId}-${String(i).padStart(4, '0')}`, payload: `{"n":${i}}`, jobId }));
}

export async function withJobStores(
  factory: JobStoreFactory,
  body: (stores: { jobStore: JobStore; taskStore: TaskStore & JobTasks }) => Promise<void>,
): Promise<void> {
  const { jobStore, taskStore, cleanup } = await factory();
  try {
    await body({ jobStore, taskStore });
  } finally {
    await cleanup();
  }
}

/** Enqueue `count` tasks of the job and claim the first `invoke` of them (invoked at NOW). */
export async function queueJobTasks(store: TaskStore, jobId: string, count: number, invoke = 0): Promise<string[]> {
  const written = await store.enqueue(LABOURER, jobDrafts(jobId, count), NOW - 10);
  const ids = written.map((t) => t.taskId);
  if (invoke > 0) await store.claimMany(ids.slice(0, invoke), NOW, NOW + DELTA);
  return ids;
}

/** Report a claimed task completed (invoked at NOW). */
export async function complete(store: TaskStore, taskId: string, at = NOW + 1): Promise<void> {
  const outcome = await store.report({ taskId, outcome: 'completed', at, invokedAtLeast: NOW + DELTA - 1000 });
  if (!outcome.applied) throw new Error(`report of ${taskId} not applied: ${outcome.reason}`);
}
