import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MetaAction, MetaEntry } from '../../../../ports/meta-log.js';
import { Expression } from '../expression.js';
import type { Item } from '../items.js';
import { type DynamoTtl, withExpiry, withoutExpiry } from '../ttl.js';

/** Attribute names of the original's `sosw_tasks_meta` rows. */
export const META_FIELDS = Object.freeze({
  taskId: 'task_id',
  createdAt: 'created_at',
  action: 'action',
  labourerId: 'labourer_id',
  /** The original Scheduler's `created` rows name the labourer `labourer`. */
  labourer: 'labourer',
  author: 'author',
  invocationId: 'invocation_id',
  logStreamName: 'log_stream_name',
  /** The task's job (`MetaEntry.jobId`), as the SQLite meta log keeps it: it was dropped on DynamoDB. */
  jobId: 'job_id',
} as const);

const KNOWN: ReadonlySet<string> = new Set(Object.values(META_FIELDS));
/**
 * Extras that may not overwrite a field; `labourer` is written as given (the Scheduler's `created` rows
 * carry it), and an extra `job_id` is kept when the entry names no job of its own.
 */
const WRITTEN_BY_FIELDS: ReadonlySet<string> = new Set(
  [...KNOWN].filter((name) => name !== META_FIELDS.labourer && name !== META_FIELDS.jobId),
);

/** Attribute names a meta TTL attribute must not take. */
export const META_RESERVED: readonly string[] = Object.freeze(Object.values(META_FIELDS));

/**
 * Domain entry -> meta item: extras become top-level attributes, as the original wrote them; with
 * `ttl`, the expiry floor(created_at) + seconds (it wins over an extra of the same name).
 */
export function toMetaItem(entry: MetaEntry, ttl?: DynamoTtl): Item {
  const item: Item = {};
  for (const [key, value] of Object.entries(entry.extra ?? {})) if (!WRITTEN_BY_FIELDS.has(key) && value !== undefined) item[key] = value;
  item[META_FIELDS.taskId] = entry.taskId;
  item[META_FIELDS.createdAt] = entry.createdAt;
  item[META_FIELDS.action] = entry.action;
  if (entry.labourerId !== undefined) item[META_FIELDS.labourerId] = entry.labourerId;
  if (entry.author !== undefined) item[META_FIELDS.author] = entry.author;
  if (entry.invocationId !== undefined) item[META_FIELDS.invocationId] = entry.invocationId;
  if (entry.logStreamName !== undefined) item[META_FIELDS.logStreamName] = entry.logStreamName;
  if (entry.jobId !== undefined) item[META_FIELDS.jobId] = entry.jobId;
  return withExpiry(item, entry.createdAt, ttl);
}

/**
 * Meta item -> domain entry; `labourer` (the original Scheduler's name) reads as labourerId. The
 * TTL attribute (when named) is storage, not the entry's `extra`.
 */
export function fromMetaItem(stored: Item, ttlAttribute?: string): MetaEntry {
  const item = withoutExpiry(stored, ttlAttribute);
  const entry: { -readonly [K in keyof MetaEntry]: MetaEntry[K] } = {
    taskId: String(item[META_FIELDS.taskId]),
    createdAt: Number(item[META_FIELDS.createdAt]),
    action: String(item[META_FIELDS.action]) as MetaAction,
  };
  const labourer = item[META_FIELDS.labourerId] ?? item[META_FIELDS.labourer];
  if (typeof labourer === 'string') entry.labourerId = labourer;
  if (typeof item[META_FIELDS.author] === 'string') entry.author = item[META_FIELDS.author] as string;
  if (typeof item[META_FIELDS.invocationId] === 'string') entry.invocationId = item[META_FIELDS.invocationId] as string;
  if (typeof item[META_FIELDS.logStreamName] === 'string') entry.logStreamName = item[META_FIELDS.logStreamName] as string;
  if (typeof item[META_FIELDS.jobId] === 'string') entry.jobId = item[META_FIELDS.jobId] as string;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) if (!KNOWN.has(key)) extra[key] = value;
  if (Object.keys(extra).length > 0) entry.extra = extra;
  return entry;
}

/** The key of an entry, for de-duplication inside one batch (BatchWriteItem rejects two rows of one key). */
export function metaKey(entry: MetaEntry): string {
  return `${entry.taskId}\u0000${entry.createdAt}`;
}

/** forTask: every row of a task, oldest first (consistent: it is the table's own key). */
export function metaForTaskQuery(table: string, taskId: string): QueryCommandInput {
  const e = new Expression();
  return {
    TableName: table,
    KeyConditionExpression: e.compare(META_FIELDS.taskId, '=', taskId),
    ScanIndexForward: true,
    ConsistentRead: true,
    ...e.attributes(),
  };
}
