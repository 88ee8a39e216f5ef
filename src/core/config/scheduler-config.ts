/**
 * The Scheduler's config document (`sosw_scheduler_config` in the original), parsed once at the
 * edge from snake_case JSON into a resolved camelCase object. Unknown keys of the original
 * (`init_clients`, `sns_config`, `siblings_config`, ...) are accepted and ignored.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../scheduling/civil-date.js';
import { rejectReservedKeys } from './reserved-keys.js';
import { resolveTaskConfig, type TaskConfig } from './task-config.js';
import { fromZodError } from './zod-errors.js';

export const DEFAULT_SCHEDULER_CONFIG = Object.freeze({
  rowsToProcess: 50,
  shutdownPeriodSeconds: 60,
  queueBucket: 'autotest-bucket',
  s3Prefix: 'sosw/scheduler',
  queueFile: 'tasks_queue.txt',
  taskOperationalOverheadForDdb: 0.03,
  maxSiblingGenerations: 100,
  lockTtlSeconds: 600,
  maxTasksPerJob: 1_000_000,
});

/** `chunkable_attrs` entries: the original's `[name, {}]` pairs, or plain names. */
const chunkableAttrSchema = z
  .union([z.string(), z.tuple([z.string()], z.unknown())])
  .transform((entry) => (typeof entry === 'string' ? entry : entry[0]))
  .refine((name) => name.length > 0 && !name.endsWith('s'), {
    message: 'chunkable attribute names must be singular and must not end with "s" (write "store", not "stores")',
  });

export const jobSchemaInputSchema = z.looseObject({
  chunkable_attrs: z.array(chunkableAttrSchema).optional(),
  /** IANA time zone for calendar periods (sosw extension; UTC when absent). */
  timezone: z.string().refine(isValidTimeZone, { message: 'must be an IANA time zone name such as "Europe/Berlin"' }).optional(),
});

export const schedulerConfigInputSchema = z.looseObject({
  task_config: z.unknown().optional(),
  job_schema: jobSchemaInputSchema.optional(),
  job_schema_variants: z.record(z.string(), jobSchemaInputSchema).optional(),
  rows_to_process: z.number().int().positive().optional(),
  shutdown_period: z.number().nonnegative().optional(),
  queue_bucket: z.string().min(1).optional(),
  s3_prefix: z.string().optional(),
  queue_file: z
    .string()
    .regex(/^[^/]+\.[^./]+$/, 'must be a file name with an extension, such as "tasks_queue.txt"')
    .optional(),
  custom_period_patterns: z.array(z.string().min(1)).optional(),
  task_operational_overhead_for_ddb: z.number().nonnegative().optional(),
  /** Longest chain of sibling invocations for one job (sosw extension). */
  max_sibling_generations: z.number().int().positive().optional(),
  /** How long a queue-file lock stays valid without renewal (sosw extension). */
  lock_ttl_seconds: z.number().int().positive().optional(),
  /** Largest job, in tasks, the Scheduler accepts; bigger jobs are refused before anything is written (sosw extension). */
  max_tasks_per_job: z.number().int().positive().optional(),
});
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
  readonly queueBucket: string;
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
export function resolveSchedulerConfig(input: unknown = {}): SchedulerConfig {
  rejectReservedKeys(input, 'scheduler config');
  const parsed = schedulerConfigInputSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError('config.invalid', 'scheduler config', parsed.error);
  const c = parsed.data;
  const jobSchemas: Record<string, JobSchema> = {};
  for (const [name, schema] of Object.entries(c.job_schema_variants ?? {})) jobSchemas[name] = toJobSchema(name, schema);
  if (jobSchemas.default === undefined) jobSchemas.default = toJobSchema('default', c.job_schema);
  const d = DEFAULT_SCHEDULER_CONFIG;
  return {
    taskConfig: resolveTaskConfig(c.task_config ?? {}),
    jobSchemas,
    rowsToProcess: c.rows_to_process ?? d.rowsToProcess,
    shutdownPeriodSeconds: c.shutdown_period ?? d.shutdownPeriodSeconds,
    queueBucket: c.queue_bucket ?? d.queueBucket,
    s3Prefix: (c.s3_prefix ?? d.s3Prefix).replace(/^\/+|\/+$/g, ''),
    queueFile: c.queue_file ?? d.queueFile,
    customPeriodPatterns: c.custom_period_patterns ?? [],
    taskOperationalOverheadForDdb: c.task_operational_overhead_for_ddb ?? d.taskOperationalOverheadForDdb,
    maxSiblingGenerations: c.max_sibling_generations ?? d.maxSiblingGenerations,
    lockTtlSeconds: c.lock_ttl_seconds ?? d.lockTtlSeconds,
    maxTasksPerJob: c.max_tasks_per_job ?? d.maxTasksPerJob,
  };
}
