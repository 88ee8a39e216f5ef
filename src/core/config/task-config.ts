/**
 * The task-manager config (`task_config` in the original's essential configs), parsed once at
 * the edge from snake_case JSON into a typed, fully resolved camelCase object.
 */
import { z } from 'zod';
import { SoswError } from '../errors.js';
import { type AdaptiveConfig, adaptiveInputSchema, resolveAdaptiveConfig } from '../flow/adaptive/adaptive-config.js';
import { type ConcurrencyKeyConfig, parseKeyPath } from '../flow/concurrency-key.js';
import {
  DEFAULT_COOLDOWN_SECONDS,
  DEFAULT_DURATION_SECONDS,
  DEFAULT_GREENFIELD_INVOCATION_DELTA,
  DEFAULT_GREENFIELD_TASK_STEP,
} from '../task/greenfield.js';
import { rejectReservedKeys } from './reserved-keys.js';
import { fromZodError } from './zod-errors.js';

export const DEFAULT_TABLE_NAMES = Object.freeze({
  tasks: 'sosw_tasks',
  tasksGreenfieldIndex: 'sosw_tasks_greenfield',
  closedTasks: 'sosw_closed_tasks',
  closedTasksStatusIndex: 'labourer_task_status_with_time',
  retryTasks: 'sosw_retry_tasks',
  retryTasksIndex: 'labourer_id_greenfield',
  meta: 'sosw_tasks_meta',
  config: 'config',
});

export const DEFAULT_TASK_CONFIG = Object.freeze({
  greenfieldInvocationDelta: DEFAULT_GREENFIELD_INVOCATION_DELTA,
  greenfieldTaskStep: DEFAULT_GREENFIELD_TASK_STEP,
  maxAttempts: 3,
  maxClosedToAnalyseForDuration: 10,
  maxSimultaneousInvocations: 1,
  durationSeconds: DEFAULT_DURATION_SECONDS,
  cooldownSeconds: DEFAULT_COOLDOWN_SECONDS,
});

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** One health metric of a labourer: where to read it and how its value maps to a status 0..4. */
export const healthMetricSchema = z.object({
  /** Source-specific parameters (CloudWatch GetMetricStatistics keys, a file path, ...). */
  details: z.record(z.string(), z.unknown()),
  /** status (0..4) -> threshold. Keys arrive as strings from JSON. */
  feelings: z.record(z.string(), z.number()),
  /** `le`, `lt`, `ge`, `gt`, `eq`, `ne`, their dunder forms, or the symbols `<=`, `<`, `>=`, `>`, `==`, `!=`. */
  feeling_comparison_operator: z.string(),
  /** Status to use when the metric has no data (sosw extension; default in the ecology engine). */
  no_data_status: z.number().int().min(0).max(4).optional(),
});
export type HealthMetricInput = z.infer<typeof healthMetricSchema>;

/** Retry delay policy (sosw extension). The original's is `linear`: max_duration x attempts. */
export const retryPolicySchema = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('linear') }),
  z.object({
    strategy: z.literal('exponential'),
    base_seconds: positiveInt.default(60),
    factor: z.number().min(1).default(2),
    max_seconds: positiveInt.default(3600),
    jitter: z.number().min(0).max(1).default(0.2),
  }),
]);

/** Optional per-labourer rate limit on top of the concurrency cap (sosw extension). */
export const rateLimitSchema = z.object({
  invocations: positiveInt,
  per: z.enum(['second', 'minute']),
});

export const labourerInputSchema = z.object({
  arn: z.string().min(1).optional(),
  max_simultaneous_invocations: nonNegativeInt.optional(),
  max_attempts: positiveInt.optional(),
  max_duration: positiveInt.optional(),
  /** Expected run time; with cooldown it sets the expiry window (the original could not configure these). */
  duration: positiveInt.optional(),
  cooldown: nonNegativeInt.optional(),
  health_metrics: z.record(z.string(), healthMetricSchema).optional(),
  rate_limit: rateLimitSchema.optional(),
  retry: retryPolicySchema.optional(),
  /** Path into the task payload whose value is the task's key (`tenant`, `stores[0]`); needs `max_per_key`. */
  concurrency_key: z.string().optional(),
  /** Most tasks of one `concurrency_key` value running at once. */
  max_per_key: positiveInt.optional(),
  /** Opt-in adaptive concurrency (see docs/adaptive-concurrency.md). */
  adaptive: adaptiveInputSchema.optional(),
});
export type LabourerInput = z.infer<typeof labourerInputSchema>;

