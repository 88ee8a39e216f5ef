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
  DEFAULT_NO_DATA_STATUS,
  DEFAULT_ORCHESTRATOR_CONFIG,
  DEFAULT_SCAVENGER_CONFIG,
  type EcologyConfig,
  type OrchestratorConfig,
  resolveOrchestratorConfig,
  resolveScavengerConfig,
  resolveWorkerAssistantConfig,
  type ScavengerConfig,
  type WorkerAssistantConfig,
} from './core/config/essentials-config.js';
export {
  type ProjectConfig,
  type ProjectConfigInput,
  parseProjectConfig,
  splitHandlerReference,
  toEssentialConfigs,
} from './core/config/project-config.js';
// The Scheduler
export {
  DEFAULT_SCHEDULER_CONFIG,
  type JobSchema,
  resolveSchedulerConfig,
  type SchedulerConfig,
  type SchedulerConfigInput,
  schedulerConfigInputSchema,
} from './core/config/scheduler-config.js';
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
// Ecology math, retry policy, worker events, essentials' config
export {
  type CoefficientTable,
  DEFAULT_INVOCATION_COEFFICIENTS,
  type DesiredInvocationsInput,
  desiredInvocations,
  resolveCoefficients,
} from './core/ecology/coefficients.js';
export { detailsKey } from './core/ecology/details-hash.js';
export { compileHealthRule, type FeelingsInput, getHealth, type HealthRule } from './core/ecology/feelings.js';
export { type ComparisonOperator, OPERATOR_SPELLINGS, resolveOperator } from './core/ecology/operators.js';
export { describeValue, ERROR_CODES, type ErrorCode, SoswError, type SoswErrorOptions } from './core/errors.js';
export {
  type ActiveControl,
  activeControl,
  type ControlHold,
  type ControlPin,
  type ControlRate,
  type ControlState,
  type ControlStatus,
  controlStatus,
  HOLD_MODES,
  type HoldMode,
  type LabourerControl,
} from './core/flow/control.js';
export { type ControlDuration, controlDurationSeconds, parseControlRate } from './core/flow/control-input.js';
export {
  closedCount,
  isSettled,
  isTerminal,
  JOB_STATES,
  type JobCounters,
  type JobOnComplete,
  type JobRecord,
  type JobState,
  type NewJob,
  settledOutcome,
  TERMINAL_JOB_STATES,
} from './core/job/job.js';
export { checkJobId, JOB_ID_PATTERN, type JobControls, splitJobControls } from './core/job/job-controls.js';
export { JOB_CONTROL_KEYS, JOB_FIELD_NAMES, TASK_CANCELLED_AT_FIELD, TASK_JOB_ID_FIELD } from './core/job/job-fields.js';
export { ECO_STATUS, ECO_STATUS_NAMES, type EcoStatus, type LabourerSnapshot, snapshotLabourer } from './core/labourer/labourer.js';
export { chunkJob } from './core/scheduling/chunk-job.js';
export { BUILTIN_PERIODS, definePeriod, type PeriodDefinition, type PeriodFunction } from './core/scheduling/periods.js';
export { type JobPlan, type PlanInput, planJob } from './core/scheduling/plan.js';
export { type ContinuationEvent, type JobEvent, parseSchedulerEvent, type SchedulerEvent } from './core/scheduling/scheduler-event.js';
export { trimArnToName } from './core/scheduling/trim-arn.js';
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
export { constructPayload } from './core/task/payload.js';
export { LINEAR_RETRY, type RandomSource, shouldRetry, taskRetryDelaySeconds } from './core/task/retry-policy.js';
export type { ClosedTask, RetryTask, Task, TaskDraft, TaskPlace } from './core/task/task.js';
export { newTaskId } from './core/task/task-id.js';
export { buildWorkerEvent, parseTaskPayload, type WorkerEvent } from './core/task/worker-event.js';
// The worker framework
export { NonRetriableError, type RetryDelay, RetryLaterError, retryDelaySeconds } from './core/worker-errors.js';
export { Ecology, type EcologyOptions, type HealthReport, type MetricReading } from './essentials/ecology/ecology.js';
// Lambda-style handlers of the essentials (what their Lambda functions run; `sosw run` uses them too)
export {
  createEssentialHandler,
  type EssentialContext,
  type EssentialFactory,
  type EssentialHandler,
  type EssentialRuntime,
} from './essentials/essential-handler.js';
export {
  type ControlChange,
  LabourerControls,
  type LabourerControlsOptions,
  type LimitOptions,
  type PauseOptions,
} from './essentials/flow/labourer-controls.js';
export { type CancelJobDeps, type CancelJobResult, cancelJob } from './essentials/jobs/cancel-job.js';
export { JobKeeper, type JobKeeperOptions, type JobKeeperRun } from './essentials/jobs/job-keeper.js';
export { followUpJobId, type JobSummary, jobSummary } from './essentials/jobs/job-summary.js';
export { createJobsApi, type JobDetail, type JobRepair, type JobsApi, type JobsApiOptions } from './essentials/jobs/jobs-api.js';
export { type DispatchDecision, explainDecision } from './essentials/orchestrator/decision.js';
export {
  createOrchestratorHandler,
  type OrchestratorHandlerOptions,
  type OrchestratorHandlerResult,
} from './essentials/orchestrator/handler.js';
export {
  Orchestrator,
  type OrchestratorOptions,
  type OrchestratorRunResult,
  type RunContext,
} from './essentials/orchestrator/orchestrator.js';
export { createScavengerHandler, type ScavengerHandlerOptions, type ScavengerHandlerResult } from './essentials/scavenger/handler.js';
export {
  deadTaskMessage,
  Scavenger,
  type ScavengerOptions,
  type ScavengerRunContext,
  type ScavengerRunResult,
} from './essentials/scavenger/scavenger.js';
export type { DeadTask, LabourerSweep } from './essentials/scavenger/sweep.js';
export { createSchedulerHandler, type SchedulerHandlerResult } from './essentials/scheduler/handler.js';
export type { ContinuationPayload } from './essentials/scheduler/handoff.js';
export {
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_SCHEDULER_FUNCTION_NAME,
  type Handoff,
  type RunContext as SchedulerRunContext,
  type SchedulerOptions,
  type SchedulerProgress,
  type SchedulerResult,
} from './essentials/scheduler/options.js';
export { Scheduler, type SchedulerPlan } from './essentials/scheduler/scheduler.js';
// The engines
export { type ClaimOutcome, type CreateTaskOptions, TaskManager, type TaskManagerOptions } from './essentials/task-manager/task-manager.js';
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
export type { LambdaContext } from './essentials/worker/lambda-context.js';
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
export { ASSISTANT_ACTIONS, type AssistantEvent, parseAssistantEvent } from './essentials/worker-assistant/assistant-event.js';
export { createWorkerAssistantHandler } from './essentials/worker-assistant/handler.js';
export {
  type AssistantContext,
  WorkerAssistant,
  type WorkerAssistantOptions,
  type WorkerAssistantResult,
} from './essentials/worker-assistant/worker-assistant.js';
export * from './ports/index.js';
