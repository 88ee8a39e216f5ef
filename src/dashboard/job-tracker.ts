/**
 * Jobs the Scheduler of this process queued, with their progress. Stores keep no job record, so
 * a job is known from the Scheduler's results; its tasks are found by their deterministic ids
 * (`jobTaskIds`), which is affordable up to `countLimit` tasks per job.
 */
import { jobTaskIds } from '../core/scheduling/sha256.js';
import type { TaskArchive } from '../ports/task-store.js';
import type { JobView } from './source.js';

/** What the tracker needs from a Scheduler result. */
export interface SchedulerResultLike {
  readonly jobId: string;
  readonly labourerId: string;
  readonly total: number;
  readonly cursor: number;
  readonly done: boolean;
}

export interface JobTrackerOptions {
  readonly archive: Pick<TaskArchive, 'getClosed'>;
  /** Jobs larger than this are not counted task by task. @defaultValue 2000 */
  readonly countLimit?: number | undefined;
  /** Jobs remembered (the oldest are forgotten). @defaultValue 50 */
  readonly keep?: number | undefined;
}

interface TrackedJob {
  readonly jobId: string;
  readonly labourerId: string;
  readonly scheduledAt: number;
  total: number;
  queuedRows: number;
  queueingDone: boolean;
  /** Indexes known closed as succeeded (they never reopen). */
  readonly succeeded: Set<number>;
}

export class JobTracker {
  readonly #archive: Pick<TaskArchive, 'getClosed'>;
  readonly #countLimit: number;
  readonly #keep: number;
  readonly #jobs = new Map<string, TrackedJob>();

  public constructor(options: JobTrackerOptions) {
    this.#archive = options.archive;
    this.#countLimit = options.countLimit ?? 2000;
    this.#keep = options.keep ?? 50;
  }

  /** Record a Scheduler result (a new job, or progress of a known one). */
  public record(result: SchedulerResultLike, atMs: number): void {
    let job = this.#jobs.get(result.jobId);
    if (job === undefined) {
      job = {
        jobId: result.jobId,
        labourerId: result.labourerId,
        scheduledAt: atMs,
        total: 0,
        queuedRows: 0,
        queueingDone: false,
        succeeded: new Set(),
      };
      this.#jobs.set(result.jobId, job);
      for (const id of this.#jobs.keys()) {
        if (this.#jobs.size <= this.#keep) break;
        this.#jobs.delete(id);
      }
    }
    job.total = result.total;
    job.queuedRows = Math.max(job.queuedRows, result.cursor);
    job.queueingDone ||= result.done;
  }

  /** Every remembered job, newest first, with closed / dead counted where affordable. */
  public async list(): Promise<JobView[]> {
    const jobs = [...this.#jobs.values()].reverse();
    return Promise.all(jobs.map((job) => this.#view(job)));
  }

  async #view(job: TrackedJob): Promise<JobView> {
    const base = {
      jobId: job.jobId,
      labourerId: job.labourerId,
      scheduledAt: job.scheduledAt,
      total: job.total,
      queuedRows: job.queuedRows,
      queueingDone: job.queueingDone,
    };
    if (job.queuedRows > this.#countLimit) return { ...base, closed: null, dead: null };
    const ids = jobTaskIds(job.jobId);
    let dead = 0;
    const pending: number[] = [];
    for (let i = 0; i < job.queuedRows; i++) if (!job.succeeded.has(i)) pending.push(i);
    const closed = await Promise.all(pending.map((i) => this.#archive.getClosed(ids(i))));
    closed.forEach((task, k) => {
      if (task === null) return;
      if (task.succeeded) job.succeeded.add(pending[k] as number);
      else dead += 1;
    });
    return { ...base, closed: job.succeeded.size + dead, dead };
  }
}
