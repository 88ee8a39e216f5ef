/**
 * The task-manager config (`task_config` in the original's essential configs), parsed once at
 * the edge from snake_case JSON into a typed, fully resolved camelCase object.
 */
import { z } from 'zod';
import { resolveOperator } from '../ecology/operators.js';
import { describeValue, SoswError } from '../errors.js';
import { type AdaptiveConfig, adaptiveInputSchema, resolveAdaptiveConfig } from '../flow/adaptive/adaptive-config.js';
import { type ConcurrencyKeyConfig, parseKeyPath } from '../flow/concurrency-key.js';
import {
  DEFAULT_COOLDOWN_SECONDS,
  DEFAULT_DURATION_SECONDS,
  DEFAULT_GREENFIELD_INVOCATION_DELTA,
  DEFAULT_GREENFIELD_TASK_STEP,
} from '../task/greenfield.js';
import { numberField, secondsField } from './fields.js';
import { withOriginalKeys } from './unknown-keys.js';
import { type IgnoredKey, uniqueIgnoredKeys } from './unused-keys.js';
import { type ConfigPlace, childPlace, configFieldError, configPlace, inspectConfigDocument } from './zod-errors.js';

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

/** True for every spelling the ecology accepts (`<=`, `le`, `__le__`, ...). */
function isOperatorSpelling(spelling: string): boolean {
  try {
    resolveOperator(spelling);
    return true;
  } catch {
    return false;
  }
}

/** `"0"`..`"4"` as JSON gives them (read with Number, as the ecology does). */
export function isEcoStatusKey(key: string): boolean {
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n <= 4;
}

const OPERATOR_HELP = `one of ${['<=', '<', '>=', '>', '==', '!='].join(', ')} (or le, lt, ge, gt, eq, ne): how the metric value compares with each threshold in feelings, e.g. "<=" with feelings { "3": 50, "4": 25 } means a value <= 25 is status 4 (High) and <= 50 is status 3`;

/** Ecology settings inside a task config (`task_config.ecology_config`). */
export const ecologyConfigSchema = withOriginalKeys(
  z.looseObject({
    /** sosw extension: the status for metrics without data (0..4). */
    no_data_status: numberField({
      int: true,
      min: 0,
      max: 4,
      example: 0,
      meaning: 'the ecology status of a metric without data, 0 Bad to 4 High',
    }).optional(),
  }),
  ['init_clients', 'default_metric_values'],
);

/** One health metric of a labourer: where to read it and how its value maps to a status 0..4. */
export const healthMetricSchema = withOriginalKeys(
  z.object(
    {
      /** Source-specific parameters (CloudWatch GetMetricStatistics keys, a file path, ...). */
      details: z.record(z.string(), z.unknown(), {
        error:
          'must be an object saying where the value comes from, e.g. { "source": "file", "path": "./load.json" } (embedded) or CloudWatch GetMetricStatistics keys such as { "MetricName": "CPUUtilization", "Namespace": "AWS/RDS", ... }',
      }),
      /** status (0..4) -> threshold. Keys arrive as strings from JSON. */
      feelings: z
        .record(z.string(), z.number(), {
          error: 'must map ecology statuses "0".."4" to numeric thresholds, e.g. { "3": 50, "4": 25 }',
        })
        // Checked here, not when resolving, so a bad key is reported with the metric's other problems.
        .superRefine((feelings, ctx) => {
          for (const status of Object.keys(feelings)) {
            if (isEcoStatusKey(status)) continue;
            ctx.addIssue({
              code: 'custom',
              path: [status],
              message: `${JSON.stringify(status)} is not an ecology status; feelings keys are statuses "0" (Bad) to "4" (High), e.g. { "3": 50, "4": 25 }.`,
            });
          }
        }),
      /** `le`, `lt`, `ge`, `gt`, `eq`, `ne`, their dunder forms, or the symbols `<=`, `<`, `>=`, `>`, `==`, `!=`. */
      feeling_comparison_operator: z
        .string({ error: (issue) => (issue.input === undefined ? `is required: ${OPERATOR_HELP}` : `must be ${OPERATOR_HELP}`) })
        .refine(isOperatorSpelling, { error: `must be ${OPERATOR_HELP}` }),
      /** Status to use when the metric has no data (sosw extension; default in the ecology engine). */
      no_data_status: numberField({
        int: true,
        min: 0,
        max: 4,
        example: 0,
        meaning: 'the ecology status when the metric has no data, 0 Bad to 4 High',
      }).optional(),
    },
    { error: 'must be an object { "details": {...}, "feelings": { "3": 50, "4": 25 }, "feeling_comparison_operator": "<=" }' },
  ),
  [],
);
export type HealthMetricInput = z.infer<typeof healthMetricSchema>;

