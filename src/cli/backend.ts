/**
 * `--backend sqlite|aws` for every verb: the embedded store (a project's SQLite file) or the AWS
 * deployment (DynamoDB tables, Lambda, CloudWatch, SNS, S3 through the standard AWS environment:
 * AWS_REGION, credentials, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>; config from the
 * `config` table or SOSW_CONFIG_PATH). Env SOSW_BACKEND sets the default; without it, sqlite.
 */
import type { Command } from 'commander';
import { EMBEDDED_METRIC_SOURCES } from '../adapters/local/embedded-metrics.js';
import { CancelledCounts } from '../adapters/local/queue-census.js';
import { adaptiveWithMs, effectiveCap } from '../adapters/local/runtime-status.js';
import { AWS_FEATURE, importOptional } from '../adapters/optional-dependency.js';
import type { AwsClients, AwsEssentials } from '../aws-composition.js';
import { epochSeconds, systemClock } from '../core/clock.js';
import { resolveOrchestratorConfig } from '../core/config/essentials-config.js';
import type { LabourerOverride } from '../core/config/labourer-overrides.js';
import { resolveSchedulerConfig, type SchedulerConfig } from '../core/config/scheduler-config.js';
import type { LabourerConfig } from '../core/config/task-config.js';
import { describeValue, SoswError } from '../core/errors.js';
import { controlStatus } from '../core/flow/control.js';
import { Ecology } from '../essentials/ecology/ecology.js';
import { LabourerControls } from '../essentials/flow/labourer-controls.js';
import type { SchedulerResult } from '../essentials/scheduler/options.js';
import { censusOf, createEmbeddedRuntime, type EmbeddedRuntime, type RuntimeStatus } from '../local.js';
import type { HistoryStore } from '../ports/history-store.js';
import type { Logger } from '../ports/logger.js';
import type { MetaLog } from '../ports/meta-log.js';
import type { TaskStore } from '../ports/task-store.js';
import { awsJobs, embeddedJobs } from './backend-jobs.js';
import type { CliJobs } from './jobs-access.js';
import { noteDatabase } from './new-databases.js';
import { projectDbPath } from './options.js';
import { resolveCliProject } from './project-config.js';

