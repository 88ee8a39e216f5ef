/** Physical names of everything the construct creates, from the prefixes (pure). */
import { DEFAULT_FUNCTION_NAMES, ESSENTIALS, type EssentialName } from '../../core/config/deploy-env.js';
import { DEFAULT_TABLE_NAMES } from '../../core/config/task-config.js';
import { DEFAULT_DYNAMO_TABLE_NAMES } from '../aws/dynamodb/table-names.js';

export interface SoswNames {
  readonly tables: {
    readonly tasks: string;
    readonly closedTasks: string;
    readonly retryTasks: string;
    readonly meta: string;
    readonly config: string;
    /** Job records (sosw's own table, not the original's). */
    readonly jobs: string;
  };
  readonly indexes: {
    readonly tasksGreenfield: string;
    readonly closedTasksStatus: string;
    readonly retryTasksLaunchTime: string;
    readonly jobsCreated: string;
    readonly jobsOpen: string;
  };
  readonly functions: Readonly<Record<EssentialName, string>>;
  /** The original's `dead_sns_topic` default, prefixed. */
  readonly topic: string;
  readonly rules: { readonly orchestrator: string; readonly scavenger: string };
}

/**
 * @example
 * soswNames('dev_', 'dev_').tables.tasks; // 'dev_sosw_tasks'
 */
export function soswNames(tablePrefix: string, functionPrefix: string): SoswNames {
  const functions = Object.fromEntries(ESSENTIALS.map((e) => [e, `${functionPrefix}${DEFAULT_FUNCTION_NAMES[e]}`])) as Record<
    EssentialName,
    string
  >;
  return {
    tables: {
      tasks: `${tablePrefix}${DEFAULT_TABLE_NAMES.tasks}`,
      closedTasks: `${tablePrefix}${DEFAULT_TABLE_NAMES.closedTasks}`,
      retryTasks: `${tablePrefix}${DEFAULT_TABLE_NAMES.retryTasks}`,
      meta: `${tablePrefix}${DEFAULT_TABLE_NAMES.meta}`,
      config: `${tablePrefix}${DEFAULT_TABLE_NAMES.config}`,
      jobs: `${tablePrefix}${DEFAULT_DYNAMO_TABLE_NAMES.jobs}`,
    },
    indexes: {
      tasksGreenfield: DEFAULT_TABLE_NAMES.tasksGreenfieldIndex,
      closedTasksStatus: DEFAULT_TABLE_NAMES.closedTasksStatusIndex,
      retryTasksLaunchTime: DEFAULT_TABLE_NAMES.retryTasksIndex,
      jobsCreated: DEFAULT_DYNAMO_TABLE_NAMES.jobsCreatedIndex,
      jobsOpen: DEFAULT_DYNAMO_TABLE_NAMES.jobsOpenIndex,
    },
    functions,
    topic: `${functionPrefix}SoswWorkerErrors`,
    rules: { orchestrator: `${functionPrefix}sosw_orchestrator_every_minute`, scavenger: `${functionPrefix}sosw_scavenger_every_minute` },
  };
}