const RETRY_SHAPES =
  'must be { "strategy": "linear" } or { "strategy": "exponential", "base_seconds": 60, "factor": 2, "max_seconds": 3600, "jitter": 0.2 }';

/** Retry delay policy (sosw extension). The original's is `linear`: max_duration x attempts. */
export const retryPolicySchema = z.discriminatedUnion(
  'strategy',
  [
    z.object({ strategy: z.literal('linear') }),
    z.object({
      strategy: z.literal('exponential'),
      base_seconds: secondsField(60, 'the delay before the first retry').default(60),
      factor: numberField({ min: 1, example: 2, meaning: 'each retry waits this many times longer' }).default(2),
      max_seconds: secondsField(3600, 'the longest delay').default(3600),
      jitter: numberField({ min: 0, max: 1, example: 0.2, meaning: 'share of the delay randomised' }).default(0.2),
    }),
  ],
  { error: RETRY_SHAPES },
);

/** Optional per-labourer rate limit on top of the concurrency cap (sosw extension). */
export const rateLimitSchema = z.object(
  {
    invocations: numberField({ int: true, min: 1, example: 10, meaning: 'invocations allowed per period' }),
    per: z.enum(['second', 'minute'], { error: 'must be "second" or "minute", e.g. { "invocations": 10, "per": "second" }' }),
  },
  {
    error:
      'must be an object { "invocations": <whole number>, "per": "second" | "minute" }, e.g. { "invocations": 10, "per": "second" } for 10 per second',
  },
);

export const labourerInputSchema = withOriginalKeys(
  z.object(
    {
      arn: z
        .string({
          error: 'must be the Lambda function name or ARN to invoke, e.g. "arn:aws:lambda:eu-west-1:123456789012:function:fetch_prices"',
        })
        .min(1)
        .optional(),
      max_simultaneous_invocations: numberField({ int: true, min: 0, example: 4, meaning: 'slots at health 4 (High)' }).optional(),
      max_attempts: numberField({ int: true, min: 1, example: 3, meaning: 'invocations before a task is closed as dead' }).optional(),
      max_duration: secondsField(300, 'base of the linear retry delay').optional(),
      /** Expected run time; with cooldown it sets the expiry window (the original could not configure these). */
      duration: secondsField(900, 'how long a task counts as running').optional(),
      cooldown: secondsField(300, 'added to duration before a task expires', 0).optional(),
      health_metrics: z
        .record(z.string(), healthMetricSchema, {
          error:
            'must be an object of metrics by name, e.g. { "db_cpu": { "details": {...}, "feelings": { "3": 50, "4": 25 }, "feeling_comparison_operator": "<=" } }',
        })
        .optional(),
      rate_limit: rateLimitSchema.optional(),
      retry: retryPolicySchema.optional(),
      /** Path into the task payload whose value is the task's key (`tenant`, `stores[0]`); needs `max_per_key`. */
      concurrency_key: z
        .string({ error: 'must be a path into the task payload, e.g. "tenant", "stores[0]" or "customer.region"' })
        .optional(),
      /** Most tasks of one `concurrency_key` value running at once. */
      max_per_key: numberField({
        int: true,
        min: 1,
        example: 2,
        meaning: 'most tasks of one concurrency_key value running at once',
      }).optional(),
      /** Opt-in adaptive concurrency (see docs/adaptive-concurrency.md). */
      adaptive: adaptiveInputSchema.optional(),
    },
    { error: 'must be an object of the labourer\'s settings, e.g. { "max_simultaneous_invocations": 4 }' },
  ),
  // The original's Labourer attributes that sosw computes itself.
  ['id', 'start', 'invoked', 'expired', 'health', 'average_duration'],
);
export type LabourerInput = z.infer<typeof labourerInputSchema>;

const tableName = z.string({ error: 'must be a table or index name, e.g. "sosw_tasks"' }).min(1);

/** Keys of the original's DynamoDbClient config that sosw does not read. */
export const DYNAMO_CLIENT_KEYS = [
  'row_mapper',
  'required_fields',
  'hash_key',
  'range_key',
  'dont_json_loads_results',
  'region_name',
  'index_name',
];

/** Keys of the original's TaskManager config (and of every Processor) that sosw does not read. */
const ORIGINAL_TASK_CONFIG_KEYS = [
  'init_clients',
  'meta_handler_config',
  'lifetime_stats_params',
  'dead_sns_topic',
  'test',
  'lambda_config',
];

