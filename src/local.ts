/**
 * `sosw/local`: the embedded runtime. One process runs a project end to end: the SQLite store,
 * the Scheduler, the Orchestrator and the Scavenger on sub-second interval triggers, and the
 * workers and the WorkerAssistant in-process through the InProcessInvoker. The engines are the
 * ones that run on AWS; only the adapters differ.
 *
 * @example
 * import { createEmbeddedRuntime } from 'sosw/local';
 * const runtime = await createEmbeddedRuntime({ configPath: 'sosw.config.ts' });
 * await runtime.schedule({ lambda_name: 'fetch_prices', period: 'last_3_days', isolate_days: true });
 * await runtime.start();
 * const summary = await runtime.untilDone();
 * await runtime.stop();
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { makeDatabaseFolder } from './adapters/local/database-folder.js';
import {
  checkMetricSources,
  createEmbeddedMetrics,
  embeddedMetricSourceNames,
  type MetricFunction,
} from './adapters/local/embedded-metrics.js';
import { FsBlobStore } from './adapters/local/fs-blob-store.js';
import { GroupCommit, withGroupCommit } from './adapters/local/group-commit.js';
import { InMemoryMetrics } from './adapters/local/in-memory-metrics.js';
import { InProcessInvoker, type RunRecord } from './adapters/local/in-process-invoker.js';
import { IntervalTrigger } from './adapters/local/interval-trigger.js';
import { MemoryConfigSource } from './adapters/local/memory-config-source.js';
import { ObserverSet } from './adapters/local/observer-set.js';
import { type LoadedProject, loadProject } from './adapters/local/project-loader.js';
import { censusOf } from './adapters/local/queue-census.js';
import { collectStatus, heartbeatOf, type RunSummary, type RuntimeStatus, summarise } from './adapters/local/runtime-status.js';
import { gracefulStop, type StopReport } from './adapters/local/shutdown.js';
import { isHeartbeatLive, readHeartbeat, writeHeartbeat } from './adapters/local/status-file.js';
import { openSqliteDatabase } from './adapters/sqlite/database.js';
import { SqliteControlStore } from './adapters/sqlite/sqlite-control-store.js';
import { SqliteHistoryStore } from './adapters/sqlite/sqlite-history-store.js';
import { SqliteJobStore } from './adapters/sqlite/sqlite-job-store.js';
import { SqliteMetaLog } from './adapters/sqlite/sqlite-meta-log.js';
import { SqliteTaskStore } from './adapters/sqlite/sqlite-task-store.js';
import { WalCheckpointer } from './adapters/sqlite/wal-checkpointer.js';
import { type Clock, epochSeconds, systemClock } from './core/clock.js';
import { type ConfigDocument, deepMergeAll } from './core/config/deep-merge.js';
import { resolveOrchestratorConfig, resolveScavengerConfig } from './core/config/essentials-config.js';
import { inspectProjectConfig, type ProjectConfigInput, toEssentialConfigs } from './core/config/project-config.js';
import { resolveSchedulerConfig } from './core/config/scheduler-config.js';
import type { LabourerConfig } from './core/config/task-config.js';
import { ignoredKeyMessage } from './core/config/unused-keys.js';
import { SoswError } from './core/errors.js';
import { resolveHistoryConfig } from './core/history/history-config.js';
import type { JobRecord } from './core/job/job.js';
import type { PeriodDefinition } from './core/scheduling/periods.js';
import { registerWorkers, workerConfigSource } from './embedded-workers.js';
import { Ecology, healthNote } from './essentials/ecology/ecology.js';
import { LabourerControls } from './essentials/flow/labourer-controls.js';
import { HistoryRecorder } from './essentials/history/history-recorder.js';
import { JobKeeper } from './essentials/jobs/job-keeper.js';
import { createJobsApi, type JobsApi } from './essentials/jobs/jobs-api.js';
import { Orchestrator } from './essentials/orchestrator/orchestrator.js';
import { Scavenger, type ScavengerRunResult } from './essentials/scavenger/scavenger.js';
import type { SchedulerProgress, SchedulerResult } from './essentials/scheduler/options.js';
import { Scheduler } from './essentials/scheduler/scheduler.js';
import { DEFAULT_WORKER_ASSISTANT } from './essentials/worker/types.js';
import { WorkerAssistant } from './essentials/worker-assistant/worker-assistant.js';
import type { ConfigSource } from './ports/config-source.js';
import type { ControlStore } from './ports/control-store.js';
import type { HistoryStore } from './ports/history-store.js';
import type { JobStore, JobTasks } from './ports/job-store.js';
import { type Logger, silentLogger } from './ports/logger.js';
import type { MetaLog } from './ports/meta-log.js';
import type { MetricSource } from './ports/metric-source.js';
import { COUNTER_NAMES, type ObservationName } from './ports/metrics.js';
import type { Notifier } from './ports/notifier.js';
import type { TaskStore } from './ports/task-store.js';

export const DEFAULT_EMBEDDED_RUNTIME = Object.freeze({
  dbPath: '.sosw/sosw.db',
  dispatchIntervalMs: 250,
  sweepIntervalMs: 250,
  /** Minute rollups for the dashboard's history are written at most this often (and at stop). */
  historyFlushMs: 15_000,
  shutdownTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
});

