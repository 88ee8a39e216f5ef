import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { archiveBatchTransaction, cancelBatchTransaction } from '../../../src/adapters/aws/dynamodb/operations/job-moves.js';
import { toMetaItem } from '../../../src/adapters/aws/dynamodb/operations/meta-entries.js';
import { reportTransaction } from '../../../src/adapters/aws/dynamodb/operations/report-task.js';
import { resolveDynamoTableNames } from '../../../src/adapters/aws/dynamodb/table-names.js';
import type { EssentialName } from '../../../src/cdk.js';
import { resolveFieldNames } from '../../../src/core/task/field-names.js';
import { buildMainStack, type MainStack, PY_WORKER_ARN, SYNTH_TIMEOUT_MS } from '../../fixtures/cdk/stacks.js';

let main: MainStack;
let template: Template;
let stack: Stack;

beforeAll(() => {
  main = buildMainStack();
  stack = main.stack;
  template = Template.fromStack(stack);
}, SYNTH_TIMEOUT_MS);

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const arn = (table: dynamodb.ITable): unknown => stack.resolve(table.tableArn);
const index = (table: dynamodb.ITable, name: string): unknown => stack.resolve(`${table.tableArn}/index/${name}`);
const allow = (Sid: string, Action: string | string[], Resource: unknown, Condition?: unknown): Statement => ({
  Sid,
  Action,
  Effect: 'Allow',
  Resource,
  ...(Condition === undefined ? {} : { Condition }),
});

function roleStatements(essential: EssentialName): Statement[] {
  const roleArn = stack.resolve(main.sosw.functions[essential].role?.roleArn) as { 'Fn::GetAtt': [string, string] };
  const role = template.findResources('AWS::IAM::Role')[roleArn['Fn::GetAtt'][0]];
  expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
  return role?.Properties.Policies[0].PolicyDocument.Statement as Statement[];
}

function common(essential: EssentialName): Statement[] {
  const { config, meta } = main.sosw.tables;
  const logGroup = stack.getLogicalId(
    main.sosw.node.findChild(
      `${{ scheduler: 'Scheduler', orchestrator: 'Orchestrator', scavenger: 'Scavenger', worker_assistant: 'WorkerAssistant' }[essential]}Logs`,
    ).node.defaultChild as never,
  );
  return [
    allow('WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [logGroup, 'Arn'] }),
    allow('ReadConfig', ['dynamodb:GetItem', 'dynamodb:Query'], arn(config), {
      'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['production'] },
    }),
    allow('WriteAuditTrail', ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], arn(meta)),
  ];
}

const schedulerArn = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:eu-west-1:123456789012:function:sosw_scheduler']],
};

function jobs(): dynamodb.ITable {
  const table = main.sosw.tables.jobs;
  if (table === undefined) throw new Error('the main stack keeps job records');
  return table;
}

/** Job records: create (conditional Put), read, move the state and the counters. */
function jobRecords(): Statement[] {
  return [allow('JobRecords', ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], arn(jobs()))];
}

/** Close a job's queued and retrying tasks as cancelled. */
function cancelJobTasks(): Statement[] {
  const { tasks, closedTasks, retryTasks } = main.sosw.tables;
  return [
    allow('CancelJobTasksRead', 'dynamodb:Query', arn(retryTasks)),
    allow('CancelJobTasksMove', 'dynamodb:DeleteItem', [arn(tasks), arn(retryTasks)]),
    allow('CancelJobTasksClose', 'dynamodb:PutItem', arn(closedTasks)),
  ];
}

