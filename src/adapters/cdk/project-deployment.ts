/**
 * A project's `sosw.config` (src/core/config/project-config.ts) plus deployment settings (stack
 * name, alarm emails, prefixes: CLI flags of `sosw synth`) -> props of the `Sosw` construct.
 * Labourers without `arn` are the functions named after their id in the stack's account and region
 * (the original's convention); their `handler` modules are not deployed by sosw.
 */
import { Duration } from 'aws-cdk-lib';
import { DEFAULT_FUNCTION_NAMES, ESSENTIALS, type EssentialName } from '../../core/config/deploy-env.js';
import { type ProjectConfig, toEssentialConfigs } from '../../core/config/project-config.js';
import type { LabourerInput } from '../../core/config/task-config.js';
import { SoswError } from '../../core/errors.js';
import type { EssentialProps, HealthMetricProps, LabourerProps, LabourerRetryProps, SoswProps } from './props.js';

export interface DeploySettings {
  /** CloudFormation stack name. @defaultValue the project name as a stack name (`sosw project` -> `sosw-project`) */
  readonly stackName?: string;
  readonly account?: string;
  readonly region?: string;
  readonly alarmEmails?: readonly string[];
  readonly allowNoAlarmTarget?: boolean;
  readonly tablePrefix?: string;
  readonly functionPrefix?: string;
  readonly useExistingTables?: boolean;
  readonly schedulesEnabled?: boolean;
  readonly writeConfig?: boolean;
}

export interface ProjectDeployment {
  readonly stackName: string;
  readonly env: { readonly account?: string; readonly region?: string };
  readonly props: SoswProps;
}

const seconds = (n: number | undefined): Duration | undefined => (n === undefined ? undefined : Duration.seconds(n));

function retryProps(retry: LabourerInput['retry']): LabourerRetryProps | undefined {
  if (retry === undefined || retry.strategy === 'linear') return retry;
  return {
    strategy: 'exponential',
    base: Duration.seconds(retry.base_seconds),
    factor: retry.factor,
    max: Duration.seconds(retry.max_seconds),
    jitter: retry.jitter,
  };
}

function healthMetricProps(metrics: NonNullable<LabourerInput['health_metrics']>): Record<string, HealthMetricProps> {
  return Object.fromEntries(
    Object.entries(metrics).map(([name, m]): [string, HealthMetricProps] => [
      name,
      {
        details: m.details,
        feelings: Object.fromEntries(Object.entries(m.feelings).map(([k, v]) => [Number(k), v])),
        comparisonOperator: m.feeling_comparison_operator,
        ...(m.no_data_status === undefined ? {} : { noDataStatus: m.no_data_status as 0 | 1 | 2 | 3 | 4 }),
      },
    ]),
  );
}

/** One snake_case labourer document (as in `task_config.labourers`) as construct props. */
export function labourerPropsFromDocument(_id: string, l: LabourerInput): LabourerProps {
  // A missing cap is left to the construct's checks, so it is reported with every other problem at once.
  return {
    ...(l.arn === undefined ? {} : { arn: l.arn }),
    maxSimultaneousInvocations: l.max_simultaneous_invocations as number,
    maxAttempts: l.max_attempts,
    maxDuration: seconds(l.max_duration),
    duration: seconds(l.duration),
    cooldown: seconds(l.cooldown),
    healthMetrics: l.health_metrics === undefined ? undefined : healthMetricProps(l.health_metrics),
    rateLimit: l.rate_limit,
    retry: retryProps(l.retry),
    ...(l.concurrency_key === undefined ? {} : { concurrencyKey: l.concurrency_key }),
    ...(l.max_per_key === undefined ? {} : { maxPerKey: l.max_per_key }),
    ...(l.adaptive === undefined ? {} : { adaptive: l.adaptive }),
  };
}

/** `My project!` -> `My-project`; falls back to `sosw`. */
export function stackNameFromProject(name: string): string {
  const slug = name
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 128);
  return slug === '' ? 'sosw' : slug;
}

/**
 * Props for `Sosw` from a parsed project config.
 *
 * @example
 * const { stackName, props } = projectDeployment(parseProjectConfig(doc), { alarmEmails: ['ops@example.com'] });
 */