/** Tasks per Scheduler batch unless the project sets `scheduler_config.rows_to_process` (SQLite batches are cheap). */
export const EMBEDDED_ROWS_TO_PROCESS = 1000;

export interface EmbeddedRuntimeOptions {
  /** A project config object, or a loaded project. Without it the config file is loaded (see `configPath`). */
  readonly project?: ProjectConfigInput | LoadedProject | undefined;
  /** The config file; without it and `project`, the nearest `sosw.config.*` upward from `cwd`. */
  readonly configPath?: string | undefined;
  /** @defaultValue process.cwd() */
  readonly cwd?: string | undefined;
  /** SQLite file or ':memory:'. @defaultValue the project's `database`, else `.sosw/sosw.db` (relative to `cwd`) */
  readonly dbPath?: string | undefined;
  /** Create the database file when it does not exist; with false a missing file is `store.notFound`. @defaultValue true */
  readonly createDatabase?: boolean | undefined;
  /** Called with the database path before its folder is made and it is opened (the CLI notes new files to remove them when a verb fails). */
  readonly onOpenDatabase?: ((path: string) => void) | undefined;
  /**
   * Workers by labourer id, overriding the config's `handler` modules: a Worker class
   * (`defineWorker` result), `lambdaHandler(...)` of one, a plain `(payload, ctx) => result`
   * function, or `{ handle }`.
   */
  readonly handlers?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Where workers' `<labourer id>_config` documents come from (the project's `sosw_*` documents
   * stay first). @defaultValue `FileConfigSource.fromEnv()`: the files `SOSW_CONFIG_PATH` names, if set
   */
  readonly configSource?: ConfigSource | undefined;
  /** Import the config's handler modules; status-only tools pass false. @defaultValue true */
  readonly loadHandlers?: boolean | undefined;
  /** @defaultValue systemClock */
  readonly clock?: Clock | undefined;
  /** Engines' and runtime's log. @defaultValue silent */
  readonly logger?: Logger | undefined;
  /** Workers' log. @defaultValue `logger` */
  readonly workerLogger?: Logger | undefined;
  /** Dead-task notices. @defaultValue none (dead tasks are still counted and audited) */
  readonly notifier?: Notifier | undefined;
  /** Extra metric sources by `details.source` name (besides `file`, `static` and `function`). */
  readonly metricSources?: Readonly<Record<string, MetricSource>> | undefined;
  /** Values of `details.source: 'static'` metrics, by metric name (`details.name`). */
  readonly staticMetrics?: Readonly<Record<string, number | null>> | undefined;
  /** Functions of `details.source: 'function'` metrics, by `details.function`. */
  readonly metricFunctions?: Readonly<Record<string, MetricFunction>> | undefined;
  /**
   * Custom calendar periods (`definePeriod`) the Scheduler accepts in `period`, after the built-in ones.
   * @defaultValue the project config's `periods`
   */
  readonly periods?: readonly PeriodDefinition[] | undefined;
  /** Milliseconds between Orchestrator ticks. @defaultValue 250 */
  readonly dispatchIntervalMs?: number | undefined;
  /** Milliseconds between Scavenger runs. @defaultValue 250 */
  readonly sweepIntervalMs?: number | undefined;
  /** How long `stop()` lets running work finish. @defaultValue 10000 */
  readonly shutdownTimeoutMs?: number | undefined;
  /** Write `<db>.status.json` for `sosw status` in other processes. @defaultValue true for files */
  readonly heartbeat?: boolean | undefined;
  /** Observer of every in-process run (benchmarks, progress). */
  readonly onRun?: ((record: RunRecord) => void) | undefined;
  /**
   * Called once when a job ends (completed, failed or cancelled), after its on_complete actions. Errors
   * are logged and ignored.
   */
  readonly onJobFinished?: ((job: JobRecord) => void | Promise<void>) | undefined;
  /** Observer of every Scavenger run (also attachable later with `runtime.observe`). */
  readonly onScavengerRun?: ((result: ScavengerRunResult) => void) | undefined;
  /** Observer of the Scheduler's progress, after every written batch of every job. */
  readonly onSchedulerProgress?: ((progress: SchedulerProgress) => void) | undefined;
  /** Observer of every metric observation the engines record (after `metrics` has it). */
  readonly onObservation?: ((name: ObservationName, labourerId: string, value: number) => void) | undefined;
  /**
   * Commit the store once per event-loop turn instead of once per call (see group-commit.ts).
   * @defaultValue true
   */
  readonly groupCommit?: boolean | undefined;
  /**
   * While started, run the database file's WAL checkpoints on a second thread instead of inside the
   * commits of the engines' thread (see wal-checkpointer.ts). No effect on `:memory:`.
   * @defaultValue true
   */
  readonly backgroundCheckpoints?: boolean | undefined;
}

