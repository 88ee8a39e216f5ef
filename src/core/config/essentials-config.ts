/**
 * Config documents of the Orchestrator, Scavenger and WorkerAssistant (`sosw_orchestrator_config`
 * etc.), with the original's snake_case keys, parsed once at the edge into resolved objects.
 */
import { z } from 'zod';
import { type CoefficientTable, resolveCoefficients } from '../ecology/coefficients.js';
import type { EcoStatus } from '../labourer/labourer.js';
import { rejectReservedKeys } from './reserved-keys.js';
import { resolveTaskConfig, type TaskConfig } from './task-config.js';
import { fromZodError } from './zod-errors.js';

export const DEFAULT_ORCHESTRATOR_CONFIG = Object.freeze({
  tickIntervalSeconds: 0,
  runTimeBudgetSeconds: 50,
  invokeConcurrency: 16,
  dispatchLeaseSeconds: 0,
});

export const DEFAULT_SCAVENGER_CONFIG = Object.freeze({
  retryTasksLimit: 20,
  pageSize: 100,
  snsRecipient: 'arn:aws:sns:us-west-2:000000000000:sosw_info',
  snsSubject: '``sosw`` Info',
  deadTaskSubject: '``sosw`` Dead Task',
});

/**
 * Status used when a health metric has no data or cannot be read, unless the metric sets
 * `no_data_status`: 0 (Bad), so a labourer whose environment cannot be seen gets no new load.
 */
export const DEFAULT_NO_DATA_STATUS: EcoStatus = 0;

const ecologyConfigSchema = z.looseObject({
  /** sosw extension: the status for metrics without data (0..4). */
  no_data_status: z.number().int().min(0).max(4).optional(),
});

const taskConfigField = z.looseObject({ ecology_config: ecologyConfigSchema.optional() }).optional();

export const orchestratorConfigSchema = z.looseObject({
  invocation_number_coefficient: z.record(z.string(), z.number().min(0)).optional(),
  /** Defined by the original and never read; accepted for compatibility. */
  default_simultaneous_invocations: z.unknown().optional(),
  /** Seconds between ticks inside one run; 0 = one tick per run (the original). */
  tick_interval: z.number().min(0).optional(),
  /** Seconds a run may keep ticking (keep it below the scheduling period and the function timeout). */
  run_time_budget: z.number().positive().optional(),
  /** At most this many claims + invocations in flight at once. */
  invoke_concurrency: z.number().int().positive().optional(),
  /**
   * sosw extension: seconds of the per-labourer dispatch lease, so overlapping Orchestrators never
   * dispatch for the same labourer at once (weakness 39); 0 disables it.
   */
  dispatch_lease_seconds: z.number().int().min(0).optional(),
  task_config: taskConfigField,
});

export const scavengerConfigSchema = z.looseObject({
  retry_tasks_limit: z.number().int().positive().optional(),
  /** Tasks read per query when archiving or handling expired tasks. */
  page_size: z.number().int().positive().optional(),
  sns_config: z.looseObject({ recipient: z.string().min(1).optional(), subject: z.string().min(1).optional() }).optional(),
  dead_task_subject: z.string().min(1).optional(),
  task_config: taskConfigField,
});

export const workerAssistantConfigSchema = z.looseObject({
  dynamo_db_config: z.looseObject({ field_names: z.record(z.string(), z.string()).optional() }).optional(),
});

export interface EcologyConfig {
  readonly noDataStatus: EcoStatus;
}

export interface OrchestratorConfig {
  readonly task: TaskConfig;
  readonly ecology: EcologyConfig;
  readonly coefficients: CoefficientTable;
  readonly tickIntervalSeconds: number;
  readonly runTimeBudgetSeconds: number;
  readonly invokeConcurrency: number;
  /** Seconds of the per-labourer dispatch lease; 0 = no lease. */
  readonly dispatchLeaseSeconds: number;
}

export interface ScavengerConfig {
  readonly task: TaskConfig;
  readonly retryTasksLimit: number;
  readonly pageSize: number;
  readonly sns: { readonly recipient: string; readonly subject: string };
  readonly deadTaskSubject: string;
}

export interface WorkerAssistantConfig {
  readonly fieldNames: Readonly<Record<string, string>>;
}

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  rejectReservedKeys(input, what);
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError('config.invalid', what, parsed.error);
  return parsed.data;
}

function resolveEcology(taskConfig: z.infer<typeof taskConfigField>): EcologyConfig {
  const status = taskConfig?.ecology_config?.no_data_status;
  return { noDataStatus: (status ?? DEFAULT_NO_DATA_STATUS) as EcoStatus };
}

/**
 * Resolve `sosw_orchestrator_config`.
 *
 * @example
 * resolveOrchestratorConfig({ invocation_number_coefficient: { '2': 0.9 }, tick_interval: 10 }).coefficients[2]; // 0.9
 */
export function resolveOrchestratorConfig(input: unknown = {}): OrchestratorConfig {
  const c = parse(orchestratorConfigSchema, input, 'orchestrator config');
  return {
    task: resolveTaskConfig(c.task_config ?? {}),
    ecology: resolveEcology(c.task_config),
    coefficients: resolveCoefficients(c.invocation_number_coefficient ?? {}),
    tickIntervalSeconds: c.tick_interval ?? DEFAULT_ORCHESTRATOR_CONFIG.tickIntervalSeconds,
    runTimeBudgetSeconds: c.run_time_budget ?? DEFAULT_ORCHESTRATOR_CONFIG.runTimeBudgetSeconds,
    invokeConcurrency: c.invoke_concurrency ?? DEFAULT_ORCHESTRATOR_CONFIG.invokeConcurrency,
    dispatchLeaseSeconds: c.dispatch_lease_seconds ?? DEFAULT_ORCHESTRATOR_CONFIG.dispatchLeaseSeconds,
  };
}

/**
 * Resolve `sosw_scavenger_config`.
 *
 * @example
 * resolveScavengerConfig({ retry_tasks_limit: 50 }).retryTasksLimit; // 50
 */
export function resolveScavengerConfig(input: unknown = {}): ScavengerConfig {
  const c = parse(scavengerConfigSchema, input, 'scavenger config');
  return {
    task: resolveTaskConfig(c.task_config ?? {}),
    retryTasksLimit: c.retry_tasks_limit ?? DEFAULT_SCAVENGER_CONFIG.retryTasksLimit,
    pageSize: c.page_size ?? DEFAULT_SCAVENGER_CONFIG.pageSize,
    sns: {
      recipient: c.sns_config?.recipient ?? DEFAULT_SCAVENGER_CONFIG.snsRecipient,
      subject: c.sns_config?.subject ?? DEFAULT_SCAVENGER_CONFIG.snsSubject,
    },
    deadTaskSubject: c.dead_task_subject ?? DEFAULT_SCAVENGER_CONFIG.deadTaskSubject,
  };
}

/** Resolve `sosw_worker_assistant_config`. */
export function resolveWorkerAssistantConfig(input: unknown = {}): WorkerAssistantConfig {
  const c = parse(workerAssistantConfigSchema, input, 'worker assistant config');
  return { fieldNames: c.dynamo_db_config?.field_names ?? {} };
}
