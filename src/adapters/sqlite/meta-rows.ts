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