export const taskConfigInputSchema = withOriginalKeys(
  z
    .looseObject({
      dynamo_db_config: withOriginalKeys(
        z.looseObject({
          table_name: tableName.optional(),
          index_greenfield: tableName.optional(),
          field_names: z
            .record(z.string(), z.string(), { error: 'must map field names to column names, e.g. { "task_id": "id" }' })
            .optional(),
        }),
        DYNAMO_CLIENT_KEYS,
      ).optional(),
      sosw_closed_tasks_table: tableName.optional(),
      sosw_closed_tasks_labourer_status_index: tableName.optional(),
      sosw_retry_tasks_table: tableName.optional(),
      sosw_retry_tasks_greenfield_index: tableName.optional(),
      greenfield_invocation_delta: secondsField(31557600, "added to a task's greenfield when it is invoked").optional(),
      greenfield_task_step: numberField({ int: true, min: 1, example: 1000, meaning: 'distance between queued tasks' }).optional(),
      labourers: z
        .record(z.string(), labourerInputSchema, {
          error: 'must be an object of labourers by id, e.g. { "fetch_prices": { "max_simultaneous_invocations": 4 } }',
        })
        .optional(),
      max_attempts: numberField({ int: true, min: 1, example: 3, meaning: 'invocations before a task is closed as dead' }).optional(),
      max_closed_to_analyse_for_duration: numberField({
        int: true,
        min: 1,
        example: 10,
        meaning: "closed tasks averaged for a labourer's duration",
      }).optional(),
      max_simultaneous_invocations: numberField({
        int: true,
        min: 0,
        example: 1,
        meaning: 'default slots of a labourer at health 4',
      }).optional(),
      /** Read by the Orchestrator (`no_data_status`). */
      ecology_config: ecologyConfigSchema.optional(),
      /** Read by the history store (history-config.ts), which validates it. */
      history_retention_hours: z.unknown().optional(),
    })
    .superRefine((config, ctx) => {
      // `max_attempts_<labourer_id>` overrides live at the root (original layout).
      for (const [key, value] of Object.entries(config)) {
        if (key.startsWith('max_attempts_') && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `must be a whole number >= 1 (max_attempts of labourer ${key.slice('max_attempts_'.length)}), e.g. 3, received ${describeValue(value)}`,
          });
        }
      }
    }),
  ORIGINAL_TASK_CONFIG_KEYS,
  [/^max_attempts_./],
);
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
  /** The original's keys in the document that sosw ignores: the caller warns about them (see unused-keys.ts). */
  readonly ignoredKeys?: readonly IgnoredKey[] | undefined;
}

/** Statuses as integers; the schema has checked the keys. */
function resolveFeelings(feelings: Record<string, number>): Array<[number, number]> {
  return Object.entries(feelings).map(([status, threshold]) => [Number(status), threshold]);
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
function resolveConcurrencyKey(place: ConfigPlace, id: string, l: LabourerInput): { concurrencyKey?: ConcurrencyKeyConfig } {
  if (l.concurrency_key === undefined && l.max_per_key === undefined) return {};
  if (l.concurrency_key === undefined || l.max_per_key === undefined) {
    const missing = l.concurrency_key === undefined ? 'concurrency_key' : 'max_per_key';
    const given = missing === 'concurrency_key' ? 'max_per_key' : 'concurrency_key';
    throw configFieldError(
      place,
      ['labourers', id, missing],
      `is missing: ${given} needs it; set both (e.g. "concurrency_key": "tenant", "max_per_key": 2) or neither.`,
    );
  }
  const field = place.field(['labourers', id, 'concurrency_key']);
  const steps = parseKeyPath(l.concurrency_key, field, place.what);
  return { concurrencyKey: { path: l.concurrency_key, steps, maxPerKey: l.max_per_key } };
}

/**
 * Validate and resolve a task config document (snake_case JSON as in the original).
 *
 * @example
 * const config = resolveTaskConfig({ labourers: { worker_a: { max_simultaneous_invocations: 5 } } });
 * config.labourers[0]?.maxSimultaneousInvocations; // 5
 */
export function resolveTaskConfig(input: unknown = {}, place: ConfigPlace = configPlace('task config', ['task_config'])): TaskConfig {
  const { data: c, ignoredKeys } = inspectConfigDocument(taskConfigInputSchema, input ?? {}, place);
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
        feelings: resolveFeelings(m.feelings),
        operator: m.feeling_comparison_operator,
        noDataStatus: m.no_data_status,
      })),
      rateLimit: l.rate_limit,
      retry: resolveRetry(l.retry),
      ...resolveConcurrencyKey(place, id, l),
      ...(l.adaptive === undefined
        ? {}
        : {
            adaptive: resolveAdaptiveConfig(l.adaptive, id, maxSimultaneousOf(l, maxSimultaneous), {
              what: place.what,
              field: (name) => childPlace(place, ['labourers', id, 'adaptive']).field([name]),
            }),
          }),
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
    ignoredKeys: uniqueIgnoredKeys(ignoredKeys),
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
