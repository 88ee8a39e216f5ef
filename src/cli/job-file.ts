import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SoswError } from '../core/errors.js';
import { isPlainObject } from '../core/scheduling/values.js';

/** `file-<first 16 hex of the SHA-256 of the file's bytes>`: the same file always names the same job. */
export function fileJobId(content: string | Buffer): string {
  return `file-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}

/**
 * Read a job file and give the job the id derived from the file's content unless it names one
 * (`job_id`), so scheduling the same file again (a restarted `sosw dev --job`) queues nothing twice.
 * Works for a job object and for `{ "job": { ... } }`.
 */
export function readJobFile(path: string): unknown {
  let content: Buffer;
  let parsed: unknown;
  try {
    content = readFileSync(path);
    parsed = JSON.parse(content.toString('utf8'));
  } catch (cause) {
    throw new SoswError('job.invalid', `Cannot read the job ${path}: ${(cause as Error).message}.`, { details: { path }, cause });
  }
  if (!isPlainObject(parsed)) return parsed;
  const inner = parsed.job;
  if (isPlainObject(inner)) return inner.job_id === undefined ? { ...parsed, job: { ...inner, job_id: fileJobId(content) } } : parsed;
  return parsed.job_id === undefined && inner === undefined ? { ...parsed, job_id: fileJobId(content) } : parsed;
}
