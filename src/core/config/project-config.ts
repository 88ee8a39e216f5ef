/**
 * The project config (`sosw.config.json`, or a `sosw.config.ts|js` module exporting it): one file
 * that names a project's labourers, the modules that handle them, their settings, health metrics
 * and job schemas. It is turned into the original's config documents (`sosw_essential_config`,
 * `sosw_<essential>_config`) so every engine reads one config shape, embedded or on AWS.
 */
import { z } from 'zod';
import { compileHealthRule } from '../ecology/feelings.js';
import { SoswError } from '../errors.js';
import { resolveHistoryConfig } from '../history/history-config.js';
import { isPeriodDefinition, type PeriodDefinition } from '../scheduling/periods.js';
import { resolveOrchestratorConfig, resolveScavengerConfig, resolveWorkerAssistantConfig } from './essentials-config.js';
import { numberField } from './fields.js';
import { metricSourceIssues } from './metric-source-check.js';
import { resolveSchedulerConfig, schedulerConfigInputSchema } from './scheduler-config.js';
import { isEcoStatusKey, labourerInputSchema, resolveTaskConfig } from './task-config.js';
import { withKeyHints } from './unknown-keys.js';
import { type IgnoredKey, uniqueIgnoredKeys } from './unused-keys.js';
import {
  type ConfigIssue,
  type ConfigPlace,
  type ConfigProblem,
  configFieldError,
  configPlace,
  configProblemsError,
  inspectConfigDocument,
} from './zod-errors.js';

/** `./path/to/module.ts` or `./path/to/module.ts#exportName` (default export name: `handler`). */
const handlerReference = z
  .string({ error: 'must be "<module path>" or "<module path>#<export name>", relative to the config file, e.g. "./workers/prices.ts"' })
  .min(1)
  .regex(/^[^#]+(#[A-Za-z_$][\w$]*)?$/, 'must be "<module path>" or "<module path>#<export name>", e.g. "./workers/prices.ts#handler"');

const LABOURER_EXAMPLE = '"labourers": { "fetch_prices": { "handler": "./workers/fetch-prices.ts", "max_simultaneous_invocations": 4 } }';

export const projectLabourerSchema = withKeyHints(
  z.strictObject(
    {
      ...labourerInputSchema.shape,
      /** Module that handles this labourer's tasks in the embedded runtime. */
      handler: handlerReference.optional(),
      /** Seconds a handler may run before the embedded runtime abandons it (the Lambda timeout on AWS). */
      timeout: numberField({ gt: 0, example: 30, meaning: 'seconds a run may take before it is abandoned' }).optional(),
      description: z.string({ error: 'must be a text' }).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'invalid_type'
          ? 'must be an object of the labourer\'s settings, e.g. { "handler": "./workers/fetch-prices.ts", "max_simultaneous_invocations": 4 }'
          : undefined,
    },
  ),
  {
    // A worker's settings are its own config document, as on AWS; not a key of the project file.
    config: (path) => {
      const name = `${String(path.at(-1))}_config`;
      return `is not read: a worker's settings are its own config document ${name}. Move them to ${name}.json in a folder and set SOSW_CONFIG_PATH to that folder (sosw dev and the embedded runtime read it); on AWS they are the row ${name} of the config table. See docs/workers.md, Config.`;
    },
  },
);

const essentialSection = z.record(z.string(), z.unknown(), { error: "must be an object of the original's snake_case keys" });

/**
 * The Scheduler's own keys (`rows_to_process`, `max_tasks_per_job`...: docs/scheduler.md's config
 * table) written at a project's root, where users put them first: the message says where they go
 * instead of listing the root's keys.
 */
const schedulerKeyHints = Object.fromEntries(
  Object.keys(schedulerConfigInputSchema.shape)
    .filter((key) => key !== 'task_config' && key !== 'job_schema_variants')
    .map((key) => [
      key,
      () => `is a Scheduler setting: in a project config it goes under scheduler_config, e.g. "scheduler_config": { "${key}": ... }.`,
    ]),
);

const PERIODS_HINT =
  'must be a list of definePeriod(pattern, dates) values (import { definePeriod } from "sosw"), in a sosw.config.ts or .js: a JSON config cannot hold their date functions';

export const projectConfigSchema = withKeyHints(
  z.strictObject(
    {
      $schema: z.string().optional(),
      /** Shown by the CLI and the dashboard. */
      name: z.string({ error: 'must be a text, e.g. "prices"' }).min(1).default('sosw project'),
      /** SQLite file of the embedded store, relative to the config file. */
      database: z.string({ error: 'must be a file path relative to the config file, e.g. "./.sosw/prices.db"' }).min(1).optional(),
      labourers: z.record(
        z
          .string()
          .regex(
            /^[A-Za-z0-9_.:-]+$/,
            'labourer ids are function names: only letters, digits and _ . : - (no spaces), e.g. "fetch_prices"',
          ),
        projectLabourerSchema,
        {
          error: (issue) =>
            issue.code !== 'invalid_type'
              ? undefined
              : issue.input === undefined
                ? `is required: name each labourer (worker function) and its settings, e.g. ${LABOURER_EXAMPLE}`
                : `must be an object of labourers by id, e.g. ${LABOURER_EXAMPLE}`,
        },
      ),
      /** Scheduler job schemas (the original's `job_schema_variants`). */
      job_schema_variants: z
        .record(z.string(), z.unknown(), {
          error: 'must be an object of job schemas by name, e.g. { "default": { "chunkable_attrs": [["store", {}]] } }',
        })
        .optional(),
      /** Extra task_config keys shared by every essential (max_attempts, greenfield_task_step...). */
      task_config: essentialSection.optional(),
      scheduler_config: essentialSection.optional(),
      orchestrator_config: essentialSection.optional(),
      scavenger_config: essentialSection.optional(),
      worker_assistant_config: essentialSection.optional(),
      /**
       * Custom calendar periods for the Scheduler (`definePeriod(...)` values): only in a
       * sosw.config.ts / .js, since JSON cannot hold their date functions.
       */
      periods: z.array(z.custom<PeriodDefinition>(isPeriodDefinition, { error: PERIODS_HINT }), { error: PERIODS_HINT }).optional(),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? `must be an object, e.g. { ${LABOURER_EXAMPLE} }` : undefined) },
  ),
  schedulerKeyHints,
);

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type ProjectConfig = z.output<typeof projectConfigSchema>;
export type ProjectLabourer = z.output<typeof projectLabourerSchema>;

const joinPath = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join('.');

/** A place whose paths starting with one of `asWritten` keep their root, the others go under `section`. */
function sectionPlace(what: string, section: string, asWritten: readonly string[]): ConfigPlace {
  return {
    what,
    field: (path) => (path.length > 0 && asWritten.includes(String(path[0])) ? joinPath(path) : joinPath([section, ...path])),
  };
}

/** Re-throw a coded error that does not name the file with the file's name in front. */
function inFile<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof SoswError) || !error.code.startsWith('config.') || error.message.includes(what)) throw error;
    throw new SoswError(error.code, `Invalid ${what}:\n  - ${error.message}`, { details: error.details, cause: error });
  }
}

