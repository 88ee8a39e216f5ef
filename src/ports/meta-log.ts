import type { MetaEntry } from '../core/task/meta-entry.js';

export { META_ACTIONS, type MetaAction, type MetaEntry } from '../core/task/meta-entry.js';

/** The task audit trail. Writes are batched; a duplicate (task_id, created_at) is ignored. */
export interface MetaLog {
  write(entries: readonly MetaEntry[]): Promise<void>;
  /** Every entry of a task, oldest first. */
  forTask(taskId: string): Promise<MetaEntry[]>;
  close(): Promise<void>;
}
