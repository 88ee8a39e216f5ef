import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

describe('sosw demo (npm start)', () => {
  const dirs: string[] = [];
  const freshDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'sosw-demo-cli-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the example project to the end, prints the summary and exits 0', async () => {
    const result = await runCli(['demo', '--dir', freshDir()], { timeoutMs: 90_000 });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Demo finished in [\d.]+ s/);
    for (const [name, value] of [
      ['queued', 34],
      ['invoked', 42],
      ['completed', 33],
      ['retried', 8],
      ['dead', 1],
    ] as const) {
      expect(result.stdout).toMatch(new RegExp(`^${name}\\s+${value}$`, 'm'));
    }
    expect(result.stdout).toMatch(/^elapsed\s+[\d.]+ s$/m);
    // Not a terminal: periodic plain progress lines instead of bars.
    expect(result.stdout).toMatch(/^\[\s*[\d.]+ s\] fetch_prices \d+\/30/m);
    expect(result.stdout).toContain('3 at a time while the warehouse was busy, 6 once it calmed down');

    // The printed "Look around" status reads the metric file the run wrote (it showed "0 Bad" when the
    // config it named pointed at a metric file next to the packaged config).
    const look = /Look around: npx sosw (status .*)$/m.exec(result.stdout)?.[1];
    expect(look).toBeDefined();
    const status = await runCli([...(look ?? '').split(' '), '--json']);
    expect(status.code, status.stderr).toBe(0);
    const labourers = (JSON.parse(status.stdout) as { labourers: Array<{ labourerId: string; health: number }> }).labourers;
    expect(labourers.find((l) => l.labourerId === 'fetch_prices')?.health).toBe(4);
  });

  it('prints one JSON document with --json', async () => {
    const result = await runCli(['demo', '--dir', freshDir(), '--json'], { timeoutMs: 90_000 });

    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as { summary: Record<string, number>; throttle: unknown; labourers: unknown[] };
    expect(document.summary).toMatchObject({ queued: 34, invoked: 42, completed: 33, retried: 8, dead: 1, open: 0 });
    expect(document.summary.queued).toBe((document.summary.completed ?? 0) + (document.summary.dead ?? 0));
    expect(document.throttle).toEqual({ busy: 3, calm: 6 });
    expect(document.labourers).toHaveLength(2);
  });
});
