import type { JobOnComplete, JobRecord, JobState, NewJob } from '../../core/job/job.js';

/** A row of the job table, as stored (field names from JOB_FIELD_NAMES; JSON text for objects). */
export interface JobRow {
  readonly job_id: string;
  readonly labourer_id: string;
  readonly document: string;
  readonly planned: number;
  readonly completed: number;
  readonly dead: number;
  readonly cancelled: number;
  readonly job_state: string;
  readonly created_at: number;
  readonly updated_at: number;
  readonly scheduled_at: number | null;
  readonly finished_at: number | null;
  readonly scheduled_by: string;
  readonly after: string;
  readonly run_after_failure: number;
  readonly tolerated_failure_percentage: number;
  readonly on_complete: string | null;
  readonly actions_done_at: number | null;
  readonly reason: string | null;
}

/** A new job -> the row to insert (counters 0, updated_at = created_at). */
export function toNewJobRow(job: NewJob): JobRow {
  return {
    job_id: job.jobId,
    labourer_id: job.labourerId,
    document: JSON.stringify(job.document),
    planned: job.planned,
    completed: 0,
    dead: 0,
    cancelled: 0,
    job_state: job.state,
    created_at: job.createdAt,
    updated_at: job.createdAt,
    scheduled_at: job.state === 'running' ? job.createdAt : null,
    finished_at: null,
    scheduled_by: job.scheduledBy,
    after: JSON.stringify(job.after),
    run_after_failure: job.runAfterFailure ? 1 : 0,
    tolerated_failure_percentage: job.toleratedFailurePercentage,
    on_complete: job.onComplete === undefined ? null : JSON.stringify(job.onComplete),
    actions_done_at: null,
    reason: job.reason ?? null,
  };
}

/** Placeholder replaced by the lazy getter below (keeps the key order of the record). */
const lazyDocument: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * A row -> the record. A row listed without its document (see `listJobs`) comes with `loadDocument`,
 * which reads the document's JSON text when the record's `document` is first read.
 */
export function fromJobRow(row: JobRow): JobRecord;
export function fromJobRow(row: Omit<JobRow, 'document'>, loadDocument: () => string | undefined): JobRecord;
export function fromJobRow(
  row: Omit<JobRow, 'document'> & { readonly document?: string },
  loadDocument?: () => string | undefined,
): JobRecord {
  const job: { -readonly [K in keyof JobRecord]: JobRecord[K] } = {
    jobId: row.job_id,
    labourerId: row.labourer_id,
    document: lazyDocument,
    planned: row.planned,
    completed: row.completed,
    dead: row.dead,
    cancelled: row.cancelled,
    state: row.job_state as JobState,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    scheduledBy: row.scheduled_by,
    after: JSON.parse(row.after) as string[],
    runAfterFailure: row.run_after_failure === 1,
    toleratedFailurePercentage: row.tolerated_failure_percentage,
  };
  // The document can be large (every item of a job with 50,000 tasks) and the JobKeeper lists running
  // jobs after every sweep only for their counters: it is read and parsed on first read, once.
  let document: Record<string, unknown> | undefined;
  Object.defineProperty(job, 'document', {
    enumerable: true,
    configurable: true,
    get: () => {
      // A job removed since it was listed has no document left: an empty one.
      document ??= JSON.parse(row.document ?? loadDocument?.() ?? '{}') as Record<string, unknown>;
      return document;
    },
  });
  if (row.scheduled_at !== null) job.scheduledAt = row.scheduled_at;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  if (row.on_complete !== null) job.onComplete = JSON.parse(row.on_complete) as JobOnComplete;
  if (row.actions_done_at !== null) job.actionsDoneAt = row.actions_done_at;
  if (row.reason !== null) job.reason = row.reason;
  return job;
}
