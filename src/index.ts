/**
 * `sosw`: the core API. Types, errors, config schemas and the engines, with no SDK or driver
 * imports. Adapters are chosen by the entry points `sosw/sqlite`, `sosw/aws`, `sosw/local`.
 */

export { ChainConfigSource } from './adapters/local/chain-config-source.js';
export { MemoryConfigSource } from './adapters/local/memory-config-source.js';
export { type Clock, epochSeconds, epochSecondsFloat, ManualClock, systemClock } from './core/clock.js';
// Config assembly and environment
export { type ConfigDocument, deepMerge, deepMergeAll, isPlainObject } from './core/config/deep-merge.js';
export {
  ENV_KEYS,
  type Env,
  type EnvKey,
  type EnvName,
  functionNameFromEnv,
  isTestStage,
  processEnv,
  readEnv,
  readEnvChoice,
} from './core/config/env-keys.js';
export {
  type ProjectConfig,
  type ProjectConfigInput,
  parseProjectConfig,
  splitHandlerReference,
  toEssentialConfigs,
} from './core/config/project-config.js';
export {
  DEFAULT_TABLE_NAMES,
  DEFAULT_TASK_CONFIG,
  findLabourer,
  type HealthMetricConfig,
  type LabourerConfig,
  type RetryPolicy,
  resolveTaskConfig,
  type TaskConfig,
  type TaskConfigInput,
} from './core/config/task-config.js';
export { describeValue, ERROR_CODES, type ErrorCode, SoswError, type SoswErrorOptions } from './core/errors.js';
export { ECO_STATUS, ECO_STATUS_NAMES, type EcoStatus, type LabourerSnapshot, snapshotLabourer } from './core/labourer/labourer.js';
export { resolveFieldNames, TASK_FIELDS, type TaskFieldNames } from './core/task/field-names.js';
export {
  appendPositions,
  DEFAULT_GREENFIELD_INVOCATION_DELTA,
  DEFAULT_GREENFIELD_TASK_STEP,
  headPositions,
  invokedGreenfield,
  type LabourerWindow,
  labourerWindow,
} from './core/task/greenfield.js';
export type { ClosedTask, RetryTask, Task, TaskDraft, TaskPlace } from './core/task/task.js';
export { newTaskId } from './core/task/task-id.js';
// The worker framework
export { NonRetriableError, type RetryDelay, RetryLaterError, retryDelaySeconds } from './core/worker-errors.js';
export {
  type BuildWorkerOptions,
  type BuiltWorkerRuntime,
  buildWorker,
  isWorkerClass,
  type WorkerClass,
  type WorkerFactory,
  type WorkerLike,
  type WorkerSource,
} from './essentials/worker/build-worker.js';
export {
  createInvocationContext,
  type InvocationContextOptions,
  invocationContextFromLambda,
  withFields,
} from './essentials/worker/context.js';
export { consoleJsonLogger } from './essentials/worker/default-logger.js';
export {
  type DefinedWorkerClass,
  type DefineWorkerOptions,
  defineWorker,
  type PayloadSchema,
  type WorkerFunction,
} from './essentials/worker/define-worker.js';
export { type LambdaHandlerOptions, lambdaHandler, type WorkerLambdaHandler } from './essentials/worker/lambda-handler.js';
export {
  type AssembledConfig,
  assembleConfig,
  type ConfigAssemblyOptions,
  ESSENTIAL_CONFIG_NAME,
  functionConfigName,
  Processor,
  type ProcessorOptions,
  type ProcessorParts,
} from './essentials/worker/processor.js';
export { Stats, type StatsSnapshot, type StatValue, TOTAL_PREFIX } from './essentials/worker/stats.js';
export {
  DEFAULT_WORKER_ASSISTANT,
  type InvocationContext,
  type TaskRef,
  WORKER_REPORT_ACTIONS,
  type WorkerContext,
  type WorkerHandler,
  type WorkerOutcome,
  type WorkerReportAction,
  type WorkerReportEvent,
} from './essentials/worker/types.js';
export { WORKER_DEFAULT_CONFIG, Worker, type WorkerRuntime } from './essentials/worker/worker.js';
export * from './ports/index.js';
