/**
 * The AWS composition root: DynamoDB task store and audit trail, Lambda invoker, CloudWatch health
 * metrics, SNS dead-task notices and S3 queue files, wired into the same engines the embedded
 * runtime runs. Config is read the original way: rows `sosw_essential_config` and
 * `<function>_config` of the `config` table (env `production`), over what the deployment's
 * environment says (table names, queue bucket, tick); `SOSW_CONFIG_PATH` files are asked first.
 * Adapters are built once; each engine on first use, once per container.
 *
 * @example
 * const essentials = createAwsEssentials();
 * const orchestrator = await essentials.orchestrator();
 * await orchestrator.run();
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import { CloudWatchMetricSource } from './adapters/aws/cloudwatch/cloudwatch-metric-source.js';
import { DynamoConfigSource } from './adapters/aws/config/dynamo-config-source.js';
import { DynamoControlStore } from './adapters/aws/dynamodb/dynamo-control-store.js';
import { DynamoHistoryStore } from './adapters/aws/dynamodb/dynamo-history-store.js';
import { DynamoJobStore } from './adapters/aws/dynamodb/dynamo-job-store.js';
import { DynamoMetaLog } from './adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from './adapters/aws/dynamodb/dynamo-task-store.js';
import { DEFAULT_DYNAMO_TABLE_NAMES } from './adapters/aws/dynamodb/table-names.js';
import { LambdaInvoker } from './adapters/aws/lambda/lambda-invoker.js';
import { S3BlobStore } from './adapters/aws/s3/s3-blob-store.js';
import { SnsNotifier } from './adapters/aws/sns/sns-notifier.js';
import { ChainConfigSource } from './adapters/local/chain-config-source.js';
import { FileConfigSource } from './adapters/local/file-config-source.js';
import { type Clock, systemClock } from './core/clock.js';
import { type ConfigDocument, deepMergeAll } from './core/config/deep-merge.js';
import {
  DEFAULT_FUNCTION_NAMES,
  DEFAULT_TTL_ATTRIBUTE,
  DEPLOY_CONFIG_ROWS,
  DEPLOY_ENV,
  type EssentialName,
} from './core/config/deploy-env.js';
import { type Env, processEnv } from './core/config/env-keys.js';
import { resolveOrchestratorConfig, resolveScavengerConfig } from './core/config/essentials-config.js';
import { type LabourerOverride, labourerOverrides } from './core/config/labourer-overrides.js';
import { namedOwnRow, withoutOwnRowNames } from './core/config/own-config-row.js';
import { resolveSchedulerConfig } from './core/config/scheduler-config.js';
import { resolveTaskConfig } from './core/config/task-config.js';
import { type IgnoredKey, ignoredKeyMessage } from './core/config/unused-keys.js';
import { describeValue, SoswError } from './core/errors.js';
import { resolveHistoryConfig } from './core/history/history-config.js';
import type { PeriodDefinition } from './core/scheduling/periods.js';
import type { RandomSource } from './core/task/retry-policy.js';
import { HistoryRecorder } from './essentials/history/history-recorder.js';
import { JobKeeper } from './essentials/jobs/job-keeper.js';
import { createJobsApi, type JobsApi } from './essentials/jobs/jobs-api.js';
import { Orchestrator } from './essentials/orchestrator/orchestrator.js';
import { Scavenger } from './essentials/scavenger/scavenger.js';
import { Scheduler } from './essentials/scheduler/scheduler.js';
import { WorkerAssistant } from './essentials/worker-assistant/worker-assistant.js';
import {
  type DeploySettings,
  environmentDocument,
  environmentTaskConfig,
  essentialConfigRow,
  readDeploySettings,
} from './lambda/deploy-settings.js';
import type { ConfigSource } from './ports/config-source.js';
import { type Logger, silentLogger } from './ports/logger.js';
import { type Metrics, noopMetrics } from './ports/metrics.js';

/** Ready SDK clients (tests, benchmarks, custom endpoints); missing ones are built from the standard AWS environment. */
export interface AwsClients {
  readonly dynamodb?: DynamoDBClient | undefined;
  readonly lambda?: LambdaClient | undefined;
  readonly s3?: S3Client | undefined;
  readonly sns?: SNSClient | undefined;
  readonly cloudwatch?: CloudWatchClient | undefined;
}

