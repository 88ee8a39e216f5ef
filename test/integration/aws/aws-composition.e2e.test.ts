/**
 * The whole AWS composition on one machine: moto serves DynamoDB, S3, SNS, SQS and CloudWatch; the
 * local Lambda-Invoke-API endpoint hosts the four essentials' handlers and three workers, and every
 * invocation (Orchestrator -> worker -> WorkerAssistant, Scheduler -> S3 queue file) goes through
 * the real LambdaInvoker, pointed at the endpoint by AWS_ENDPOINT_URL_LAMBDA. Time is a ManualClock.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaInvoker } from '../../../src/adapters/aws/lambda/lambda-invoker.js';
import {
  type LambdaInvokeEndpoint,
  type LocalLambdaFunction,
  startLambdaInvokeEndpoint,
} from '../../../src/adapters/local/lambda-invoke-endpoint.js';
import { type AwsEssentials, createAwsEssentials } from '../../../src/aws-composition.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createOrchestratorHandler } from '../../../src/essentials/orchestrator/handler.js';
import { createScavengerHandler } from '../../../src/essentials/scavenger/handler.js';
import { createSchedulerHandler } from '../../../src/essentials/scheduler/handler.js';
import { defineWorker } from '../../../src/essentials/worker/define-worker.js';
import { lambdaHandler } from '../../../src/essentials/worker/lambda-handler.js';
import { createWorkerAssistantHandler } from '../../../src/essentials/worker-assistant/handler.js';
import { lambdaRuntime } from '../../../src/lambda/runtime.js';
import { silentLogger } from '../../../src/ports/logger.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff, motoEndpoint, uniqueName } from './helpers.js';

/** moto's SQS through its JSON protocol (no SQS client is installed; moto routes by the credential scope). */
async function sqs(endpoint: string, action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${action}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto SQS ${action} failed (${response.status}): ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function createSqsQueue(endpoint: string, name: string): Promise<{ url: string; arn: string }> {
  const url = (await sqs(endpoint, 'CreateQueue', { QueueName: name })).QueueUrl as string;
  const attributes = await sqs(endpoint, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] });
  return { url, arn: (attributes.Attributes as Record<string, string>).QueueArn! };
}

