/**
 * The deployment's environment (the variables the `Sosw` construct sets, see
 * core/config/deploy-env.ts) read once into plain settings, and into base config documents that
 * the config table's rows are merged over (precedence: config source, then environment, then defaults).
 */
import type { ConfigDocument } from '../core/config/deep-merge.js';
import {
  DEFAULT_FUNCTION_NAMES,
  DEFAULT_TTL_ATTRIBUTE,
  DEPLOY_CONFIG_ROWS,
  DEPLOY_ENV,
  ESSENTIALS,
  type EssentialName,
} from '../core/config/deploy-env.js';
import { type Env, functionNameFromEnv } from '../core/config/env-keys.js';
import { describeValue, SoswError } from '../core/errors.js';

export interface DeploySettings {
  readonly tables: {
    readonly tasks?: string | undefined;
    readonly closedTasks?: string | undefined;
    readonly retryTasks?: string | undefined;
    readonly meta?: string | undefined;
    readonly config?: string | undefined;
    /** The job records table (`SOSW_JOBS_TABLE`); unset: no job records. */
    readonly jobs?: string | undefined;
  };
  readonly configEnv: string;
  readonly essentialConfigName: string;
  /** The essential this function runs (`SOSW_ESSENTIAL`), when it is one. */
  readonly essential?: EssentialName | undefined;
  /** This function's own config row name (`SOSW_FUNCTION_CONFIG_NAME`). */
  readonly functionConfigName?: string | undefined;
  /** The running function's name (`AWS_LAMBDA_FUNCTION_NAME`, else `SOSW_FUNCTION_NAME`). */
  readonly functionName?: string | undefined;
  readonly deadTasksTopicArn?: string | undefined;
  readonly queueBucket?: string | undefined;
  readonly queuePrefix?: string | undefined;
  readonly tickSeconds?: number | undefined;
  readonly metricsNamespace?: string | undefined;
  /**
   * Retention the deployment switched on (`SOSW_TTL_ATTRIBUTE` + `SOSW_CLOSED_TASKS_TTL_SECONDS` /
   * `SOSW_META_TTL_SECONDS`): the adapters write `attribute` = time + seconds. Unset: kept forever.
   */
  readonly retention: {
    readonly closedTasks?: Retention | undefined;
    readonly meta?: Retention | undefined;
  };
}

/** A table's TTL: the attribute DynamoDB watches and the whole seconds an item is kept. */
export interface Retention {
  readonly attribute: string;
  readonly seconds: number;
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function seconds(env: Env, name: string): number | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    throw new SoswError('config.invalid', `Environment variable ${name} must be a number of seconds >= 0, got ${describeValue(text)}.`, {
      details: { variable: name, value: text },
    });
  }
  return n;
}

/** A TTL duration variable: unset, or whole seconds > 0. */
function ttlSeconds(env: Env, name: string): number | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new SoswError(
      'config.invalid',
      `Environment variable ${name} must be a whole number of seconds > 0, got ${describeValue(text)}. Fix it, or unset it to keep items forever.`,
      { details: { variable: name, value: text } },
    );
  }
  return n;
}

/** The TTL attribute (`SOSW_TTL_ATTRIBUTE`, default `expires_at`) and the two tables' TTLs. */
function readRetention(env: Env): DeploySettings['retention'] {
  const closedSeconds = ttlSeconds(env, DEPLOY_ENV.closedTasksTtlSeconds);
  const metaSeconds = ttlSeconds(env, DEPLOY_ENV.metaTtlSeconds);
  const attribute = read(env, DEPLOY_ENV.ttlAttribute) ?? DEFAULT_TTL_ATTRIBUTE;
  if (attribute.length > 255) {
    throw new SoswError(
      'config.invalid',
      `Environment variable ${DEPLOY_ENV.ttlAttribute} must be an attribute name of at most 255 characters, got ${describeValue(attribute)}. Fix it, or unset it for ${DEFAULT_TTL_ATTRIBUTE}.`,
      { details: { variable: DEPLOY_ENV.ttlAttribute, value: attribute } },
    );
  }
  return {
    closedTasks: closedSeconds === undefined ? undefined : { attribute, seconds: closedSeconds },
    meta: metaSeconds === undefined ? undefined : { attribute, seconds: metaSeconds },
  };
}