export interface AwsEssentialsOptions {
  /** @defaultValue process.env */
  readonly env?: Env | undefined;
  readonly clients?: AwsClients | undefined;
  /** @defaultValue the `SOSW_CONFIG_PATH` files (when set), then the DynamoDB config table */
  readonly configSource?: ConfigSource | undefined;
  /** Documents merged over what the config source returns, per essential (CLI flags, tests). */
  readonly config?: Partial<Record<EssentialName, ConfigDocument>> | undefined;
  /** Function names of the essentials (config rows `<name>_config`, sibling target). @defaultValue `sosw_<essential>` */
  readonly functionNames?: Partial<Record<EssentialName, string>> | undefined;
  /** @defaultValue the system clock */
  readonly clock?: Clock | undefined;
  /** @defaultValue silent */
  readonly logger?: Logger | undefined;
  /** Lifecycle counters (EMF on Lambda). @defaultValue none */
  readonly metrics?: Metrics | undefined;
  /** Orchestrator's wait between ticks (tests pass one that advances a manual clock). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Scavenger's retry jitter. @defaultValue Math.random */
  readonly random?: RandomSource | undefined;
  /** Scavenger's archives / moves in flight at once per labourer. @defaultValue the Scavenger's (8) */
  readonly scavengerConcurrency?: number | undefined;
  /** Custom calendar periods (`definePeriod`) the Scheduler accepts in `period`, after the built-in ones. */
  readonly periods?: readonly PeriodDefinition[] | undefined;
}

export interface AwsEssentials {
  readonly settings: DeploySettings;
  readonly configSource: ConfigSource;
  readonly invoker: LambdaInvoker;
  /** Health metrics of the labourers (CloudWatch). */
  readonly metricSource: CloudWatchMetricSource;
  readonly clock: Clock;
  /** The task store (built on first use: its field names come from `sosw_essential_config`). */
  store(): Promise<DynamoTaskStore>;
  /** Operator controls (items `control#<labourer>` in the tasks table), built on first use like the store. */
  controls(): Promise<DynamoControlStore>;
  /**
   * Minute rollups for the dashboard's history: items `history#<labourer>` in the meta table, one
   * per labourer and minute, expiring through the meta table's TTL attribute.
   */
  history(): Promise<DynamoHistoryStore>;
  /**
   * Job records in `SOSW_JOBS_TABLE`, or undefined when it is unset (the original's tables only:
   * jobs keep no records, everything else works as before).
   */
  readonly jobStore: DynamoJobStore | undefined;
  /** List, inspect, cancel and repair jobs (`sosw jobs`, `sosw cancel`); undefined without a jobs table. */
  jobs(): Promise<JobsApi | undefined>;
  readonly metaLog: DynamoMetaLog;
  /** An essential's assembled document: environment < `sosw_essential_config` < `<function>_config` < explicit. */
  document(essential: EssentialName): Promise<ConfigDocument>;
  /**
   * What assembling the essential's document found to warn about (also logged, once per cold start):
   * labourers its own row redefines over `sosw_essential_config`, whose own-row values win.
   */
  configWarnings(essential: EssentialName): Promise<readonly LabourerOverride[]>;
  scheduler(): Promise<Scheduler>;
  orchestrator(): Promise<Orchestrator>;
  scavenger(): Promise<Scavenger>;
  workerAssistant(): Promise<WorkerAssistant>;
  /** Destroy the SDK clients this composition created. */
  close(): Promise<void>;
}

function once<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    if (value === undefined) {
      const attempt = build();
      value = attempt;
      attempt.catch(() => {
        if (value === attempt) value = undefined;
      });
    }
    return value;
  };
}

/** Wire the AWS adapters into the four engines. Nothing is read or sent until an engine is asked for. */
/**
 * Build an adapter whose TTL comes from the deployment's environment: an attribute the adapter
 * refuses (one sosw uses, such as task_id) is reported against SOSW_TTL_ATTRIBUTE, the variable the
 * user set, rather than against the adapter option a Lambda or CLI user never wrote.
 */
