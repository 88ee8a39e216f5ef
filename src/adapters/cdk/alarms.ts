/** The alarm topic (also the Scavenger's dead-task topic) and the CloudWatch alarms that feed it. */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { DEPLOY_METRICS, type EssentialName } from '../../core/config/deploy-env.js';
import { essentialId } from './essential-function.js';

export interface AlarmTopicOptions {
  readonly topicName: string;
  readonly emails: readonly string[];
  readonly subscriptions: readonly sns.ITopicSubscription[];
}

/** The topic dead-task notices and alarms go to, with its subscribers. */
export function createAlarmTopic(scope: Construct, options: AlarmTopicOptions): sns.Topic {
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    topicName: options.topicName,
    displayName: 'sosw dead tasks and essential errors',
    enforceSSL: true,
  });
  for (const email of options.emails) topic.addSubscription(new subscriptions.EmailSubscription(email));
  for (const subscription of options.subscriptions) topic.addSubscription(subscription);
  return topic;
}

const FIVE_MINUTES = Duration.minutes(5);

/** One alarm per essential: any error in five minutes. */
export function createErrorAlarms(
  scope: Construct,
  topic: sns.ITopic,
  functions: Readonly<Record<EssentialName, lambda.IFunction>>,
  functionNames: Readonly<Record<EssentialName, string>>,
): cloudwatch.Alarm[] {
  return (Object.keys(functions) as EssentialName[]).map((essential) => {
    const alarm = new cloudwatch.Alarm(scope, `${essentialId(essential)}ErrorsAlarm`, {
      alarmName: `${functionNames[essential]}-errors`,
      alarmDescription: `sosw ${essential} failed at least once in 5 minutes; see its log group.`,
      metric: functions[essential].metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    return alarm;
  });
}

/** One alarm per labourer on the `tasks_dead` counter (DEPLOY_METRICS). */
export function createDeadTaskAlarms(
  scope: Construct,
  topic: sns.ITopic,
  labourerIds: readonly string[],
  prefix: string,
): cloudwatch.Alarm[] {
  return labourerIds.map((id, i) => {
    const alarm = new cloudwatch.Alarm(scope, `DeadTasksAlarm${i}`, {
      alarmName: `${prefix}sosw-dead-tasks-${id}`,
      alarmDescription: `Tasks of labourer ${id} ran out of attempts and were closed as dead.`,
      metric: new cloudwatch.Metric({
        namespace: DEPLOY_METRICS.namespace,
        metricName: DEPLOY_METRICS.deadTasks,
        dimensionsMap: { [DEPLOY_METRICS.labourerDimension]: id },
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    return alarm;
  });
}
