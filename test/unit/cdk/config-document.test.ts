import { readFileSync } from 'node:fs';
import { Duration, type Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { labourerPropsFromDocument } from '../../../src/adapters/cdk/project-deployment.js';
import {
  essentialConfigDocument,
  labourerDocument,
  projectDeployment,
  Sosw,
  stackNameFromProject,
  synthesizeProject,
} from '../../../src/cdk.js';
import { parseProjectConfig } from '../../../src/core/config/project-config.js';
import { resolveTaskConfig } from '../../../src/core/config/task-config.js';
import { SoswError } from '../../../src/core/errors.js';
import {
  baseProps,
  FIXTURE_PROJECT,
  functionEnvironment,
  inlineCode,
  newStack,
  PY_WORKER_ARN,
  workerFunction,
} from '../../fixtures/cdk/stacks.js';

describe('labourer props become the task_config document', () => {
  it('maps every setting to its snake_case key and validates with the core schema', () => {
    const doc = essentialConfigDocument(
      {
        py_worker: {
          arn: PY_WORKER_ARN,
          maxSimultaneousInvocations: 2,
          maxAttempts: 4,
          maxDuration: Duration.minutes(2),
          duration: Duration.minutes(3),
          cooldown: Duration.seconds(30),
          rateLimit: { invocations: 10, per: 'minute' },
          retry: { strategy: 'exponential', base: Duration.seconds(30), max: Duration.minutes(10) },
          healthMetrics: { cpu: { details: { MetricName: 'CPU' }, feelings: { 4: 20, 2: 60 }, comparisonOperator: '<=', noDataStatus: 2 } },
          concurrencyKey: 'tenant',
          maxPerKey: 1,
          adaptive: { min: 1, error_rate: 0.05 },
        },
      },
      { greenfield_task_step: 500 },
    );
    expect(doc).toEqual({
      task_config: {
        greenfield_task_step: 500,
        labourers: {
          py_worker: {
            arn: PY_WORKER_ARN,
            max_simultaneous_invocations: 2,
            max_attempts: 4,
            max_duration: 120,
            duration: 180,
            cooldown: 30,
            rate_limit: { invocations: 10, per: 'minute' },
            retry: { strategy: 'exponential', base_seconds: 30, factor: 2, max_seconds: 600, jitter: 0.2 },
            health_metrics: {
              cpu: { details: { MetricName: 'CPU' }, feelings: { 2: 60, 4: 20 }, feeling_comparison_operator: '<=', no_data_status: 2 },
            },
            concurrency_key: 'tenant',
            max_per_key: 1,
            adaptive: { min: 1, error_rate: 0.05 },
          },
        },
      },
    });
    const config = resolveTaskConfig(doc.task_config);
    expect(config.labourers[0]).toMatchObject({ id: 'py_worker', maxSimultaneousInvocations: 2, maxDuration: 120, durationSeconds: 180 });
    expect(config.greenfieldTaskStep).toBe(500);
  });

  it('takes max_duration from a CDK function timeout and its ARN as a token', () => {
    const stack = newStack();
    const fn: lambda.Function = workerFunction(stack, 'W', Duration.minutes(4));
    const doc = labourerDocument({ function: fn, maxSimultaneousInvocations: 1 });
    expect(doc.max_duration).toBe(240);
    expect(stack.resolve(doc.arn)).toEqual(stack.resolve(fn.functionArn));
  });
});

describe('the config rows of a deployment', () => {
  function rows(stack: Stack, cap: number): { version: unknown; rows: unknown } {
    const sosw = new Sosw(stack, 'Sosw', baseProps({ labourers: { by_name: { maxSimultaneousInvocations: cap } } }));
    const env = functionEnvironment(stack, sosw.functions.scavenger);
    return { version: env.SOSW_CONFIG_VERSION, rows: stack.resolve(sosw.configRows) };
  }

  it('registers labourers without arn as the function named after their id, and versions the rows', () => {
    const a = rows(newStack('A'), 1);
    expect(a.rows).toEqual([
      {
        name: 'sosw_essential_config',
        value: {
          task_config: {
            labourers: {
              by_name: {
                arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:eu-west-1:123456789012:function:by_name']] },
                max_simultaneous_invocations: 1,
              },
            },
          },
        },
      },
    ]);
    expect(rows(newStack('B'), 1).version).toBe(a.version);
    expect(rows(newStack('C'), 2).version).not.toBe(a.version);
  });
});

describe('a project sosw.config as a deployment', () => {
  const project = parseProjectConfig(JSON.parse(readFileSync(FIXTURE_PROJECT, 'utf8')));

  it('turns labourers, timeouts and job schemas into props', () => {
    const deployment = projectDeployment(project, { alarmEmails: ['ops@example.com'], tablePrefix: 'p_' });
    expect(deployment.stackName).toBe('prices-demo');
    expect(deployment.props.labourers.fetch_prices?.maxDuration?.toSeconds()).toBe(120);
    expect(deployment.props.labourers.fetch_prices?.arn).toMatch(/function:fetch_prices$/);
    expect(deployment.props.labourers.build_report).toMatchObject({ maxSimultaneousInvocations: 1, maxAttempts: 5 });
    expect(deployment.props.labourers.build_report?.arn).toBeUndefined();
    expect(deployment.props.essentials).toEqual({
      scheduler: { config: { job_schema_variants: { default: { chunkable_attrs: [['topic', {}]] } } } },
    });
    expect(deployment.props.tablePrefix).toBe('p_');
  });

  it('keeps per-key caps and the adaptive block from the project file through to the deployed document', () => {
    const input = {
      arn: PY_WORKER_ARN,
      max_simultaneous_invocations: 6,
      concurrency_key: 'stores[0]',
      max_per_key: 2,
      adaptive: { min: 1, max: 5, error_rate: 0.1 },
    };
    const props = labourerPropsFromDocument('w', input);
    expect(props).toMatchObject({ concurrencyKey: 'stores[0]', maxPerKey: 2, adaptive: { min: 1, max: 5, error_rate: 0.1 } });
    expect(labourerDocument(props)).toEqual(input);
  });

  it('refuses a labourer without a cap with every other problem at once, naming the file fields', () => {
    // sosw synth reported a missing cap alone; the next problem showed only after it was fixed.
    const project = parseProjectConfig({
      labourers: { free: { handler: './w.ts' }, slow: { max_simultaneous_invocations: 2, duration: 60, cooldown: 30, timeout: 300 } },
    });
    let error: unknown;
    try {
      synthesizeProject(project, { alarmEmails: ['ops@example.com'], code: inlineCode(), validate: false });
    } catch (e) {
      error = e;
    }
    expect(SoswError.is(error, 'deploy.unsafe')).toBe(true);
    const message = (error as SoswError).message;
    expect(message).toContain('labourers.free.max_simultaneous_invocations: is required');
    expect(message).toContain('labourers.slow.duration: duration + cooldown (90 s) is shorter than the longest run (300 s');
  });

  it.each([
    ['sosw project', 'sosw-project'],
    ['1 Prices & Reports!', 'Prices-Reports'],
    ['***', 'sosw'],
  ])('stack name from %j is %j', (name, expected) => {
    expect(stackNameFromProject(name)).toBe(expected);
  });

  it('refuses an invalid explicit stack name', () => {
    expect(() => projectDeployment(project, { stackName: 'no spaces' })).toThrow(/Stack name "no spaces" is not valid/);
  });

  it('refuses a region or account CloudFormation would refuse, naming the flag', () => {
    expect(() => projectDeployment(project, { region: 'mars' })).toThrow(
      expect.objectContaining({ code: 'config.invalid', details: { field: 'region', received: 'mars' } }),
    );
    expect(() => projectDeployment(project, { account: '12345' })).toThrow(
      expect.objectContaining({ details: { field: 'account', received: '12345' } }),
    );
    for (const region of ['us-east-1', 'eu-central-2', 'us-gov-west-1', 'ap-southeast-4', 'il-central-1']) {
      expect(projectDeployment(project, { region, account: '123456789012' }).env).toEqual({ region, account: '123456789012' });
    }
  });
});