describe('least-privilege roles of the essentials', () => {
  it('Scheduler: queue tasks, read queue positions, its queue files, invoke itself', () => {
    const { tasks, closedTasks, retryTasks } = main.sosw.tables;
    const bucket = stack.resolve(main.sosw.queueBucket.bucketArn);
    expect(roleStatements('scheduler')).toEqual([
      ...common('scheduler'),
      allow('QueueTasks', ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], arn(tasks)),
      allow('CheckTaskIds', 'dynamodb:ConditionCheckItem', [arn(closedTasks), arn(retryTasks)]),
      allow('ReadQueuePositions', 'dynamodb:Query', index(tasks, 'sosw_tasks_greenfield')),
      allow('QueueFiles', ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], { 'Fn::Join': ['', [bucket, '/sosw/scheduler/*']] }),
      allow('ListQueueFiles', 's3:ListBucket', bucket),
      allow('InvokeSibling', 'lambda:InvokeFunction', schedulerArn),
      ...jobRecords(),
      ...cancelJobTasks(),
    ]);
  });

  it('Orchestrator: claim tasks, query the indexes, invoke only the labourers, read health metrics', () => {
    const { tasks, closedTasks } = main.sosw.tables;
    const byName = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda:eu-west-1:123456789012:function:by_name']] };
    expect(roleStatements('orchestrator')).toEqual([
      ...common('orchestrator'),
      allow('ClaimTasks', ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], arn(tasks)),
      allow('QueryTasks', 'dynamodb:Query', index(tasks, 'sosw_tasks_greenfield')),
      allow('ArchiveTasks', ['dynamodb:GetItem', 'dynamodb:PutItem'], arn(closedTasks)),
      allow('ReadClosedTasks', 'dynamodb:BatchGetItem', arn(closedTasks)),
      allow('QueryClosedTasks', 'dynamodb:Query', index(closedTasks, 'labourer_task_status_with_time')),
      allow('ReadControls', 'dynamodb:BatchGetItem', arn(tasks)),
      allow('CountJobTasks', 'dynamodb:UpdateItem', arn(jobs())),
      allow(
        'InvokeLabourers',
        ['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'],
        [stack.resolve(main.resizer.functionArn), PY_WORKER_ARN, byName],
      ),
      allow('ReadHealthMetrics', 'cloudwatch:GetMetricStatistics', '*'),
    ]);
  });

  it('Scavenger: move tasks between the three task tables, publish dead-task notices', () => {
    const { tasks, closedTasks, retryTasks } = main.sosw.tables;
    const statements = roleStatements('scavenger');
    expect(statements.slice(0, 3)).toEqual(common('scavenger'));
    expect(statements.slice(3, 11)).toEqual([
      allow('MoveTasks', ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], arn(tasks)),
      allow('QueryTasks', 'dynamodb:Query', index(tasks, 'sosw_tasks_greenfield')),
      allow('ArchiveTasks', ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], arn(closedTasks)),
      allow('ResumeArchives', 'dynamodb:Query', arn(main.sosw.tables.meta)),
      allow('QueryClosedTasks', 'dynamodb:Query', index(closedTasks, 'labourer_task_status_with_time')),
      allow('RetryTasks', ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem'], arn(retryTasks)),
      allow('QueryDueRetries', 'dynamodb:Query', index(retryTasks, 'labourer_id_greenfield')),
      allow('NotifyDeadTasks', 'sns:Publish', stack.resolve(main.sosw.topic.topicArn)),
    ]);
    const bucket = stack.resolve(main.sosw.queueBucket.bucketArn);
    expect(statements.slice(11, 22)).toEqual([
      ...jobRecords(),
      allow('ListJobs', 'dynamodb:Query', [index(jobs(), 'sosw_jobs_by_created'), index(jobs(), 'sosw_jobs_open')]),
      ...cancelJobTasks(),
      allow('ReadTasksToClose', 'dynamodb:BatchGetItem', arn(tasks)),
      allow('ScheduleFollowUpJobs', 'dynamodb:BatchWriteItem', arn(tasks)),
      allow('CheckFollowUpTaskIds', 'dynamodb:ConditionCheckItem', [arn(closedTasks), arn(retryTasks)]),
      allow('FollowUpQueueFiles', ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'], { 'Fn::Join': ['', [bucket, '/sosw/scheduler/*']] }),
      allow('ListFollowUpQueueFiles', 's3:ListBucket', bucket),
      allow('ContinueFollowUpJobs', 'lambda:InvokeFunction', schedulerArn),
    ]);
    expect(statements[22]).toMatchObject({ Sid: 'InvokeOnComplete', Action: 'lambda:InvokeFunction' });
    expect(statements[23]).toMatchObject({ Sid: 'ReadLabourers', Action: 'lambda:GetFunctionConfiguration' });
    expect(statements).toHaveLength(24);
  });

  it('Scavenger and Orchestrator: allowed every item of the archive and cancel transactions with job counters', () => {
    const { tasks, closedTasks, retryTasks, meta } = main.sosw.tables;
    const names = resolveDynamoTableNames({ tasks: 'TASKS', closedTasks: 'CLOSED', retryTasks: 'RETRY', meta: 'META', jobs: 'JOBS' });
    const f = resolveFieldNames();
    const live = { task_id: 'a'.repeat(32), labourer_id: 'w', greenfield: 1, attempts: 1, payload: '{}', job_id: 'j' };
    const retry = { ...live, task_id: 'b'.repeat(32), desired_launch_time: 5 };
    const byName = { TASKS: tasks, CLOSED: closedTasks, RETRY: retryTasks, META: meta, JOBS: jobs() } as Record<string, dynamodb.ITable>;
    const neededBy = (input: { TransactItems?: object[] }) =>
      (input.TransactItems ?? []).map((item) => {
        const [kind, op] = Object.entries(item)[0] as [string, { TableName: string }];
        const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind];
        return { action: `dynamodb:${action}`, resource: arn(byName[op.TableName] as dynamodb.ITable) };
      });
    const archive = neededBy(archiveBatchTransaction(names, f, [live], 10, undefined, true).input);
    const cancel = neededBy(
      cancelBatchTransaction(
        names,
        f,
        [
          { item: live, from: 'live' },
          { item: retry, from: 'retry' },
        ],
        10,
        undefined,
        true,
      ).input,
    );
    expect(archive.map((n) => n.action)).toEqual(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem']);
    const checks: Array<[EssentialName, typeof archive]> = [
      ['scavenger', [...archive, ...cancel]],
      ['orchestrator', archive],
      ['scheduler', cancel],
    ];
    for (const [essential, needed] of checks) {
      const statements = roleStatements(essential);
      for (const { action, resource } of needed) {
        const granted = statements.some(
          (s) => [s.Action].flat().includes(action) && JSON.stringify([s.Resource].flat()).includes(JSON.stringify(resource)),
        );
        expect(granted, `${essential}: ${action} on ${JSON.stringify(resource)}`).toBe(true);
      }
    }
  });

  it('WorkerAssistant: report on tasks only', () => {
    expect(roleStatements('worker_assistant')).toEqual([
      ...common('worker_assistant'),
      allow('ReportTasks', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], arn(main.sosw.tables.tasks)),
    ]);
  });

  it('WorkerAssistant: allowed every item of its report transaction (task Update + audit-row Put)', () => {
    const { tasks, meta } = main.sosw.tables;
    const names = resolveDynamoTableNames({ tasks: 'TASKS', meta: 'META' });
    const request = { taskId: 'a'.repeat(32), outcome: 'completed', at: 1, invokedAtLeast: 1 } as const;
    const audit = toMetaItem({ taskId: request.taskId, createdAt: 1.5, action: 'marked_as_completed' });
    const items = reportTransaction(names, resolveFieldNames(), request, audit).TransactItems ?? [];
    const needed = items.map((item) => {
      const [kind, op] = Object.entries(item)[0] as [string, { TableName: string }];
      const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind];
      return { action: `dynamodb:${action}`, resource: arn({ TASKS: tasks, META: meta }[op.TableName] as dynamodb.ITable) };
    });
    expect(needed.map((n) => n.action)).toEqual(['dynamodb:UpdateItem', 'dynamodb:PutItem']);
    const statements = roleStatements('worker_assistant');
    for (const { action, resource } of needed) {
      const granted = statements.some(
        (s) => [s.Action].flat().includes(action) && JSON.stringify([s.Resource].flat()).includes(JSON.stringify(resource)),
      );
      expect(granted, `${action} on ${JSON.stringify(resource)}`).toBe(true);
    }
  });

  it('has no wildcard actions, no wildcard table or index resources, and * only where AWS allows nothing else', () => {
    const documents = [
      ...Object.values(template.findResources('AWS::IAM::Role')).flatMap((r) =>
        (r.Properties.Policies ?? []).map((p: { PolicyDocument: unknown }) => p.PolicyDocument),
      ),
      ...Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument),
    ] as Array<{ Statement: Statement[] }>;
    const statements = documents.flatMap((d) => d.Statement);
    expect(statements.length).toBeGreaterThan(20);
    for (const s of statements) {
      for (const action of [s.Action].flat()) expect(action).not.toContain('*');
      const text = JSON.stringify(s.Resource);
      expect(text).not.toMatch(/index\/\*|table\/\*|function:\*/);
      if (s.Resource === '*') expect(s.Action).toBe('cloudwatch:GetMetricStatistics');
    }
  });
});

describe('grants outside the essentials', () => {
  it('grantWorker lets a worker invoke exactly the WorkerAssistant and tells it its name', () => {
    const assistant = stack.resolve(main.sosw.functions.worker_assistant.functionArn);
    for (const worker of [main.resizer, main.reporter]) {
      const roleRef = stack.resolve(worker.role?.roleName);
      const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter(
        (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([roleRef]),
      );
      expect(policies.flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
        { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: assistant },
      ]);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 30,
      Environment: { Variables: { SOSW_WORKER_ASSISTANT_FUNCTION: stack.resolve(main.sosw.functions.worker_assistant.functionName) } },
    });
  });

  it('the config writer may only PutItem production rows into the config table', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('WriteSoswConfigRows'),
    );
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual([
        allow('WriteSoswConfigRows', 'dynamodb:PutItem', arn(main.sosw.tables.config), {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['production'] },
        }),
      ]);
    }
  });
});
