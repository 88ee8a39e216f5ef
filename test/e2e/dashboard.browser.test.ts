/**
 * The dashboard in real headless Chromium: the demo project runs on the embedded runtime with the
 * dashboard on a free loopback port; the page must show the numbers the store holds, update live,
 * and redrive a dead task.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDashboardSource } from '../../src/dashboard/embedded-source.js';
import { type DashboardServer, startDashboardServer } from '../../src/dashboard/server.js';
import { createEmbeddedRuntime, type EmbeddedRuntime, loadProject } from '../../src/local.js';
import { fitsWidth, launchChromium, seriousViolations } from '../helpers/browser.js';

const DEMO_DIR = join(import.meta.dirname, '../../examples/demo');

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
    context = await launchChromium(join(workDir, 'profile'));
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

  it('explores tasks: filters, pages, bulk-redrives a selection, pauses a labourer; accessible and 390 px wide', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (dialog) => void dialog.accept());
    await runtime.untilDone({ timeoutMs: 45_000, pollMs: 100 });

    // Filters through the form, from the keyboard: labourer, state and page size, then Enter.
    const succeeded = await runtime.store.countClosed('fetch_prices', true);
    expect(succeeded).toBeGreaterThan(10);
    await page.goto(`${server.url}/explore`);
    await page.selectOption('#f-labourer', 'fetch_prices');
    await page.selectOption('#f-state', 'succeeded');
    await page.selectOption('#f-limit', '10');
    await page.locator('#f-prefix').press('Enter');
    await expect.poll(() => page.getByTestId('explorer-count').textContent()).toBe(`1–10 of ${succeeded} tasks`);
    expect(await page.getByTestId('explorer-row').count()).toBe(10);
    expect(await page.locator('[data-testid=explorer-row][data-state=succeeded]').count()).toBe(10);
    await page.getByTestId('page-next').click();
    await expect.poll(() => page.getByTestId('explorer-count').textContent()).toBe(`11–${Math.min(20, succeeded)} of ${succeeded} tasks`);
    expect(await seriousViolations(page)).toEqual([]);

    // Bulk redrive of a selection: the dead task (it died again after the first redrive).
    const [dead] = await runtime.store.recentClosed('build_report', false, 1);
    const deadId = dead?.taskId as string;
    await page.goto(`${server.url}/explore?state=dead`);
    await expect.poll(() => page.getByTestId('explorer-count').textContent()).toBe('1–1 of 1 tasks');
    await page.locator(`input.pick[value="${deadId}"]`).focus();
    await page.keyboard.press('Space');
    await page.locator('[data-bulk=selection][data-action=redrive]').click();
    await expect.poll(() => page.getByTestId('toast').textContent(), { timeout: 5000 }).toContain('Redrove 1 of 1');
    expect(await runtime.store.getClosed(deadId)).toBeNull();
    expect((await runtime.metaLog.forTask(deadId)).filter((e) => e.action === 'redriven').at(-1)?.extra).toMatchObject({
      bulk_id: expect.any(String),
    });
    await page.screenshot({ path: 'test-results/dashboard-explorer.png', fullPage: true });

    // Pause from the labourer's card (confirmed), then resume.
    await page.goto(server.url);
    const card = page.getByTestId('labourer-fetch_prices');
    await card.locator('[data-control=pause]').click();
    await expect.poll(() => card.getByTestId('control-state').textContent(), { timeout: 5000 }).toBe('paused');
    expect((await runtime.controls.active()).get('fetch_prices')?.hold?.mode).toBe('paused');
    await card.locator('[data-control=resume]').click();
    await expect.poll(() => card.getByTestId('control-state').textContent(), { timeout: 5000 }).toBe('active');
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard: focus stays on a control while live updates re-render its card.
    await card.locator('[data-control=pause]').focus();
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-control'))).toBe('pause');

    // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // The jobs view: both demo jobs from the store, finished, with their progress.
    await page.goto(`${server.url}/jobs`);
    expect(await page.getByTestId('job-row').count()).toBe(2);
    const states = await page.getByTestId('job-state').allTextContents();
    expect(states.every((s) => s === 'completed' || s === 'failed')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    // A phone: 390 px wide, no horizontal scroll on any view.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/explore?limit=50', `/tasks/${deadId}`, '/jobs']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('domcontentloaded');
      const { scrollWidth, viewport } = await fitsWidth(page);
      expect({ path, scrollWidth }).toEqual({ path, scrollWidth: viewport });
    }
    await page.screenshot({ path: 'test-results/dashboard-390.png', fullPage: true });
  }, 90_000);
});