export const taskConfigInputSchema = z
  .looseObject({
    dynamo_db_config: z
      .looseObject({
        table_name: z.string().min(1).optional(),
        index_greenfield: z.string().min(1).optional(),
        field_names: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
    sosw_closed_tasks_table: z.string().min(1).optional(),
    sosw_closed_tasks_labourer_status_index: z.string().min(1).optional(),
    sosw_retry_tasks_table: z.string().min(1).optional(),
    sosw_retry_tasks_greenfield_index: z.string().min(1).optional(),
    greenfield_invocation_delta: positiveInt.optional(),
    greenfield_task_step: positiveInt.optional(),
    labourers: z.record(z.string(), labourerInputSchema).optional(),
    max_attempts: positiveInt.optional(),
    max_closed_to_analyse_for_duration: positiveInt.optional(),
    max_simultaneous_invocations: nonNegativeInt.optional(),
  })
  .superRefine((config, ctx) => {
    // `max_attempts_<labourer_id>` overrides live at the root (original layout).
    for (const [key, value] of Object.entries(config)) {
      if (key.startsWith('max_attempts_') && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `must be a positive whole number, got ${JSON.stringify(value)}` });
      }
    }
  });
export type TaskConfigInput = z.input<typeof taskConfigInputSchema>;

export type RetryPolicy =
  | { readonly strategy: 'linear' }
  | {
      readonly strategy: 'exponential';
      readonly baseSeconds: number;
      readonly factor: number;
      readonly maxSeconds: number;
      readonly jitter: number;
    };

export interface HealthMetricConfig {
  readonly name: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** [status, threshold] pairs, statuses as integers 0..4. */
  readonly feelings: ReadonlyArray<readonly [number, number]>;
  readonly operator: string;
  readonly noDataStatus?: number | undefined;
}

/** A labourer's resolved settings. */
export interface LabourerConfig {
  readonly id: string;
  /** Invocation target; defaults to the id (function name). */
  readonly arn: string;
  readonly maxSimultaneousInvocations: number;
  readonly maxAttempts: number;
  /** Configured max duration (seconds); when absent the invoker's timeout is used. */
  readonly maxDuration?: number | undefined;
  readonly durationSeconds: number;
  readonly cooldownSeconds: number;
  readonly healthMetrics: readonly HealthMetricConfig[];
  readonly rateLimit?: { readonly invocations: number; readonly per: 'second' | 'minute' } | undefined;
  readonly retry: RetryPolicy;
  /** Per-key cap (`concurrency_key` + `max_per_key`), or undefined: keys off, no extra store work. */
  readonly concurrencyKey?: ConcurrencyKeyConfig | undefined;
  /** The adaptive concurrency controller's settings, when the labourer opted in. */
  readonly adaptive?: AdaptiveConfig | undefined;
}

export interface TableNames {
  readonly tasks: string;
  readonly tasksGreenfieldIndex: string;
  readonly closedTasks: string;
  readonly closedTasksStatusIndex: string;
  readonly retryTasks: string;
  readonly retryTasksIndex: string;
}

export interface TaskConfig {
  readonly tables: TableNames;
  /** Logical attribute name -> stored attribute name (`dynamo_db_config.field_names`). */
  readonly fieldNames: Readonly<Record<string, string>>;
  readonly greenfieldInvocationDelta: number;
  readonly greenfieldTaskStep: number;
  readonly maxAttempts: number;
  readonly maxClosedToAnalyseForDuration: number;
  readonly maxSimultaneousInvocations: number;
  /** In config order. */
  readonly labourers: readonly LabourerConfig[];
}

function resolveFeelings(name: string, feelings: Record<string, number>): Array<[number, number]> {
  return Object.entries(feelings).map(([status, threshold]) => {
    const n = Number(status);
    if (!Number.isInteger(n) || n < 0 || n > 4) {
      throw new SoswError(
        'config.invalid',
        `Invalid task config: labourers.*.health_metrics.${name}.feelings has key ${JSON.stringify(status)}; keys must be ecology statuses 0..4.`,
        { details: { field: `health_metrics.${name}.feelings`, received: status } },
      );
    }
    return [n, threshold];
  });
}

function maxSimultaneousOf(l: LabourerInput, fallback: number): number {
  return l.max_simultaneous_invocations ?? fallback;
}

function resolveRetry(input: LabourerInput['retry']): RetryPolicy {
  if (input === undefined || input.strategy === 'linear') return { strategy: 'linear' };
  return {
    strategy: 'exponential',
    baseSeconds: input.base_seconds,
    factor: input.factor,
    maxSeconds: input.max_seconds,
    jitter: input.jitter,
  };
}

