import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describeValue, SoswError } from '../core/errors.js';
import { isPlainObject } from '../core/scheduling/values.js';
import { decodeUtf8 } from './decode-utf8.js';

/** `file-<first 16 hex of the SHA-256 of the file's bytes>`: the same file always names the same job. */
export function fileJobId(content: string | Buffer): string {
  return `file-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}

/** What a job file holds, once read: its bytes and the parsed job object. */
export interface JobFile {
  readonly bytes: Buffer;
  readonly job: Record<string, unknown>;
}

/**
 * A job argument that is the job's JSON text itself (`sosw schedule '{"lambda_name": "w"}'`), not
 * a path: it starts with `{` and names no file. Users type it that way first; a file of that name
 * is still read as a file.
 */
function isInlineJob(path: string): boolean {
  return path.trimStart().startsWith('{') && !existsSync(path);
}

/** The file name for messages (`-` is stdin). */
function fileName(path: string): string {
  if (path === '-') return 'standard input';
  return isInlineJob(path) ? 'the job text' : path;
}

/** The job's source as the subject of a message. */
function jobSource(path: string): string {
  if (path === '-') return 'The job file standard input';
  return isInlineJob(path) ? 'The job text given on the command line' : `The job file ${path}`;
}

/**
 * Read a job file (`-`: stdin; or the job's JSON text itself) as strict UTF-8 JSON holding one object. Every problem is
 * `job.invalid` naming the file and the fix (`sosw schedule` and `sosw dev --job` alike): a file
 * that cannot be read, bytes that are not UTF-8, text that is not JSON, and JSON that is not an
 * object (`"hello"`, `[...]`).
 */
export function readJobJson(path: string): JobFile {
  let bytes: Buffer;
  try {
    bytes = isInlineJob(path) ? Buffer.from(path, 'utf8') : readFileSync(path === '-' ? 0 : path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SoswError(
      'job.invalid',
      missing
        ? `The job file ${path} does not exist; check the path (relative to ${process.cwd()}).`
        : `Cannot read the job file ${fileName(path)}: ${(cause as Error).message}.`,
      { details: { field: 'job', path }, cause },
    );
  }
  const text = decodeUtf8(bytes, fileName(path), 'job.invalid');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new SoswError('job.invalid', `${jobSource(path)} is not valid JSON: ${(cause as Error).message}.`, {
      details: { field: 'job', path },
      cause,
    });
  }
  if (!isPlainObject(parsed)) {
    const kind = Array.isArray(parsed) ? 'a JSON list' : parsed === null ? 'JSON null' : `a JSON ${typeof parsed}`;
    throw new SoswError(
      'job.invalid',
      `${jobSource(path)} holds ${kind} (${describeValue(parsed)}), not a job: a job file holds one JSON object, e.g. {"lambda_name": "my_labourer"} or {"job": {...}}.`,
      { details: { field: 'job', path, received: parsed } },
    );
  }
  return { bytes, job: parsed };
}

/**
 * Read a job file and give the job the id derived from the file's content unless it names one
 * (`job_id`), so scheduling the same file again (a restarted `sosw dev --job`) queues nothing twice.
 * Works for a job object and for `{ "job": { ... } }`.
 */
export function readJobFile(path: string): Record<string, unknown> {
  const { bytes: content, job: parsed } = readJobJson(path);
  const inner = parsed.job;
  if (isPlainObject(inner)) return inner.job_id === undefined ? { ...parsed, job: { ...inner, job_id: fileJobId(content) } } : parsed;
  return parsed.job_id === undefined && inner === undefined ? { ...parsed, job_id: fileJobId(content) } : parsed;
}

/**
 * An error about the job of a file, with the file named first (`bad.json: Unknown labourer ...`)
 * and in `details.path`. Errors that name it already are returned as they are.
 */
export function inJobFile(error: unknown, path: string): unknown {
  if (!(error instanceof SoswError) || error.details.path !== undefined) return error;
  return new SoswError(error.code, `${fileName(path)}: ${error.message}`, { details: { ...error.details, path }, cause: error });
}