export interface TickReport {
  readonly invoked: number;
  readonly archived: number;
  readonly retried: number;
  readonly returned: number;
  readonly dead: number;
}

/** Hooks into a runtime's engines; every member is optional. Observers that throw are ignored. */
export interface RuntimeObserver {
  readonly onScavengerRun?: ((result: ScavengerRunResult) => void) | undefined;
  readonly onSchedulerProgress?: ((progress: SchedulerProgress) => void) | undefined;
  readonly onObservation?: ((name: ObservationName, labourerId: string, value: number) => void) | undefined;
}

export interface UntilDoneOptions {
  /** Reject (with `summary` on the error) when tasks are still open after this long. @defaultValue no limit */
  readonly timeoutMs?: number | undefined;
  /** @defaultValue 200 */
  readonly pollMs?: number | undefined;
  readonly onProgress?: ((status: RuntimeStatus, elapsedMs: number) => void) | undefined;
}

export interface EmbeddedRuntime {
  readonly projectName: string;
  readonly projectDir: string;
  readonly dbPath: string;
  readonly labourers: readonly LabourerConfig[];
  readonly store: TaskStore;
  readonly metaLog: MetaLog;
  readonly invoker: InProcessInvoker;
  readonly metrics: InMemoryMetrics;
  readonly orchestrator: Orchestrator;
  readonly scavenger: Scavenger;
  readonly scheduler: Scheduler;
  readonly assistant: WorkerAssistant;
  /** Pause, resume, drain and pin limits of the labourers (stored in the database, read every tick). */
  readonly controls: LabourerControls;
  /** Job records of this database: list, get (with a recount), tasks by place, cancel, repair. */
  readonly jobs: JobsApi;
  /** The job store itself (for dashboards that read records directly). */
  readonly jobStore: JobStore;
  /** Minute rollups the Orchestrator and Scavenger write (the dashboard's history). */
  readonly history: HistoryStore;
  /** Writes those rollups; `flush(true)` writes what is pending now. */
  readonly historyRecorder: HistoryRecorder;
  /** Attach hooks to the running engines (dashboards); the returned function detaches them. */
  observe(observer: RuntimeObserver): () => void;
  /** Queue a job (the Scheduler's event: `{ lambda_name, ... }` or `{ job: {...} }`). */
  schedule(job: unknown): Promise<SchedulerResult>;
  /** One Orchestrator tick, wait for the runs it started, one Scavenger run (for deterministic tests). */
  tickOnce(): Promise<TickReport>;
  /** Resume unfinished jobs and start the triggers. */
  start(): Promise<void>;
  readonly running: boolean;
  /** Stop dispatching, let running work finish (up to `shutdownTimeoutMs`), close the database. Idempotent. */
  stop(): Promise<StopReport>;
  status(): Promise<RuntimeStatus>;
  summary(): Promise<RunSummary>;
  /** Resolve once every task of the project is closed (completed or dead). */
  untilDone(options?: UntilDoneOptions): Promise<RunSummary>;
}

