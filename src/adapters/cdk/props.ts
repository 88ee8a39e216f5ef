/** Props of the `Sosw` construct: what a user declares; `resolve-props.ts` turns them into a config. */
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { EssentialName } from '../../core/config/deploy-env.js';
import type { LabourerInput } from '../../core/config/task-config.js';

/** One health metric of a labourer (becomes `labourers.<id>.health_metrics.<name>`). */
export interface HealthMetricProps {
  /** CloudWatch GetMetricStatistics parameters (`Namespace`, `MetricName`, `Dimensions`, `Period`...). */
  readonly details: Readonly<Record<string, unknown>>;
  /** Ecology status (0..4) -> threshold. */
  readonly feelings: Readonly<Partial<Record<0 | 1 | 2 | 3 | 4, number>>>;
  /** `lt`, `le`, `gt`, `ge`, `eq`, `ne` or `<`, `<=`, `>`, `>=`, `==`, `!=`. */
  readonly comparisonOperator: string;
  /** Status to use when the metric has no data. @defaultValue the ecology engine's default */
  readonly noDataStatus?: 0 | 1 | 2 | 3 | 4;
}

/** Retry delay policy: `linear` (the original: max_duration x attempts) or exponential with jitter. */
export type LabourerRetryProps =
  | { readonly strategy: 'linear' }
  | {
      readonly strategy: 'exponential';
      readonly base?: Duration;
      readonly factor?: number;
      readonly max?: Duration;
      /** 0..1 */
      readonly jitter?: number;
    };

/**
 * A worker function registered as a labourer. Give `function` (a CDK function of this app) or
 * `arn` (a function deployed elsewhere, e.g. an existing Python worker); with neither, the
 * labourer is the function named after its id in the stack's account and region.
 */
export interface LabourerProps {
  readonly function?: lambda.IFunction;
  readonly arn?: string;
  /**
   * Hard cap on tasks of this labourer running at once. Required: sosw never invokes a labourer
   * without a cap. 0 pauses the labourer. (A cap, not a rate: see `rateLimit`.)
   */
  readonly maxSimultaneousInvocations: number;
  /** Attempts before a task is closed as dead. @defaultValue 3 */
  readonly maxAttempts?: number;
  /** Longest a task may run; base of the linear retry delay. @defaultValue the function's timeout when known */
  readonly maxDuration?: Duration;
  /** Expected run time; `duration + cooldown` is the window after which an invoked task counts as expired. @defaultValue 15 minutes */
  readonly duration?: Duration;
  /** @defaultValue 5 minutes */
  readonly cooldown?: Duration;
  readonly healthMetrics?: Readonly<Record<string, HealthMetricProps>>;
  /** Throttle on top of the cap: at most `invocations` per second or minute. */
  readonly rateLimit?: { readonly invocations: number; readonly per: 'second' | 'minute' };
  readonly retry?: LabourerRetryProps;
  /**
   * Per-key cap: a path into the task payload (`tenant`, `stores[0]`) whose value is the task's key;
   * set with `maxPerKey` (config keys `concurrency_key`, `max_per_key`).
   */
  readonly concurrencyKey?: string;
  /** Most tasks of one `concurrencyKey` value running at once. */
  readonly maxPerKey?: number;
  /**
   * Adaptive concurrency, in the config's own snake_case shape (`{ min, max, error_rate, p95_seconds, ... }`,
   * see docs/adaptive-concurrency.md). @defaultValue off
   */
  readonly adaptive?: LabourerInput['adaptive'];
}

/** Where an essential's code comes from: an entry file bundled with esbuild, or prebuilt code. */
export type EssentialCodeSource =
  | { readonly entry: string }
  | {
      readonly code: lambda.Code;
      /** @defaultValue 'index.handler' */
      readonly handler?: string;
    };

export interface EssentialProps {
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /** Orchestrator / Scavenger only: time between ticks inside one scheduled invocation. @defaultValue 1 minute (one tick per invocation) */
  readonly tick?: Duration;
  /** Code of this essential. @defaultValue the `code` prop, else the bundled sosw handler */
  readonly code?: EssentialCodeSource;
  /** The function's own config row (`<function name>_config`), e.g. the Scheduler's `job_schema_variants`. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** Optional TTL on the archive and audit tables (the essentials write `attribute` when set). */
export interface RetentionProps {
  readonly closedTasks?: Duration;
  readonly meta?: Duration;
  /** @defaultValue 'expires_at' */
  readonly attribute?: string;
}

export interface SoswProps {
  /** Labourers by id (the id is the config key, usually the function name). */
  readonly labourers: Readonly<Record<string, LabourerProps>>;
  /** Prefix of every table name (`dev_` -> `dev_sosw_tasks`, `dev_config`). @defaultValue '' (the original names) */
  readonly tablePrefix?: string;
  /** Prefix of function, topic and rule names. @defaultValue `tablePrefix` */
  readonly functionPrefix?: string;
  /**
   * Use tables that already exist (an existing Python sosw deployment) instead of creating them.
   * Names still follow `tablePrefix`; indexes must be the original ones. @defaultValue false
   */
  readonly useExistingTables?: boolean;
  /**
   * Keep job records: the jobs table (`<tablePrefix>sosw_jobs`) is created (or, with
   * `useExistingTables`, imported by name: create it first with `createSoswTables`), the essentials
   * get `SOSW_JOBS_TABLE` and the IAM grants for it. `false` keeps only the original's five tables.
   * @defaultValue true, or false with `useExistingTables`
   */
  readonly jobs?: boolean;
  readonly retention?: RetentionProps;
  /** @defaultValue RemovalPolicy.RETAIN for tables and the queue bucket */
  readonly removalPolicy?: RemovalPolicy;
  /** Email addresses subscribed to the alarm topic. */
  readonly alarmEmails?: readonly string[];
  /** Other subscriptions to the alarm topic (SQS, Lambda, HTTPS...). */
  readonly alarmSubscriptions?: readonly sns.ITopicSubscription[];
  /** Accept a deployment whose dead-task notices and alarms reach nobody. @defaultValue false */
  readonly allowNoAlarmTarget?: boolean;
  /** Code for all four essentials (tests, custom builds). @defaultValue bundle sosw's Lambda entry src/lambda/<name>.ts */
  readonly code?: EssentialCodeSource;
  readonly essentials?: Readonly<Partial<Record<EssentialName, EssentialProps>>>;
  /** Extra keys of `task_config` in `sosw_essential_config` (e.g. `greenfield_task_step`). */
  readonly taskConfig?: Readonly<Record<string, unknown>>;
  /** Queue-file bucket of the Scheduler. @defaultValue a new private, encrypted bucket */
  readonly queueBucket?: s3.IBucket;
  /** Write the config rows into the config table on deploy. @defaultValue true */
  readonly writeConfig?: boolean;
  /** Start the every-minute rules enabled. @defaultValue true */
  readonly schedulesEnabled?: boolean;
  /** @defaultValue ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @defaultValue ARM_64 */
  readonly architecture?: lambda.Architecture;
}

/** The original's memory and timeout per essential (spec/deployment.md 2). */
export const DEFAULT_ESSENTIAL_SIZES = Object.freeze({
  scheduler: { memorySize: 1024, timeoutSeconds: 900 },
  orchestrator: { memorySize: 256, timeoutSeconds: 60 },
  scavenger: { memorySize: 256, timeoutSeconds: 60 },
  worker_assistant: { memorySize: 256, timeoutSeconds: 30 },
} as const satisfies Record<EssentialName, { memorySize: number; timeoutSeconds: number }>);
