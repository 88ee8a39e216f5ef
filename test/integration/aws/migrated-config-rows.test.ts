/**
 * A migration as docs/migrate-from-python.md describes it, against moto: the original's per-essential
 * rows (Python-era `task_config.labourers`, the Scheduler's queue_bucket and job_schema) stay in the
 * config table, the `Sosw` stack on existing tables writes its rows as its custom resources would.
 * - the original's `sosw_scheduler_config` survives the deploy (a rollback needs it), and the
 *   Scheduler, deployed or driven by the CLI, reads the stack's row instead;
 * - an old `sosw_orchestrator_config` whose labourers still win is warned about by the essential
 *   and by `sosw status --backend aws`, until the documented fix strips its task_config.labourers.
 */
import { spawn } from 'node:child_process';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsEssentials } from '../../../src/aws-composition.js';
import { Sosw } from '../../../src/cdk.js';
import { resolveOrchestratorConfig } from '../../../src/core/config/essentials-config.js';
import type { Logger } from '../../../src/ports/logger.js';
import { inlineCode, newStack } from '../../fixtures/cdk/stacks.js';
import { evaluate } from '../cdk/deployed-environment.js';
import { freshSoswTables, tableEnv } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

const ARN = (name: string): string => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
/** The original's Scheduler row (its example config), and an Orchestrator row from its config_updater. */
const PY_SCHEDULER = {
  queue_bucket: 'sosw-s3-123456789012',
  job_schema: { chunkable_attrs: [['section', {}]] },
  dynamo_db_config: { table_name: 'sosw_tasks' },
  task_config: { labourers: { w: { arn: ARN('w'), max_simultaneous_invocations: 5 } } },
};
const PY_ORCHESTRATOR = {
  task_config: {
    labourers: { w: { arn: ARN('w'), max_simultaneous_invocations: 5 }, retired: { arn: ARN('retired'), max_simultaneous_invocations: 3 } },
  },
};
const VARIANTS = { job_schema_variants: { default: { chunkable_attrs: [['topic', {}]] } } };

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = (): void => {};
  return { warnings, debug: none, info: none, error: none, warn: (_fields, message) => warnings.push(message) };
}

