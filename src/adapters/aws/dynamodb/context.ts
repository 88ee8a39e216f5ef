import type { TaskFieldNames } from '../../../core/task/field-names.js';
import type { DynamoSender } from './dynamo-sender.js';
import type { SnapshotCache } from './snapshot-cache.js';
import type { DynamoTableNames } from './table-names.js';
import type { DynamoTtl } from './ttl.js';

/** What the DynamoDB task-store modules share: names, the sender and the snapshot caches. */
export interface DynamoContext {
  readonly t: DynamoTableNames;
  readonly f: TaskFieldNames;
  readonly sender: DynamoSender;
  /** greenfield_task_step. */
  readonly step: number;
  /** Lowest greenfield an invoked task can have (null: no floor), used by listCompleted. */
  readonly invokedFloor: number | null;
  /** Live items by task id. */
  readonly live: SnapshotCache;
  /** Retry items by task id. */
  readonly retry: SnapshotCache;
  /** Expiry written on every closed item (undefined: closed tasks are kept forever). */
  readonly closedTtl: DynamoTtl | undefined;
  /** Expiry written on the audit rows the report transaction puts (undefined: kept forever). */
  readonly metaTtl: DynamoTtl | undefined;
  /**
   * Keep job counters: every write that closes a task of a job (archive, dead, cancel) or reopens
   * one (redrive) adds to the job's counters in `t.jobs` in the same transaction.
   */
  readonly jobs: boolean;
}
