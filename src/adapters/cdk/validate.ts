/**
 * Synthesis-time checks of the `Sosw` props. Every problem names the prop, what is wrong and the
 * fix; all of them are reported at once. Unsafe settings (no caps, no alarm target, a tick longer
 * than the function timeout...) fail with `deploy.unsafe`, malformed values with `config.invalid`.
 */
import { Token } from 'aws-cdk-lib';
import { deepMergeAll } from '../../core/config/deep-merge.js';
import { ESSENTIALS, type EssentialName } from '../../core/config/deploy-env.js';
import { resolveOrchestratorConfig, resolveScavengerConfig, resolveWorkerAssistantConfig } from '../../core/config/essentials-config.js';
import { resolveSchedulerConfig } from '../../core/config/scheduler-config.js';
import { type ConfigPlace, configPlace } from '../../core/config/zod-errors.js';
import { describeValue, SoswError } from '../../core/errors.js';
import { DEFAULT_COOLDOWN_SECONDS, DEFAULT_DURATION_SECONDS } from '../../core/task/greenfield.js';
import type { ConfigRow } from './config-rows.js';
import { knownTimeoutSeconds } from './labourer-document.js';
import type { SoswNames } from './names.js';
import { DEFAULT_ESSENTIAL_SIZES, type LabourerProps, type SoswProps } from './props.js';

