import { describeValue, SoswError } from '../../../core/errors.js';

/**
 * Table and index names of the original sosw deployment (each configurable there too:
 * `dynamo_db_config.table_name`, `sosw_closed_tasks_table`, `sosw_retry_tasks_table`, ...).
 */
export interface DynamoTableNames {
  readonly tasks: string;
  /** GSI of the tasks table: labourer_id HASH, greenfield RANGE, projection ALL. */
  readonly tasksGreenfieldIndex: string;
  readonly closedTasks: string;
  /** GSI of the closed table: labourer_id_task_status HASH, closed_at RANGE, projection INCLUDE. */
  readonly closedStatusIndex: string;
  readonly retryTasks: string;
  /** LSI of the retry table: labourer_id HASH, desired_launch_time RANGE (named "greenfield" by the original). */
  readonly retryLaunchIndex: string;
  readonly meta: string;
  readonly config: string;
  /** Job records (not in the original; optional: without it tasks carry no job counters). Key job_id. */
  readonly jobs: string;
  /** GSI of the jobs table: job_list HASH (always `all`), created_at RANGE: every job, newest first. */
  readonly jobsCreatedIndex: string;
  /** Sparse GSI of the jobs table: job_open HASH (`open` while not terminal), created_at RANGE. */
  readonly jobsOpenIndex: string;
}

export const DEFAULT_DYNAMO_TABLE_NAMES: DynamoTableNames = Object.freeze({
  tasks: 'sosw_tasks',
  tasksGreenfieldIndex: 'sosw_tasks_greenfield',
  closedTasks: 'sosw_closed_tasks',
  closedStatusIndex: 'labourer_task_status_with_time',
  retryTasks: 'sosw_retry_tasks',
  retryLaunchIndex: 'labourer_id_greenfield',
  meta: 'sosw_tasks_meta',
  config: 'config',
  jobs: 'sosw_jobs',
  jobsCreatedIndex: 'sosw_jobs_by_created',
  jobsOpenIndex: 'sosw_jobs_open',
});

/** Defaults overlaid with the given names; every name must be a non-empty string. */
export function resolveDynamoTableNames(overrides: Partial<DynamoTableNames> = {}): DynamoTableNames {
  const names = { ...DEFAULT_DYNAMO_TABLE_NAMES };
  for (const [key, value] of Object.entries(overrides) as [keyof DynamoTableNames, unknown][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_DYNAMO_TABLE_NAMES)) {
      throw new SoswError(
        'config.invalid',
        `Unknown DynamoDB table name key ${key}: use one of ${Object.keys(DEFAULT_DYNAMO_TABLE_NAMES).join(', ')}.`,
        {
          details: { field: `tableNames.${key}` },
        },
      );
    }
    if (typeof value !== 'string' || value === '') {
      throw new SoswError('config.invalid', `tableNames.${key} is ${describeValue(value)}: give a non-empty table or index name.`, {
        details: { field: `tableNames.${key}`, value },
      });
    }
    names[key] = value;
  }
  return Object.freeze(names);
}
