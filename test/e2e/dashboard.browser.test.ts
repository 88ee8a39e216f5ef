/**
 * The dashboard in real headless Chromium: the demo project runs on the embedded runtime with the
 * dashboard on a free loopback port; the page must show the numbers the store holds, update live,
 * and redrive a dead task.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDashboardSource } from '../../src/dashboard/embedded-source.js';
import { type DashboardServer, startDashboardServer } from '../../src/dashboard/server.js';
import { createEmbeddedRuntime, type EmbeddedRuntime, loadProject } from '../../src/local.js';

const DEMO_DIR = join(import.meta.dirname, '../../examples/demo');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function readJob(name: string): unknown {
  return JSON.parse(readFileSync(join(DEMO_DIR, 'jobs', name), 'utf8'));
}

async function tileNumber(page: Page, labourerId: string, tile: string): Promise<number> {
  const text = await page.getByTestId(`labourer-${labourerId}`).getByTestId(tile).first().textContent();
  return Number(text);
}

describe('dashboard in Chromium', () => {
  let workDir: string;
  let runtime: EmbeddedRuntime;
  let source: ReturnType<typeof embeddedDashboardSource>;
  let server: DashboardServer;
  let context: BrowserContext;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'sosw-dashboard-e2e-'));
    const metricsFile = join(workDir, 'metrics.json');
    writeFileSync(metricsFile, JSON.stringify({ warehouse_load: 75 }));
    const loaded = await loadProject({ configPath: join(DEMO_DIR, 'sosw.config.ts') });
    const config = structuredClone(loaded.config);
    for (const metric of Object.values(config.labourers.fetch_prices?.health_metrics ?? {}))
      metric.details = { ...metric.details, path: metricsFile };
    runtime = await createEmbeddedRuntime({
      project: { ...loaded, config },
      dbPath: join(workDir, 'demo.db'),
      dispatchIntervalMs: 100,
      sweepIntervalMs: 100,
    });
    source = embeddedDashboardSource(runtime, { sampleIntervalMs: 250 });
    source.start();
    server = await startDashboardServer({ source, port: 0, eventIntervalMs: 250 });
    context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1360, height: 900 },
    });
    await runtime.schedule(readJob('prices.json'));
    await runtime.schedule(readJob('reports.json'));
    await runtime.start();
    // Calm the warehouse after a few seconds, so the run shows a health change.
    setTimeout(() => writeFileSync(metricsFile, JSON.stringify({ warehouse_load: 20 })), 3000).unref();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await source?.close();
    await runtime?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it('shows the store numbers live, redrives a dead task and saves a screenshot', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    // Everything is served by the dashboard itself: no CDN, no other host.
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(server.url);
    await expect.poll(() => page.locator('#connection').textContent(), { timeout: 5000 }).toBe('live');

    // Mid-run: work is visible while it happens.
    await expect.poll(async () => (await tileNumber(page, 'fetch_prices', 'completed')) > 3, { timeout: 20_000 }).toBe(true);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard-live.png', fullPage: true });

    await runtime.untilDone({ timeoutMs: 45_000, pollMs: 100 });
    for (const l of runtime.labourers) {
      const [completed, dead] = [await runtime.store.countClosed(l.id, true), await runtime.store.countClosed(l.id, false)];
      await expect.poll(() => tileNumber(page, l.id, 'completed'), { timeout: 5000 }).toBe(completed);
      expect(await tileNumber(page, l.id, 'dead')).toBe(dead);
      expect(await tileNumber(page, l.id, 'queued')).toBe(0);
      expect(await tileNumber(page, l.id, 'running')).toBe(0);
      expect(await tileNumber(page, l.id, 'retrying')).toBe(0);
    }
    const deadTasks = await runtime.store.recentClosed('build_report', false, 10);
    expect(deadTasks).toHaveLength(1);
    const deadId = deadTasks[0]?.taskId as string;
    await expect(page.getByTestId('dead-row').getAttribute('data-task-id')).resolves.toBe(deadId);

    await page.locator(`[data-redrive="${deadId}"]`).click();
    await expect.poll(() => page.getByTestId('toast').textContent(), { timeout: 5000 }).toContain(`Redrove ${deadId}`);
    expect(await runtime.store.getClosed(deadId)).toBeNull();
    const audit = await runtime.metaLog.forTask(deadId);
    expect(audit.map((e) => [e.action, e.author])).toContainEqual(['redriven', 'sosw_dashboard']);
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });

    // The task view shows the audit trail of the redriven task.
    await page.goto(`${server.url}/tasks/${deadId}`);
    await expect.poll(() => page.getByTestId('audit').textContent(), { timeout: 5000 }).toContain('redriven');
    await page.screenshot({ path: 'test-results/dashboard-task.png', fullPage: true });
    expect(external).toEqual([]);
  }, 60_000);
});
