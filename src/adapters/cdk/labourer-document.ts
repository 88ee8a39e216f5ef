/**
 * Labourer props -> the snake_case `task_config` document the essentials read from the config
 * table (`sosw_essential_config`), in the shape of src/core/config/task-config.ts.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { LabourerInput } from '../../core/config/task-config.js';
import type { LabourerProps, LabourerRetryProps } from './props.js';

/** The function's timeout when the labourer is a CDK `Function` of this app, else undefined. */
export function knownTimeoutSeconds(props: LabourerProps): number | undefined {
  return props.function instanceof lambda.Function ? props.function.timeout?.toSeconds() : undefined;
}

/** The ARN the Orchestrator invokes (a CloudFormation token for CDK functions). */
export function labourerArn(props: LabourerProps): string {
  return props.function?.functionArn ?? props.arn ?? '';
}

/**
 * Fill `arn` for labourers given neither `function` nor `arn`: the original's convention is that
 * the labourer id is the function name, in the stack's account and region.
 */
export function withLabourerArns(scope: IConstruct, labourers: Readonly<Record<string, LabourerProps>>): Record<string, LabourerProps> {
  const stack = Stack.of(scope);
  return Object.fromEntries(
    Object.entries(labourers).map(([id, l]) => [
      id,
      l.function !== undefined || l.arn !== undefined
        ? l
        : {
            ...l,
            arn: stack.formatArn({ service: 'lambda', resource: 'function', resourceName: id, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
    ]),
  );
}

function retryDocument(retry: LabourerRetryProps): LabourerInput['retry'] {
  if (retry.strategy === 'linear') return { strategy: 'linear' };
  return {
    strategy: 'exponential',
    base_seconds: retry.base?.toSeconds() ?? 60,
    factor: retry.factor ?? 2,
    max_seconds: retry.max?.toSeconds() ?? 3600,
    jitter: retry.jitter ?? 0.2,
  };
}

/**
 * One `labourers.<id>` entry. `max_duration` defaults to the function's timeout when it is known,
 * so the retry delay and the expiry checks use the real limit without a Lambda API call.
 */
export function labourerDocument(props: LabourerProps): LabourerInput {
  const doc: LabourerInput = {
    arn: labourerArn(props),
    max_simultaneous_invocations: props.maxSimultaneousInvocations,
  };
  if (props.maxAttempts !== undefined) doc.max_attempts = props.maxAttempts;
  const maxDuration = props.maxDuration?.toSeconds() ?? knownTimeoutSeconds(props);
  if (maxDuration !== undefined) doc.max_duration = maxDuration;
  if (props.duration !== undefined) doc.duration = props.duration.toSeconds();
  if (props.cooldown !== undefined) doc.cooldown = props.cooldown.toSeconds();
  if (props.healthMetrics !== undefined) {
    doc.health_metrics = Object.fromEntries(
      Object.entries(props.healthMetrics).map(([name, m]) => [
        name,
        {
          details: { ...m.details },
          feelings: Object.fromEntries(Object.entries(m.feelings).map(([status, threshold]) => [status, threshold as number])),
          feeling_comparison_operator: m.comparisonOperator,
          ...(m.noDataStatus === undefined ? {} : { no_data_status: m.noDataStatus }),
        },
      ]),
    );
  }
  if (props.rateLimit !== undefined) doc.rate_limit = { invocations: props.rateLimit.invocations, per: props.rateLimit.per };
  if (props.retry !== undefined) doc.retry = retryDocument(props.retry);
  if (props.concurrencyKey !== undefined) doc.concurrency_key = props.concurrencyKey;
  if (props.maxPerKey !== undefined) doc.max_per_key = props.maxPerKey;
  if (props.adaptive !== undefined) doc.adaptive = structuredClone(props.adaptive);
  return doc;
}

/** The `sosw_essential_config` row value: `{ task_config: { ...extra, labourers } }`. */
export function essentialConfigDocument(
  labourers: Readonly<Record<string, LabourerProps>>,
  taskConfig: Readonly<Record<string, unknown>> = {},
): { task_config: Record<string, unknown> } {
  const docs = Object.fromEntries(Object.entries(labourers).map(([id, props]) => [id, labourerDocument(props)]));
  return { task_config: { ...taskConfig, labourers: docs } };
}