/** `sosw <args>` from the sources, with `env` over the test's environment. */
function cli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(awsTierOff())('a migrated deployment: the original rows next to the stack rows (moto)', () => {
  const dynamo = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamo);
  let tables: Awaited<ReturnType<typeof freshSoswTables>>;
  let env: Record<string, string>;
  let prefix: string;
  let environments: Record<string, Record<string, string>>;
  const bucket = uniqueName('stack-queue');

  const row = (name: string) => ({ env: 'production', config_name: name });
  const readRow = async (name: string): Promise<unknown> =>
    JSON.parse(String((await documents.send(new GetCommand({ TableName: tables.names.config, Key: row(name) }))).Item?.config_value));

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    env = tableEnv(tables.names);
    delete env.SOSW_JOBS_TABLE;
    prefix = tables.names.config.slice(0, -'config'.length);
    for (const [name, value] of [
      ['sosw_scheduler_config', PY_SCHEDULER],
      ['sosw_orchestrator_config', PY_ORCHESTRATOR],
    ] as const) {
      await documents.send(new PutCommand({ TableName: tables.names.config, Item: { ...row(name), config_value: JSON.stringify(value) } }));
    }
    // The stack of step 3, on the existing (prefixed) tables; its config rows written as deployed.
    const stack: Stack = newStack('Migrated');
    const sosw = new Sosw(stack, 'Sosw', {
      tablePrefix: prefix,
      // The original's function names (Python workers call sosw_worker_assistant): the CLI's defaults too.
      functionPrefix: '',
      useExistingTables: true,
      schedulesEnabled: false,
      allowNoAlarmTarget: true,
      code: inlineCode(),
      labourers: { w: { arn: ARN('w'), maxSimultaneousInvocations: 2 } },
      essentials: { scheduler: { config: VARIANTS } },
    });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const refs = {
      'AWS::Partition': 'aws',
      'AWS::Region': 'eu-west-1',
      'AWS::AccountId': '123456789012',
      [(stack.resolve(sosw.queueBucket.bucketName) as { Ref: string }).Ref]: bucket,
      [(stack.resolve(sosw.topic.topicArn) as { Ref: string }).Ref]: 'arn:aws:sns:eu-west-1:123456789012:topic',
    };
    for (const r of Object.values(resources).filter((x) => x.Type === 'Custom::SoswConfigRow')) {
      const call = JSON.parse(String(evaluate(r.Properties.Create, refs))) as { action: string; parameters: PutItemCommandInput };
      expect(call.action).toBe('PutItem');
      await dynamo.send(new PutItemCommand(call.parameters));
    }
    environments = {};
    for (const fn of Object.values(resources).filter((x) => x.Type === 'AWS::Lambda::Function')) {
      const name = String(fn.Properties.FunctionName ?? '');
      const variables = (fn.Properties.Environment as { Variables?: unknown } | undefined)?.Variables;
      if (variables !== undefined) environments[name] = evaluate(variables, refs) as Record<string, string>;
    }
  });

  afterAll(async () => {
    await tables?.drop();
    dynamo.destroy();
  });

  it('leaves the original sosw_scheduler_config as Python wrote it', async () => {
    expect(await readRow('sosw_scheduler_config')).toEqual(PY_SCHEDULER);
    expect(await readRow('sosw_scheduler_stack_config')).toEqual(VARIANTS);
  });

  it('the deployed Scheduler and the CLI both read the stack row: the stack bucket and job_schema_variants', async () => {
    for (const e of [environments.sosw_scheduler as Record<string, string>, { ...env, SOSW_QUEUE_BUCKET: bucket }]) {
      const logger = recordingLogger();
      const essentials = createAwsEssentials({ env: e, clients: { dynamodb: dynamo }, logger });
      try {
        const doc = await essentials.document('scheduler');
        expect(doc).toMatchObject({ queue_bucket: bucket, ...VARIANTS });
        expect(doc).not.toHaveProperty('job_schema');
        expect(logger.warnings).toEqual([]);
      } finally {
        await essentials.close();
      }
    }
  });

  it('an old sosw_orchestrator_config still wins, loudly: the essential and sosw status name row, labourer and values', async () => {
    const logger = recordingLogger();
    const essentials = createAwsEssentials({ env: environments.sosw_orchestrator, clients: { dynamodb: dynamo }, logger });
    try {
      const config = resolveOrchestratorConfig(await essentials.document('orchestrator'));
      expect(config.task.labourers.map((l) => [l.id, l.maxSimultaneousInvocations])).toEqual([
        ['w', 5],
        ['retired', 3],
      ]);
    } finally {
      await essentials.close();
    }
    const orchestratorRow = 'sosw_orchestrator_config';
    expect(logger.warnings).toEqual([
      expect.stringContaining(`Config row ${orchestratorRow} redefines labourer "w" of sosw_essential_config`),
      expect.stringContaining(`Config row ${orchestratorRow} defines labourer "retired"`),
    ]);
    expect(logger.warnings[0]).toContain('max_simultaneous_invocations = 5 (sosw_essential_config: 2)');
    expect(logger.warnings[0]).toContain(`Remove task_config.labourers from ${orchestratorRow}`);

    const status = await cli(['status', '--backend', 'aws'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`Warning: Config row ${orchestratorRow} redefines labourer "w"`);
    expect(status.stdout).toContain('"retired"');
  }, 60_000);

  it('stripping task_config.labourers from the old row (the guide step) ends the divergence', async () => {
    // What the guide's get-item | jq 'del(.task_config.labourers)' | update-item SET config_value does.
    const key = { env: { S: 'production' }, config_name: { S: 'sosw_orchestrator_config' } };
    const item = await dynamo.send(new GetItemCommand({ TableName: tables.names.config, Key: key }));
    const value = JSON.parse(item.Item?.config_value?.S ?? '{}') as { task_config?: Record<string, unknown> };
    delete value.task_config?.labourers;
    await documents.send(
      new UpdateCommand({
        TableName: tables.names.config,
        Key: row('sosw_orchestrator_config'),
        UpdateExpression: 'SET config_value = :v',
        ExpressionAttributeValues: { ':v': JSON.stringify(value) },
      }),
    );
    const logger = recordingLogger();
    const essentials = createAwsEssentials({ env: environments.sosw_orchestrator, clients: { dynamodb: dynamo }, logger });
    try {
      const config = resolveOrchestratorConfig(await essentials.document('orchestrator'));
      expect(config.task.labourers.map((l) => [l.id, l.maxSimultaneousInvocations])).toEqual([['w', 2]]);
      expect(logger.warnings).toEqual([]);
    } finally {
      await essentials.close();
    }
  });
});