/** `concurrency_key` and `max_per_key` come together; the path must parse. */
function resolveConcurrencyKey(id: string, l: LabourerInput): { concurrencyKey?: ConcurrencyKeyConfig } {
  if (l.concurrency_key === undefined && l.max_per_key === undefined) return {};
  if (l.concurrency_key === undefined || l.max_per_key === undefined) {
    const missing = l.concurrency_key === undefined ? 'concurrency_key' : 'max_per_key';
    throw new SoswError(
      'config.invalid',
      `Invalid task config: labourers.${id} sets ${missing === 'concurrency_key' ? 'max_per_key' : 'concurrency_key'} without ${missing}; set both (e.g. "concurrency_key": "tenant", "max_per_key": 2) or neither.`,
      { details: { field: `labourers.${id}.${missing}` } },
    );
  }
  const steps = parseKeyPath(l.concurrency_key, `task config labourers.${id}.concurrency_key`);
  return { concurrencyKey: { path: l.concurrency_key, steps, maxPerKey: l.max_per_key } };
}

/**
 * Validate and resolve a task config document (snake_case JSON as in the original).
 *
 * @example
 * const config = resolveTaskConfig({ labourers: { worker_a: { max_simultaneous_invocations: 5 } } });
 * config.labourers[0]?.maxSimultaneousInvocations; // 5
 */
export function resolveTaskConfig(input: unknown = {}): TaskConfig {
  rejectReservedKeys(input, 'task config', 'task_config');
  const parsed = taskConfigInputSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError('config.invalid', 'task config', parsed.error, 'task_config');
  const c = parsed.data;
  const maxAttempts = c.max_attempts ?? DEFAULT_TASK_CONFIG.maxAttempts;
  const maxSimultaneous = c.max_simultaneous_invocations ?? DEFAULT_TASK_CONFIG.maxSimultaneousInvocations;
  const labourers = Object.entries(c.labourers ?? {}).map(([id, l]): LabourerConfig => {
    const rootOverride = (c as Record<string, unknown>)[`max_attempts_${id}`];
    return {
      id,
      arn: l.arn ?? id,
      maxSimultaneousInvocations: l.max_simultaneous_invocations ?? maxSimultaneous,
      maxAttempts: typeof rootOverride === 'number' ? rootOverride : (l.max_attempts ?? maxAttempts),
      maxDuration: l.max_duration,
      durationSeconds: l.duration ?? DEFAULT_TASK_CONFIG.durationSeconds,
      cooldownSeconds: l.cooldown ?? DEFAULT_TASK_CONFIG.cooldownSeconds,
      healthMetrics: Object.entries(l.health_metrics ?? {}).map(([name, m]) => ({
        name,
        details: m.details,
        feelings: resolveFeelings(name, m.feelings),
        operator: m.feeling_comparison_operator,
        noDataStatus: m.no_data_status,
      })),
      rateLimit: l.rate_limit,
      retry: resolveRetry(l.retry),
      ...resolveConcurrencyKey(id, l),
      ...(l.adaptive === undefined ? {} : { adaptive: resolveAdaptiveConfig(l.adaptive, id, maxSimultaneousOf(l, maxSimultaneous)) }),
    };
  });
  const db = c.dynamo_db_config ?? {};
  return {
    tables: {
      tasks: db.table_name ?? DEFAULT_TABLE_NAMES.tasks,
      tasksGreenfieldIndex: db.index_greenfield ?? DEFAULT_TABLE_NAMES.tasksGreenfieldIndex,
      closedTasks: c.sosw_closed_tasks_table ?? DEFAULT_TABLE_NAMES.closedTasks,
      closedTasksStatusIndex: c.sosw_closed_tasks_labourer_status_index ?? DEFAULT_TABLE_NAMES.closedTasksStatusIndex,
      retryTasks: c.sosw_retry_tasks_table ?? DEFAULT_TABLE_NAMES.retryTasks,
      retryTasksIndex: c.sosw_retry_tasks_greenfield_index ?? DEFAULT_TABLE_NAMES.retryTasksIndex,
    },
    fieldNames: db.field_names ?? {},
    greenfieldInvocationDelta: c.greenfield_invocation_delta ?? DEFAULT_TASK_CONFIG.greenfieldInvocationDelta,
    greenfieldTaskStep: c.greenfield_task_step ?? DEFAULT_TASK_CONFIG.greenfieldTaskStep,
    maxAttempts,
    maxClosedToAnalyseForDuration: c.max_closed_to_analyse_for_duration ?? DEFAULT_TASK_CONFIG.maxClosedToAnalyseForDuration,
    maxSimultaneousInvocations: maxSimultaneous,
    labourers,
  };
}

/** The labourer with this id, or a coded error that lists the known ones. */
export function findLabourer(config: TaskConfig, id: string): LabourerConfig {
  const found = config.labourers.find((l) => l.id === id);
  if (found === undefined) {
    const known = config.labourers.map((l) => l.id).join(', ') || '(none)';
    throw new SoswError(
      'labourer.unknown',
      `Unknown labourer ${JSON.stringify(id)}. Registered labourers: ${known}. Add it under task_config.labourers.`,
      {
        details: { labourerId: id, known: config.labourers.map((l) => l.id) },
      },
    );
  }
  return found;
}
