/**
 * An optional capability of a task store: find task ids by their first characters, wherever the
 * task is (queued, retrying, closed). The SQLite store has it (an index range); the dashboard's
 * id search uses it when the store offers it.
 */
export interface TaskIdSearch {
  /** Ids starting with `prefix`, ascending, at most `limit`. */
  taskIdsWithPrefix(prefix: string, limit: number): Promise<string[]>;
}

export function hasTaskIdSearch(store: object): store is TaskIdSearch {
  return typeof (store as Partial<TaskIdSearch>).taskIdsWithPrefix === 'function';
}