/**
 * Resolve every section of a validated project the way the runtime will, so that a problem found
 * only when resolving (adaptive bounds, a key path, a key of `scheduler_config`...) is reported now,
 * naming the file and the field as written in it. Returns the original's keys the sections hold
 * that sosw ignores.
 */
function checkSections(project: ProjectConfig, what: string): IgnoredKey[] {
  if (project.task_config !== undefined && Object.hasOwn(project.task_config, 'labourers')) {
    throw configFieldError(
      configPlace(what),
      ['task_config', 'labourers'],
      `is not read in a project config: write labourers at the top level, e.g. ${LABOURER_EXAMPLE}.`,
    );
  }
  // An engine's section merged its own task_config or job schemas over the top-level ones, so one
  // engine could see other labourers or caps than the rest (e.g. an Orchestrator cap raised 25x).
  for (const section of ['scheduler_config', 'orchestrator_config', 'scavenger_config', 'worker_assistant_config'] as const) {
    const doc = project[section];
    if (doc === undefined) continue;
    if (Object.hasOwn(doc, 'task_config'))
      throw configFieldError(
        configPlace(what),
        [section, 'task_config'],
        `is not allowed in a project config: every engine reads the same task settings, so write labourers at the top level (${LABOURER_EXAMPLE}) and shared task settings in the top-level "task_config".`,
      );
    if (Object.hasOwn(doc, 'job_schema_variants'))
      throw configFieldError(
        configPlace(what),
        [section, 'job_schema_variants'],
        'goes at the top level of a project config: "job_schema_variants": { "default": { "chunkable_attrs": [["store", {}]] } }.',
      );
  }
  const docs = toEssentialConfigs(project);
  const ignoredKeys = inFile(what, () => {
    const task = resolveTaskConfig(docs.sosw_essential_config?.task_config ?? {}, sectionPlace(what, 'task_config', ['labourers']));
    resolveHistoryConfig(project.task_config ?? {});
    return uniqueIgnoredKeys(
      task.ignoredKeys,
      resolveSchedulerConfig(docs.sosw_scheduler_config ?? {}, sectionPlace(what, 'scheduler_config', ['job_schema_variants'])).ignoredKeys,
      resolveOrchestratorConfig(docs.sosw_orchestrator_config ?? {}, configPlace(what, ['orchestrator_config'])).ignoredKeys,
      resolveScavengerConfig(docs.sosw_scavenger_config ?? {}, configPlace(what, ['scavenger_config'])).ignoredKeys,
      resolveWorkerAssistantConfig(docs.sosw_worker_assistant_config ?? {}, configPlace(what, ['worker_assistant_config'])).ignoredKeys,
    );
  });
  // Feelings and operators are checked by the ecology when a runtime is built; check them now too,
  // with the labourer, the metric and the file in the message (the ecology's own codes are kept).
  for (const [id, labourer] of Object.entries(project.labourers)) {
    for (const [name, metric] of Object.entries(labourer.health_metrics ?? {})) {
      try {
        compileHealthRule({ name, feelings: metric.feelings, operator: metric.feeling_comparison_operator });
      } catch (error) {
        if (!(error instanceof SoswError)) throw error;
        const field = `labourers.${id}.health_metrics.${name}`;
        throw new SoswError(error.code, `Invalid ${what}:\n  - ${field}: ${error.message}`, {
          details: {
            ...error.details,
            field: `labourers.${id}.${String(error.details.field ?? `health_metrics.${name}`)}`,
            labourerId: id,
          },
          cause: error,
        });
      }
    }
  }
  return ignoredKeys;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * What the ecology refuses in the feelings of every health metric of a raw project (thresholds in
 * the wrong order for the operator, a status twice, none at all), for metrics whose feelings and
 * operator are otherwise valid (the schema reports those).
 */
function healthRuleIssues(project: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [id, labourer] of Object.entries(asObject(asObject(project)?.labourers) ?? {})) {
    for (const [name, metric] of Object.entries(asObject(asObject(labourer)?.health_metrics) ?? {})) {
      const feelings = asObject(asObject(metric)?.feelings);
      const operator = asObject(metric)?.feeling_comparison_operator;
      if (feelings === undefined || typeof operator !== 'string') continue;
      if (!Object.entries(feelings).every(([status, threshold]) => isEcoStatusKey(status) && Number.isFinite(threshold))) continue;
      try {
        compileHealthRule({ name, feelings: feelings as Record<string, number>, operator });
      } catch (error) {
        if (!SoswError.is(error, 'ecology.invalidFeelings')) continue;
        const prefix = `Invalid feelings of health metric ${JSON.stringify(name)}: `;
        const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
        issues.push({ path: ['labourers', id, 'health_metrics', name, 'feelings'], message });
      }
    }
  }
  return issues;
}