export function projectDeployment(project: ProjectConfig, settings: DeploySettings = {}): ProjectDeployment {
  const docs = toEssentialConfigs(project);
  const { labourers = {}, ...taskConfig } = (docs.sosw_essential_config?.task_config ?? {}) as {
    labourers?: Record<string, LabourerInput>;
  } & Record<string, unknown>;
  const essentials: Partial<Record<EssentialName, EssentialProps>> = {};
  for (const essential of ESSENTIALS) {
    const row = docs[`${DEFAULT_FUNCTION_NAMES[essential]}_config`];
    if (row !== undefined && Object.keys(row).length > 0) essentials[essential] = { config: row };
  }
  const stackName = settings.stackName ?? stackNameFromProject(project.name);
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    throw new SoswError(
      'config.invalid',
      `Stack name ${JSON.stringify(stackName)} is not valid: use a letter, then letters, digits and "-".`,
      {
        details: { field: 'stackName', received: stackName },
      },
    );
  }
  checkEnvironment(settings);
  return {
    stackName,
    env: {
      ...(settings.account === undefined ? {} : { account: settings.account }),
      ...(settings.region === undefined ? {} : { region: settings.region }),
    },
    props: {
      labourers: Object.fromEntries(Object.entries(labourers).map(([id, l]) => [id, labourerPropsFromDocument(id, l)])),
      taskConfig,
      essentials,
      alarmEmails: settings.alarmEmails ?? [],
      allowNoAlarmTarget: settings.allowNoAlarmTarget,
      tablePrefix: settings.tablePrefix,
      functionPrefix: settings.functionPrefix,
      useExistingTables: settings.useExistingTables,
      schedulesEnabled: settings.schedulesEnabled,
      writeConfig: settings.writeConfig,
    },
  };
}

/** A region or account CloudFormation would only refuse at deploy time (`--region mars`) is refused now. */
function checkEnvironment(settings: DeploySettings): void {
  if (settings.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(settings.region)) {
    throw new SoswError(
      'config.invalid',
      `Region ${JSON.stringify(settings.region)} is not an AWS region name: use one such as us-east-1, eu-west-2 or ap-southeast-1.`,
      { details: { field: 'region', received: settings.region } },
    );
  }
  if (settings.account !== undefined && !/^\d{12}$/.test(settings.account)) {
    throw new SoswError(
      'config.invalid',
      `Account ${JSON.stringify(settings.account)} is not an AWS account id: use its 12 digits, e.g. 123456789012.`,
      { details: { field: 'account', received: settings.account } },
    );
  }
}

/** Construct prop names in a problem's field, as a project config writes them (`maxSimultaneousInvocations` -> `max_simultaneous_invocations`). */
const PROP_KEYS: ReadonlyArray<[string, string]> = [
  ['maxSimultaneousInvocations', 'max_simultaneous_invocations'],
  ['maxAttempts', 'max_attempts'],
  ['maxDuration', 'max_duration'],
  ['rateLimit', 'rate_limit'],
  ['concurrencyKey', 'concurrency_key'],
  ['maxPerKey', 'max_per_key'],
  ['healthMetrics', 'health_metrics'],
];

/**
 * The construct's error for a deployment made from a project config, with the labourer fields named
 * as the config file writes them (its checks name the construct's camelCase props).
 */
export function inProjectTerms(error: unknown): unknown {
  if (!SoswError.is(error) || !Array.isArray(error.details.problems)) return error;
  const rename = (text: string): string =>
    text.replace(/labourers\.([A-Za-z0-9_.:-]+?)\.([A-Za-z]+)/g, (whole, id: string, prop: string) => {
      const key = PROP_KEYS.find(([camel]) => camel === prop)?.[1];
      return key === undefined ? whole : `labourers.${id}.${key}`;
    });
  const problems = (error.details.problems as Array<{ field: string; problem: string; unsafe: boolean }>).map((p) => ({
    ...p,
    field: rename(p.field),
  }));
  return new SoswError(error.code, rename(error.message), { details: { ...error.details, problems }, cause: error });
}
