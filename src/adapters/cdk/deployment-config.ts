/** What the essentials are told: the config rows written to the config table and their environment. */
import { createHash } from 'node:crypto';
import { type Duration, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  DEFAULT_QUEUE_PREFIX,
  DEPLOY_CONFIG_ROWS,
  DEPLOY_ENV,
  DEPLOY_METRICS,
  ESSENTIALS,
  type EssentialName,
} from '../../core/config/deploy-env.js';
import type { ConfigRow } from './config-rows.js';
import { essentialConfigDocument } from './labourer-document.js';
import type { SoswNames } from './names.js';
import type { SoswProps } from './props.js';

/**
 * The own row an essential reads (its `SOSW_FUNCTION_CONFIG_NAME`): `<function>_config`, except on
 * existing tables for an essential the stack writes a config for: there the original's
 * `<function>_config` holds what Python sosw needs (queue_bucket, job_schema, ...), and a whole-item
 * PutItem would destroy it, so the stack writes `<function>_stack_config`, a row the original never had.
 */
export function ownConfigRowName(essential: EssentialName, props: SoswProps, names: SoswNames): string {
  const written = props.essentials?.[essential]?.config !== undefined && (props.writeConfig ?? true);
  const suffix =
    written && props.useExistingTables === true ? DEPLOY_CONFIG_ROWS.stackConfigSuffix : DEPLOY_CONFIG_ROWS.functionConfigSuffix;
  return `${names.functions[essential]}${suffix}`;
}

/**
 * `sosw_essential_config` (labourers) plus the own rows given in `essentials.<name>.config`. Own rows
 * that are not `<function>_config` are named in the shared row's `function_config_names`, so the CLI
 * and the dashboard read the row the deployed function reads.
 */
export function buildConfigRows(props: SoswProps, names: SoswNames): ConfigRow[] {
  const own: ConfigRow[] = [];
  const renamed: Record<string, string> = {};
  for (const essential of ESSENTIALS) {
    const value = props.essentials?.[essential]?.config;
    if (value === undefined) continue;
    const name = ownConfigRowName(essential, props, names);
    own.push({ name, value });
    if (name !== `${names.functions[essential]}${DEPLOY_CONFIG_ROWS.functionConfigSuffix}`) renamed[essential] = name;
  }
  const shared = essentialConfigDocument(props.labourers, props.taskConfig);
  const value = Object.keys(renamed).length === 0 ? shared : { ...shared, [DEPLOY_CONFIG_ROWS.functionConfigNamesKey]: renamed };
  return [{ name: DEPLOY_CONFIG_ROWS.essentialConfigName, value }, ...own];
}

/** A short, stable hash of the rows as CloudFormation will resolve them (tokens included). */
export function configVersion(scope: IConstruct, rows: readonly ConfigRow[]): string {
  const resolved = JSON.stringify(Stack.of(scope).resolve(rows.map((r) => ({ name: r.name, value: r.value }))));
  return createHash('sha256').update(resolved).digest('hex').slice(0, 16);
}

export interface EnvironmentInputs {
  readonly names: SoswNames;
  readonly configVersion: string;
  readonly topicArn: string;
  readonly queueBucketName: string;
  readonly tickSeconds?: number | undefined;
  readonly ttlAttribute?: string | undefined;
  readonly closedTasksTtl?: Duration | undefined;
  readonly metaTtl?: Duration | undefined;
  /** The jobs table, when the deployment keeps job records. */
  readonly jobsTable?: string | undefined;
  /** The essential's own row ({@link ownConfigRowName}). @defaultValue `<function name>_config` */
  readonly functionConfigName?: string | undefined;
}

/** The environment variables of one essential (names from DEPLOY_ENV; see docs/deploy.md). */
export function essentialEnvironment(essential: EssentialName, inputs: EnvironmentInputs): Record<string, string> {
  const { names } = inputs;
  const env: Record<string, string> = {
    [DEPLOY_ENV.essential]: essential,
    [DEPLOY_ENV.tasksTable]: names.tables.tasks,
    [DEPLOY_ENV.closedTasksTable]: names.tables.closedTasks,
    [DEPLOY_ENV.retryTasksTable]: names.tables.retryTasks,
    [DEPLOY_ENV.metaTable]: names.tables.meta,
    [DEPLOY_ENV.configTable]: names.tables.config,
    [DEPLOY_ENV.configEnv]: DEPLOY_CONFIG_ROWS.env,
    [DEPLOY_ENV.essentialConfigName]: DEPLOY_CONFIG_ROWS.essentialConfigName,
    [DEPLOY_ENV.functionConfigName]: inputs.functionConfigName ?? `${names.functions[essential]}${DEPLOY_CONFIG_ROWS.functionConfigSuffix}`,
    [DEPLOY_ENV.configVersion]: inputs.configVersion,
    [DEPLOY_ENV.metricsNamespace]: DEPLOY_METRICS.namespace,
    POWERTOOLS_SERVICE_NAME: names.functions[essential],
    POWERTOOLS_METRICS_NAMESPACE: DEPLOY_METRICS.namespace,
  };
  if (essential === 'scavenger') env[DEPLOY_ENV.deadTasksTopicArn] = inputs.topicArn;
  // The Scavenger's job keeper schedules follow-up jobs inline: it needs the queue files too.
  const jobsKept = inputs.jobsTable !== undefined && essential !== 'worker_assistant';
  if (essential === 'scheduler' || (jobsKept && essential === 'scavenger')) {
    env[DEPLOY_ENV.queueBucket] = inputs.queueBucketName;
    env[DEPLOY_ENV.queuePrefix] = DEFAULT_QUEUE_PREFIX;
  }
  if (jobsKept && inputs.jobsTable !== undefined) env[DEPLOY_ENV.jobsTable] = inputs.jobsTable;
  if (inputs.tickSeconds !== undefined) env[DEPLOY_ENV.tickSeconds] = String(inputs.tickSeconds);
  if (inputs.closedTasksTtl !== undefined || inputs.metaTtl !== undefined) env[DEPLOY_ENV.ttlAttribute] = inputs.ttlAttribute ?? '';
  if (inputs.closedTasksTtl !== undefined) env[DEPLOY_ENV.closedTasksTtlSeconds] = String(inputs.closedTasksTtl.toSeconds());
  if (inputs.metaTtl !== undefined) env[DEPLOY_ENV.metaTtlSeconds] = String(inputs.metaTtl.toSeconds());
  return env;
}