async function receiveSqsMessages(endpoint: string, url: string): Promise<string[]> {
  const received = await sqs(endpoint, 'ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 });
  return ((received.Messages ?? []) as Array<{ Body: string }>).map((m) => m.Body);
}

const NAMESPACE = uniqueName('Warehouse');
const LABOURERS = {
  flaky: { max_simultaneous_invocations: 5, max_attempts: 3, max_duration: 5 },
  doomed: { max_simultaneous_invocations: 5, max_attempts: 2, max_duration: 5 },
  throttled: {
    max_simultaneous_invocations: 5,
    max_duration: 5,
    health_metrics: {
      warehouse_load: {
        details: { Namespace: NAMESPACE, MetricName: 'Load', Period: 60, MetricAggregationTimeSlice: 60, Statistics: ['Maximum'] },
        feelings: { '4': 50 },
        feeling_comparison_operator: 'le',
      },
    },
  },
};

describe.skipIf(awsTierOff())('AWS composition end to end (moto + local Lambda endpoint)', () => {
  const dynamo = new DynamoDBClient({});
  const cloudwatch = new CloudWatchClient({});
  const sns = new SNSClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  let tables: Awaited<ReturnType<typeof freshSoswTables>>;
  let endpoint: LambdaInvokeEndpoint;
  let lambda: LambdaClient;
  let essentials: AwsEssentials;
  let queueUrl: string;
  const emf: Array<Record<string, unknown>> = [];
  const previousLambdaEndpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;

  const call = async (name: string, event: unknown = {}): Promise<Record<string, unknown>> => {
    const response = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(event) }));
    const payload = JSON.parse(new TextDecoder().decode(response.Payload)) as Record<string, unknown>;
    if (response.FunctionError !== undefined) throw new Error(`${name} failed: ${JSON.stringify(payload)}`);
    return payload;
  };
  const warehouseLoad = (value: number) =>
    cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: NAMESPACE,
        MetricData: [{ MetricName: 'Load', Value: value, Timestamp: new Date(clock.now() - 1000) }],
      }),
    );

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    const bucket = uniqueName('sosw-queue');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('SoswDeadTasks') }))).TopicArn!;
    const queue = await createSqsQueue(motoEndpoint()!, uniqueName('dead-tasks'));
    queueUrl = queue.url;
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }));
    const documents = DynamoDBDocumentClient.from(dynamo);
    const rows = {
      sosw_essential_config: { task_config: { labourers: LABOURERS } },
      sosw_scheduler_config: { rows_to_process: 2, job_schema_variants: { default: { chunkable_attrs: ['section'] } } },
    };
    for (const [name, value] of Object.entries(rows)) {
      await documents.send(
        new PutCommand({
          TableName: tables.names.config,
          Item: { env: 'production', config_name: name, config_value: JSON.stringify(value) },
        }),
      );
    }

    endpoint = await startLambdaInvokeEndpoint();
    process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint.url;
    lambda = new LambdaClient({});
    // Each essential gets its own composition, as separate Lambda functions would; `essentials` is for assertions.
    const options = {
      env: {
        SOSW_TASKS_TABLE: tables.names.tasks,
        SOSW_CLOSED_TASKS_TABLE: tables.names.closedTasks,
        SOSW_RETRY_TASKS_TABLE: tables.names.retryTasks,
        SOSW_META_TABLE: tables.names.meta,
        SOSW_CONFIG_TABLE: tables.names.config,
        SOSW_QUEUE_BUCKET: bucket,
        SOSW_DEAD_TASKS_TOPIC_ARN: topicArn,
      },
      clock,
      clients: { s3 },
      random: () => 0.5,
      logger: silentLogger,
      write: (line: string) => emf.push(JSON.parse(line) as Record<string, unknown>),
    };
    essentials = createAwsEssentials(options);
    endpoint.register('sosw_scheduler', {
      timeoutSeconds: 900,
      handler: createSchedulerHandler(() => lambdaRuntime('scheduler', (e) => e.scheduler(), options)),
    });
    endpoint.register('sosw_orchestrator', {
      timeoutSeconds: 60,
      handler: createOrchestratorHandler(() => lambdaRuntime('orchestrator', (e) => e.orchestrator(), options)),
    });
    endpoint.register('sosw_scavenger', {
      timeoutSeconds: 60,
      handler: createScavengerHandler(() => lambdaRuntime('scavenger', (e) => e.scavenger(), options)),
    });
    endpoint.register('sosw_worker_assistant', {
      timeoutSeconds: 30,
      handler: createWorkerAssistantHandler(() => lambdaRuntime('worker_assistant', (e) => e.workerAssistant(), options)),
    });
    // The endpoint's context has every field workers read; Lambda's deprecated callbacks are not among them.
    const worker = (name: string, fn: (attempt: number) => unknown): LocalLambdaFunction => {
      const handler = lambdaHandler(
        defineWorker((_payload, ctx) => fn(ctx.task?.attempts ?? 0), { name }),
        {
          functionName: name,
          invoker: new LambdaInvoker(),
          logger: silentLogger,
          reportRetry: { attempts: 1, baseDelayMs: 1 },
        },
      );
      return { timeoutSeconds: 5, handler: (event, ctx) => handler(event, ctx as unknown as Context) };
    };
    endpoint.register(
      'flaky',
      worker('flaky', (attempt) => {
        if (attempt === 1) throw new Error('first try fails');
        return { ok: attempt };
      }),
    );
    endpoint.register(
      'doomed',
      worker('doomed', () => {
        throw new Error('always fails');
      }),
    );
    endpoint.register(
      'throttled',
      worker('throttled', () => ({ ok: true })),
    );
  });

  afterAll(async () => {
    if (previousLambdaEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    else process.env.AWS_ENDPOINT_URL_LAMBDA = previousLambdaEndpoint;
    await essentials?.close();
    await endpoint?.close();
    await tables?.drop();
    for (const client of [dynamo, cloudwatch, sns, s3, lambda]) client?.destroy();
  });

  it('takes jobs in through the Scheduler and closes every task: retried, dead, throttled until healthy', async () => {
    const scheduled = await Promise.all([
      call('sosw_scheduler', { lambda_name: 'flaky', isolate_sections: true, sections: ['a', 'b'] }),
      call('sosw_scheduler', { lambda_name: 'doomed', isolate_sections: true, sections: ['x'] }),
      call('sosw_scheduler', { lambda_name: 'throttled', isolate_sections: true, sections: ['p', 'q', 'r'] }),
    ]);
    expect(scheduled.map((r) => r.queued)).toEqual([2, 1, 3]);

    // The warehouse is busy: the throttled labourer gets health 0, so nothing of it is invoked.
    await warehouseLoad(90);
    const first = await call('sosw_orchestrator', { 'detail-type': 'Scheduled Event' });
    await endpoint.idle();
    expect(first.labourers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labourerId: 'flaky', invoked: 2 }),
        expect.objectContaining({ labourerId: 'doomed', invoked: 1 }),
        expect.objectContaining({ labourerId: 'throttled', invoked: 0 }),
      ]),
    );

    // Failed first attempts go to the retry table (5 s x 1 attempt), then come back when due.
    expect(await call('sosw_scavenger')).toMatchObject({ retried: 3, dead: [] });
    clock.advanceSeconds(120);
    expect(await call('sosw_scavenger')).toMatchObject({ returned: 3 });

    // The warehouse calmed down: everything is invoked; flaky succeeds, doomed fails its last attempt.
    await warehouseLoad(10);
    const second = await call('sosw_orchestrator');
    await endpoint.idle();
    expect(second.invoked).toBe(6);
    const closing = await call('sosw_scavenger');
    expect(closing).toMatchObject({ archived: 5, notified: true });
    expect(closing.dead).toHaveLength(1);

    const store = await essentials.store();
    for (const id of ['flaky', 'doomed', 'throttled']) {
      expect(await store.countQueued(id, Number.MAX_SAFE_INTEGER)).toBe(0);
      expect(await store.countRetries(id)).toBe(0);
    }
    expect(await store.countClosed('flaky', true)).toBe(2);
    expect(await store.countClosed('throttled', true)).toBe(3);
    expect(await store.countClosed('doomed', false)).toBe(1);
    const [deadId] = closing.dead as string[];
    const trail = (await essentials.metaLog.forTask(deadId!)).map((e) => e.action);
    // Every row of every change, none overwritten by a later row stamped at the same (manual) clock reading.
    expect(trail).toEqual([
      'created',
      'invoked',
      'marked_as_failed',
      'scheduled_for_retry',
      'ready_for_retry',
      'invoked',
      'marked_as_failed',
      'archived_dead',
    ]);

    // Every essential flushed its counters as CloudWatch embedded-metric-format lines.
    const total = (metric: string, labourer: string): number =>
      emf.filter((l) => l.labourer === labourer).reduce((n, l) => n + (typeof l[metric] === 'number' ? (l[metric] as number) : 0), 0);
    expect(total('tasks_queued', 'throttled')).toBe(3);
    expect(total('tasks_invoked', 'flaky')).toBe(4);
    expect(total('tasks_completed', 'flaky')).toBe(2);
    expect(total('tasks_failed', 'doomed')).toBe(2);
    expect(total('tasks_retried', 'doomed')).toBe(1);
    expect(total('tasks_dead', 'doomed')).toBe(1);

    const messages = await receiveSqsMessages(motoEndpoint()!, queueUrl);
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]!).Message).toContain(`Closing dead task: ${deadId}`);

    // The Orchestrator and Scavenger functions wrote minute rollups to the meta table, nobody watching.
    const rollups = await (await essentials.history()).read(['flaky', 'doomed', 'throttled'], 0, Number.MAX_SAFE_INTEGER);
    const rolled = (labourer: string, field: 'invoked' | 'completed' | 'failed' | 'dead'): number =>
      rollups.filter((r) => r.labourerId === labourer).reduce((n, r) => n + r[field], 0);
    expect(rolled('flaky', 'invoked')).toBe(total('tasks_invoked', 'flaky'));
    expect(rolled('flaky', 'completed')).toBe(2);
    expect(rolled('throttled', 'completed')).toBe(3);
    expect(rolled('doomed', 'failed')).toBe(total('tasks_retried', 'doomed'));
    expect(rolled('doomed', 'dead')).toBe(1);
    expect(rollups.some((r) => r.queued !== null)).toBe(true);
  });
});