function ttlFromEnvironment<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    const option = SoswError.is(error, 'config.invalid') ? error.details.option : undefined;
    if (typeof option !== 'string' || !/^(ttl|closedTtl|metaTtl)\.attribute$/.test(option)) throw error;
    const received = (error as SoswError).details.received;
    throw new SoswError(
      'config.invalid',
      `Environment variable ${DEPLOY_ENV.ttlAttribute} must name an attribute sosw does not use (a key or a field sosw reads), got ${describeValue(received)}. Fix it, or unset it for ${DEFAULT_TTL_ATTRIBUTE}.`,
      { details: { variable: DEPLOY_ENV.ttlAttribute, value: received }, cause: error },
    );
  }
}

export function createAwsEssentials(options: AwsEssentialsOptions = {}): AwsEssentials {
  const env = options.env ?? processEnv();
  const settings = readDeploySettings(env);
  const clients = options.clients ?? {};
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noopMetrics;
  const dynamo = clients.dynamodb === undefined ? {} : { client: clients.dynamodb };
  const tableConfig = settings.tables.config;
  const fileSource = FileConfigSource.fromEnv(env);
  const tableSource = new DynamoConfigSource({
    ...dynamo,
    env: settings.configEnv,
    ...(tableConfig === undefined ? {} : { tableName: tableConfig }),
  });
  const configSource = options.configSource ?? (fileSource === undefined ? tableSource : new ChainConfigSource([fileSource, tableSource]));
  const invoker = new LambdaInvoker(clients.lambda === undefined ? {} : { client: clients.lambda });
  const { closedTasks: closedTtl, meta: metaTtl } = settings.retention;
  const metaLog = ttlFromEnvironment(
    () =>
      new DynamoMetaLog({
        ...dynamo,
        ...(settings.tables.meta === undefined ? {} : { tableName: settings.tables.meta }),
        ...(metaTtl === undefined ? {} : { ttl: metaTtl }),
      }),
  );
  const jobsTable = settings.tables.jobs;
  const jobStore = jobsTable === undefined ? undefined : new DynamoJobStore({ ...dynamo, tableNames: { jobs: jobsTable } });
  const functionName = (essential: EssentialName): string =>
    options.functionNames?.[essential] ??
    (settings.essential === essential ? settings.functionName : undefined) ??
    DEFAULT_FUNCTION_NAMES[essential];

  const sharedRow = once(() => configSource.get(settings.essentialConfigName));
  const shared = once(async () => deepMergeAll(environmentTaskConfig(settings), withoutOwnRowNames(await sharedRow())));
  /**
   * An essential's own row: `SOSW_FUNCTION_CONFIG_NAME` in its own function, else the given function
   * name's row, else the row the shared row names (the stack's row on existing tables), else `<function>_config`.
   */
  const ownRowName = async (essential: EssentialName): Promise<string> => {
    const explicit = options.functionNames?.[essential];
    const fromEnv = settings.essential === essential && settings.functionConfigName !== undefined;
    const named = fromEnv || explicit !== undefined ? undefined : namedOwnRow(await sharedRow(), essential, settings.essentialConfigName);
    return named ?? essentialConfigRow(essential, settings, explicit);
  };
  /** Labourers the own rows redefine over the shared row, by essential: logged once per cold start, shown by `sosw status`. */
  const overrides = new Map<EssentialName, readonly LabourerOverride[]>();
  /** Where the rows were looked for, for the errors below. */
  const rowPlace: ConfigRowPlace = {
    env: settings.configEnv,
    table: tableConfig ?? DEFAULT_DYNAMO_TABLE_NAMES.config,
    files: env[CONFIG_PATH_VARIABLE] === undefined || env[CONFIG_PATH_VARIABLE] === '' ? undefined : env[CONFIG_PATH_VARIABLE],
    custom: options.configSource !== undefined,
  };
  const documents = new Map<EssentialName, () => Promise<ConfigDocument>>();
  const document = (essential: EssentialName): Promise<ConfigDocument> => {
    let load = documents.get(essential);
    if (load === undefined) {
      load = once(async () => {
        const ownName = await ownRowName(essential);
        const own = await configSource.get(ownName);
        const explicit = options.config?.[essential];
        const doc = deepMergeAll(environmentDocument(essential, settings), await shared(), own, explicit);
        // The WorkerAssistant needs no labourers (and must not lose reports over a config row).
        if (essential !== 'worker_assistant') {
          const sharedValue = { name: settings.essentialConfigName, value: await sharedRow() };
          const rows = [sharedValue, { name: ownName, value: own }];
          checkLabourersConfigured(essential, doc, rows, explicit, rowPlace);
          const found = labourerOverrides({ essential: functionName(essential), shared: sharedValue, own: { name: ownName, value: own } });
          for (const o of found) logger.warn({ row: o.row, labourer: o.labourerId, fields: o.fields, config: ownName }, o.message);
          overrides.set(essential, found);
        }
        return doc;
      });
      documents.set(essential, load);
    }
    return load();
  };
  let storeBuilt: DynamoTaskStore | undefined;
  const store = once(async () => {
    const task = resolveTaskConfig((await shared()).task_config ?? {});
    storeBuilt = ttlFromEnvironment(
      () =>
        new DynamoTaskStore({
          ...dynamo,
          tableNames: {
            tasks: task.tables.tasks,
            tasksGreenfieldIndex: task.tables.tasksGreenfieldIndex,
            closedTasks: task.tables.closedTasks,
            closedStatusIndex: task.tables.closedTasksStatusIndex,
            retryTasks: task.tables.retryTasks,
            retryLaunchIndex: task.tables.retryTasksIndex,
            // The WorkerAssistant's report writes its audit row here in the same transaction: the meta log's table.
            ...(settings.tables.meta === undefined ? {} : { meta: settings.tables.meta }),
            ...(jobsTable === undefined ? {} : { jobs: jobsTable }),
          },
          fieldNames: task.fieldNames,
          greenfieldTaskStep: task.greenfieldTaskStep,
          invokedGreenfieldFloor: task.greenfieldInvocationDelta,
          // Retention (DynamoDB TTL) the deployment switched on: closed items and audit rows carry their expiry.
          ...(closedTtl === undefined ? {} : { closedTtl }),
          ...(metaTtl === undefined ? {} : { metaTtl }),
          // With a jobs table every write that closes a task adds to its job's counters in the same transaction.
          ...(jobsTable === undefined ? {} : { jobs: true }),
        }),
    );
    return storeBuilt;
  });
  let controlsBuilt: DynamoControlStore | undefined;
  const controls = once(async () => {
    const task = resolveTaskConfig((await shared()).task_config ?? {});
    controlsBuilt = new DynamoControlStore({ ...dynamo, tableName: task.tables.tasks, fieldNames: task.fieldNames });
    return controlsBuilt;
  });
  let historyBuilt: DynamoHistoryStore | undefined;
  const history = once(async () => {
    const { retentionSeconds } = resolveHistoryConfig((await shared()).task_config);
    historyBuilt = new DynamoHistoryStore({
      ...dynamo,
      ...(settings.tables.meta === undefined ? {} : { tableName: settings.tables.meta }),
      retentionSeconds,
      ...(metaTtl === undefined ? {} : { ttlAttribute: metaTtl.attribute }),
    });
    return historyBuilt;
  });
  /**
   * A recorder per engine. The Orchestrator's writes once at the end of each run (one depth count
   * and one write per labourer); the Scavenger's after each run (one write per labourer it moved
   * something for).
   */
  const recorder = async (engine: 'orchestrator' | 'scavenger'): Promise<HistoryRecorder> => {
    const task = resolveTaskConfig((await shared()).task_config ?? {});
    return new HistoryRecorder({
      store: await history(),
      clock,
      logger,
      labourerIds: task.labourers.map((l) => l.id),
      ...(engine === 'orchestrator' ? { queue: await store(), flushEveryMs: Number.POSITIVE_INFINITY } : { flushEveryMs: 0 }),
    });
  };
  const common = { metaLog, clock, logger, metrics };

  const built: Array<{ close(): Promise<void> }> = [];
  const scheduler = once(async () => {
    const config = resolveSchedulerConfig(await document('scheduler'));
    warnIgnoredKeys(logger, config.ignoredKeys);
    if (config.queueBucket === undefined) {
      throw new SoswError(
        'config.invalid',
        `No queue bucket configured: the Scheduler keeps its queue files (resumable jobs) in S3. Set ${DEPLOY_ENV.queueBucket} (the Sosw stack sets it to its bucket) or queue_bucket in the ${await ownRowName('scheduler')} config row.`,
        { details: { field: 'queue_bucket', variable: DEPLOY_ENV.queueBucket } },
      );
    }
    const blobs = new S3BlobStore({ bucket: config.queueBucket, ...(clients.s3 === undefined ? {} : { client: clients.s3 }) });
    built.push(blobs);
    const taskStore = await store();
    return new Scheduler({
      ...common,
      config,
      store: taskStore,
      blobs,
      invoker,
      functionName: functionName('scheduler'),
      periods: options.periods,
      ...(jobStore === undefined ? {} : { jobs: jobStore, jobTasks: taskStore }),
    });
  });
  const metricSource = new CloudWatchMetricSource(clients.cloudwatch === undefined ? {} : { client: clients.cloudwatch });
  built.push(metricSource);
  const orchestrator = once(async () => {
    const config = resolveOrchestratorConfig(await document('orchestrator'));
    warnIgnoredKeys(logger, config.ignoredKeys);
    return new Orchestrator({
      ...common,
      config,
      store: await store(),
      controls: await controls(),
      invoker,
      metricSource,
      sleep: options.sleep,
      author: functionName('orchestrator'),
      history: await recorder('orchestrator'),
    });
  });
  const scavenger = once(async () => {
    const doc = await document('scavenger');
    const config = resolveScavengerConfig(doc);
    warnIgnoredKeys(logger, config.ignoredKeys);
    const recipient = settings.deadTasksTopicArn ?? (doc.sns_config as { recipient?: string } | undefined)?.recipient;
    const notifier =
      recipient === undefined
        ? undefined
        : new SnsNotifier({ topicArn: recipient, ...(clients.sns === undefined ? {} : { client: clients.sns }) });
    if (notifier === undefined)
      logger.warn({}, 'No dead-task topic (SOSW_DEAD_TASKS_TOPIC_ARN or sns_config.recipient): dead tasks are only counted and audited');
    else built.push(notifier);
    const taskStore = await store();
    return new Scavenger({
      ...common,
      config,
      store: taskStore,
      invoker,
      notifier,
      random: options.random,
      concurrency: options.scavengerConcurrency,
      author: functionName('scavenger'),
      jobs: jobStore === undefined ? undefined : { store: jobStore, tasks: taskStore, keeper: jobKeeper(jobStore, taskStore, notifier) },
      // Outcome counters for labourers with `adaptive` config (one write per labourer per run).
      controls: await controls(),
      history: await recorder('scavenger'),
    });
  });
  /**
   * The keeper the Scavenger runs after its sweep. Follow-up and released jobs are scheduled inline
   * by a Scheduler built on first need (its first batch here; a long job continues in the Scheduler
   * function, which this one invokes).
   */
  const jobKeeper = (jobs: DynamoJobStore, taskStore: DynamoTaskStore, notifier: SnsNotifier | undefined): JobKeeper =>
    new JobKeeper({
      jobs,
      tasks: taskStore,
      scheduler: {
        run: async (event, context) => (await scheduler()).run(event, context),
        resumeJob: async (record, context) => (await scheduler()).resumeJob(record, context),
      },
      invoker,
      notifier,
      clock,
      logger,
    });
  const jobs = once(async () =>
    jobStore === undefined ? undefined : createJobsApi({ jobStore, taskStore: await store(), metaLog, clock }),
  );
  const workerAssistant = once(async () => {
    await document('worker_assistant');
    return new WorkerAssistant({ ...common, store: await store(), author: functionName('worker_assistant') });
  });

  return {
    settings,
    configSource,
    invoker,
    metricSource,
    clock,
    store,
    controls,
    history,
    jobStore,
    jobs,
    metaLog,
    document,
    async configWarnings(essential: EssentialName): Promise<readonly LabourerOverride[]> {
      await document(essential);
      return overrides.get(essential) ?? [];
    },
    scheduler,
    orchestrator,
    scavenger,
    workerAssistant,
    async close(): Promise<void> {
      await Promise.all(
        [
          invoker,
          metaLog,
          tableSource,
          ...built,
          ...(jobStore === undefined ? [] : [jobStore]),
          ...(storeBuilt === undefined ? [] : [storeBuilt]),
          ...(controlsBuilt === undefined ? [] : [controlsBuilt]),
          ...(historyBuilt === undefined ? [] : [historyBuilt]),
        ].map((c) => c.close()),
      );
    },
  };
}

