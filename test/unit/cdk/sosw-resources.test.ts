import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobsTableDefinition, soswTableDefinitions } from '../../../src/adapters/aws/dynamodb/operations/create-tables.js';
import { DEFAULT_DYNAMO_TABLE_NAMES } from '../../../src/adapters/aws/dynamodb/table-names.js';
import { DEPLOY_ENV } from '../../../src/cdk.js';
import { resolveFieldNames } from '../../../src/core/task/field-names.js';
import { buildMainStack, functionEnvironment, type MainStack, SYNTH_TIMEOUT_MS } from '../../fixtures/cdk/stacks.js';

let main: MainStack;
let template: Template;

beforeAll(() => {
  main = buildMainStack(true);
  template = Template.fromStack(main.stack);
}, SYNTH_TIMEOUT_MS);

const key = (name: string, type: 'HASH' | 'RANGE'): object => ({ AttributeName: name, KeyType: type });
const attr = (name: string, type: 'S' | 'N'): object => ({ AttributeName: name, AttributeType: type });

describe('tables (spec/storage-schema.md)', () => {
  it('creates exactly the five tables and the jobs table, on demand, with point-in-time recovery, retained', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 6);
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    for (const table of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('tasks: task_id key, GSI sosw_tasks_greenfield (labourer_id, greenfield) projecting ALL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'sosw_tasks',
      KeySchema: [key('task_id', 'HASH')],
      AttributeDefinitions: [attr('task_id', 'S'), attr('labourer_id', 'S'), attr('greenfield', 'N')],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'sosw_tasks_greenfield',
          KeySchema: [key('labourer_id', 'HASH'), key('greenfield', 'RANGE')],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: Match.absent(),
      TimeToLiveSpecification: Match.absent(),
    });
  });

  it('closed tasks: GSI labourer_task_status_with_time INCLUDE completed_at, greenfield, attempts; TTL on expires_at', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'sosw_closed_tasks',
      KeySchema: [key('task_id', 'HASH')],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'labourer_task_status_with_time',
          KeySchema: [key('labourer_id_task_status', 'HASH'), key('closed_at', 'RANGE')],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['completed_at', 'greenfield', 'attempts'] },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    });
  });

  it('retry tasks: (labourer_id, task_id) key, LSI labourer_id_greenfield on desired_launch_time projecting ALL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'sosw_retry_tasks',
      KeySchema: [key('labourer_id', 'HASH'), key('task_id', 'RANGE')],
      LocalSecondaryIndexes: [
        {
          IndexName: 'labourer_id_greenfield',
          KeySchema: [key('labourer_id', 'HASH'), key('desired_launch_time', 'RANGE')],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      GlobalSecondaryIndexes: Match.absent(),
    });
  });

  it.each([
    ['sosw_tasks_meta', 'task_id', 'created_at', 'N', { AttributeName: 'expires_at', Enabled: true }],
    ['config', 'env', 'config_name', 'S', Match.absent()],
  ] as const)('%s: (%s, %s) key, no indexes', (TableName, hash, range, rangeType, ttl) => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName,
      KeySchema: [key(hash, 'HASH'), key(range, 'RANGE')],
      AttributeDefinitions: [attr(hash, 'S'), attr(range, rangeType)],
      GlobalSecondaryIndexes: Match.absent(),
      LocalSecondaryIndexes: Match.absent(),
      TimeToLiveSpecification: ttl,
    });
  });
});

describe('tables match the AWS adapter’s own definitions', () => {
  it.each(
    [...soswTableDefinitions(DEFAULT_DYNAMO_TABLE_NAMES, resolveFieldNames()), jobsTableDefinition(DEFAULT_DYNAMO_TABLE_NAMES)].map(
      (d) => [d.TableName, d] as const,
    ),
  )('%s has the same keys, attributes and indexes as createSoswTables', (TableName, definition) => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName,
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes ?? Match.absent(),
      LocalSecondaryIndexes: definition.LocalSecondaryIndexes ?? Match.absent(),
      BillingMode: definition.BillingMode,
    });
  });
});

