/**
 * The contract between the deployment (the `Sosw` CDK construct, `sosw synth`) and the Lambda
 * handlers of the essentials: the environment variable names the construct sets, the config rows
 * it writes, and the metric names its alarms watch. Handlers import these names instead of
 * spelling strings, so the two sides cannot drift apart. Pure data, no I/O.
 */

/**
 * Environment variables set on the essential functions (and, for `SOSW_WORKER_ASSISTANT_FUNCTION`,
 * on workers passed to `grantWorker`). Documented in docs/deploy.md.
 *
 * @example
 * const tasksTable = process.env[DEPLOY_ENV.tasksTable] ?? DEFAULT_TABLE_NAMES.tasks;
 */
export const DEPLOY_ENV = Object.freeze({
  /** Tasks table name (`sosw_tasks`). */
  tasksTable: 'SOSW_TASKS_TABLE',
  /** Closed (archive) table name (`sosw_closed_tasks`). */
  closedTasksTable: 'SOSW_CLOSED_TASKS_TABLE',
  /** Retry table name (`sosw_retry_tasks`). */
  retryTasksTable: 'SOSW_RETRY_TASKS_TABLE',
  /** Audit-trail table name (`sosw_tasks_meta`). */
  metaTable: 'SOSW_META_TABLE',
  /** Config table name (`config`). */
  configTable: 'SOSW_CONFIG_TABLE',
  /** Job records table name (`sosw_jobs`). Unset: jobs keep no records (the original's five tables only). */
  jobsTable: 'SOSW_JOBS_TABLE',
  /** `env` key of the config rows to read (`production`). */
  configEnv: 'SOSW_CONFIG_ENV',
  /** Name of the shared essentials row (`sosw_essential_config`). */
  essentialConfigName: 'SOSW_ESSENTIAL_CONFIG_NAME',
  /** Name of this function's own row (`<function name>_config`). */
  functionConfigName: 'SOSW_FUNCTION_CONFIG_NAME',
  /** Hash of the config rows the deployment wrote; changes on every config change (forces cold starts). */
  configVersion: 'SOSW_CONFIG_VERSION',
  /** Which essential this function runs: `scheduler`, `orchestrator`, `scavenger`, `worker_assistant`. */
  essential: 'SOSW_ESSENTIAL',
  /** SNS topic ARN for dead-task notices (Scavenger). */
  deadTasksTopicArn: 'SOSW_DEAD_TASKS_TOPIC_ARN',
  /** S3 bucket for the Scheduler's queue files. */
  queueBucket: 'SOSW_QUEUE_BUCKET',
  /** Key prefix of the Scheduler's queue files (`sosw/scheduler`). */
  queuePrefix: 'SOSW_QUEUE_PREFIX',
  /** Seconds between ticks inside one scheduled invocation (Orchestrator, Scavenger). */
  tickSeconds: 'SOSW_TICK_SECONDS',
  /** CloudWatch namespace of the counters the essentials emit (embedded metric format). */
  metricsNamespace: 'SOSW_METRICS_NAMESPACE',
  /** Attribute that carries the epoch-seconds expiry when TTL is on (`expires_at`). */
  ttlAttribute: 'SOSW_TTL_ATTRIBUTE',
  /** Seconds a closed task is kept before DynamoDB TTL deletes it (unset: kept forever). */
  closedTasksTtlSeconds: 'SOSW_CLOSED_TASKS_TTL_SECONDS',
  /** Seconds an audit row is kept before DynamoDB TTL deletes it (unset: kept forever). */
  metaTtlSeconds: 'SOSW_META_TTL_SECONDS',
  /** Function name of the WorkerAssistant (set on workers by `grantWorker`). */
  workerAssistantFunction: 'SOSW_WORKER_ASSISTANT_FUNCTION',
} as const);

export type DeployEnvKey = keyof typeof DEPLOY_ENV;
export type DeployEnvName = (typeof DEPLOY_ENV)[DeployEnvKey];

/** The four essentials, by the key used in props, env and metrics. */
export const ESSENTIALS = Object.freeze(['scheduler', 'orchestrator', 'scavenger', 'worker_assistant'] as const);
export type EssentialName = (typeof ESSENTIALS)[number];

/** The original's function names (a deployment may prefix them). */
export const DEFAULT_FUNCTION_NAMES = Object.freeze({
  scheduler: 'sosw_scheduler',
  orchestrator: 'sosw_orchestrator',
  scavenger: 'sosw_scavenger',
  worker_assistant: 'sosw_worker_assistant',
} as const satisfies Record<EssentialName, string>);

/** Config table rows: the env key the essentials read and the shared row's name. */
export const DEPLOY_CONFIG_ROWS = Object.freeze({
  env: 'production',
  essentialConfigName: 'sosw_essential_config',
  /** Suffix of a function's own row: `<function name>_config`. */
  functionConfigSuffix: '_config',
  /**
   * Suffix of the own row the `Sosw` stack writes on existing tables (`<function name>_stack_config`):
   * the original's `<function name>_config` row stays as Python sosw wrote it, for a rollback.
   */
  stackConfigSuffix: '_stack_config',
  /**
   * Key of the shared row naming, per essential, the own row to read instead of `<function>_config`
   * (`{"scheduler": "sosw_scheduler_stack_config"}`), so readers without `SOSW_FUNCTION_CONFIG_NAME`
   * (the CLI, the dashboard, another essential) read the row the deployed function reads.
   */
  functionConfigNamesKey: 'function_config_names',
} as const);

/**
 * Counters the alarms watch, as the EMF metrics adapter (src/adapters/aws/emf-metrics.ts) writes
 * them: the `dead` counter becomes `tasks_dead` (unit Count) in `namespace` with the single
 * dimension `labourer`. An alarm matches only that exact dimension set.
 */
export const DEPLOY_METRICS = Object.freeze({
  namespace: 'sosw',
  deadTasks: 'tasks_dead',
  labourerDimension: 'labourer',
} as const);

/** Scheduler queue-file prefix in the queue bucket (the original's `s3_prefix`). */
export const DEFAULT_QUEUE_PREFIX = 'sosw/scheduler';

/** Default TTL attribute on the closed and meta tables when retention is configured. */
export const DEFAULT_TTL_ATTRIBUTE = 'expires_at';