/** Keys of the original the document holds that sosw ignores: one warning each, once per cold start (the engines are built once). */
function warnIgnoredKeys(logger: Logger, keys: readonly IgnoredKey[] | undefined): void {
  for (const key of keys ?? []) logger.warn({ field: key.field, config: key.what }, ignoredKeyMessage(key));
}

/** The variable naming the config files read before the config table (FileConfigSource.fromEnv). */
const CONFIG_PATH_VARIABLE = 'SOSW_CONFIG_PATH';

/** Where the composition looked for config rows. */
interface ConfigRowPlace {
  readonly env: string;
  readonly table: string;
  /** SOSW_CONFIG_PATH, when set (asked before the table). */
  readonly files: string | undefined;
  /** A config source passed to createAwsEssentials (then table and files are not read). */
  readonly custom: boolean;
}

function describePlace(place: ConfigRowPlace): string {
  if (place.custom) return `in the configSource given to createAwsEssentials (env ${place.env})`;
  const table = `in DynamoDB table ${place.table} (env ${place.env})`;
  return place.files === undefined ? table : `in ${CONFIG_PATH_VARIABLE} ${place.files} nor ${table}`;
}

const VARIABLES_FIX = `${DEPLOY_ENV.configTable} (the table), ${DEPLOY_ENV.configEnv} (the env partition, default ${DEPLOY_CONFIG_ROWS.env}), ${DEPLOY_ENV.essentialConfigName} (the shared row, default ${DEPLOY_CONFIG_ROWS.essentialConfigName})`;