export interface PropProblem {
  readonly field: string;
  readonly problem: string;
  readonly unsafe: boolean;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
const OPERATORS = new Set(['lt', 'le', 'gt', 'ge', 'eq', 'ne', '<', '<=', '>', '>=', '==', '!=']);
const TICKING: readonly EssentialName[] = ['orchestrator', 'scavenger'];
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function checkLabourer(id: string, l: LabourerProps, out: PropProblem[]): void {
  const at = `labourers.${id}`;
  const bad = (field: string, problem: string, unsafe = false): void => {
    out.push({ field: `${at}${field}`, problem, unsafe });
  };
  if (!/^[A-Za-z0-9_.:-]+$/.test(id)) bad('', 'the labourer id must be letters, digits, "_", "-", "." or ":" (it is a config key)');
  if (l.function !== undefined && l.arn !== undefined) bad('', 'give `function` (a CDK function) or `arn`, not both');
  if (l.function === undefined && l.arn === undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    bad(
      '.arn',
      'is needed: without `function` or `arn` the labourer is the function named after its id, and this id is not a function name',
    );
  }
  if (l.arn !== undefined && !Token.isUnresolved(l.arn) && !LAMBDA_ARN.test(l.arn)) {
    bad('.arn', `must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>), got ${describeValue(l.arn)}`);
  }
  if (l.maxSimultaneousInvocations === undefined) {
    bad('.maxSimultaneousInvocations', 'is required: sosw never invokes a labourer without a cap. Set it (0 pauses the labourer)', true);
  } else if (!isInt(l.maxSimultaneousInvocations, 0)) {
    bad('.maxSimultaneousInvocations', `must be a whole number >= 0, got ${describeValue(l.maxSimultaneousInvocations)}`);
  }
  if (l.maxAttempts !== undefined && !isInt(l.maxAttempts, 1))
    bad('.maxAttempts', `must be a whole number >= 1, got ${describeValue(l.maxAttempts)}`);
  const longestRun = l.maxDuration?.toSeconds() ?? knownTimeoutSeconds(l);
  const window = (l.duration?.toSeconds() ?? DEFAULT_DURATION_SECONDS) + (l.cooldown?.toSeconds() ?? DEFAULT_COOLDOWN_SECONDS);
  if (longestRun !== undefined && window < longestRun) {
    bad(
      '.duration',
      `duration + cooldown (${window} s) is shorter than the longest run (${longestRun} s, maxDuration or the function timeout): ` +
        'tasks would be retried while their first attempt still runs. Raise duration or cooldown',
      true,
    );
  }
  if (l.rateLimit !== undefined && !isInt(l.rateLimit.invocations, 1)) {
    bad('.rateLimit.invocations', `must be a whole number >= 1, got ${describeValue(l.rateLimit.invocations)}`);
  }
  for (const [name, m] of Object.entries(l.healthMetrics ?? {})) {
    if (!OPERATORS.has(m.comparisonOperator)) {
      bad(
        `.healthMetrics.${name}.comparisonOperator`,
        `must be one of ${[...OPERATORS].join(' ')}, got ${describeValue(m.comparisonOperator)}`,
      );
    }
    if (Object.keys(m.feelings).length === 0) bad(`.healthMetrics.${name}.feelings`, 'needs at least one status -> threshold pair');
  }
}

function checkEssentials(props: SoswProps, names: SoswNames, out: PropProblem[]): void {
  for (const key of Object.keys(props.essentials ?? {})) {
    if (!(ESSENTIALS as readonly string[]).includes(key)) {
      out.push({ field: `essentials.${key}`, problem: `is not an essential; use one of ${ESSENTIALS.join(', ')}`, unsafe: false });
    }
  }
  for (const name of ESSENTIALS) {
    const e = props.essentials?.[name] ?? {};
    const at = `essentials.${name}`;
    const timeout = e.timeout?.toSeconds() ?? DEFAULT_ESSENTIAL_SIZES[name].timeoutSeconds;
    if (e.memorySize !== undefined && !isInt(e.memorySize, 128, 10240)) {
      out.push({ field: `${at}.memorySize`, problem: `must be 128..10240 MB, got ${describeValue(e.memorySize)}`, unsafe: false });
    }
    if (!isInt(timeout, 1, 900)) out.push({ field: `${at}.timeout`, problem: `must be 1..900 seconds, got ${timeout} s`, unsafe: false });
    if (names.functions[name].length > 64) {
      out.push({
        field: 'functionPrefix',
        problem: `makes the function name ${names.functions[name]} longer than 64 characters`,
        unsafe: false,
      });
    }
    if (e.tick === undefined) continue;
    const tick = e.tick.toSeconds();
    if (!TICKING.includes(name)) {
      out.push({ field: `${at}.tick`, problem: 'only the Orchestrator and the Scavenger tick; remove it', unsafe: false });
    } else if (tick < 1 || tick > 60) {
      out.push({ field: `${at}.tick`, problem: `must be 1..60 seconds (the rule fires every minute), got ${tick} s`, unsafe: false });
    } else if (tick > timeout) {
      out.push({
        field: `${at}.tick`,
        problem: `(${tick} s) is longer than the function timeout (${timeout} s): no tick would ever complete. Shorten the tick or raise the timeout`,
        unsafe: true,
      });
    }
  }
}

function checkDeployment(props: SoswProps, out: PropProblem[]): void {
  const emails = props.alarmEmails ?? [];
  if (emails.length === 0 && (props.alarmSubscriptions ?? []).length === 0 && props.allowNoAlarmTarget !== true) {
    out.push({
      field: 'alarmEmails',
      problem:
        'no alarm target: dead-task notices and essential-error alarms would reach nobody. ' +
        'Set alarmEmails or alarmSubscriptions (sosw synth: --alarm-email), or allowNoAlarmTarget: true for a throwaway stack',
      unsafe: true,
    });
  }
  for (const email of emails) {
    if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      out.push({ field: 'alarmEmails', problem: `${describeValue(email)} is not an email address`, unsafe: false });
    }
  }
  if (!/^[A-Za-z0-9_.-]*$/.test(props.tablePrefix ?? '')) {
    out.push({ field: 'tablePrefix', problem: 'may only contain letters, digits, "_", "-" and "."', unsafe: false });
  }
  if (props.functionPrefix !== undefined && !/^[A-Za-z0-9_-]*$/.test(props.functionPrefix)) {
    out.push({ field: 'functionPrefix', problem: 'may only contain letters, digits, "_" and "-"', unsafe: false });
  }
  const r = props.retention;
  if (r !== undefined) {
    for (const [key, d] of [['closedTasks', r.closedTasks] as const, ['meta', r.meta] as const]) {
      if (d !== undefined && d.toSeconds() < 3600)
        out.push({ field: `retention.${key}`, problem: 'must be at least 1 hour', unsafe: false });
    }
    if (props.useExistingTables === true && (r.closedTasks !== undefined || r.meta !== undefined)) {
      out.push({
        field: 'retention',
        problem:
          'cannot turn TTL on for existing tables; enable TTL on them yourself and drop retention, or let the stack create the tables',
        unsafe: false,
      });
    }
  }
}

/** `Duration` props given as plain numbers (JavaScript, or a cast) crashed synthesis with a TypeError. */
function checkDurations(props: SoswProps, out: PropProblem[]): void {
  const check = (field: string, value: unknown): void => {
    if (
      value === undefined ||
      (typeof value === 'object' && value !== null && typeof (value as { toSeconds?: unknown }).toSeconds === 'function')
    )
      return;
    out.push({
      field,
      problem: `must be a Duration (import { Duration } from 'aws-cdk-lib'; e.g. Duration.seconds(${typeof value === 'number' ? value : 60})), got ${describeValue(value)}`,
      unsafe: false,
    });
  };
  for (const [id, l] of Object.entries(props.labourers ?? {})) {
    for (const key of ['maxDuration', 'duration', 'cooldown'] as const) check(`labourers.${id}.${key}`, l[key]);
    const retry = l.retry as { base?: unknown; max?: unknown } | undefined;
    check(`labourers.${id}.retry.base`, retry?.base);
    check(`labourers.${id}.retry.max`, retry?.max);
  }
  for (const essential of ESSENTIALS) {
    const e = props.essentials?.[essential];
    check(`essentials.${essential}.timeout`, e?.timeout);
    check(`essentials.${essential}.tick`, e?.tick);
  }
  check('retention.closedTasks', props.retention?.closedTasks);
  check('retention.meta', props.retention?.meta);
}

