/**
 * The project config (`sosw.config.json`, or a `sosw.config.ts|js` module exporting it): one file
 * that names a project's labourers, the modules that handle them, their settings, health metrics
 * and job schemas. It is turned into the original's config documents (`sosw_essential_config`,
 * `sosw_<essential>_config`) so every engine reads one config shape, embedded or on AWS.
 */
import { z } from 'zod';
import { rejectReservedKeys } from './reserved-keys.js';
import { labourerInputSchema } from './task-config.js';
import { fromZodError } from './zod-errors.js';

/** `./path/to/module.ts` or `./path/to/module.ts#exportName` (default export name: `handler`). */
const handlerReference = z
  .string()
  .min(1)
  .regex(/^[^#]+(#[A-Za-z_$][\w$]*)?$/, 'must be "<module path>" or "<module path>#<export name>", e.g. "./workers/prices.ts#handler"');

export const projectLabourerSchema = z.strictObject({
  ...labourerInputSchema.shape,
  /** Module that handles this labourer's tasks in the embedded runtime. */
  handler: handlerReference.optional(),
  /** Seconds a handler may run before the embedded runtime abandons it (the Lambda timeout on AWS). */
  timeout: z.number().positive().optional(),
  description: z.string().optional(),
});

const essentialSection = z.record(z.string(), z.unknown());

export const projectConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Shown by the CLI and the dashboard. */
  name: z.string().min(1).default('sosw project'),
  /** SQLite file of the embedded store, relative to the config file. */
  database: z.string().min(1).optional(),
  labourers: z.record(
    z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'labourer ids are function names: letters, digits, _ . : -'),
    projectLabourerSchema,
  ),
  /** Scheduler job schemas (the original's `job_schema_variants`). */
  job_schema_variants: z.record(z.string(), z.unknown()).optional(),
  /** Extra task_config keys shared by every essential (max_attempts, greenfield_task_step...). */
  task_config: essentialSection.optional(),
  scheduler_config: essentialSection.optional(),
  orchestrator_config: essentialSection.optional(),
  scavenger_config: essentialSection.optional(),
  worker_assistant_config: essentialSection.optional(),
});

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type ProjectConfig = z.output<typeof projectConfigSchema>;
export type ProjectLabourer = z.output<typeof projectLabourerSchema>;

/**
 * Validate a project config document. Errors name every bad field with the path from the file's root.
 *
 * @example
 * parseProjectConfig({ labourers: { prices: { handler: './workers/prices.ts', max_simultaneous_invocations: 4 } } });
 */
export function parseProjectConfig(input: unknown, source = 'sosw.config'): ProjectConfig {
  rejectReservedKeys(input, `project config (${source})`);
  const parsed = projectConfigSchema.safeParse(input);
  if (!parsed.success) throw fromZodError('config.invalid', `project config (${source})`, parsed.error);
  return parsed.data;
}

/** A handler reference split into module path and export name. */
export function splitHandlerReference(reference: string): { modulePath: string; exportName: string } {
  const [modulePath = reference, exportName = 'handler'] = reference.split('#');
  return { modulePath, exportName };
}

/** The original's config documents, by config name, built from a project config. */
export function toEssentialConfigs(project: ProjectConfig): Record<string, Record<string, unknown>> {
  const labourers: Record<string, unknown> = {};
  for (const [id, labourer] of Object.entries(project.labourers)) {
    const { handler: _handler, timeout, description: _description, ...settings } = labourer;
    labourers[id] =
      timeout !== undefined && settings.max_duration === undefined ? { ...settings, max_duration: Math.ceil(timeout) } : settings;
  }
  const taskConfig = { ...(project.task_config ?? {}), labourers };
  return {
    sosw_essential_config: { task_config: taskConfig },
    sosw_scheduler_config: {
      ...(project.scheduler_config ?? {}),
      ...(project.job_schema_variants === undefined ? {} : { job_schema_variants: project.job_schema_variants }),
    },
    sosw_orchestrator_config: { ...(project.orchestrator_config ?? {}) },
    sosw_scavenger_config: { ...(project.scavenger_config ?? {}) },
    sosw_worker_assistant_config: { ...(project.worker_assistant_config ?? {}) },
  };
}
