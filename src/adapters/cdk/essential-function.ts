/** One essential: its log group, its role (inline least-privilege policy) and its nodejs22.x function. */
import { ArnFormat, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { EssentialName } from '../../core/config/deploy-env.js';
import { bundleEntry, essentialEntry } from './bundle.js';
import { essentialStatements, type PermissionInputs } from './permissions.js';
import type { EssentialCodeSource } from './props.js';

export interface EssentialFunctionOptions {
  readonly essential: EssentialName;
  readonly functionName: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly code: EssentialCodeSource | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly architecture: lambda.Architecture;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly permissions: Omit<PermissionInputs, 'selfArn' | 'logGroupArn'>;
}

export interface EssentialFunction {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

const PASCAL = Object.freeze({
  scheduler: 'Scheduler',
  orchestrator: 'Orchestrator',
  scavenger: 'Scavenger',
  worker_assistant: 'WorkerAssistant',
} as const satisfies Record<EssentialName, string>);

/** The construct-id stem of an essential (`WorkerAssistant`). */
export function essentialId(essential: EssentialName): string {
  return PASCAL[essential];
}

function resolveCode(essential: EssentialName, source: EssentialCodeSource | undefined): { code: lambda.Code; handler: string } {
  if (source !== undefined && 'code' in source) return { code: source.code, handler: source.handler ?? 'index.handler' };
  const bundle = bundleEntry(source?.entry ?? essentialEntry(essential));
  return { code: lambda.Code.fromAsset(bundle.dir), handler: bundle.handler };
}

/** Create the function with its own role; nothing but the statements of permissions.ts is granted. */
export function createEssentialFunction(scope: Construct, options: EssentialFunctionOptions): EssentialFunction {
  const id = essentialId(options.essential);
  const stack = Stack.of(scope);
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    logGroupName: `/aws/lambda/${options.functionName}`,
    retention: options.logRetention,
    removalPolicy: options.removalPolicy,
  });
  const selfArn = stack.formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: options.functionName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const statements = essentialStatements(options.essential, { ...options.permissions, selfArn, logGroupArn: logGroup.logGroupArn });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `sosw ${options.essential}: least-privilege role of ${options.functionName}`,
    inlinePolicies: { sosw: new iam.PolicyDocument({ statements }) },
  });
  const { code, handler } = resolveCode(options.essential, options.code);
  const fn = new lambda.Function(scope, `${id}Function`, {
    functionName: options.functionName,
    description: `sosw ${options.essential}`,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: options.architecture,
    code,
    handler,
    memorySize: options.memorySize,
    timeout: options.timeout,
    role,
    logGroup,
    environment: { ...options.environment },
  });
  if (options.essential === 'orchestrator' || options.essential === 'scavenger') {
    // A failed minute is replaced by the next one; retrying it would run two ticks at once.
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
  }
  return { fn, role, logGroup };
}
