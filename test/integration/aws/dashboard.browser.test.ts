/**
 * `sosw dashboard --backend aws` on moto, driven in headless Chromium as the SQLite browser test
 * drives `sosw dev`: filters and pages of the explorer, a bulk redrive, a bulk cancel, a pause,
 * the jobs view, axe-core (no serious violations) and a 390 px phone without horizontal scroll.
 * The tasks are put in place through the AWS composition (workers simulated on the store).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEssentials, createAwsEssentials } from '../../../src/aws-composition.js';
import { type CliProcess, startCli } from '../../e2e/cli-process.js';
import { fitsWidth, launchChromium, seriousViolations } from '../../helpers/browser.js';
import { freshSoswTables, tableEnv } from './dynamo-tables.js';
import { awsTierOff, uniqueName } from './helpers.js';

const DELTA = 31_557_600;
const SUCCEEDED = 12;
const DEAD = 2;
const QUEUED_V = 6;

describe.skipIf(awsTierOff())('sosw dashboard --backend aws in Chromium (moto)', () => {
  const dynamo = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  let tables: Awaited<ReturnType<typeof freshSoswTables>>;
  let essentials: AwsEssentials;
  let dashboard: CliProcess;
  let url: string;
  let dir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    tables = await freshSoswTables(dynamo);
    const bucket = uniqueName('sosw-dash-queue');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const rows = {
      sosw_essential_config: {
        task_config: {
          labourers: {
            w: { max_simultaneous_invocations: 4, max_attempts: 1, max_duration: 30 },
            v: { max_simultaneous_invocations: 4, max_duration: 30 },
          },
        },
      },
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
    const env = { ...tableEnv(tables.names), SOSW_QUEUE_BUCKET: bucket };
    essentials = createAwsEssentials({ env, clients: { dynamodb: dynamo, s3 } });

    // w: 14 tasks, 12 succeeded and 2 dead; v: 6 queued.
    const scheduler = await essentials.scheduler();
    const items = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${String(i).padStart(2, '0')}`);
    await scheduler.run({ job_id: 'wj', lambda_name: 'w', items: items(SUCCEEDED + DEAD, 'w'), isolate_items: true });
    await scheduler.run({ job_id: 'vj', lambda_name: 'v', items: items(QUEUED_V, 'v'), isolate_items: true });
    const store = await essentials.store();
    const now = Math.floor(Date.now() / 1000);
    const ids = (await store.nextQueued('w', now + 1, 100)).map((t) => t.taskId);
    expect(ids).toHaveLength(SUCCEEDED + DEAD);
    await store.claimMany(ids, now + 1, now + DELTA);
    for (const id of ids.slice(0, SUCCEEDED))
      await store.report({ taskId: id, outcome: 'completed', at: now, invokedAtLeast: now + DELTA });
    for (const id of ids) await store.archive(id, now);

    dashboard = startCli(['dashboard', '--backend', 'aws', '--port', '0', '--cache', '250', '--json'], { env });
    await dashboard.waitFor(/"url"/, 60_000);
    url = (JSON.parse(dashboard.output().stdout.trim().split('\n')[0] as string) as { url: string }).url;
    dir = mkdtempSync(join(tmpdir(), 'sosw-dashboard-aws-'));
    context = await launchChromium(join(dir, 'profile'));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (dashboard !== undefined) {
      dashboard.child.kill('SIGINT');
      await dashboard.exited();
    }
    await essentials?.close();
    await tables?.drop();
    dynamo.destroy();
    s3.destroy();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const count = (page: Page) => page.getByTestId('explorer-count').textContent();

  it('filters, pages, bulk-redrives, bulk-cancels, pauses and shows the jobs; accessible and 390 px wide', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (dialog) => void dialog.accept());
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(url)) external.push(r.url());
    });

    // Overview: the tiles show what the tables hold.
    await page.goto(url);
    const w = page.getByTestId('labourer-w');
    await expect.poll(async () => Number(await w.getByTestId('completed').first().textContent()), { timeout: 15_000 }).toBe(SUCCEEDED);
    expect(Number(await w.getByTestId('dead').first().textContent())).toBe(DEAD);
    expect(Number(await page.getByTestId('labourer-v').getByTestId('queued').first().textContent())).toBe(QUEUED_V);
    expect(await seriousViolations(page)).toEqual([]);

    // Explorer: filters from the form, then the next page.
    await page.goto(`${url}/explore`);
    await page.selectOption('#f-labourer', 'w');
    await page.selectOption('#f-state', 'succeeded');
    await page.selectOption('#f-limit', '10');
    await page.locator('#f-prefix').press('Enter');
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(`1–10 of ${SUCCEEDED} tasks`);
    expect(await page.locator('[data-testid=explorer-row][data-state=succeeded]').count()).toBe(10);
    await page.getByTestId('page-next').click();
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(`11–${SUCCEEDED} of ${SUCCEEDED} tasks`);
    expect(await seriousViolations(page)).toEqual([]);

    // Bulk redrive of a selection: one dead task goes back to the queue, audited with the bulk id.
    const store = await essentials.store();
    const [dead] = await store.recentClosed('w', false, 1);
    const deadId = dead?.taskId as string;
    await page.goto(`${url}/explore?state=dead`);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(`1–${DEAD} of ${DEAD} tasks`);
    await page.locator(`input.pick[value="${deadId}"]`).check();
    await page.locator('[data-bulk=selection][data-action=redrive]').click();
    await expect.poll(() => page.getByTestId('toast').textContent(), { timeout: 10_000 }).toContain('Redrove 1 of 1');
    expect(await store.getClosed(deadId)).toBeNull();
    expect((await essentials.metaLog.forTask(deadId)).find((e) => e.action === 'redriven')?.extra).toMatchObject({
      bulk_id: expect.any(String),
    });

    // Bulk cancel of every queued task of v (the filter), confirmed with the count.
    await page.goto(`${url}/explore?labourer=v&state=queued`);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(`1–${QUEUED_V} of ${QUEUED_V} tasks`);
    await page.locator('[data-bulk=filter][data-action=cancel]').click();
    await expect.poll(() => page.getByTestId('toast').textContent(), { timeout: 10_000 }).toContain(`Cancelled ${QUEUED_V} of ${QUEUED_V}`);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(await store.countQueued('v', nowSeconds + 1)).toBe(0);
    const vj = await (await essentials.jobs())?.get('vj');
    expect(vj?.job.cancelled).toBe(QUEUED_V);
    expect(vj?.tasks).toMatchObject({ queued: 0, cancelled: QUEUED_V });
    await page.goto(`${url}/explore?state=cancelled`);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBe(`1–${QUEUED_V} of ${QUEUED_V} tasks`);

    // Pause w from its card (confirmed), then resume: the control item and its audit rows.
    await page.goto(url);
    const card = page.getByTestId('labourer-w');
    await card.locator('[data-control=pause]').click();
    await expect.poll(() => card.getByTestId('control-state').textContent(), { timeout: 10_000 }).toBe('paused');
    await card.locator('[data-control=resume]').click();
    await expect.poll(() => card.getByTestId('control-state').textContent(), { timeout: 10_000 }).toBe('active');
    const controlRows = (await essentials.metaLog.forTask('control#w')).map((e) => e.action);
    expect(controlRows).toEqual(['paused', 'resumed']);

    // The jobs view: both job records from the jobs table.
    await page.goto(`${url}/jobs`);
    expect(await page.getByTestId('job-row').count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);

    // A phone: 390 px wide, no horizontal scroll on any view.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/explore?limit=50', `/tasks/${deadId}`, '/jobs']) {
      await page.goto(`${url}${path}`);
      await page.waitForLoadState('domcontentloaded');
      const { scrollWidth, viewport } = await fitsWidth(page);
      expect({ path, scrollWidth }).toEqual({ path, scrollWidth: viewport });
    }
    expect(await seriousViolations(page)).toEqual([]);
    expect(external).toEqual([]);
  }, 120_000);
});