const ROW_EXAMPLE = '{"task_config": {"labourers": {"<labourer>": {"max_simultaneous_invocations": 10}}}}';

/**
 * The Scheduler, Orchestrator and Scavenger work on labourers: a document without any is a config
 * row that was not found (wrong table, env or row name) or not filled in, and failing here names the
 * rows read and the fix, instead of an essential that silently does nothing (or a Scheduler that
 * knows no labourer). A `labourers` key at a row's root (the task_config wrapper forgotten) is named.
 */
function checkLabourersConfigured(
  essential: EssentialName,
  doc: ConfigDocument,
  rows: ReadonlyArray<{ readonly name: string; readonly value: ConfigDocument | null }>,
  explicit: ConfigDocument | undefined,
  place: ConfigRowPlace,
): void {
  const where = describePlace(place);
  for (const row of rows) {
    if (row.value !== null && Object.hasOwn(row.value, 'labourers')) {
      throw new SoswError(
        'config.invalid',
        `Config row ${row.name} ${where} has "labourers" at its root, where sosw does not read it: it belongs under task_config. Store the row as ${ROW_EXAMPLE} (see docs/aws.md, "Config rows").`,
        { details: { field: 'labourers', expected: 'task_config.labourers', row: row.name, env: place.env, table: place.table } },
      );
    }
  }
  const task = doc.task_config;
  const labourers = typeof task === 'object' && task !== null && !Array.isArray(task) ? (task as ConfigDocument).labourers : undefined;
  if (typeof labourers === 'object' && labourers !== null && Object.keys(labourers).length > 0) return;
  const names = rows.map((r) => r.name);
  const details = { essential, field: 'task_config.labourers', rows: names, env: place.env, table: place.table };
  if (rows.every((r) => r.value === null) && explicit === undefined) {
    throw new SoswError(
      'config.notFound',
      `No config row ${names.join(' nor ')} ${where}, so sosw_${essential} has no labourers to work on. Create the row: env "${place.env}", config_name "${names[0]}", config_value ${ROW_EXAMPLE} (the Sosw stack writes it on deploy; see docs/aws.md, "Config rows"). If your rows are elsewhere, set ${VARIABLES_FIX}.`,
      { details },
    );
  }
  throw new SoswError(
    'config.invalid',
    `Config rows ${names.join(' and ')} ${where} configure no labourers, so sosw_${essential} has nothing to work on: add them under task_config.labourers of ${names[0]}, e.g. ${ROW_EXAMPLE} (see docs/aws.md, "Config rows").`,
    { details },
  );
}
