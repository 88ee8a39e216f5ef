import type { MetaEntry } from '../core/task/meta-entry.js';

export { META_ACTIONS, type MetaAction, type MetaEntry } from '../core/task/meta-entry.js';

/**
 * The task audit trail. Writes are batched; a (task_id, created_at) written twice keeps one row (the
 * SQLite log the first, the DynamoDB log the last: it writes plain batches). Engines write a key twice
 * only to retry a row, so either way no row of a change is lost.
 */
export interface MetaLog {
  write(entries: readonly MetaEntry[]): Promise<void>;
  /** Every entry of a task, oldest first. */
  forTask(taskId: string): Promise<MetaEntry[]>;
  close(): Promise<void>;
}
