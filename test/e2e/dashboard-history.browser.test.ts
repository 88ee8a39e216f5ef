/**
 * The History panel in headless Chromium: the stored minute rollups of an embedded runtime are
 * charted; the range picker works from the keyboard (arrow keys on the radio group) and at 390 px.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { embeddedDashboardSource } from '../../src/dashboard/embedded-source.js';
import { type DashboardServer, startDashboardServer } from '../../src/dashboard/server.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../src/local.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'];

describe('dashboard history in Chromium', () => {
  let workDir: string;
  let runtime: EmbeddedRuntime;
  let source: ReturnType<typeof embeddedDashboardSource>;
  let server: DashboardServer;
  let context: BrowserContext;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'sosw-history-e2e-'));
    const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
    runtime = await createEmbeddedRuntime({
      project: {
        name: 'history e2e',
        labourers: { w: { max_simultaneous_invocations: 4, max_attempts: 1 } },
        job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
      },
      dbPath: ':memory:',
      heartbeat: false,
      // Mid-minute and frozen, for the runtime and the page's source alike: both read the same "current
      // minute" (with the real clock, a minute ending in between made the legend's latest point 0).
      clock,
      handlers: {
        w: async (payload: Record<string, unknown>) => {
          if (JSON.stringify(payload).includes('bad')) throw new Error('fails');
          return { ok: true };
        },
      },
    });
    await runtime.schedule({ lambda_name: 'w', items: ['a', 'b', 'c', 'bad1'], isolate_items: true });
    for (let i = 0; i < 4; i++) await runtime.tickOnce();
    source = embeddedDashboardSource(runtime, { clock });
    server = await startDashboardServer({ source, port: 0 });
    context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: '/usr/bin/chromium',
      args: ARGS,
      headless: true,
      viewport: { width: 1360, height: 900 },
      // Lets the test inject axe-core into pages served with a strict Content-Security-Policy.
      bypassCSP: true,
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await source?.close();
    await runtime?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('charts the stored rollups and changes range from the keyboard', async () => {
    const page = await context.newPage();
    await page.goto(server.url);
    const view = page.locator('#history-view');
    await expect.poll(() => view.getAttribute('data-loaded')).toBe('1h');
    for (const id of ['history-queue', 'history-throughput', 'history-failures', 'history-latency'])
      await expect.poll(() => page.getByTestId(id).count()).toBe(1);
    expect(await page.getByTestId('history-note').textContent()).toContain('Per minute');
    // The throughput legend shows the completed count of the current minute.
    expect(await page.getByTestId('history-throughput').locator('.legend b').first().textContent()).toBe('3');
    await page.getByTestId('history-range-1h').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => view.getAttribute('data-loaded')).toBe('6h');
    expect(await page.getByTestId('history-note').getAttribute('data-range')).toBe('6h');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => view.getAttribute('data-loaded')).toBe('15m');
    // No serious or critical WCAG 2 A/AA violation in the History panel.
    await page.addScriptTag({ content: AXE_SOURCE });
    const serious = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: { run(c: string, o: object): Promise<{ violations: Array<{ id: string; impact: string }> }> };
        }
      ).axe;
      const result = await axe.run('#history', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(serious).toEqual([]);
    await page.close();
  });

  it('fits 390 px without horizontal scroll and the picker still works by click', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url);
    await page.locator('label.range', { hasText: '24 hours' }).click();
    await expect.poll(() => page.locator('#history-view').getAttribute('data-loaded')).toBe('24h');
    const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(width.scroll).toBeLessThanOrEqual(width.viewport);
    await page.close();
  });
});