/**
 * A project refused by its schema also lists what the ecology refuses in its metrics' feelings, so
 * every problem of a metric comes in one round trip. Alone, such a problem keeps the ecology's code
 * (checkSections).
 */
function withHealthRuleProblems(error: unknown, input: unknown, place: ConfigPlace): unknown {
  if (!SoswError.is(error, 'config.invalid') || !Array.isArray(error.details.problems)) return error;
  const rules = healthRuleIssues(input);
  if (rules.length === 0) return error;
  const problems: ConfigProblem[] = [
    ...(error.details.problems as ConfigProblem[]),
    ...rules.map((issue) => ({ field: place.field(issue.path), problem: issue.message })),
  ];
  return configProblemsError(place, problems, error.cause);
}

export interface ProjectConfigOptions {
  /**
   * The `details.source` names of the runtime that will run the project (the embedded runtime's
   * `file`, `static`, `function`, ...): a health metric naming another is reported with the schema's
   * problems. Without it sources are not checked (on AWS, details are CloudWatch keys).
   */
  readonly metricSources?: readonly string[] | undefined;
}

/** A validated project and the original's keys in it that sosw ignores (for the caller to warn about). */
export interface InspectedProjectConfig {
  readonly config: ProjectConfig;
  readonly ignoredKeys: readonly IgnoredKey[];
}

/**
 * Validate a project config document and list the keys in it that do nothing. Errors name every bad
 * field with the path from the file's root.
 *
 * @example
 * const { config, ignoredKeys } = inspectProjectConfig(doc, 'sosw.config.ts', { metricSources: ['file', 'static'] });
 * for (const key of ignoredKeys) logger.warn({ field: key.field }, ignoredKeyMessage(key));
 */
export function inspectProjectConfig(input: unknown, source = 'sosw.config', options: ProjectConfigOptions = {}): InspectedProjectConfig {
  const what = `project config (${source})`;
  const place = configPlace(what);
  const known = options.metricSources;
  let config: ProjectConfig;
  try {
    config = inspectConfigDocument(
      projectConfigSchema,
      input,
      place,
      known === undefined ? undefined : (doc) => metricSourceIssues(doc, known),
    ).data;
  } catch (error) {
    throw withHealthRuleProblems(error, input, place);
  }
  return { config, ignoredKeys: checkSections(config, what) };
}

/**
 * Validate a project config document. Errors name every bad field with the path from the file's root.
 *
 * @example
 * parseProjectConfig({ labourers: { prices: { handler: './workers/prices.ts', max_simultaneous_invocations: 4 } } });
 */
export function parseProjectConfig(input: unknown, source = 'sosw.config', options: ProjectConfigOptions = {}): ProjectConfig {
  return inspectProjectConfig(input, source, options).config;
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
