/**
 * DynamoDB requests per minute of `sosw dashboard --backend aws` (the command's own wiring,
 * cli/project-dashboard.ts, default cache 5 s) while one page is open in headless Chromium, and
 * while no page is open (counted from a minute after the page closed), for 1 and 10 labourers on moto. Every request the dashboard process
 * sends goes through one DynamoDB client with the request-counting middleware. The documented
 * bound is 12 x (9 x labourers + 1) per minute.
 * Run: npx tsx bench/dashboard-requests.bench.ts [minutes with the page open, default 2] [labourer counts, default 1,10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createSoswTables, deleteSoswTables } from '../src/adapters/aws/dynamodb/create-sosw-tables.js';
import { countRequests } from '../src/adapters/aws/shared/request-counter.js';
import { startProjectDashboard } from '../src/cli/project-dashboard.js';
import { DEFAULT_PROJECT_CACHE_MS, SAMPLE_WHILE_VIEWED_MS } from '../src/dashboard/project-source.js';
import { launchChromium } from '../test/helpers/browser.js';
import { startMotoServer } from '../test/integration/aws/moto.js';

const MINUTES = Number(process.argv[2] ?? 2);
const COUNTS = (process.argv[3] ?? '1,10').split(',').map(Number);
const IDLE_MINUTES = 1;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const moto = await startMotoServer();
Object.assign(process.env, moto.env);
const admin = new DynamoDBClient({});
const dir = mkdtempSync(join(tmpdir(), 'sosw-dash-bench-'));
const context = await launchChromium(join(dir, 'profile'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  for (const labourers of COUNTS) {
    const prefix = `b${labourers}_${Date.now().toString(36)}`;
    const names = await createSoswTables(admin, {
      tasks: `${prefix}_sosw_tasks`,
      closedTasks: `${prefix}_sosw_closed_tasks`,
      retryTasks: `${prefix}_sosw_retry_tasks`,
      meta: `${prefix}_sosw_tasks_meta`,
      config: `${prefix}_config`,
      jobs: `${prefix}_sosw_jobs`,
    });
    const config = Object.fromEntries(Array.from({ length: labourers }, (_, i) => [`l${i}`, { max_simultaneous_invocations: 5 }]));
    await DynamoDBDocumentClient.from(admin).send(
      new PutCommand({
        TableName: names.config,
        Item: {
          env: 'production',
          config_name: 'sosw_essential_config',
          config_value: JSON.stringify({ task_config: { labourers: config } }),
        },
      }),
    );
    Object.assign(process.env, {
      SOSW_TASKS_TABLE: names.tasks,
      SOSW_CLOSED_TASKS_TABLE: names.closedTasks,
      SOSW_RETRY_TASKS_TABLE: names.retryTasks,
      SOSW_META_TABLE: names.meta,
      SOSW_CONFIG_TABLE: names.config,
      SOSW_JOBS_TABLE: names.jobs,
    });
    const client = new DynamoDBClient({});
    const counter = countRequests(client);
    const dashboard = await startProjectDashboard(
      { backend: 'aws' },
      { host: '127.0.0.1', port: 0, cacheMs: DEFAULT_PROJECT_CACHE_MS, awsClients: { dynamodb: client } },
    );
    await sleep(2000);

    counter.reset();
    const page = await context.newPage();
    await page.goto(dashboard.server.url);
    await sleep(MINUTES * 60_000);
    const open = { total: counter.total(), counts: counter.counts() };
    await page.close();

    // The charts keep sampling for SAMPLE_WHILE_VIEWED_MS after the last view; count after it.
    await sleep(SAMPLE_WHILE_VIEWED_MS + 5000);
    counter.reset();
    await sleep(IDLE_MINUTES * 60_000);
    const idle = counter.total();

    const perMinute = open.total / MINUTES;
    const documented = 12 * (9 * labourers + 1);
    console.log(
      `${labourers} labourer(s): page open ${MINUTES} min: ${open.total} requests = ${perMinute.toFixed(1)}/min ` +
        `(documented bound ${documented}/min) ${JSON.stringify(open.counts)}; no page open (after the grace minute): ${(idle / IDLE_MINUTES).toFixed(1)}/min`,
    );
    await dashboard.close();
    counter.detach();
    client.destroy();
    await deleteSoswTables(admin, names);
  }
} finally {
  await context.close();
  admin.destroy();
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
}
