/**
 * Config documents of the Orchestrator, Scavenger and WorkerAssistant (`sosw_orchestrator_config`
 * etc.), with the original's snake_case keys, parsed once at the edge into resolved objects.
 */
import { z } from 'zod';
import { type CoefficientTable, resolveCoefficients } from '../ecology/coefficients.js';
import type { EcoStatus } from '../labourer/labourer.js';
import { ESSENTIAL_DOCUMENT_KEYS } from './essential-keys.js';
import { numberField } from './fields.js';
import { DYNAMO_CLIENT_KEYS, ecologyConfigSchema, resolveTaskConfig, type TaskConfig } from './task-config.js';
import { withOriginalKeys } from './unknown-keys.js';
import { type IgnoredKey, uniqueIgnoredKeys } from './unused-keys.js';
import { type ConfigPlace, childPlace, configPlace, type InspectedConfigDocument, inspectConfigDocument } from './zod-errors.js';

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

const taskConfigField = withOriginalKeys(z.looseObject({ ecology_config: ecologyConfigSchema.optional() }), [], [/./]).optional();

export const orchestratorConfigSchema = withOriginalKeys(
  z.looseObject({
    invocation_number_coefficient: z
      .record(
        z.string(),
        numberField({
          min: 0,
          max: 1,
          example: 0.5,
          meaning: 'the share of max_simultaneous_invocations used at that status; above 1 a labourer would run more than its max',
        }),
        {
          error: 'must map ecology statuses "0".."4" to shares of max_simultaneous_invocations, e.g. { "2": 0.5, "3": 0.75, "4": 1 }',
        },
      )
      .optional(),
    /** Defined by the original and never read; accepted for compatibility. */
    default_simultaneous_invocations: z.unknown().optional(),
    /** Seconds between ticks inside one run; 0 = one tick per run (the original). */
    tick_interval: numberField({ min: 0, example: 10, meaning: 'seconds between ticks inside one run; 0 is one tick per run' }).optional(),
    /** Seconds a run may keep ticking (keep it below the scheduling period and the function timeout). */
    run_time_budget: numberField({ gt: 0, example: 50, meaning: 'seconds a run may keep ticking' }).optional(),
    /** At most this many claims + invocations in flight at once. */
    invoke_concurrency: numberField({ int: true, min: 1, example: 16, meaning: 'claims and invocations in flight at once' }).optional(),
    /**
     * sosw extension: seconds of the per-labourer dispatch lease, so overlapping Orchestrators never
     * dispatch for the same labourer at once (weakness 39); 0 disables it.
     */
    dispatch_lease_seconds: numberField({
      int: true,
      min: 0,
      example: 60,
      meaning: 'seconds of the per-labourer dispatch lease; 0 turns it off',
    }).optional(),
    task_config: taskConfigField,
  }),
  ESSENTIAL_DOCUMENT_KEYS,
);

export const scavengerConfigSchema = withOriginalKeys(
  z.looseObject({
    retry_tasks_limit: numberField({ int: true, min: 1, example: 20, meaning: 'tasks retried per labourer per run' }).optional(),
    /** Tasks read per query when archiving or handling expired tasks. */
    page_size: numberField({ int: true, min: 1, example: 100, meaning: 'tasks read per query' }).optional(),
    sns_config: withOriginalKeys(
      z.looseObject({
        recipient: z.string({ error: 'must be an SNS topic ARN, e.g. "arn:aws:sns:eu-west-1:123456789012:sosw_info"' }).min(1).optional(),
        subject: z.string({ error: 'must be a text, e.g. "sosw Info"' }).min(1).optional(),
      }),
      ['test', 'region'],
    ).optional(),
    dead_task_subject: z.string({ error: 'must be a text, e.g. "sosw Dead Task"' }).min(1).optional(),
    task_config: taskConfigField,
  }),
  ESSENTIAL_DOCUMENT_KEYS,
);

export const workerAssistantConfigSchema = withOriginalKeys(
  z.looseObject({
    dynamo_db_config: withOriginalKeys(
      z.looseObject({
        field_names: z
          .record(z.string(), z.string(), { error: 'must map field names to column names, e.g. { "task_id": "id" }' })
          .optional(),
      }),
      ['table_name', 'index_greenfield', ...DYNAMO_CLIENT_KEYS],
    ).optional(),
  }),
  ESSENTIAL_DOCUMENT_KEYS,
);

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
  /** The original's keys in the document (task_config too) that sosw ignores: the caller warns about them. */
  readonly ignoredKeys?: readonly IgnoredKey[] | undefined;
}