/** All problems of the props (empty when they are fine). */
export function findPropProblems(props: SoswProps, names: SoswNames): PropProblem[] {
  const out: PropProblem[] = [];
  checkDurations(props, out);
  // Later checks call toSeconds(): with a malformed Duration they would only crash.
  if (out.length > 0) return out;
  if (props.writeConfig !== false && props.labourers !== undefined && Object.keys(props.labourers).length === 0)
    out.push({
      field: 'labourers',
      problem: 'declares no labourer: the Scheduler, Orchestrator and Scavenger refuse to start without one. Add at least one',
      unsafe: false,
    });
  for (const [id, labourer] of Object.entries(props.labourers ?? {})) checkLabourer(id, labourer, out);
  checkEssentials(props, names, out);
  checkDeployment(props, out);
  return out;
}

/** Throw one coded error listing every problem, or return. */
export function assertSafeProps(props: SoswProps, names: SoswNames): void {
  const problems = findPropProblems(props, names);
  if (problems.length === 0) return;
  const unsafe = problems.some((p) => p.unsafe);
  const lines = problems.map((p) => `  - ${p.field}: ${p.problem}`).join('\n');
  throw new SoswError(unsafe ? 'deploy.unsafe' : 'config.invalid', `sosw cannot synthesize this deployment:\n${lines}`, {
    details: { problems },
  });
}

const TOKEN_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:token';

/** The value with every unresolved token string (a function ARN known at deploy time) made concrete. */
function withoutTokens(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && Token.isUnresolved(v) ? TOKEN_ARN : v)));
}

/**
 * The config rows as each deployed essential merges them (shared row, then its own), checked by the
 * essentials' own resolvers: a row they would refuse (a `rate_limit.per` of "hour", a bad
 * `adaptive` key) used to deploy fine and then fail every invocation.
 */
export function findConfigRowProblems(rows: readonly ConfigRow[], ownRowName: (essential: EssentialName) => string): PropProblem[] {
  const sharedRow = rows[0];
  const shared = withoutTokens(sharedRow?.value ?? {}) as Record<string, unknown>;
  const out: PropProblem[] = [];
  const seen = new Set<string>();
  const check = (rowName: string, resolve: (doc: unknown, place: ConfigPlace) => unknown, doc: unknown): void => {
    try {
      resolve(doc, configPlace(`the ${rowName} config row`));
    } catch (error) {
      if (!SoswError.is(error)) throw error;
      const problems = Array.isArray(error.details.problems)
        ? (error.details.problems as Array<{ field: string; problem: string }>)
        : [{ field: String(error.details.field ?? '(root)'), problem: error.message }];
      for (const p of problems) {
        // Every essential reads the shared row: each of its problems is reported once, under its name.
        const key = `${p.field}\u0000${p.problem}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ field: `${rowName} row: ${p.field}`, problem: p.problem, unsafe: false });
      }
    }
  };
  const resolvers: Record<EssentialName, (doc: unknown, place: ConfigPlace) => unknown> = {
    scheduler: resolveSchedulerConfig,
    orchestrator: resolveOrchestratorConfig,
    scavenger: resolveScavengerConfig,
    worker_assistant: resolveWorkerAssistantConfig,
  };
  if (sharedRow !== undefined) check(sharedRow.name, resolveOrchestratorConfig, shared);
  for (const essential of ESSENTIALS) {
    const name = ownRowName(essential);
    const own = withoutTokens(rows.find((r) => r.name === name)?.value ?? {}) as Record<string, unknown>;
    check(name, resolvers[essential], deepMergeAll(shared, own));
  }
  return out;
}

/** Throw one coded error listing every problem of the rows, or return. */
export function assertValidConfigRows(rows: readonly ConfigRow[], ownRowName: (essential: EssentialName) => string): void {
  const problems = findConfigRowProblems(rows, ownRowName);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  - ${p.field}: ${p.problem}`).join('\n');
  throw new SoswError(
    'config.invalid',
    `sosw cannot synthesize this deployment: the deployed essentials would refuse their config on every run (the rows are built from the labourers, taskConfig and essentials.<name>.config props; sosw_essential_config holds labourers and taskConfig):\n${lines}`,
    { details: { problems } },
  );
}