async function resolveProject(options: EmbeddedRuntimeOptions): Promise<LoadedProject> {
  const cwd = options.cwd ?? process.cwd();
  const given = options.project;
  // Metric sources are checked with the rest of the file, so a metric's every problem comes at once.
  const metricSources = embeddedMetricSourceNames(options.metricSources);
  if (given === undefined) return loadProject({ configPath: options.configPath, cwd, metricSources });
  if ('config' in given && 'dir' in given) return given as LoadedProject;
  const { config, ignoredKeys } = inspectProjectConfig(given, 'project option', { metricSources });
  const databasePath = config.database === undefined ? undefined : resolve(cwd, config.database);
  return { path: resolve(cwd, 'sosw.config'), dir: cwd, config, databasePath, ignoredKeys };
}

function essentialDocument(docs: Record<string, ConfigDocument>, name: string): ConfigDocument {
  return deepMergeAll(docs.sosw_essential_config, docs[name]);
}

/**
 * Build an embedded runtime. Nothing runs until `start()` (triggers) or `tickOnce()` (one step).
 *
 * @example
 * const runtime = await createEmbeddedRuntime({
 *   project: { labourers: { greeter: { max_simultaneous_invocations: 4 } } },
 *   dbPath: ':memory:',
 *   handlers: { greeter: async (payload) => ({ hello: payload.name }) },
 * });
 */
