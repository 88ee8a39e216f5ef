/**
 * Stored attribute names of task items, as in the original's tables. Users with remapped
 * columns pass `dynamo_db_config.field_names` (logical -> stored); adapters resolve names once.
 */
export const TASK_FIELDS = Object.freeze({
  taskId: 'task_id',
  labourerId: 'labourer_id',
  createdAt: 'created_at',
  greenfield: 'greenfield',
  attempts: 'attempts',
  payload: 'payload',
  completedAt: 'completed_at',
  failedAttempts: 'failed_attempts',
  invocations: 'invocations',
  closedAt: 'closed_at',
  labourerIdTaskStatus: 'labourer_id_task_status',
  desiredLaunchTime: 'desired_launch_time',
} as const);

export type TaskFieldKey = keyof typeof TASK_FIELDS;
export type TaskFieldNames = { readonly [K in TaskFieldKey]: string };

export const STAT_PREFIX = 'stat_';
export const RESULT_PREFIX = 'result_';

/** Resolve the stored names once from a `field_names` map keyed by the original's logical names. */
export function resolveFieldNames(overrides: Readonly<Record<string, string>> = {}): TaskFieldNames {
  const resolved = {} as Record<TaskFieldKey, string>;
  for (const key of Object.keys(TASK_FIELDS) as TaskFieldKey[]) {
    const logical = TASK_FIELDS[key];
    resolved[key] = overrides[logical] ?? logical;
  }
  return resolved;
}
