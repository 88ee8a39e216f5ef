/** The every-minute EventBridge rules of the Orchestrator and the Scavenger. */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export interface ScheduleOptions {
  readonly ruleName: string;
  readonly enabled: boolean;
}

/**
 * A `rate(1 minute)` rule targeting `fn`. EventBridge does not retry a failed delivery: the next
 * minute's event replaces it, and two ticks never run for the same minute.
 */
export function everyMinute(scope: Construct, id: string, fn: lambda.IFunction, options: ScheduleOptions): events.Rule {
  return new events.Rule(scope, id, {
    ruleName: options.ruleName,
    description: `sosw: runs ${fn.node.id} every minute`,
    schedule: events.Schedule.rate(Duration.minutes(1)),
    enabled: options.enabled,
    targets: [new targets.LambdaFunction(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
  });
}