export async function createEmbeddedRuntime(options: EmbeddedRuntimeOptions = {}): Promise<EmbeddedRuntime> {
  const project = await resolveProject(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  for (const key of project.ignoredKeys ?? []) logger.warn({ field: key.field, config: key.what }, ignoredKeyMessage(key));
  const cwd = options.cwd ?? process.cwd();
  const dbPath =
    options.dbPath === ':memory:' ? ':memory:' : resolve(cwd, options.dbPath ?? project.databasePath ?? DEFAULT_EMBEDDED_RUNTIME.dbPath);
  const docs = toEssentialConfigs(project.config);
  const orchestratorConfig = resolveOrchestratorConfig(essentialDocument(docs, 'sosw_orchestrator_config'));
  const labourers = orchestratorConfig.task.labourers;
  const { source: metricSource, known } = createEmbeddedMetrics({ baseDir: project.dir, ...options });
  checkMetricSources(labourers, known);
  // Workers read `<labourer id>_config` here; status-only tools build no worker, so need no files.
  const configSource =
    options.loadHandlers === false && options.handlers === undefined
      ? new MemoryConfigSource(docs)
      : workerConfigSource(docs, options.configSource);

  options.onOpenDatabase?.(dbPath);
  if (dbPath !== ':memory:' && options.createDatabase !== false) makeDatabaseFolder(dbPath);
  const database = openSqliteDatabase(dbPath, { create: options.createDatabase !== false });
  const group = new GroupCommit(database, (error) => logger.error({ error: String(error) }, 'group commit failed'));
  const sqliteStore = new SqliteTaskStore({ database });
  const sqliteMetaLog = new SqliteMetaLog({ database });
  const store = options.groupCommit === false ? sqliteStore : withGroupCommit<TaskStore>(sqliteStore, group);
  const metaLog = options.groupCommit === false ? sqliteMetaLog : withGroupCommit<MetaLog>(sqliteMetaLog, group);
  const sqliteJobs = new SqliteJobStore({ database });
  const jobStore = options.groupCommit === false ? sqliteJobs : withGroupCommit<JobStore>(sqliteJobs, group);
  const jobTasks = store as TaskStore & JobTasks;
  const sqliteControls = new SqliteControlStore({ database });
  const controlStore = options.groupCommit === false ? sqliteControls : withGroupCommit<ControlStore>(sqliteControls, group);
  const controls = new LabourerControls({ store: controlStore, labourers, metaLog, clock, logger });
  const { retentionSeconds } = resolveHistoryConfig(docs.sosw_essential_config?.task_config);
  const sqliteHistory = new SqliteHistoryStore({ database, retentionSeconds });
  const history = options.groupCommit === false ? sqliteHistory : withGroupCommit<HistoryStore>(sqliteHistory, group);
  // One recorder for both engines: invocations and latency from the Orchestrator, outcomes from the
  // Scavenger, the queue depth counted at each write.
  const historyRecorder = new HistoryRecorder({
    store: history,
    clock,
    logger,
    labourerIds: labourers.map((l) => l.id),
    queue: store,
    flushEveryMs: DEFAULT_EMBEDDED_RUNTIME.historyFlushMs,
  });
  const observers = {
    scavengerRun: new ObserverSet<[ScavengerRunResult]>(),
    schedulerProgress: new ObserverSet<[SchedulerProgress]>(),
    observation: new ObserverSet<[ObservationName, string, number]>(),
  };
  const observe = (observer: RuntimeObserver): (() => void) => {
    const removers = [
      observer.onScavengerRun === undefined ? undefined : observers.scavengerRun.add(observer.onScavengerRun),
      observer.onSchedulerProgress === undefined ? undefined : observers.schedulerProgress.add(observer.onSchedulerProgress),
      observer.onObservation === undefined ? undefined : observers.observation.add(observer.onObservation),
    ];
    return () => {
      for (const remove of removers) remove?.();
    };
  };
  observe(options);
  const metrics = new InMemoryMetrics({
    onObserve: (name, labourerId, value) => {
      if (observers.observation.size > 0) observers.observation.emit(name, labourerId, value);
    },
  });
  // Claims are committed before the workers they belong to start (one commit per batch of starts).
  const invoker = new InProcessInvoker({
    clock,
    logger,
    onRun: options.onRun,
    beforeStart: options.groupCommit === false ? undefined : () => group.flush(),
  });
  const common = { store, metaLog, clock, logger, metrics };
  const orchestrator = new Orchestrator({
    ...common,
    invoker,
    config: orchestratorConfig,
    metricSource,
    controls: controlStore,
    history: historyRecorder,
  });
  const scavenger = new Scavenger({
    ...common,
    invoker,
    notifier: options.notifier,
    // The keeper needs the Scheduler, built below; the Scavenger only calls it when it runs.
    jobs: { store: jobStore, tasks: jobTasks, keeper: { run: () => keeper.run() } },
    config: resolveScavengerConfig(essentialDocument(docs, 'sosw_scavenger_config')),
    controls: controlStore,
    history: historyRecorder,
    onRun: (result) => observers.scavengerRun.emit(result),
  });
  const assistant = new WorkerAssistant(common);
  // Queue files live beside the database, where `sosw schedule` puts them too.
  const blobs = new FsBlobStore({ root: join(dbPath === ':memory:' ? resolve(cwd, '.sosw') : dirname(dbPath), 'blobs') });
  const scheduler = new Scheduler({
    ...common,
    jobs: jobStore,
    jobTasks,
    blobs,
    invoker,
    onProgress: (progress) => observers.schedulerProgress.emit(progress),
    periods: options.periods ?? project.config.periods,
    config: resolveSchedulerConfig(
      deepMergeAll({ rows_to_process: EMBEDDED_ROWS_TO_PROCESS }, essentialDocument(docs, 'sosw_scheduler_config')),
    ),
  });
  const keeper = new JobKeeper({
    jobs: jobStore,
    tasks: jobTasks,
    scheduler,
    invoker,
    notifier: options.notifier,
    onJobFinished: options.onJobFinished,
    clock,
    logger,
  });
  const jobs = createJobsApi({ jobStore, taskStore: jobTasks, metaLog, clock });
  const ecology = new Ecology({ metricSource, clock, logger, noDataStatus: orchestratorConfig.ecology.noDataStatus });

  let dispatch: IntervalTrigger | undefined;
  let checkpointer: WalCheckpointer | undefined;
  let sweep: IntervalTrigger | undefined;
  invoker.register(DEFAULT_WORKER_ASSISTANT, {
    timeoutSeconds: 30,
    handler: async (event, ctx) => {
      const result = await assistant.handle(event, { invocationId: ctx.awsRequestId, logStreamName: ctx.logStreamName });
      // A report frees a slot (completed) or makes a task due for retry (failed): act on it now.
      dispatch?.nudge();
      sweep?.nudge();
      return result;
    },
  });
  invoker.register('sosw_scheduler', {
    timeoutSeconds: 900,
    handler: (event, ctx) => scheduler.run(event, { invocationId: ctx.awsRequestId }),
  });
  try {
    await registerWorkers(project, labourers, options, { invoker, clock, logger: options.workerLogger ?? logger, configSource });
  } catch (error) {
    database.close();
    throw error;
  }

  const startedAt = clock.now();
  let lastBeat = Number.NEGATIVE_INFINITY;
  // The database file as opened: deleted or replaced under a running runtime, every write went to an
  // unlinked file and was lost at exit, silently (found by a hostile sweep). Checked with each heartbeat.
  const openedInode = dbPath === ':memory:' ? undefined : statSync(dbPath, { throwIfNoEntry: false })?.ino;
  let fileGoneLogged = false;
  const checkDatabaseFile = (): void => {
    if (openedInode === undefined || fileGoneLogged) return;
    if (statSync(dbPath, { throwIfNoEntry: false })?.ino === openedInode) return;
    fileGoneLogged = true;
    logger.error(
      { dbPath },
      `The database file ${dbPath} was removed or replaced while this runtime runs: its writes go to the old file and are lost when it stops. Stop it (Ctrl+C) and start it again.`,
    );
  };
  const beat = (force = false): void => {
    if (dbPath === ':memory:' || options.heartbeat === false) return;
    const now = clock.now();
    if (!force && now - lastBeat < DEFAULT_EMBEDDED_RUNTIME.heartbeatIntervalMs) return;
    lastBeat = now;
    checkDatabaseFile();
    const decisions = new Map(orchestrator.lastDecisions().map((d) => [d.labourerId, d]));
    const base = { pid: process.pid, project: project.config.name, running: dispatch?.running === true, updatedAt: now, startedAt };
    writeHeartbeat(
      dbPath,
      heartbeatOf(base, labourers, decisions, orchestratorConfig.coefficients, (id) => countersOf(metrics, id)),
    );
  };

  const status = async (): Promise<RuntimeStatus> => {
    const decisions = new Map(orchestrator.lastDecisions().map((d) => [d.labourerId, d]));
    const heartbeat = decisions.size === 0 && dbPath !== ':memory:' ? readHeartbeat(dbPath) : null;
    ecology.beginTick();
    return collectStatus({
      project: project.config.name,
      database: dbPath,
      labourers,
      running: dispatch?.running === true,
      decisions,
      heartbeat: heartbeat !== null && isHeartbeatLive(heartbeat, clock.now()) ? heartbeat : null,
      coefficients: orchestratorConfig.coefficients,
      census: (l) => censusOf(store, l, epochSeconds(clock), orchestratorConfig.task.greenfieldInvocationDelta),
      health: async (l) => {
        const report = await ecology.health(l);
        return { status: report.status, note: healthNote(report) };
      },
      counters: (id) => countersOf(metrics, id),
      controls: () => controls.active(),
      adaptive: () => controls.adaptive(),
      nowSeconds: clock.now() / 1000,
    });
  };

  /**
   * A second runtime on the same database file started silently: both dispatch (the embedded
   * dispatch lease is off), and since each counts running tasks once per tick, together they may
   * pass max_simultaneous_invocations; they also overwrite one heartbeat.
   */
  const warnIfAnotherRuntime = (): void => {
    if (dbPath === ':memory:' || orchestratorConfig.dispatchLeaseSeconds > 0) return;
    const other = readHeartbeat(dbPath);
    if (other === null || other.pid === process.pid || !isHeartbeatLive(other, clock.now())) return;
    logger.warn(
      { pid: other.pid, dbPath },
      `Another sosw runtime (pid ${other.pid}) is running on ${dbPath}: both will start tasks, and together they may pass max_simultaneous_invocations. Stop one, or set orchestrator_config.dispatch_lease_seconds (e.g. 30) in the project config so one dispatches each labourer at a time.`,
    );
  };

  let stopping: Promise<StopReport> | undefined;
  const runtime: EmbeddedRuntime = {
    projectName: project.config.name,
    projectDir: project.dir,
    dbPath,
    labourers,
    store,
    metaLog,
    invoker,
    metrics,
    orchestrator,
    scavenger,
    scheduler,
    assistant,
    controls,
    jobs,
    jobStore,
    history,
    historyRecorder,
    get running(): boolean {
      return dispatch?.running === true;
    },
    observe,
    schedule: (job) => scheduler.run(job),
    async tickOnce(): Promise<TickReport> {
      const decisions = await orchestrator.tick();
      await invoker.idle();
      const swept = await scavenger.run();
      await historyRecorder.flush(true);
      beat();
      const sum = (key: 'archived' | 'retried' | 'returned'): number => swept.labourers.reduce((n, l) => n + l[key], 0);
      return {
        invoked: decisions.reduce((n, d) => n + d.invoked, 0),
        archived: sum('archived'),
        retried: sum('retried'),
        returned: sum('returned'),
        dead: swept.dead.length,
      };
    },
    async start(): Promise<void> {
      if (dispatch !== undefined) return;
      warnIfAnotherRuntime();
      if (options.backgroundCheckpoints !== false)
        checkpointer = WalCheckpointer.start(database, {
          onError: (error) => logger.warn({ error: String(error) }, 'background checkpoints stopped; commits checkpoint again'),
        });
      await scheduler.resumePending();
      dispatch = new IntervalTrigger({
        name: 'sosw_orchestrator',
        intervalMs: options.dispatchIntervalMs ?? DEFAULT_EMBEDDED_RUNTIME.dispatchIntervalMs,
        logger,
        run: async () => {
          await orchestrator.tick();
          beat();
        },
      });
      sweep = new IntervalTrigger({
        name: 'sosw_scavenger',
        intervalMs: options.sweepIntervalMs ?? DEFAULT_EMBEDDED_RUNTIME.sweepIntervalMs,
        logger,
        run: () => scavenger.run(),
      });
      dispatch.start();
      sweep.start();
    },
    stop(): Promise<StopReport> {
      stopping ??= gracefulStop(
        {
          stopDispatching: async () => {
            await Promise.all([dispatch?.stop(), sweep?.stop()]);
          },
          drain: (ms) => invoker.drain(ms),
          close: async () => {
            invoker.close();
            // Archive what the drained workers reported, so the next start finds it closed.
            if (dispatch !== undefined)
              await scavenger.run().catch((error: unknown) => logger.warn({ error: String(error) }, 'final sweep failed'));
            if (dispatch !== undefined) await historyRecorder.flush(true);
            beat(true);
            group.flush();
            await store.close();
            await metaLog.close();
            await controlStore.close();
            await history.close();
            await checkpointer?.stop();
            if (database.open) database.close();
          },
        },
        options.shutdownTimeoutMs ?? DEFAULT_EMBEDDED_RUNTIME.shutdownTimeoutMs,
        logger,
      );
      return stopping;
    },
    status,
    summary: async () => summarise((await status()).labourers, clock.now() - startedAt),
    async untilDone(until: UntilDoneOptions = {}): Promise<RunSummary> {
      const began = clock.now();
      for (;;) {
        const current = await status();
        until.onProgress?.(current, clock.now() - began);
        const summary = summarise(current.labourers, clock.now() - startedAt);
        if (summary.open === 0) return summary;
        if (until.timeoutMs !== undefined && clock.now() - began > until.timeoutMs) {
          throw new SoswError('internal', `Tasks are still open after ${until.timeoutMs} ms: ${JSON.stringify(summary)}.`, {
            details: { summary },
          });
        }
        await new Promise((r) => setTimeout(r, until.pollMs ?? 200));
      }
    },
  };
  return runtime;
}

/**
 * Every counter, as the embedded dashboard's /metrics has them: `sosw status --json` and `sosw dashboard`
 * (through the heartbeat) read these, so a hand-picked subset hid invoke_throttled, invoke_failed,
 * claim_lost and notify_failed there.
 */
function countersOf(metrics: InMemoryMetrics, labourerId: string): Record<string, number> {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, metrics.total(name, labourerId)]));
}

