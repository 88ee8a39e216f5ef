import { JOB_STATES, type JobCounters, type JobRecord, type NewJob } from '../../core/job/job.js';
import {
  checkArray,
  checkCount,
  checkFinite,
  checkId,
  checkIds,
  checkLimit,
  checkOneOf,
  checkString,
  invalidArgument,
} from '../../core/task/store-arguments.js';
import type { JobPage, JobQuery, JobStore, JobTransition } from '../../ports/job-store.js';
import { SqliteConnection, type SqliteConnectionOptions } from './connection.js';
import { fromJobRow, toNewJobRow } from './job-rows.js';
import { type JobStatements, prepareJobStatements } from './statements/job-statements.js';

export type SqliteJobStoreOptions = SqliteConnectionOptions;

/**
 * Job records on SQLite (table `sosw_jobs` beside the task tables). Share the task store's database
 * (`{ database }`): the task store adds to the counters inside its own transactions.
 *
 * @example
 * const database = openSqliteDatabase('sosw.db');
 * const jobs = new SqliteJobStore({ database });
 * const tasks = new SqliteTaskStore({ database });
 */
export class SqliteJobStore implements JobStore {
  readonly #connection: SqliteConnection;
  readonly #sql: JobStatements;

  public constructor(options: SqliteJobStoreOptions = {}) {
    this.#connection = new SqliteConnection(options);
    this.#sql = this.#connection.use('new SqliteJobStore', (db, tables) => prepareJobStatements(db, tables));
  }

  public async create(job: NewJob): Promise<{ readonly created: boolean; readonly job: JobRecord }> {
    return this.#connection.use('create', () => {
      checkNewJob(job);
      const inserted = this.#sql.insertJob.get(toNewJobRow(job));
      if (inserted !== undefined) return { created: true, job: fromJobRow(inserted) };
      const existing = this.#sql.getJob.get(job.jobId);
      if (existing === undefined) throw new Error(`job ${job.jobId} neither inserted nor found`);
      return { created: false, job: fromJobRow(existing) };
    });
  }

  /** A listed job's document, read when the record's `document` is first read (undefined once the job is gone). */
  #document(jobId: string): string | undefined {
    return this.#connection.use('list', () => this.#sql.getJobDocument.get(jobId));
  }

  public async get(jobId: string): Promise<JobRecord | null> {
    return this.#connection.use('get', () => {
      const row = this.#sql.getJob.get(checkId('get', 'jobId', jobId));
      return row === undefined ? null : fromJobRow(row);
    });
  }

  public async getMany(jobIds: readonly string[]): Promise<JobRecord[]> {
    return this.#connection.use('getMany', () => {
      checkIds('getMany', jobIds, 'jobIds');
      if (jobIds.length === 0) return [];
      const byId = new Map(this.#sql.getJobs.all(JSON.stringify(jobIds)).map((row) => [row.job_id, fromJobRow(row)]));
      return [...new Set(jobIds)].flatMap((id) => byId.get(id) ?? []);
    });
  }

  public async list(query: JobQuery): Promise<JobPage> {
    return this.#connection.use('list', () => {
      const limit = checkLimit('list', query?.limit);
      if (query.states !== undefined) {
        checkArray('list', 'states', query.states);
        for (const state of query.states) checkOneOf('list', 'states', state, JOB_STATES);
      }
      if (query.labourerId !== undefined) checkId('list', 'labourerId', query.labourerId);
      const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
      const rows = this.#sql.listJobs.all({
        states: query.states === undefined ? null : JSON.stringify(query.states),
        labourer_id: query.labourerId ?? null,
        after_created: after?.[0] ?? null,
        after_id: after?.[1] ?? null,
        limit: limit + 1,
      });
      const jobs = rows.slice(0, limit).map((row) => fromJobRow(row, () => this.#document(row.job_id)));
      const last = jobs[jobs.length - 1];
      return rows.length > limit && last !== undefined ? { jobs, cursor: encodeCursor(last) } : { jobs };
    });
  }

  public async transition(jobId: string, change: JobTransition): Promise<JobRecord | null> {
    return this.#connection.use('transition', () => {
      checkId('transition', 'jobId', jobId);
      checkArray('transition', 'from', change?.from);
      for (const state of change.from) checkOneOf('transition', 'from', state, JOB_STATES);
      checkOneOf('transition', 'to', change.to, JOB_STATES);
      if (change.planned !== undefined) checkCount('transition', 'planned', change.planned);
      if (change.reason !== undefined) checkString('transition', 'reason', change.reason);
      const row = this.#sql.transition.get({
        job_id: jobId,
        from: JSON.stringify(change.from),
        to: change.to,
        at: checkFinite('transition', 'at', change.at),
        settled: change.whenSettled === true ? 1 : 0,
        planned: change.planned ?? null,
        reason: change.reason ?? null,
      });
      return row === undefined ? null : fromJobRow(row);
    });
  }

  public async markActionsDone(jobId: string, at: number): Promise<void> {
    this.#connection.use('markActionsDone', () => {
      this.#sql.markActionsDone.run(checkFinite('markActionsDone', 'at', at), checkId('markActionsDone', 'jobId', jobId));
    });
  }

  public async setCounters(jobId: string, counters: JobCounters, at: number): Promise<JobRecord | null> {
    return this.#connection.use('setCounters', () => {
      checkId('setCounters', 'jobId', jobId);
      const row = this.#sql.setCounters.get(
        checkCount('setCounters', 'completed', counters?.completed),
        checkCount('setCounters', 'dead', counters.dead),
        checkCount('setCounters', 'cancelled', counters.cancelled),
        checkFinite('setCounters', 'at', at),
        jobId,
      );
      return row === undefined ? null : fromJobRow(row);
    });
  }

  /** Close the connection if this store opened it (a shared `database` stays open). Idempotent. */
  public async close(): Promise<void> {
    this.#connection.close();
  }
}

function checkNewJob(job: NewJob): void {
  const op = 'create';
  checkId(op, 'jobId', job?.jobId);
  checkId(op, 'labourerId', job.labourerId);
  checkCount(op, 'planned', job.planned);
  checkOneOf(op, 'state', job.state, JOB_STATES);
  checkFinite(op, 'createdAt', job.createdAt);
  checkString(op, 'scheduledBy', job.scheduledBy);
  checkArray(op, 'after', job.after);
  for (const parent of job.after) checkId(op, 'after', parent);
  checkFinite(op, 'toleratedFailurePercentage', job.toleratedFailurePercentage);
}

/** Page cursors are opaque to callers: the (created_at, job_id) key of the last job of the page. */
function encodeCursor(job: JobRecord): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.jobId])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  checkString('list', 'cursor', cursor);
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && typeof key[0] === 'number' && typeof key[1] === 'string') return [key[0], key[1]];
  } catch {
    // fall through to the coded error
  }
  throw invalidArgument('list', 'cursor', 'the cursor of the previous page', cursor);
}