export const BACKENDS = ['sqlite', 'aws'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** `--backend <sqlite|aws>` (env SOSW_BACKEND, default sqlite). */
export function withBackendOption(command: Command): Command {
  return command.option('--backend <name>', 'where the tasks live: sqlite (embedded store) or aws (DynamoDB + Lambda); env SOSW_BACKEND');
}

/** The backend a verb uses: the flag, else SOSW_BACKEND, else sqlite. A bad value is a `cli.usage` error. */
export function resolveBackend(flag: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): BackendName {
  const value = (flag ?? env.SOSW_BACKEND ?? 'sqlite').trim().toLowerCase();
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  const from = flag === undefined ? 'SOSW_BACKEND' : '--backend';
  throw new SoswError('cli.usage', `${from} must be one of ${BACKENDS.join(', ')}, got ${describeValue(flag ?? env.SOSW_BACKEND)}.`, {
    details: { field: 'backend', received: flag ?? env.SOSW_BACKEND },
  });
}

export interface BackendFlags {
  readonly backend?: string | undefined;
  readonly config?: string | undefined;
  readonly db?: string | undefined;
}

/** What the read and repair verbs (status, tasks, redrive) need from either backend. */
export interface ProjectHandle {
  readonly projectName: string;
  /** Where the tasks are, in words (a SQLite path, or the DynamoDB tasks table). */
  readonly dbPath: string;
  readonly labourers: readonly LabourerConfig[];
  readonly store: TaskStore;
  readonly metaLog: MetaLog;
  /** Pause, resume, drain and pin limits (sosw pause / resume / drain / limit). */
  readonly controls: LabourerControls;
  /** Minute rollups the essentials write (the dashboard's history). */
  readonly history: HistoryStore;
  /** Config problems the essentials warn about at cold start (aws: labourers an own row redefines); shown by status. */
  readonly configWarnings: readonly LabourerOverride[];
  status(): Promise<RuntimeStatus>;
  /** The job records and the engine's job operations (sosw jobs / cancel); `job.storeMissing` where there is no job store. */
  jobs(): Promise<CliJobs>;
  stop(): Promise<unknown>;
}

/** The AWS composition, loaded only when a verb runs on aws: the SDK clients are optional packages. */
async function loadAwsEssentials(logger?: Logger, clients?: AwsClients): Promise<AwsEssentials> {
  const { createAwsEssentials } = await importOptional(() => import('../aws-composition.js'), AWS_FEATURE);
  return createAwsEssentials({ logger, clients });
}

/** The AWS composition for a CLI verb; `--config` (a local project file) belongs to the sqlite backend, `--db` is ignored. */
export async function openAwsEssentials(flags: BackendFlags, logger?: Logger, clients?: AwsClients): Promise<AwsEssentials> {
  if (flags.config !== undefined) {
    throw new SoswError(
      'cli.usage',
      '--config applies to the sqlite backend. On aws, config comes from the config table (or SOSW_CONFIG_PATH) and tasks from the DynamoDB tables (SOSW_TASKS_TABLE, ...).',
      { details: { field: 'config' } },
    );
  }
  return loadAwsEssentials(logger, clients);
}

async function openAwsProject(flags: BackendFlags, clients?: AwsClients): Promise<ProjectHandle> {
  const essentials = await openAwsEssentials(flags, undefined, clients);
  try {
    const config = resolveOrchestratorConfig(await essentials.document('orchestrator'));
    const store = await essentials.store();
    const labourers = config.task.labourers;
    const table = config.task.tables.tasks;
    const ecology = new Ecology({ metricSource: essentials.metricSource, clock: systemClock, noDataStatus: config.ecology.noDataStatus });
    const controls = new LabourerControls({ store: await essentials.controls(), labourers, metaLog: essentials.metaLog });
    // A page refreshes every few seconds: cancelled counts are re-read only when closed failures change.
    const cancelledCounts = new CancelledCounts();
    const configWarnings = await overridesOf(essentials);
    return {
      projectName: essentials.settings.configEnv,
      dbPath: `dynamodb:${essentials.settings.tables.tasks ?? table}`,
      labourers,
      store,
      metaLog: essentials.metaLog,
      controls,
      history: await essentials.history(),
      configWarnings,
      async status(): Promise<RuntimeStatus> {
        ecology.beginTick();
        // One read of the control items gives both the holds and the adaptive states.
        const { active, adaptive } = await controls.overview();
        const rows = await Promise.all(
          labourers.map(async (l) => {
            const census = await censusOf(store, l, epochSeconds(systemClock), config.task.greenfieldInvocationDelta, cancelledCounts);
            const health = (await ecology.health(l)).status;
            const coefficient = config.coefficients[health] ?? 0;
            const cap = Math.floor(l.maxSimultaneousInvocations * coefficient + 1e-9);
            const control = controlStatus(active.get(l.id) ?? { hold: null, pin: null }, census.running, epochSeconds(systemClock));
            const target = adaptive.get(l.id);
            return {
              ...census,
              health,
              cap,
              effectiveCap: effectiveCap({ cap, control }).cap,
              maxSimultaneousInvocations: l.maxSimultaneousInvocations,
              lastDecision: null,
              counters: {},
              control,
              ...(target === undefined ? {} : { adaptive: adaptiveWithMs(target) }),
            };
          }),
        );
        return { project: essentials.settings.configEnv, database: `dynamodb:${table}`, running: false, labourers: rows };
      },
      jobs: async () => awsJobs(essentials),
      stop: () => essentials.close(),
    };
  } catch (error) {
    await essentials.close();
    throw error;
  }
}

/**
 * The labourers each essential's own row redefines over the shared row (the warnings each logs at
 * cold start). A Scheduler or Scavenger document that fails to load is left to that essential's
 * own error: status reads the Orchestrator's, which has loaded by now.
 */
async function overridesOf(essentials: AwsEssentials): Promise<LabourerOverride[]> {
  const found: LabourerOverride[] = [];
  for (const essential of ['orchestrator', 'scavenger', 'scheduler'] as const) {
    found.push(...(await essentials.configWarnings(essential).catch(() => [])));
  }
  return found;
}

/**
 * Open the project's tasks on the chosen backend, for verbs that read or repair them. Nothing runs.
 *
 * @example
 * const project = await openProjectOn({ backend: 'aws' });
 * const status = await project.status();
 * await project.stop();
 */
export async function openProjectOn(flags: BackendFlags, options: OpenProjectOptions = {}): Promise<ProjectHandle> {
  if (resolveBackend(flags.backend) === 'aws') return openAwsProject(flags, options.awsClients);
  const project = await resolveCliProject({ config: flags.config, metricSources: EMBEDDED_METRIC_SOURCES }, { required: true });
  const create = options.createDatabase === true;
  const runtime = await createEmbeddedRuntime({
    project,
    dbPath: projectDbPath(flags.db),
    loadHandlers: false,
    heartbeat: false,
    // No engine runs here: every write (a control, a cancel, a repair) commits at once.
    groupCommit: false,
    createDatabase: create,
    // A verb that fails removes the database it created and left empty.
    ...(create ? { onOpenDatabase: noteDatabase } : {}),
  });
  return embeddedProject(runtime);
}

/** The embedded runtime as a project handle (nothing runs; stop closes the database). */
function embeddedProject(runtime: EmbeddedRuntime): ProjectHandle {
  return {
    projectName: runtime.projectName,
    dbPath: runtime.dbPath,
    labourers: runtime.labourers,
    store: runtime.store,
    metaLog: runtime.metaLog,
    controls: runtime.controls,
    history: runtime.history,
    configWarnings: [],
    status: () => runtime.status(),
    jobs: async () => embeddedJobs(runtime),
    stop: () => runtime.stop(),
  };
}

export interface OpenProjectOptions {
  /**
   * Create the SQLite database when it does not exist yet: for verbs that write (pause, limit...).
   * Read verbs (status, tasks, redrive) leave it false, so a typo never leaves an empty database behind.
   * @defaultValue false
   */
  readonly createDatabase?: boolean | undefined;
  /** Ready SDK clients for the aws backend (a benchmark counting requests); the rest from the environment. */
  readonly awsClients?: AwsClients | undefined;
}

/**
 * `sosw schedule --backend aws`: queue a job with the deployment's Scheduler config (config table),
 * into DynamoDB, queue files in the S3 queue bucket; `resume` continues unfinished queue files.
 */
export async function scheduleOnAws(event: unknown, resume: boolean, planAtMs?: number, scheduledBy?: string): Promise<SchedulerResult[]> {
  const essentials = await loadAwsEssentials();
  try {
    const scheduler = await essentials.scheduler();
    const results = event === undefined ? [] : [await scheduler.run(event, { planAtMs, scheduledBy })];
    if (resume) results.push(...(await scheduler.resumePending()));
    return results;
  } finally {
    await essentials.close();
  }
}

/**
 * The Scheduler config of the AWS backend (its config rows and environment, as the deployed Scheduler
 * assembles them), so `sosw schedule --backend aws` plans and checks a job against what will queue it.
 */
export async function awsSchedulerConfig(overrides: Record<string, unknown> = {}): Promise<SchedulerConfig> {
  const essentials = await loadAwsEssentials();
  try {
    return resolveSchedulerConfig({ ...(await essentials.document('scheduler')), ...overrides });
  } finally {
    await essentials.close();
  }
}

/** Open the project and its jobs; stop the project to close the stores. */
export async function openJobs(flags: {
  readonly backend?: string | undefined;
  readonly config?: string | undefined;
  readonly db?: string | undefined;
}): Promise<{ readonly project: ProjectHandle; readonly jobs: CliJobs }> {
  const project = await openProjectOn(flags);
  try {
    return { project, jobs: await project.jobs() };
  } catch (error) {
    await project.stop();
    throw error;
  }
}
