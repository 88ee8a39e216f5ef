import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

describe('sosw run (subprocess, sqlite backend)', () => {
  let fixture: ProjectFixture;
  const project = (): string[] => ['--config', fixture.configPath, '--db', fixture.dbPath, '--json'];
  const run = async (args: string[]): Promise<Record<string, unknown>> => {
    const result = await runCli(['run', ...args, ...project()]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  };

  beforeAll(() => {
    fixture = createProjectFixture(oneLabourerConfig({ max_attempts: 1 }));
  });
  afterAll(() => fixture.remove());

  it('drives a job through the essentials one invocation at a time', async () => {
    const job = JSON.stringify({ lambda_name: 'w', items: ['a', 'b', 'bad'], isolate_items: true });

    expect(await run(['scheduler', '--event', job, '--backend', 'sqlite'])).toMatchObject({ labourerId: 'w', queued: 3, done: true });
    expect(await run(['orchestrator'])).toMatchObject({
      ticks: 1,
      invoked: 3,
      labourers: [expect.objectContaining({ labourerId: 'w', invoked: 3 })],
    });
    const swept = await run(['scavenger']);
    expect(swept).toMatchObject({ sweeps: 1, archived: 2, retried: 0 });
    expect(swept.dead).toHaveLength(1);

    const status = await runCli(['status', ...project()]);
    expect(JSON.parse(status.stdout).labourers).toEqual([expect.objectContaining({ labourerId: 'w', queued: 0, completed: 2, dead: 1 })]);

    // Audit rows written by the essentials through `sosw run` name a log stream, as a Lambda's do.
    const db = new Database(fixture.dbPath, { readonly: true });
    const rows = db
      .prepare("SELECT action, log_stream_name AS stream FROM sosw_tasks_meta WHERE author IN ('sosw_orchestrator', 'sosw_scavenger')")
      .all() as Array<{ action: string; stream: string | null }>;
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.stream, row.action).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[cli\][0-9a-f]{32}$/);
  });

  it("--json prints the result on one line, and a later status shows that run's decision", async () => {
    const result = await runCli(['run', 'orchestrator', ...project()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const status = await runCli(['status', '--config', fixture.configPath, '--db', fixture.dbPath]);
    expect(status.stdout).toMatch(/w \(\d+s ago, by a run that has ended\): /);
    expect(status.stdout).not.toMatch(/no decision yet/);
  });

  it('hands a worker report to the WorkerAssistant from --event, and answers one for an unknown task', async () => {
    expect(await run(['worker-assistant', '--event', '{"action":"mark_task_as_completed","task_id":"nope"}'])).toEqual({
      action: 'mark_task_as_completed',
      taskId: 'nope',
      applied: false,
      reason: 'unknown',
    });
  });

  it.each([
    [['run', 'janitor'], /Unknown essential "janitor"/],
    [['run', 'worker-assistant'], /worker-assistant needs --event/],
    [['run', 'scavenger', '--backend', 'mainframe'], /--backend must be one of sqlite, aws/],
    [['run', 'scheduler', '--event', '{not json'], /--event is not valid JSON/],
  ])('fails with a coded error for %j', async (args, message) => {
    const result = await runCli([...args, '--config', fixture.configPath, '--db', fixture.dbPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
