/**
 * The Scheduler's queue files: names, keys and the documents stored in a BlobStore when a job
 * needs more than one batch (spec scheduler-chunking.md 8, with the continuation protocol fixed).
 *
 *   <prefix>/<name>            the job document (written once, never changed)
 *   <prefix>/progress_<name>   { cursor }: rows before it are known to be queued
 *   <prefix>/locked_<name>     the lock: owner token and expiry
 *   <prefix>/locked_<name>.takeover.<token>   marker of the one taker of a stale lock
 */
import { z } from 'zod';
import { SoswError } from '../errors.js';

export const queueDocumentSchema = z.object({
  version: z.literal(1),
  job_id: z.string().min(1),
  labourer_id: z.string().min(1),
  job_schema_name: z.string().optional(),
  /** The job without lambda_name / job_schema_name. */
  job: z.record(z.string(), z.unknown()),
  /** Epoch ms the job was planned at; periods are computed from it on every resume. */
  planned_at_ms: z.number(),
  total: z.number().int().nonnegative(),
  /** The job's `priority` (1..9; absent: 0), kept so a resumed job is placed as planned. */
  priority: z.number().int().min(1).max(9).optional(),
  /** The job's `not_before` as epoch seconds (absent: start at once). */
  not_before: z.number().optional(),
});
export type QueueDocument = z.infer<typeof queueDocumentSchema>;

export const queueProgressSchema = z.object({ cursor: z.number().int().nonnegative() });
export type QueueProgress = z.infer<typeof queueProgressSchema>;

export const queueLockSchema = z.object({
  token: z.string().min(1),
  owner: z.string(),
  expires_at_ms: z.number(),
});
export type QueueLock = z.infer<typeof queueLockSchema>;

/** Keys of one queue file. */
export interface QueueKeys {
  readonly name: string;
  readonly file: string;
  readonly progress: string;
  readonly lock: string;
  /** Prefix of takeover markers of this file's locks. */
  readonly takeoverPrefix: string;
}

/** `tasks_queue.txt` + job id -> `tasks_queue_<job id>.txt` (characters outside [A-Za-z0-9_-] become `-`). */
export function queueFileName(queueFile: string, jobId: string): string {
  const dot = queueFile.lastIndexOf('.');
  const safeId = jobId.replace(/[^A-Za-z0-9_-]/g, '-');
  return `${queueFile.slice(0, dot)}_${safeId}${queueFile.slice(dot)}`;
}

/** The keys of queue file `name` under `prefix`. */
export function queueKeys(prefix: string, name: string): QueueKeys {
  const dir = prefix === '' ? '' : `${prefix}/`;
  return {
    name,
    file: `${dir}${name}`,
    progress: `${dir}progress_${name}`,
    lock: `${dir}locked_${name}`,
    takeoverPrefix: `${dir}locked_${name}.takeover.`,
  };
}

/** True for a key under `prefix` that is a queue file itself (not a lock, marker or progress record). */
export function isQueueFileKey(prefix: string, key: string): boolean {
  const dir = prefix === '' ? '' : `${prefix}/`;
  if (!key.startsWith(dir)) return false;
  const name = key.slice(dir.length);
  return name !== '' && !name.includes('/') && !name.startsWith('locked_') && !name.startsWith('progress_');
}

/** Parse a stored document, or fail with `blob.notFound`-style context naming the key. */
export function parseStored<T>(schema: z.ZodType<T>, key: string, text: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new SoswError('job.invalid', `Queue object ${key} is not valid JSON; delete it or restore it from a backup.`, {
      details: { key },
      cause,
    });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new SoswError('job.invalid', `Queue object ${key} has an unexpected shape (${parsed.error.issues[0]?.message ?? 'invalid'}).`, {
      details: { key },
      cause: parsed.error,
    });
  }
  return parsed.data;
}
