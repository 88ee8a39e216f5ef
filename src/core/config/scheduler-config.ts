/**
 * The Scheduler's config document (`sosw_scheduler_config` in the original), parsed once at the
 * edge from snake_case JSON into a resolved camelCase object. Unknown keys of the original
 * (`init_clients`, `sns_config`, `siblings_config`, ...) are accepted and ignored; those sosw reads
 * nowhere are returned in `ignoredKeys`, for the caller to warn about.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../scheduling/civil-date.js';
import { ESSENTIAL_DOCUMENT_KEYS } from './essential-keys.js';
import { numberField } from './fields.js';
import { resolveTaskConfig, type TaskConfig } from './task-config.js';
import { withOriginalKeys } from './unknown-keys.js';
import { type IgnoredKey, uniqueIgnoredKeys } from './unused-keys.js';
import { type ConfigPlace, childPlace, configPlace, inspectConfigDocument } from './zod-errors.js';

export const DEFAULT_SCHEDULER_CONFIG = Object.freeze({
  rowsToProcess: 50,
  shutdownPeriodSeconds: 60,
  s3Prefix: 'sosw/scheduler',
  queueFile: 'tasks_queue.txt',
  taskOperationalOverheadForDdb: 0.03,
  maxSiblingGenerations: 100,
  lockTtlSeconds: 600,
  maxTasksPerJob: 1_000_000,
});

/** `chunkable_attrs` entries: the original's `[name, {}]` pairs, or plain names. */
const chunkableAttrSchema = z
  .union([z.string(), z.tuple([z.string()], z.unknown())], {
    error: 'must be a singular attribute name or the original\'s pair, e.g. "store" or ["store", {}]',
  })
  .transform((entry) => (typeof entry === 'string' ? entry : entry[0]))
  .refine((name) => name.length > 0 && !name.endsWith('s'), {
    message: 'chunkable attribute names must be singular and must not end with "s" (write "store", not "stores")',
  });

export const jobSchemaInputSchema = z.looseObject(
  {
    chunkable_attrs: z
      .array(chunkableAttrSchema, {
        error:
          'must be a list of singular attribute names, outer level first, e.g. [["section", {}], ["store", {}]] or ["section", "store"]',
      })
      .optional(),
    /** IANA time zone for calendar periods (sosw extension; UTC when absent). */
    timezone: z
      .string({ error: 'must be an IANA time zone name such as "Europe/Berlin"' })
      .refine(isValidTimeZone, { message: 'must be an IANA time zone name such as "Europe/Berlin"' })
      .optional(),
  },
  { error: 'must be an object, e.g. { "chunkable_attrs": [["store", {}]] }' },
);

export const schedulerConfigInputSchema = withOriginalKeys(
  z.looseObject({
    task_config: z.unknown().optional(),
    job_schema: jobSchemaInputSchema.optional(),
    job_schema_variants: z
      .record(z.string(), jobSchemaInputSchema, {
        error: 'must be an object of job schemas by name, e.g. { "default": { "chunkable_attrs": [["store", {}]] } }',
      })
      .optional(),
    rows_to_process: numberField({ int: true, min: 1, example: 1000, meaning: 'tasks written per batch' }).optional(),
    shutdown_period: numberField({ min: 0, example: 60, meaning: 'seconds of remaining invocation time kept in reserve' }).optional(),
    queue_bucket: z.string({ error: 'must be an S3 bucket name, e.g. "my-sosw-queues"' }).min(1).optional(),
    s3_prefix: z.string({ error: 'must be a key prefix, e.g. "sosw/scheduler"' }).optional(),
    queue_file: z
      .string({ error: 'must be a file name with an extension, such as "tasks_queue.txt"' })
      .regex(/^[^/]+\.[^./]+$/, 'must be a file name with an extension, such as "tasks_queue.txt"')
      .optional(),
    custom_period_patterns: z.array(z.string().min(1), { error: 'must be a list of pattern names, e.g. ["get_june_days"]' }).optional(),
    task_operational_overhead_for_ddb: numberField({ min: 0, example: 0.03, meaning: 'seconds per task write' }).optional(),
    /** Longest chain of sibling invocations for one job (sosw extension). */
    max_sibling_generations: numberField({
      int: true,
      min: 1,
      example: 100,
      meaning: 'longest chain of sibling invocations for one job',
    }).optional(),
    /** How long a queue-file lock stays valid without renewal (sosw extension). */
    lock_ttl_seconds: numberField({
      int: true,
      min: 1,
      example: 600,
      meaning: 'seconds a queue-file lock stays valid without renewal',
    }).optional(),
    /** Largest job, in tasks, the Scheduler accepts; bigger jobs are refused before anything is written (sosw extension). */
    max_tasks_per_job: numberField({ int: true, min: 1, example: 1_000_000, meaning: 'largest job, in tasks' }).optional(),
  }),
  ESSENTIAL_DOCUMENT_KEYS,
);
export type SchedulerConfigInput = z.input<typeof schedulerConfigInputSchema>;

