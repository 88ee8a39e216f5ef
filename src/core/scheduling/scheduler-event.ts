/**
 * What a Scheduler invocation receives (spec scheduler-chunking.md 3): a job object, an event
 * with a `job` (object or JSON text), the same as JSON text, or a continuation event carrying
 * the bare name of a queue file (`file_name`) written by an earlier invocation.
 */
import { describeValue, SoswError } from '../errors.js';
import { checkJsonTree } from './json-tree.js';
import { trimArnToName } from './trim-arn.js';
import { isPlainObject, type JobObject } from './values.js';

/** A new job: the labourer's function name and the rest of the job. */
export interface JobEvent {
  readonly kind: 'job';
  /** Function name (an ARN is reduced to its name). */
  readonly labourerId: string;
  /** `job_schema_name`, when given. */
  readonly schemaName?: string | undefined;
  /** The job without `lambda_name` and `job_schema_name`. */
  readonly job: JobObject;
}

/** A continuation: process the rest of a queue file. */
export interface ContinuationEvent {
  readonly kind: 'continuation';
  /** Bare file name, no folders. */
  readonly fileName: string;
  /** 1 for the first sibling, +1 for each further one. */
  readonly generation: number;
}

export type SchedulerEvent = JobEvent | ContinuationEvent;

function invalid(message: string, field: string, received?: unknown): SoswError {
  const got = received === undefined ? '' : ` Received ${describeValue(received)}.`;
  return new SoswError('job.invalid', `${message}${got}`, { details: { field } });
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SoswError('job.invalid', `The ${field} is not valid JSON: ${(cause as Error).message}.`, { details: { field }, cause });
  }
}

/**
 * `extract_job_from_payload`, plus continuation events.
 *
 * @example
 * parseSchedulerEvent({ job: { lambda_name: 'arn:aws:lambda:us-west-2:000000000000:function:foo', a: 1 } });
 * // { kind: 'job', labourerId: 'foo', job: { a: 1 } }
 */
export function parseSchedulerEvent(event: unknown): SchedulerEvent {
  const data = typeof event === 'string' ? parseJson(event, 'event') : event;
  if (!isPlainObject(data)) throw invalid('The event must be a job object or {"job": {...}}.', 'event', data);
  if ('file_name' in data && !('job' in data) && !('lambda_name' in data)) return continuation(data);
  const raw = 'job' in data ? data.job : data;
  const job = typeof raw === 'string' ? parseJson(raw, 'job') : raw;
  if (!isPlainObject(job)) throw invalid('The job must be an object with a "lambda_name".', 'job', job);
  checkJsonTree(job, 'job');
  const { lambda_name: lambdaName, job_schema_name: schemaName, ...rest } = job;
  if (typeof lambdaName !== 'string' || lambdaName.trim() === '') {
    throw invalid('The job needs "lambda_name": the name or ARN of a registered labourer.', 'job.lambda_name', lambdaName);
  }
  if (schemaName !== undefined && schemaName !== null && typeof schemaName !== 'string') {
    throw invalid('"job_schema_name" must be the name of a job schema variant.', 'job.job_schema_name', schemaName);
  }
  return { kind: 'job', labourerId: trimArnToName(lambdaName.trim()), schemaName: schemaName ?? undefined, job: rest };
}

function continuation(data: JobObject): ContinuationEvent {
  const fileName = data.file_name;
  if (typeof fileName !== 'string' || !/^[^/\\]+$/.test(fileName) || fileName === '.' || fileName === '..') {
    throw invalid('"file_name" must be the bare name of a queue file (no folders).', 'file_name', fileName);
  }
  const generation = data.generation ?? 1;
  if (typeof generation !== 'number' || !Number.isInteger(generation) || generation < 0) {
    throw invalid('"generation" must be a whole number.', 'generation', generation);
  }
  return { kind: 'continuation', fileName, generation };
}
