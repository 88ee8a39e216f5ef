/** The example deployment: sosw plus one worker function registered as the labourer `greeter`. */
import { fileURLToPath } from 'node:url';
import { type App, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { bundleEntry, Sosw } from 'sosw/cdk';

export interface ExampleStackOptions extends StackProps {
  /** Where dead-task notices and alarms go. */
  readonly alarmEmails: readonly string[];
}

/**
 * @example
 * buildExampleStack(new App(), 'SoswExample', { alarmEmails: ['ops@example.com'] });
 */
export function buildExampleStack(
  app: App,
  id: string,
  options: ExampleStackOptions,
): { stack: Stack; sosw: Sosw; greeter: lambda.Function } {
  const stack = new Stack(app, id, options);
  const bundle = bundleEntry(fileURLToPath(new URL('./worker.ts', import.meta.url)));
  const greeter = new lambda.Function(stack, 'Greeter', {
    functionName: 'sosw_example_greeter',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    code: lambda.Code.fromAsset(bundle.dir),
    handler: bundle.handler,
    timeout: Duration.seconds(30),
    memorySize: 256,
  });
  const sosw = new Sosw(stack, 'Sosw', {
    labourers: { greeter: { function: greeter, maxSimultaneousInvocations: 5, maxAttempts: 3 } },
    alarmEmails: options.alarmEmails,
    essentials: { scheduler: { config: { job_schema_variants: { default: { chunkable_attrs: [['name', {}]] } } } } },
  });
  return { stack, sosw, greeter };
}
