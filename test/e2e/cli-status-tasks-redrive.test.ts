import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime } from '../../src/local.js';
import { runCli, startCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

interface StatusJson {
  running: boolean;
  labourers: Array<{
    labourerId: string;
    queued: number;
    completed: number;
    dead: number;
    health: number;
    cap: number;
    lastDecision: unknown;
  }>;
}

describe('sosw status / tasks / redrive / dev (subprocess)', () => {
  let fixture: ProjectFixture;
  let deadId: string;
  let succeededId: string;
  const project = (): string[] => ['--config', fixture.configPath, '--db', fixture.dbPath];

  beforeAll(async () => {
    // Prepare: 3 good tasks and one that dies on its only attempt, run to the end in-process.
    fixture = createProjectFixture(oneLabourerConfig({ max_attempts: 1 }));
    const runtime = await createEmbeddedRuntime({ configPath: fixture.configPath, dbPath: fixture.dbPath });
    await runtime.schedule({ lambda_name: 'w', items: ['a', 'b', 'c', 'bad'], isolate_items: true });
    for (let i = 0; i < 20 && (await runtime.summary()).open > 0; i++) await runtime.tickOnce();
    await runtime.stop();
  });
  afterAll(() => fixture.remove());

  it('status --json shows where the tasks are and the health of each labourer', async () => {
    const result = await runCli(['status', ...project(), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as StatusJson;
    expect(status.running).toBe(false);
    expect(status.labourers).toEqual([expect.objectContaining({ labourerId: 'w', queued: 0, completed: 3, dead: 1, health: 4, cap: 20 })]);
  });

  it('status prints a table for humans', async () => {
    const result = await runCli(['status', ...project()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/LABOURER\s+HEALTH\s+CAP\s+RUNNING\s+QUEUED\s+RETRYING\s+EXPIRED\s+COMPLETED\s+DEAD/);
    expect(result.stdout).toMatch(/^w\s+4 High\s+20\/20\s+0\s+0\s+0\s+0\s+3\s+1$/m);
  });

  it('tasks filters by state, and shows one task with its audit trail', async () => {
    const dead = await runCli(['tasks', ...project(), '--state', 'dead', '--json']);
    expect(dead.code, dead.stderr).toBe(0);
    const { tasks } = JSON.parse(dead.stdout) as { tasks: Array<{ taskId: string; state: string; payload: { items: string[] } }> };
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ state: 'dead', payload: { items: ['bad'] } });
    deadId = tasks[0]?.taskId ?? '';

    const succeeded = await runCli(['tasks', ...project(), '--labourer', 'w', '--state', 'succeeded', '--json']);
    const succeededTasks = (JSON.parse(succeeded.stdout) as { tasks: Array<{ taskId: string }> }).tasks;
    expect(succeededTasks).toHaveLength(3);
    succeededId = succeededTasks[0]?.taskId ?? '';

    const one = await runCli(['tasks', deadId, ...project()]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^state\s+dead$/m);
    for (const action of ['created', 'invoked', 'marked_as_failed', 'archived_dead']) expect(one.stdout).toContain(action);
  });

  it('tasks rejects an unknown state and an unknown task with coded errors', async () => {
    const badState = await runCli(['tasks', ...project(), '--state', 'sleeping']);
    expect(badState.code).toBe(1);
    expect(badState.stderr).toContain('error [cli.usage]');
    const unknown = await runCli(['tasks', 'f'.repeat(32), ...project(), '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'task.notFound' } });
  });

  it('redrive of an unknown or a succeeded task exits 1 with a coded error and changes nothing', async () => {
    const unknown = await runCli(['redrive', 'f'.repeat(32), ...project(), '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'task.notFound', details: { taskIds: ['f'.repeat(32)] } } });
    const notDead = await runCli(['redrive', deadId, succeededId, ...project()]);
    expect(notDead.code).toBe(1);
    expect(notDead.stderr).toMatch(
      new RegExp(`error \\[task\\.notDead\\]: Only dead \\(or cancelled\\) tasks can be redriven; ${succeededId} is succeeded`),
    );
    const status = JSON.parse((await runCli(['status', ...project(), '--json'])).stdout) as StatusJson;
    expect(status.labourers[0]).toMatchObject({ queued: 0, dead: 1, completed: 3 });
  });

  it('bulk redrive --dry-run counts what a filter takes and changes nothing', async () => {
    const dry = await runCli(['redrive', '--labourer', 'w', '--since', '1h', '--dry-run', ...project(), '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, wouldRedrive: [deadId] });
    // A window that ended before the task died selects nothing; a job that does not exist is job.notFound.
    const before = await runCli(['redrive', '--until', '2020-01-01T00:00:00Z', '--dry-run', ...project(), '--json']);
    expect(JSON.parse(before.stdout)).toEqual({ dryRun: true, wouldRedrive: [] });
    const otherJob = await runCli(['redrive', '--job', 'no-such-job', '--dry-run', ...project(), '--json']);
    expect(otherJob.code).not.toBe(0);
    expect(otherJob.stdout + otherJob.stderr).toContain('job.notFound');
    const bad = await runCli(['redrive', '--since', 'yesterday', '--dry-run', ...project()]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--since/);
    const status = JSON.parse((await runCli(['status', ...project(), '--json'])).stdout) as StatusJson;
    expect(status.labourers[0]).toMatchObject({ dead: 1 });
  });

  it('redrive puts the dead task back in the queue with its attempts reset', async () => {
    const result = await runCli(['redrive', deadId, ...project(), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ redriven: [{ taskId: deadId, labourerId: 'w' }], skipped: [] });

    const status = JSON.parse((await runCli(['status', ...project(), '--json'])).stdout) as StatusJson;
    expect(status.labourers[0]).toMatchObject({ queued: 1, dead: 0, completed: 3 });
    const task = JSON.parse((await runCli(['tasks', deadId, ...project(), '--json'])).stdout) as {
      task: { state: string; attempts: number };
      audit: Array<{ action: string }>;
    };
    expect(task.task).toMatchObject({ state: 'queued', attempts: 0 });
    expect(task.audit.at(-1)?.action).toBe('redriven');
  });

  it('dev runs the project until SIGINT; status in another process sees it running', async () => {
    // The redriven task fails again and dies; a new job adds two good tasks.
    const job = join(fixture.dir, 'job.json');
    writeFileSync(job, JSON.stringify({ lambda_name: 'w', items: ['d', 'e'], isolate_items: true }));
    const dev = startCli(['dev', ...project(), '--job', job, '--tick', '50', '--no-dashboard']);
    await dev.waitFor(/running on .* \(pid \d+\)/);
    let status: StatusJson | undefined;
    for (let i = 0; i < 40; i++) {
      status = JSON.parse((await runCli(['status', ...project(), '--json'])).stdout) as StatusJson;
      if (status.running && status.labourers[0]?.completed === 5 && status.labourers[0]?.dead === 1) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status?.running).toBe(true);
    expect(status?.labourers[0]).toMatchObject({
      queued: 0,
      completed: 5,
      dead: 1,
      lastDecision: expect.objectContaining({ reason: expect.any(String) }),
    });

    dev.child.kill('SIGINT');
    const exit = await dev.exited();
    expect(exit.code, dev.output().stderr).toBe(0);
    // This run closed the two new tasks and the redriven one (dead again); the earlier 3 are not counted.
    expect(dev.output().stdout).toMatch(/Stopped after .*: 2 completed, 1 dead in this run; 0 still open\./);
  });

  it('dev --until-done stops by itself, gracefully, once every task is closed', async () => {
    const job = join(fixture.dir, 'job-until-done.json');
    writeFileSync(job, JSON.stringify({ lambda_name: 'w', items: ['f', 'g', 'h'], isolate_items: true }));
    const result = await runCli(['dev', ...project(), '--job', job, '--tick', '50', '--no-dashboard', '--until-done'], {
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Stops when every task is closed');
    expect(result.stdout).toMatch(/Stopped after .*: 3 completed, 0 dead in this run; 0 still open\./);
    const status = JSON.parse((await runCli(['status', ...project(), '--json'])).stdout) as StatusJson;
    expect(status).toMatchObject({ running: false });
    expect(status.labourers[0]).toMatchObject({ queued: 0, completed: 8, dead: 1 });
  });
});
