/**
 * A misconfigured deployment fails the essentials' invocations (their Lambda Errors alarms) with
 * coded errors naming the table, row, env and variable to fix, against moto: a missing table, a
 * missing or misplaced config row. The CLI runs from the sources (`sosw run` exits 1).
 */
import { spawn } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { createAwsEssentials } from '../../../src/aws-composition.js';
import { SoswError } from '../../../src/core/errors.js';
import type { EssentialContext } from '../../../src/essentials/essential-handler.js';
import { createOrchestratorHandler } from '../../../src/essentials/orchestrator/handler.js';
import { createScavengerHandler } from '../../../src/essentials/scavenger/handler.js';
import { freshSoswTables, tableEnv } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

const ROW = { task_config: { labourers: { greeter: { max_simultaneous_invocations: 5, max_duration: 30, max_attempts: 3 } } } };

function context(): EssentialContext {
  return { awsRequestId: uniqueName('r'), getRemainingTimeInMillis: () => 60_000 };
}

async function rejection(promise: Promise<unknown>): Promise<SoswError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(SoswError.is(error), String(error)).toBe(true);
  return error as SoswError;
}

/** `sosw <args>` from the sources (dist may be stale), with `env` over the test's environment. */
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

describe.skipIf(awsTierOff())('misconfigured essentials on AWS (moto)', () => {
  const dynamo = new DynamoDBClient({});
  let tables: Awaited<ReturnType<typeof freshSoswTables>>;
  let env: Record<string, string>;

  const putRow = async (configEnv: string, name: string, value: unknown): Promise<void> => {
    await DynamoDBDocumentClient.from(dynamo).send(
      new PutCommand({ TableName: tables.names.config, Item: { env: configEnv, config_name: name, config_value: JSON.stringify(value) } }),
    );
  };

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    env = tableEnv(tables.names);
    await putRow('production', 'sosw_essential_config', ROW);
    await putRow('rootlab', 'sosw_essential_config', { labourers: ROW.task_config.labourers });
  });

  afterAll(async () => {
    await tables?.drop();
    dynamo.destroy();
  });

  it('the Orchestrator fails when the tasks table is missing, naming it; the decision reason is kept', async () => {
    const missing = uniqueName('nope');
    const essentials = createAwsEssentials({ env: { ...env, SOSW_TASKS_TABLE: missing }, clients: { dynamodb: dynamo } });
    const handler = createOrchestratorHandler(async () => ({ engine: await essentials.orchestrator() }));

    const error = await rejection(handler({}, context()));
    await essentials.close();

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain(`DynamoDB table ${missing}`);
    const result = error.details.result as { labourers: Array<{ lastReason: string }> };
    expect(result.labourers[0]?.lastReason).toContain('operator controls could not be read');
  });

  it('the Scavenger fails when the retry table is missing, after archiving what it could', async () => {
    const missing = uniqueName('nope');
    const essentials = createAwsEssentials({ env: { ...env, SOSW_RETRY_TASKS_TABLE: missing }, clients: { dynamodb: dynamo } });
    const handler = createScavengerHandler(async () => ({ engine: await essentials.scavenger() }));

    const error = await rejection(handler({}, context()));
    await essentials.close();

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain('every labourer failed');
    expect(error.message).toContain(
      `DynamoDB table ${missing} (the retry table: SOSW_RETRY_TASKS_TABLE, tableNames.retryTasks) does not exist (dueRetries)`,
    );
  });

  it('a move into a missing retry table names that table first, not only the tasks table', async () => {
    const missing = uniqueName('nope');
    const store = new DynamoTaskStore({ client: dynamo, tableNames: { ...tables.names, retryTasks: missing } });
    const [task] = await store.enqueue('greeter', [{ payload: '{}' }], Date.now() / 1000);

    const error = await rejection(store.moveToRetry(task?.taskId as string, Date.now() / 1000 + 60));
    await store.close();

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain(`${missing} (the retry table: SOSW_RETRY_TASKS_TABLE, tableNames.retryTasks)`);
    expect(error.message).toContain('(CLI, Lambda functions)');
    expect((error.details.tables as string[])[0]).toBe(missing);
  });

  it('a missing config table is config.sourceUnavailable naming it and SOSW_CONFIG_TABLE', async () => {
    const missing = uniqueName('nope');
    const essentials = createAwsEssentials({ env: { ...env, SOSW_CONFIG_TABLE: missing }, clients: { dynamodb: dynamo } });

    const error = await rejection(essentials.orchestrator());
    await essentials.close();

    expect(error.code).toBe('config.sourceUnavailable');
    expect(error.message).toContain(`DynamoDB config table ${missing} does not exist`);
    expect(error.message).toContain('SOSW_CONFIG_TABLE for the CLI and the Lambda functions');
  });

  it('a missing config row is config.notFound naming the rows, the table and the env', async () => {
    const essentials = createAwsEssentials({ env: { ...env, SOSW_CONFIG_ENV: 'prod' }, clients: { dynamodb: dynamo } });

    const error = await rejection(essentials.orchestrator());
    await essentials.close();

    expect(error.code).toBe('config.notFound');
    expect(error.message).toContain(
      `No config row sosw_essential_config nor sosw_orchestrator_config in DynamoDB table ${tables.names.config} (env prod)`,
    );
    expect(error.message).toContain('SOSW_CONFIG_ENV');
  });

  it('a row with labourers at its root is config.invalid saying they belong under task_config', async () => {
    const essentials = createAwsEssentials({ env: { ...env, SOSW_CONFIG_ENV: 'rootlab' }, clients: { dynamodb: dynamo } });

    const error = await rejection(essentials.scheduler());
    await essentials.close();

    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain('it belongs under task_config');
  });

  it('sosw run and sosw status exit 1 with the coded error', async () => {
    const missing = uniqueName('nope');
    const run = await cli(['run', 'orchestrator', '--backend', 'aws'], { ...env, SOSW_TASKS_TABLE: missing });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('error [store.unavailable]');
    expect(run.stderr).toContain(missing);

    const status = await cli(['status', '--backend', 'aws'], { ...env, SOSW_CONFIG_ENV: 'prod' });
    expect(status.code, status.stderr).toBe(1);
    expect(status.stderr).toContain('error [config.notFound]');
  });
});