describe('essential functions', () => {
  it.each([
    ['sosw_scheduler', 1024, 900],
    ['sosw_orchestrator', 256, 60],
    ['sosw_scavenger', 256, 60],
    ['sosw_worker_assistant', 256, 30],
  ])('%s: nodejs22.x on arm64, %i MB, %i s, single-file bundle', (FunctionName, MemorySize, Timeout) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName,
      MemorySize,
      Timeout,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
  });

  it('tells each essential its tables, config rows and config version in the documented variables', () => {
    const env = functionEnvironment(main.stack, main.sosw.functions.orchestrator);
    expect(env).toMatchObject({
      [DEPLOY_ENV.essential]: 'orchestrator',
      [DEPLOY_ENV.tasksTable]: 'sosw_tasks',
      [DEPLOY_ENV.closedTasksTable]: 'sosw_closed_tasks',
      [DEPLOY_ENV.retryTasksTable]: 'sosw_retry_tasks',
      [DEPLOY_ENV.metaTable]: 'sosw_tasks_meta',
      [DEPLOY_ENV.configTable]: 'config',
      [DEPLOY_ENV.configEnv]: 'production',
      [DEPLOY_ENV.essentialConfigName]: 'sosw_essential_config',
      [DEPLOY_ENV.functionConfigName]: 'sosw_orchestrator_config',
      [DEPLOY_ENV.tickSeconds]: '10',
      [DEPLOY_ENV.ttlAttribute]: 'expires_at',
      [DEPLOY_ENV.closedTasksTtlSeconds]: String(90 * 86400),
      [DEPLOY_ENV.metaTtlSeconds]: String(30 * 86400),
      [DEPLOY_ENV.configVersion]: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(env[DEPLOY_ENV.deadTasksTopicArn]).toBeUndefined();
    const scavenger = Template.fromJSON({
      Resources: template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: 'sosw_scavenger' } }),
    });
    scavenger.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { [DEPLOY_ENV.deadTasksTopicArn]: { Ref: Match.stringLikeRegexp('^SoswAlarmTopic') }, [DEPLOY_ENV.tickSeconds]: '60' },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sosw_scheduler',
      Environment: {
        Variables: {
          [DEPLOY_ENV.queueBucket]: { Ref: Match.stringLikeRegexp('^SoswQueueBucket') },
          [DEPLOY_ENV.queuePrefix]: 'sosw/scheduler',
        },
      },
    });
  });

  it('tells the Scheduler, Orchestrator and Scavenger the jobs table; the Scavenger also the queue files (follow-up jobs)', () => {
    for (const essential of ['scheduler', 'orchestrator', 'scavenger'] as const) {
      expect(functionEnvironment(main.stack, main.sosw.functions[essential])[DEPLOY_ENV.jobsTable]).toBe('sosw_jobs');
    }
    expect(functionEnvironment(main.stack, main.sosw.functions.worker_assistant)[DEPLOY_ENV.jobsTable]).toBeUndefined();
    expect(functionEnvironment(main.stack, main.sosw.functions.scavenger)[DEPLOY_ENV.queuePrefix]).toBe('sosw/scheduler');
  });

  it('does not retry a failed Orchestrator / Scavenger minute', () => {
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 2);
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
  });
});

describe('schedules, topic and alarms', () => {
  it.each(['orchestrator', 'scavenger'] as const)('runs the %s every minute, without retries', (essential) => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: `sosw_${essential}_every_minute`,
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: main.stack.resolve(main.sosw.functions[essential].functionArn),
          RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
        }),
      ],
    });
  });

  it('starts the rules only after the labourers are written to the config table', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SoswConfigRow0/)]));
  });

  it('creates the SoswWorkerErrors topic with the email subscriber', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'SoswWorkerErrors' });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('alarms on essential errors and on dead tasks of every labourer, into the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 + 3);
    const topic = main.stack.resolve(main.sosw.topic.topicArn);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sosw_scavenger-errors',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Threshold: 1,
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sosw-dead-tasks-py_worker',
      Namespace: 'sosw',
      MetricName: 'tasks_dead',
      Dimensions: [{ Name: 'labourer', Value: 'py_worker' }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      AlarmActions: [topic],
    });
  });

  it('outputs the names a user needs to run jobs', () => {
    // Exact keys (no CDK hash): deploy.md names them, and scripts read them by name.
    const keys = Object.keys(template.findOutputs('*'));
    for (const id of ['SchedulerFunctionName', 'WorkerAssistantFunctionName', 'AlarmTopicArn', 'ConfigTableName', 'QueueBucketName']) {
      expect(keys).toContain(`Sosw${id}`);
    }
  });
});