export interface ScavengerConfig {
  readonly task: TaskConfig;
  readonly retryTasksLimit: number;
  readonly pageSize: number;
  readonly sns: { readonly recipient: string; readonly subject: string };
  readonly deadTaskSubject: string;
  /** The original's keys in the document (task_config too) that sosw ignores: the caller warns about them. */
  readonly ignoredKeys?: readonly IgnoredKey[] | undefined;
}

export interface WorkerAssistantConfig {
  readonly fieldNames: Readonly<Record<string, string>>;
  /** The original's keys in the document that sosw ignores: the caller warns about them. */
  readonly ignoredKeys?: readonly IgnoredKey[] | undefined;
}

function parse<T extends z.ZodType>(schema: T, input: unknown, place: ConfigPlace): InspectedConfigDocument<z.infer<T>> {
  return inspectConfigDocument(schema, input ?? {}, place);
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
export function resolveOrchestratorConfig(
  input: unknown = {},
  place: ConfigPlace = configPlace('orchestrator config'),
): OrchestratorConfig {
  const { data: c, ignoredKeys } = parse(orchestratorConfigSchema, input, place);
  const task = resolveTaskConfig(c.task_config ?? {}, childPlace(place, ['task_config']));
  return {
    task,
    ecology: resolveEcology(c.task_config),
    coefficients: resolveCoefficients(c.invocation_number_coefficient ?? {}, place.field(['invocation_number_coefficient']), place.what),
    tickIntervalSeconds: c.tick_interval ?? DEFAULT_ORCHESTRATOR_CONFIG.tickIntervalSeconds,
    runTimeBudgetSeconds: c.run_time_budget ?? DEFAULT_ORCHESTRATOR_CONFIG.runTimeBudgetSeconds,
    invokeConcurrency: c.invoke_concurrency ?? DEFAULT_ORCHESTRATOR_CONFIG.invokeConcurrency,
    dispatchLeaseSeconds: c.dispatch_lease_seconds ?? DEFAULT_ORCHESTRATOR_CONFIG.dispatchLeaseSeconds,
    ignoredKeys: uniqueIgnoredKeys(ignoredKeys, task.ignoredKeys),
  };
}

/**
 * Resolve `sosw_scavenger_config`.
 *
 * @example
 * resolveScavengerConfig({ retry_tasks_limit: 50 }).retryTasksLimit; // 50
 */
export function resolveScavengerConfig(input: unknown = {}, place: ConfigPlace = configPlace('scavenger config')): ScavengerConfig {
  const { data: c, ignoredKeys } = parse(scavengerConfigSchema, input, place);
  const task = resolveTaskConfig(c.task_config ?? {}, childPlace(place, ['task_config']));
  return {
    task,
    retryTasksLimit: c.retry_tasks_limit ?? DEFAULT_SCAVENGER_CONFIG.retryTasksLimit,
    pageSize: c.page_size ?? DEFAULT_SCAVENGER_CONFIG.pageSize,
    sns: {
      recipient: c.sns_config?.recipient ?? DEFAULT_SCAVENGER_CONFIG.snsRecipient,
      subject: c.sns_config?.subject ?? DEFAULT_SCAVENGER_CONFIG.snsSubject,
    },
    deadTaskSubject: c.dead_task_subject ?? DEFAULT_SCAVENGER_CONFIG.deadTaskSubject,
    ignoredKeys: uniqueIgnoredKeys(ignoredKeys, task.ignoredKeys),
  };
}

/** Resolve `sosw_worker_assistant_config`. */
export function resolveWorkerAssistantConfig(
  input: unknown = {},
  place: ConfigPlace = configPlace('worker assistant config'),
): WorkerAssistantConfig {
  const { data: c, ignoredKeys } = parse(workerAssistantConfigSchema, input, place);
  return { fieldNames: c.dynamo_db_config?.field_names ?? {}, ignoredKeys: uniqueIgnoredKeys(ignoredKeys) };
}
