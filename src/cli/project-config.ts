/**
 * The one way every CLI verb finds and loads the project config: `--config <file>` when given,
 * else the nearest `sosw.config.ts|mts|js|mjs|json` from the current folder up. schedule, status,
 * tasks, redrive, dev and synth all call {@link resolveCliProject}, so a verb never reads a
 * different config than `sosw dev` runs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findProjectConfig, type LoadedProject, loadProject } from '../adapters/local/project-loader.js';
import { type ConfigDocument, deepMergeAll } from '../core/config/deep-merge.js';
import { toEssentialConfigs } from '../core/config/project-config.js';
import { resolveSchedulerConfig, type SchedulerConfig } from '../core/config/scheduler-config.js';
import { SoswError } from '../core/errors.js';
import { EMBEDDED_ROWS_TO_PROCESS } from '../local.js';
import { DEFAULT_DB_PATH } from './options.js';

export interface CliProjectOptions {
  /** `--config <file>`, relative to `cwd`. */
  readonly config?: string | undefined;
  /** @defaultValue process.cwd() */
  readonly cwd?: string | undefined;
  /** The verb, for messages (`sosw status`). @defaultValue 'this command' */
  readonly verb?: string | undefined;
  /**
   * The `details.source` names of the runtime the verb builds (EMBEDDED_METRIC_SOURCES for the
   * embedded one): health metrics are checked with the rest of the file. Unset: not checked (synth).
   */
  readonly metricSources?: readonly string[] | undefined;
}

/**
 * The project config: `--config` (a missing or broken file is a coded `config.*` error), else the
 * nearest `sosw.config.*` upward. `required: false` returns null when there is none at all.
 *
 * @example
 * const project = await resolveCliProject({ config: flags.config }, { required: true });
 */
export async function resolveCliProject(options: CliProjectOptions, mode: { required: true }): Promise<LoadedProject>;
export async function resolveCliProject(options: CliProjectOptions, mode: { required: false }): Promise<LoadedProject | null>;
export async function resolveCliProject(options: CliProjectOptions, mode: { required: boolean }): Promise<LoadedProject | null> {
  const cwd = options.cwd ?? process.cwd();
  if (options.config === undefined && !mode.required && findProjectConfig(cwd) === null) return null;
  try {
    return await loadProject({ configPath: options.config, cwd, metricSources: options.metricSources });
  } catch (error) {
    throw schedulerDocumentError(
      error,
      options.config === undefined ? undefined : resolve(cwd, options.config),
      options.verb ?? 'this command',
    );
  }
}

/**
 * A verb other than `sosw schedule` was given the original's Scheduler document as `--config`: the
 * project loader's `config.invalid` becomes one that says what the file is and what is expected.
 * Any other error is returned as it is.
 */
export function schedulerDocumentError(error: unknown, configPath: string | undefined, verb: string): unknown {
  if (!SoswError.is(error, 'config.invalid') || configPath === undefined || !configPath.endsWith('.json')) return error;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch {
    return error;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || 'labourers' in doc || !('task_config' in doc)) return error;
  return new SoswError(
    'config.invalid',
    `${configPath} is a Scheduler config document (the original's shape: task_config.labourers, no handlers), not a project config. sosw schedule --config takes it; ${verb} needs the project config (sosw.config.ts or .json, with "labourers" and a "handler" for each): run it in the project folder, or pass --config <project config> (and the same --db as the schedule).`,
    { details: { path: configPath, field: 'labourers', given: 'scheduler document', expected: 'project config' }, cause: error },
  );
}

/** The SQLite file a project verb uses: `--db`, else env SOSW_DB, else the project's `database`, else .sosw/sosw.db. */
export function cliProjectDbPath(
  project: LoadedProject | null,
  flag: string | undefined,
  cwd: string = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const given = flag ?? env.SOSW_DB;
  if (given === ':memory:') return given;
  return resolve(cwd, given ?? project?.databasePath ?? DEFAULT_DB_PATH);
}

/** The Scheduler config the embedded runtime derives from a project (same batches, schemas and labourers as `sosw dev`). */
export function projectSchedulerConfig(project: LoadedProject, overrides: ConfigDocument = {}): SchedulerConfig {
  const docs = toEssentialConfigs(project.config) as Record<string, ConfigDocument>;
  return resolveSchedulerConfig(
    deepMergeAll({ rows_to_process: EMBEDDED_ROWS_TO_PROCESS }, docs.sosw_essential_config, docs.sosw_scheduler_config, overrides),
  );
}