/** Read the deployment's environment. A bad value fails with `config.invalid` naming the variable. */
export function readDeploySettings(env: Env): DeploySettings {
  const essential = read(env, DEPLOY_ENV.essential);
  if (essential !== undefined && !(ESSENTIALS as readonly string[]).includes(essential)) {
    throw new SoswError(
      'config.invalid',
      `${DEPLOY_ENV.essential} must be one of ${ESSENTIALS.join(', ')}, got ${describeValue(essential)}.`,
      {
        details: { variable: DEPLOY_ENV.essential, value: essential },
      },
    );
  }
  return {
    tables: {
      tasks: read(env, DEPLOY_ENV.tasksTable),
      closedTasks: read(env, DEPLOY_ENV.closedTasksTable),
      retryTasks: read(env, DEPLOY_ENV.retryTasksTable),
      meta: read(env, DEPLOY_ENV.metaTable),
      config: read(env, DEPLOY_ENV.configTable),
      jobs: read(env, DEPLOY_ENV.jobsTable),
    },
    configEnv: read(env, DEPLOY_ENV.configEnv) ?? DEPLOY_CONFIG_ROWS.env,
    essentialConfigName: read(env, DEPLOY_ENV.essentialConfigName) ?? DEPLOY_CONFIG_ROWS.essentialConfigName,
    essential: essential as EssentialName | undefined,
    functionConfigName: read(env, DEPLOY_ENV.functionConfigName),
    functionName: functionNameFromEnv(env),
    deadTasksTopicArn: read(env, DEPLOY_ENV.deadTasksTopicArn),
    queueBucket: read(env, DEPLOY_ENV.queueBucket),
    queuePrefix: read(env, DEPLOY_ENV.queuePrefix),
    tickSeconds: seconds(env, DEPLOY_ENV.tickSeconds),
    metricsNamespace: read(env, DEPLOY_ENV.metricsNamespace),
    retention: readRetention(env),
  };
}

/**
 * The name of an essential's own config row: `SOSW_FUNCTION_CONFIG_NAME` when this function runs
 * that essential, else `<function name>_config` with the given or default function name.
 */
export function essentialConfigRow(essential: EssentialName, settings: DeploySettings, functionName?: string): string {
  if (settings.essential === essential && settings.functionConfigName !== undefined) return settings.functionConfigName;
  const name = functionName ?? (settings.essential === essential ? settings.functionName : undefined) ?? DEFAULT_FUNCTION_NAMES[essential];
  return `${name}${DEPLOY_CONFIG_ROWS.functionConfigSuffix}`;
}

/** The task-config keys the environment provides (table names), under `task_config`. */
export function environmentTaskConfig(settings: DeploySettings): ConfigDocument {
  const t = settings.tables;
  const task: ConfigDocument = {};
  if (t.tasks !== undefined) task.dynamo_db_config = { table_name: t.tasks };
  if (t.closedTasks !== undefined) task.sosw_closed_tasks_table = t.closedTasks;
  if (t.retryTasks !== undefined) task.sosw_retry_tasks_table = t.retryTasks;
  return { task_config: task };
}

/** An essential's base document from the environment (below the config rows). */
/**
 * Seconds of the per-labourer dispatch lease on AWS, where Orchestrator runs overlap (a run lasts
 * up to its time budget and the next one starts on schedule): one Orchestrator at a time
 * dispatches for a labourer, so together they never exceed its cap. A holder that dies simply
 * lets its lease expire. Config `dispatch_lease_seconds` overrides it (`0` turns the lease off).
 */
export const AWS_DISPATCH_LEASE_SECONDS = 60;

export function environmentDocument(essential: EssentialName, settings: DeploySettings): ConfigDocument {
  const doc: ConfigDocument = environmentTaskConfig(settings);
  if (essential === 'scheduler') {
    if (settings.queueBucket !== undefined) doc.queue_bucket = settings.queueBucket;
    if (settings.queuePrefix !== undefined) doc.s3_prefix = settings.queuePrefix;
  }
  if (essential === 'orchestrator') {
    // The lowest layer of the document: any config row or explicit document may set another value.
    doc.dispatch_lease_seconds = AWS_DISPATCH_LEASE_SECONDS;
    if (settings.tickSeconds !== undefined) doc.tick_interval = settings.tickSeconds;
  }
  return doc;
}