export type { MetricFunction } from './adapters/local/embedded-metrics.js';
export { FileConfigSource, type FileConfigSourceOptions } from './adapters/local/file-config-source.js';
export { FsBlobStore, type FsBlobStoreOptions } from './adapters/local/fs-blob-store.js';
export {
  type DrainResult,
  type FunctionCounters,
  type FunctionRegistration,
  functionNameOf,
  InProcessInvoker,
  type InProcessInvokerOptions,
  type RunRecord,
} from './adapters/local/in-process-invoker.js';
export { IntervalTrigger, type IntervalTriggerOptions, type TriggerCounters } from './adapters/local/interval-trigger.js';
export type { InProcessHandler, LocalInvocationContext } from './adapters/local/invocation-context.js';
export {
  type LambdaInvokeEndpoint,
  type LambdaInvokeEndpointOptions,
  type LocalLambdaFunction,
  startLambdaInvokeEndpoint,
} from './adapters/local/lambda-invoke-endpoint.js';
export {
  FileMetricSource,
  type FileMetricSourceOptions,
  FunctionMetricSource,
  StaticMetricSource,
} from './adapters/local/metric-sources.js';
export {
  findProjectConfig,
  type HandlerLocation,
  handlerLocations,
  importHandlerExport,
  type LoadedProject,
  type LoadProjectOptions,
  loadProject,
  PROJECT_CONFIG_FILES,
} from './adapters/local/project-loader.js';
export { censusOf, censusTotal, type LabourerCensus } from './adapters/local/queue-census.js';
export type { DecisionSummary, LabourerStatus, RunSummary, RuntimeStatus } from './adapters/local/runtime-status.js';
export { gracefulStop, handleShutdownSignals, type SignalHandlingOptions, type StopReport } from './adapters/local/shutdown.js';
export { heartbeatPath, type RuntimeHeartbeat, readHeartbeat } from './adapters/local/status-file.js';
export { findTask, listTasks, TASK_STATES, type TaskState, type TaskView } from './adapters/local/task-listing.js';
export { createDashboardApp, type DashboardAppOptions } from './dashboard/app.js';
export { type EmbeddedDashboardSource, type EmbeddedSourceOptions, embeddedDashboardSource } from './dashboard/embedded-source.js';
export { type DashboardServer, type DashboardServerOptions, startDashboardServer } from './dashboard/server.js';
