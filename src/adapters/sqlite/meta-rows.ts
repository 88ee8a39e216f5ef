import type { MetaAction, MetaEntry } from '../../ports/meta-log.js';
import type { MetaRow } from './statements/meta-statements.js';

/** Domain meta entry -> stored row (absent optional fields become NULL, `extra` JSON text). */
export function toMetaRow(entry: MetaEntry): MetaRow {
  return {
    task_id: entry.taskId,
    created_at: entry.createdAt,
    action: entry.action,
    labourer_id: entry.labourerId ?? null,
    author: entry.author ?? null,
    invocation_id: entry.invocationId ?? null,
    log_stream_name: entry.logStreamName ?? null,
    extra: entry.extra === undefined || Object.keys(entry.extra).length === 0 ? null : JSON.stringify(entry.extra),
    job_id: entry.jobId ?? null,
  };
}

/**
 * Domain meta entry -> its row's values in column order (MetaValues), written into `target` from
 * `offset` (so a chunk of rows shares one array); `jobId` stands in when the entry names no job.
 */
export function putMetaValues(target: unknown[], offset: number, entry: MetaEntry, jobId: string | null = null): void {
  target[offset] = entry.taskId;
  target[offset + 1] = entry.createdAt;
  target[offset + 2] = entry.action;
  target[offset + 3] = entry.labourerId ?? null;
  target[offset + 4] = entry.author ?? null;
  target[offset + 5] = entry.invocationId ?? null;
  target[offset + 6] = entry.logStreamName ?? null;
  target[offset + 7] = entry.extra === undefined || isEmpty(entry.extra) ? null : JSON.stringify(entry.extra);
  target[offset + 8] = entry.jobId ?? jobId;
}

function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return false;
  return true;
}

/** Stored row -> domain meta entry (NULL columns are omitted). */
export function fromMetaRow(row: MetaRow): MetaEntry {
  const entry: { -readonly [K in keyof MetaEntry]: MetaEntry[K] } = {
    taskId: row.task_id,
    createdAt: row.created_at,
    action: row.action as MetaAction,
  };
  if (row.labourer_id !== null) entry.labourerId = row.labourer_id;
  if (row.author !== null) entry.author = row.author;
  if (row.invocation_id !== null) entry.invocationId = row.invocation_id;
  if (row.log_stream_name !== null) entry.logStreamName = row.log_stream_name;
  if (row.job_id !== null) entry.jobId = row.job_id;
  if (row.extra !== null) entry.extra = JSON.parse(row.extra) as Record<string, unknown>;
  return entry;
}
