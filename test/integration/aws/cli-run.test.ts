/** `sosw run`, `schedule`, `status` and `tasks` as subprocesses against moto (`--backend aws`), workers on the local Lambda endpoint. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaInvokeEndpoint, startLambdaInvokeEndpoint } from '../../../src/adapters/local/lambda-invoke-endpoint.js';
import { runCli, startCli } from '../../e2e/cli-process.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

describe.skipIf(awsTierOff())('sosw CLI --backend aws (subprocess, moto)', () => {
  const dynamo = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  const invocations: Array<Record<string, unknown>> = [];
  let tables: Awaited<ReturnType<typeof freshSoswTables>>;
  let endpoint: LambdaInvokeEndpoint;
  let env: NodeJS.ProcessEnv;
  let dir: string;

  const cli = async (args: string[]): Promise<Record<string, unknown>> => {
    const result = await runCli([...args, '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    const bucket = uniqueName('sosw-cli-queue');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const rows = {
      sosw_essential_config: { task_config: { labourers: { w: { max_simultaneous_invocations: 10, max_attempts: 1, max_duration: 30 } } } },
      sosw_scheduler_config: { job_schema_variants: { default: { chunkable_attrs: ['item'] } } },
    };
    for (const [name, value] of Object.entries(rows)) {
      await DynamoDBDocumentClient.from(dynamo).send(
        new PutCommand({
          TableName: tables.names.config,
          Item: { env: 'production', config_name: name, config_value: JSON.stringify(value) },
        }),
      );
    }
    endpoint = await startLambdaInvokeEndpoint({
      functions: { w: { timeoutSeconds: 30, handler: (event) => void invocations.push(event as Record<string, unknown>) } },
    });
    dir = mkdtempSync(join(tmpdir(), 'sosw-cli-aws-'));
    env = {
      SOSW_BACKEND: 'aws',
      AWS_ENDPOINT_URL_LAMBDA: endpoint.url,
      SOSW_TASKS_TABLE: tables.names.tasks,
      SOSW_CLOSED_TASKS_TABLE: tables.names.closedTasks,
      SOSW_RETRY_TASKS_TABLE: tables.names.retryTasks,
      SOSW_META_TABLE: tables.names.meta,
      SOSW_CONFIG_TABLE: tables.names.config,
      SOSW_QUEUE_BUCKET: bucket,
    };
  });

  afterAll(async () => {
    await endpoint?.close();
    await tables?.drop();
    dynamo.destroy();
    s3.destroy();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('schedules, dispatches, reports and archives through the essentials, then shows the tasks', async () => {
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify({ lambda_name: 'w', items: ['c'], isolate_items: true }));

    expect(
      await cli(['run', 'scheduler', '--event', JSON.stringify({ lambda_name: 'w', items: ['a', 'b'], isolate_items: true })]),
    ).toMatchObject({
      labourerId: 'w',
      queued: 2,
      done: true,
    });
    // The dry run plans with the config rows the deployed Scheduler reads (which split by item), not a local file.
    const twoItems = join(dir, 'two-items.json');
    writeFileSync(twoItems, JSON.stringify({ lambda_name: 'w', items: ['x', 'y'], isolate_items: true }));
    // A local project config that knows another labourer must not matter with --backend aws.
    const local = join(dir, 'local-project');
    mkdirSync(local, { recursive: true });
    writeFileSync(join(local, 'sosw.config.json'), JSON.stringify({ labourers: { other: {} } }));
    const dry = await runCli(['schedule', twoItems, '--dry-run', '--json'], { env, cwd: local });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout.trim().split('\n').at(-1) as string)).toMatchObject({ dry_run: true, labourer_id: 'w', total: 2 });
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ lambda_name: 'nope' }));
    const refused = await runCli(['schedule', unknown, '--dry-run'], { env, cwd: local });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/job\.unknownLabourer.*Registered labourers: w/);
    expect(await cli(['schedule', jobFile])).toMatchObject({ labourer_id: 'w', queued: 1, done: true });
    expect(await cli(['run', 'orchestrator'])).toMatchObject({ invoked: 3 });
    await endpoint.idle();
    expect(invocations.map((e) => e.items)).toEqual(expect.arrayContaining([['a'], ['b'], ['c']]));

    const taskId = invocations[0]!.task_id as string;
    expect(
      await cli(['run', 'worker-assistant', '--event', JSON.stringify({ action: 'mark_task_as_completed', task_id: taskId, attempts: 1 })]),
    ).toEqual({
      action: 'mark_task_as_completed',
      taskId,
      applied: true,
    });
    expect(await cli(['run', 'scavenger'])).toMatchObject({ archived: 1, dead: [] });

    const status = await cli(['status']);
    expect(status.labourers).toEqual([
      expect.objectContaining({ labourerId: 'w', running: 2, completed: 1, queued: 0, health: 4, cap: 10 }),
    ]);
    const shown = await cli(['tasks', taskId]);
    expect(shown).toMatchObject({ task: { taskId, state: 'succeeded' } });
    expect((shown.audit as Array<{ action: string }>).map((a) => a.action)).toEqual([
      'created',
      'invoked',
      'marked_as_completed',
      'archived',
    ]);
  });

  it('without SOSW_JOBS_TABLE the job verbs answer job.notConfigured (exit 1)', async () => {
    const result = await runCli(['jobs', '--json'], { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'job.notConfigured', details: { env: 'SOSW_JOBS_TABLE' } } });
  });

  it('with SOSW_JOBS_TABLE: schedule a job_id twice (one job), list it, show it, cancel it twice', async () => {
    const jobsEnv = { ...env, SOSW_JOBS_TABLE: tables.names.jobs };
    const jobs = async (args: string[]): Promise<Record<string, unknown>> => {
      const result = await runCli([...args, '--json'], { env: jobsEnv });
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    const jobFile = join(dir, 'aws-job.json');
    writeFileSync(jobFile, JSON.stringify({ job_id: 'aws-1', lambda_name: 'w', items: ['p', 'q', 'r'], isolate_items: true }));
    expect(await jobs(['schedule', jobFile])).toMatchObject({ job_id: 'aws-1', queued: 3, alreadyScheduled: false });
    expect(await jobs(['schedule', jobFile])).toMatchObject({
      job_id: 'aws-1',
      queued: 0,
      alreadyScheduled: true,
      job: { jobId: 'aws-1', planned: 3, state: 'running' },
    });
    const listed = (await jobs(['jobs'])) as { jobs: Array<{ jobId: string; planned: number }> };
    expect(listed.jobs).toEqual([expect.objectContaining({ jobId: 'aws-1', planned: 3 })]);
    expect(await jobs(['jobs', 'aws-1'])).toMatchObject({ job: { jobId: 'aws-1' }, tasks: { queued: 3, cancelled: 0 } });
    expect(await jobs(['cancel', 'aws-1', '--by', 'ann'])).toMatchObject({
      alreadyCancelled: false,
      cancelledTasks: 3,
      job: { state: 'cancelled', cancelled: 3 },
    });
    expect(await jobs(['cancel', 'aws-1'])).toMatchObject({ alreadyCancelled: true, cancelledTasks: 0 });
    const unknown = await runCli(['jobs', 'nope', '--json'], { env: jobsEnv });
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'job.notFound' } });
  });

  it('sosw dashboard --backend aws serves the explorer, the job records and /metrics over the tables', async () => {
    // Runs after the job test above: job aws-1 is cancelled, its three tasks closed as cancelled.
    const dashboard = startCli(['dashboard', '--port', '0', '--cache', '250', '--json'], {
      env: { ...env, SOSW_JOBS_TABLE: tables.names.jobs },
    });
    try {
      await dashboard.waitFor(/"url"/);
      const { url } = JSON.parse(dashboard.output().stdout.trim().split('\n')[0] as string) as { url: string };
      const get = async <T>(path: string): Promise<T> => {
        const response = await fetch(`${url}${path}`);
        expect(response.status, path).toBe(200);
        return (await response.json()) as T;
      };
      const cancelled = await get<{ total: number; tasks: Array<{ state: string; jobId?: string }> }>(
        '/api/explore?labourer=w&state=cancelled&job=aws-1',
      );
      expect(cancelled.total).toBe(3);
      for (const task of cancelled.tasks) expect(task).toMatchObject({ state: 'cancelled', jobId: 'aws-1' });
      const all = await get<{ total: number }>('/api/explore?labourer=w');
      expect(all.total).toBeGreaterThanOrEqual(6);
      const jobs = await get<{ records?: { jobs: Array<{ jobId: string; state: string }> } }>('/api/jobs');
      expect(jobs.records?.jobs).toEqual([expect.objectContaining({ jobId: 'aws-1', state: 'cancelled' })]);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^sosw_jobs\{state="cancelled"\} 1$/m);
      const page = await fetch(`${url}/explore?labourer=w`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('of');
    } finally {
      dashboard.child.kill('SIGINT');
      await dashboard.exited();
    }
  });

  it('refuses --config with the aws backend, naming the flag', async () => {
    const result = await runCli(['status', '--config', 'sosw.config.json'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--config applies to the sqlite backend/);
  });
});
