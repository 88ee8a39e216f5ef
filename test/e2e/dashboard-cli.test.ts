/** `sosw dev` serves the dashboard (and refuses to expose it without a token). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

describe('sosw dev with the dashboard', () => {
  let fixture: ProjectFixture | undefined;
  afterEach(() => {
    fixture?.remove();
    fixture = undefined;
  });

  it('serves the dashboard on the given port, with the store numbers, until stopped', async () => {
    fixture = createProjectFixture(oneLabourerConfig());
    const job = join(fixture.dir, 'job.json');
    writeFileSync(job, JSON.stringify({ lambda_name: 'w', items: ['a', 'b', 'c'], isolate_items: true }));
    const dev = startCli(['dev', '--config', fixture.configPath, '--db', fixture.dbPath, '--job', job, '--port', '0', '--tick', '50']);

    await dev.waitFor(/Dashboard: http:\/\/127\.0\.0\.1:\d+/);
    const url = /Dashboard: (http:\/\/\S+)/.exec(dev.output().stdout)?.[1] as string;
    let overview: { labourers: Array<{ labourerId: string; completed: number }> } | undefined;
    for (let i = 0; i < 100 && overview?.labourers[0]?.completed !== 3; i++) {
      overview = (await (await fetch(`${url}/api/overview`)).json()) as typeof overview;
      await new Promise((r) => setTimeout(r, 100));
    }
    const metrics = await (await fetch(`${url}/metrics`)).text();
    dev.child.kill('SIGINT');
    const exit = await dev.exited();

    expect(overview?.labourers).toEqual([expect.objectContaining({ labourerId: 'w', completed: 3 })]);
    expect(metrics).toContain('sosw_tasks_completed_total{labourer="w"} 3');
    expect(exit.code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('refuses to bind a non-loopback address without a token', async () => {
    fixture = createProjectFixture(oneLabourerConfig());

    const result = await runCli(['dev', '--config', fixture.configPath, '--db', fixture.dbPath, '--host', '0.0.0.0', '--port', '0'], {
      env: { SOSW_DASHBOARD_TOKEN: '' },
    });

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('dashboard.tokenRequired');
  });

  it('runs without the dashboard with --no-dashboard', async () => {
    fixture = createProjectFixture(oneLabourerConfig());
    const dev = startCli(['dev', '--config', fixture.configPath, '--db', fixture.dbPath, '--no-dashboard']);

    await dev.waitFor(/Ctrl\+C to stop/);
    dev.child.kill('SIGINT');
    await dev.exited();

    expect(dev.output().stdout).not.toContain('Dashboard:');
  });
});