/** One job schema: the nesting levels of a job and the calendar's time zone. */
export interface JobSchema {
  readonly name: string;
  /** Singular attribute names, outermost level first. */
  readonly chunkableAttrs: readonly string[];
  /** IANA time zone for periods; undefined means UTC. */
  readonly timezone?: string | undefined;
}

export interface SchedulerConfig {
  readonly taskConfig: TaskConfig;
  /** Job schemas by name; always has `default`. */
  readonly jobSchemas: Readonly<Record<string, JobSchema>>;
  /** Tasks written per batch. */
  readonly rowsToProcess: number;
  /** Seconds of remaining invocation time kept in reserve. */
  readonly shutdownPeriodSeconds: number;
  /** S3 bucket of the queue files (`queue_bucket`, SOSW_QUEUE_BUCKET); no default: unset means none is configured. */
  readonly queueBucket: string | undefined;
  /** Key prefix of queue files, without leading or trailing slashes. */
  readonly s3Prefix: string;
  readonly queueFile: string;
  /** Custom period patterns the config expects to be registered. */
  readonly customPeriodPatterns: readonly string[];
  readonly taskOperationalOverheadForDdb: number;
  readonly maxSiblingGenerations: number;
  readonly lockTtlSeconds: number;
  /** Largest job (in tasks) accepted; see `max_tasks_per_job`. */
  readonly maxTasksPerJob: number;
  /** The original's keys in the document (task_config too) that sosw ignores: the caller warns about them. */
  readonly ignoredKeys?: readonly IgnoredKey[] | undefined;
}

type JobSchemaInput = z.infer<typeof jobSchemaInputSchema>;

function toJobSchema(name: string, input: JobSchemaInput | undefined): JobSchema {
  return { name, chunkableAttrs: input?.chunkable_attrs ?? [], timezone: input?.timezone };
}

/**
 * Validate and resolve a Scheduler config document. A `job_schema` is the default schema when
 * `job_schema_variants` has no `default` (the original silently replaced it, weakness 13).
 *
 * @example
 * const config = resolveSchedulerConfig({
 *   job_schema_variants: { default: { chunkable_attrs: [['section', {}], ['store', {}]] } },
 *   task_config: { labourers: { some_lambda: {} } },
 * });
 * config.jobSchemas.default?.chunkableAttrs; // ['section', 'store']
 */
export function resolveSchedulerConfig(input: unknown = {}, place: ConfigPlace = configPlace('scheduler config')): SchedulerConfig {
  const { data: c, ignoredKeys } = inspectConfigDocument(schedulerConfigInputSchema, input ?? {}, place);
  const taskConfig = resolveTaskConfig(c.task_config ?? {}, childPlace(place, ['task_config']));
  const jobSchemas: Record<string, JobSchema> = {};
  for (const [name, schema] of Object.entries(c.job_schema_variants ?? {})) jobSchemas[name] = toJobSchema(name, schema);
  if (jobSchemas.default === undefined) jobSchemas.default = toJobSchema('default', c.job_schema);
  const d = DEFAULT_SCHEDULER_CONFIG;
  return {
    taskConfig,
    jobSchemas,
    rowsToProcess: c.rows_to_process ?? d.rowsToProcess,
    shutdownPeriodSeconds: c.shutdown_period ?? d.shutdownPeriodSeconds,
    queueBucket: c.queue_bucket,
    s3Prefix: (c.s3_prefix ?? d.s3Prefix).replace(/^\/+|\/+$/g, ''),
    queueFile: c.queue_file ?? d.queueFile,
    customPeriodPatterns: c.custom_period_patterns ?? [],
    taskOperationalOverheadForDdb: c.task_operational_overhead_for_ddb ?? d.taskOperationalOverheadForDdb,
    maxSiblingGenerations: c.max_sibling_generations ?? d.maxSiblingGenerations,
    lockTtlSeconds: c.lock_ttl_seconds ?? d.lockTtlSeconds,
    maxTasksPerJob: c.max_tasks_per_job ?? d.maxTasksPerJob,
    ignoredKeys: uniqueIgnoredKeys(ignoredKeys, taskConfig.ignoredKeys),
  };
}
