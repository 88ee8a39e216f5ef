/**
 * The one way every CLI verb finds and loads the project config: `--config <file>` when given,
 * else the nearest `sosw.config.ts|mts|js|mjs|json` from the current folder up. schedule, status,
 * tasks, redrive, dev and synth all call {@link resolveCliProject}, so a verb never reads a
 * different config than `sosw dev` runs.
 */
import { resolve } from 'node:path';
import { findProjectConfig, type LoadedProject, loadProject } from '../adapters/local/project-loader.js';
import { type ConfigDocument, deepMergeAll } from '../core/config/deep-merge.js';
import { toEssentialConfigs } from '../core/config/project-config.js';
import { resolveSchedulerConfig, type SchedulerConfig } from '../core/config/scheduler-config.js';
import { EMBEDDED_ROWS_TO_PROCESS } from '../local.js';
import { DEFAULT_DB_PATH } from './options.js';

export interface CliProjectOptions {
  /** `--config <file>`, relative to `cwd`. */
  readonly config?: string | undefined;
  /** @defaultValue process.cwd() */
  readonly cwd?: string | undefined;
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
  return loadProject({ configPath: options.config, cwd });
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
