/**
 * What an open page of `sosw dashboard --backend aws` costs in DynamoDB requests, counted (not
 * timed) on the one client the dashboard process uses: one refresh of the overview reads each
 * labourer's census (7), its dead and retry lists (1 each) and the control items once (1), so
 * at most 9 × labourers + 1 requests per cache period, however many pages poll. Closed failures
 * add reads of closed items: the dead list of a labourer that has some takes one BatchGetItem, and
 * telling cancelled from dead tasks one Query and one BatchGetItem per 100 tasks closed since the
 * last refresh (nothing while none closed).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRequests, type RequestCounter } from '../../../src/adapters/aws/shared/request-counter.js';
import { type ProjectDashboard, startProjectDashboard } from '../../../src/cli/project-dashboard.js';
import { ManualClock } from '../../../src/core/clock.js';
import { freshSoswTables, tableEnv } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const LABOURERS = 3;
const CACHE_MS = 600_000;
const PER_REFRESH = 9 * LABOURERS + 1;

describe.skipIf(awsTierOff())('DynamoDB requests of an open dashboard page (moto, counted)', () => {
  const dynamo = new DynamoDBClient({});
  const counted = new DynamoDBClient({});
  const clock = new ManualClock(Date.now());
  let counter: RequestCounter;
  let tables: Awaited<ReturnType<typeof freshSoswTables>>;
  let dashboard: ProjectDashboard;
  const saved = { ...process.env };

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    const labourers = Object.fromEntries(Array.from({ length: LABOURERS }, (_, i) => [`l${i}`, { max_simultaneous_invocations: 2 }]));
    await DynamoDBDocumentClient.from(dynamo).send(
      new PutCommand({
        TableName: tables.names.config,
        Item: { env: 'production', config_name: 'sosw_essential_config', config_value: JSON.stringify({ task_config: { labourers } }) },
      }),
    );
    Object.assign(process.env, tableEnv(tables.names));
    counter = countRequests(counted);
    // A cache longer than the test: reads expire only when the manual clock passes it.
    dashboard = await startProjectDashboard(
      { backend: 'aws' },
      { host: '127.0.0.1', port: 0, cacheMs: CACHE_MS, clock, awsClients: { dynamodb: counted } },
    );
    // The sampler's first reading at start.
    for (let i = 0; i < 100 && dashboard.source.sampler.points().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  }, 60_000);

  afterAll(async () => {
    await dashboard?.close();
    counter?.detach();
    await tables?.drop();
    dynamo.destroy();
    process.env = saved;
  });

  const poll = async (): Promise<void> => {
    const response = await fetch(`${dashboard.server.url}/api/sections`);
    expect(response.status).toBe(200);
    await response.json();
  };

  it(`one refresh costs at most 9 × labourers + 1 = ${PER_REFRESH} requests; polls within the cache period cost none`, async () => {
    clock.advance(CACHE_MS + 1);
    counter.reset();
    await poll();
    const refresh = counter.counts();
    expect(counter.total(), JSON.stringify(refresh)).toBeLessThanOrEqual(PER_REFRESH);
    // The control items of every labourer in one BatchGetItem.
    expect(refresh.BatchGetItem ?? 0).toBeLessThanOrEqual(1);

    counter.reset();
    for (let i = 0; i < 5; i++) await poll();
    expect(counter.counts()).toEqual({});

    // Five viewers at once after the period: still one refresh.
    clock.advance(CACHE_MS + 1);
    counter.reset();
    await Promise.all(Array.from({ length: 5 }, () => poll()));
    expect(counter.total(), JSON.stringify(counter.counts())).toBeLessThanOrEqual(PER_REFRESH);
  });

  it('reads closed items only for tasks closed since the last refresh', async () => {
    const closedAt = Math.floor(clock.now() / 1000);
    const closed = (i: number, cancelled: boolean) => ({
      task_id: `closed-${i}`,
      labourer_id: 'l0',
      labourer_id_task_status: 'l0_0',
      created_at: closedAt - 100,
      closed_at: closedAt - 10 + i,
      greenfield: 1000,
      attempts: 3,
      payload: '{}',
      ...(cancelled ? { cancelled_at: closedAt - 10 + i } : {}),
    });
    const write = (items: Record<string, unknown>[]) =>
      DynamoDBDocumentClient.from(dynamo).send(
        new BatchWriteCommand({ RequestItems: { [tables.names.closedTasks]: items.map((Item) => ({ PutRequest: { Item } })) } }),
      );
    await write([closed(0, false), closed(1, true), closed(2, true)]);

    // Three closed failures appeared: the dead list's items (one BatchGetItem), and to tell cancelled
    // from dead one Query for their ids and one BatchGetItem for cancelled_at.
    clock.advance(CACHE_MS + 1);
    counter.reset();
    await poll();
    expect(counter.total(), JSON.stringify(counter.counts())).toBeLessThanOrEqual(PER_REFRESH + 3);
    expect(counter.counts().BatchGetItem).toBe(3);
    const { labourers } = (await (await fetch(`${dashboard.server.url}/api/labourers`)).json()) as {
      labourers: { labourerId: string; dead: number; cancelled: number }[];
    };
    expect(labourers.find((l) => l.labourerId === 'l0')).toMatchObject({ dead: 1, cancelled: 2 });

    // Nothing new closed: the plain refresh and the dead list's items, no cancelled_at read.
    clock.advance(CACHE_MS + 1);
    counter.reset();
    await poll();
    expect(counter.total(), JSON.stringify(counter.counts())).toBeLessThanOrEqual(PER_REFRESH + 1);
    expect(counter.counts().BatchGetItem).toBe(2);
  });
});
