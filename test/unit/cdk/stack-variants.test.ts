import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExampleStack } from '../../../examples/aws/stack.js';
import { DEPLOY_ENV, Sosw } from '../../../src/cdk.js';
import { baseProps, newStack, SYNTH_TIMEOUT_MS, TEST_ENV } from '../../fixtures/cdk/stacks.js';

let template: Template;
let sosw: Sosw;

beforeAll(() => {
  const stack = newStack('Migration');
  sosw = new Sosw(
    stack,
    'Sosw',
    baseProps({
      tablePrefix: 'dev_',
      useExistingTables: true,
      schedulesEnabled: false,
      writeConfig: false,
      alarmEmails: [],
      allowNoAlarmTarget: true,
    }),
  );
  template = Template.fromStack(stack);
}, SYNTH_TIMEOUT_MS);

const tableArn = (name: string): object => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:dynamodb:eu-west-1:123456789012:table/${name}`]],
});

describe('running on the tables of an existing deployment, with a prefix', () => {
  it('creates no tables and writes no config rows', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('Custom::SoswConfigRow', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('prefixes function, topic and rule names, and creates the rules disabled', () => {
    for (const name of ['dev_sosw_scheduler', 'dev_sosw_orchestrator', 'dev_sosw_scavenger', 'dev_sosw_worker_assistant']) {
      template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: name });
    }
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'dev_SoswWorkerErrors' });
    template.hasResourceProperties('AWS::Events::Rule', { Name: 'dev_sosw_orchestrator_every_minute', State: 'DISABLED' });
    template.hasResourceProperties('AWS::Events::Rule', { Name: 'dev_sosw_scavenger_every_minute', State: 'DISABLED' });
  });

  it('points the essentials and their grants at the prefixed tables by name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'dev_sosw_orchestrator',
      Environment: { Variables: { [DEPLOY_ENV.tasksTable]: 'dev_sosw_tasks', [DEPLOY_ENV.configTable]: 'dev_config' } },
    });
    const role = Object.values(template.findResources('AWS::IAM::Role')).find((r) =>
      JSON.stringify(r.Properties.Description ?? '').includes('dev_sosw_worker_assistant'),
    );
    const statements = role?.Properties.Policies[0].PolicyDocument.Statement as Array<{ Sid: string; Resource: unknown }>;
    expect(statements.find((s) => s.Sid === 'ReportTasks')?.Resource).toEqual(tableArn('dev_sosw_tasks'));
    expect(statements.find((s) => s.Sid === 'ReadConfig')?.Resource).toEqual(tableArn('dev_config'));
    expect(sosw.names.tables.retryTasks).toBe('dev_sosw_retry_tasks');
  });

  it('keeps no job records on an existing deployment unless asked (no jobs table, variable or grant)', () => {
    expect(sosw.tables.jobs).toBeUndefined();
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain(DEPLOY_ENV.jobsTable);
    expect(text).not.toContain('JobRecords');
    expect(text).not.toContain('dev_sosw_jobs');
  });
});

describe('examples/aws (the app `npx cdk deploy` runs)', () => {
  let example: Template;
  let greeterArn: unknown;
  let assistantName: unknown;

  beforeAll(() => {
    const built = buildExampleStack(new App({ analyticsReporting: false, builtinCloudFormationValidation: false }), 'SoswExample', {
      alarmEmails: ['ops@example.com'],
      env: TEST_ENV,
    });
    greeterArn = built.stack.resolve(built.greeter.functionArn);
    assistantName = built.stack.resolve(built.sosw.functions.worker_assistant.functionName);
    example = Template.fromStack(built.stack);
  }, SYNTH_TIMEOUT_MS);

  it('registers the bundled greeter as a labourer the Orchestrator may invoke', () => {
    const orchestrator = Object.values(example.findResources('AWS::IAM::Role')).find((r) =>
      String(r.Properties.Description).includes('sosw_orchestrator'),
    );
    const invoke = (
      (orchestrator?.Properties.Policies[0].PolicyDocument.Statement ?? []) as Array<{ Sid: string; Resource: unknown }>
    ).find((s) => s.Sid === 'InvokeLabourers');
    expect(invoke?.Resource).toEqual(greeterArn);
  });

  it('lets the greeter report to the WorkerAssistant', () => {
    example.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sosw_example_greeter',
      Runtime: 'nodejs22.x',
      Environment: { Variables: { SOSW_WORKER_ASSISTANT_FUNCTION: assistantName } },
    });
  });

  it('refuses to deploy without an alarm email', () => {
    expect(() => buildExampleStack(new App(), 'NoEmail', { alarmEmails: [] })).toThrow(/no alarm target/);
  });
});
