/**
 * The control keys of a job document (`job_id`, `after`, `on_complete`, ...): validated once, kept
 * on the job record, and stripped from the job before it is chunked, so task payloads carry only
 * the job's own keys. Every problem is a `job.invalid` error naming the field and the fix.
 */
import { describeValue, SoswError } from '../errors.js';
import { isPlainObject, type JobObject } from '../scheduling/values.js';
import type { JobOnComplete } from './job.js';
import { JOB_CONTROL_KEYS } from './job-fields.js';

export interface JobControls {
  /** The idempotency key (`job_id`), when the job names one. */
  readonly jobId?: string | undefined;
  readonly after: readonly string[];
  readonly runAfterFailure: boolean;
  /** 0..100 (default 0: one dead task fails the job). */
  readonly toleratedFailurePercentage: number;
  readonly onComplete?: JobOnComplete | undefined;
  /** Control keys this module does not interpret (`priority`, `not_before`), as given. */
  readonly other: Readonly<Record<string, unknown>>;
}

/** Job ids: 1..200 characters of letters, digits and `_ - . : #` (they name tasks, queue files and records). */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_.:#-]{1,200}$/;

function invalid(field: string, expected: string, received: unknown): SoswError {
  return new SoswError('job.invalid', `Invalid job: ${field} must be ${expected}, received ${describeValue(received)}.`, {
    details: { field, received },
  });
}

export function checkJobId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !JOB_ID_PATTERN.test(value)) {
    throw invalid(field, '1 to 200 letters, digits or _ - . : # (e.g. "daily-2024-01-01")', value);
  }
  return value;
}

function onCompleteOf(value: unknown): JobOnComplete | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw invalid('job.on_complete', 'an object with schedule, invoke and/or notify', value);
  const known = new Set(['schedule', 'invoke', 'notify']);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw invalid(`job.on_complete.${key}`, 'absent: on_complete knows only schedule, invoke and notify', value[key]);
  }
  const { schedule, invoke, notify } = value;
  if (schedule !== undefined && (!Array.isArray(schedule) || !schedule.every(isPlainObject))) {
    throw invalid('job.on_complete.schedule', 'a list of job objects (each with its lambda_name)', schedule);
  }
  if (invoke !== undefined && (typeof invoke !== 'string' || invoke === '')) {
    throw invalid('job.on_complete.invoke', 'the name of a labourer to invoke with the job summary', invoke);
  }
  if (notify !== undefined && typeof notify !== 'boolean') throw invalid('job.on_complete.notify', 'true or false', notify);
  return {
    ...(schedule === undefined ? {} : { schedule: schedule as Record<string, unknown>[] }),
    ...(invoke === undefined ? {} : { invoke: invoke as string }),
    ...(notify === undefined ? {} : { notify: notify as boolean }),
  };
}

/**
 * Split a parsed job (without `lambda_name` / `job_schema_name`) into its controls and the rest.
 *
 * @example
 * splitJobControls({ job_id: 'daily', after: ['setup'], period: 'today' });
 * // { controls: { jobId: 'daily', after: ['setup'], ... }, job: { period: 'today' } }
 */
export function splitJobControls(job: JobObject): { controls: JobControls; job: JobObject } {
  const rest: JobObject = {};
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(job)) {
    if ((JOB_CONTROL_KEYS as readonly string[]).includes(key)) given[key] = value;
    else rest[key] = value;
  }
  const {
    job_id: jobId,
    after,
    run_after_failure: runAfterFailure,
    tolerated_failure_percentage: tolerated,
    on_complete: onComplete,
  } = given;
  if (after !== undefined && (!Array.isArray(after) || after.length > 100)) {
    throw invalid('job.after', 'a list of at most 100 job ids that must complete first', after);
  }
  const parents = (after ?? []).map((id: unknown, i: number) => checkJobId(`job.after[${i}]`, id));
  if (runAfterFailure !== undefined && typeof runAfterFailure !== 'boolean')
    throw invalid('job.run_after_failure', 'true or false', runAfterFailure);
  if (tolerated !== undefined && (typeof tolerated !== 'number' || !Number.isFinite(tolerated) || tolerated < 0 || tolerated > 100)) {
    throw invalid('job.tolerated_failure_percentage', 'a number from 0 to 100 (percent of the tasks that may die)', tolerated);
  }
  const other: Record<string, unknown> = {};
  if ('priority' in given) other.priority = given.priority;
  if ('not_before' in given) other.not_before = given.not_before;
  const controls: JobControls = {
    ...(jobId === undefined || jobId === null ? {} : { jobId: checkJobId('job.job_id', jobId) }),
    after: [...new Set(parents)],
    runAfterFailure: runAfterFailure === true,
    toleratedFailurePercentage: (tolerated as number | undefined) ?? 0,
    onComplete: onCompleteOf(onComplete),
    other,
  };
  return { controls, job: rest };
}
