import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteControlStore } from '../../src/adapters/sqlite/sqlite-control-store.js';
import { countOutcomes } from '../../src/core/flow/adaptive/outcomes.js';
import { runCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

interface ControlJson {
  labourerId: string;
  verb: string;
  by: string;
  control: { state: string; text: string; hold: { until: number | null } | null; pin: { max: number | null } | null };
}

describe('sosw pause / resume / drain / limit (subprocess)', () => {
  let fixture: ProjectFixture;
  const project = (): string[] => ['--config', fixture.configPath, '--db', fixture.dbPath];

  beforeAll(() => {
    fixture = createProjectFixture(oneLabourerConfig({}));
  });
  afterAll(() => fixture.remove());

  it('pause --for stores who, until when and why, and status shows it', async () => {
    const paused = await runCli(['pause', 'w', ...project(), '--for', '30m', '--reason', 'db migration', '--by', 'alice', '--json']);
    expect(paused.code, paused.stderr).toBe(0);
    const body = JSON.parse(paused.stdout) as ControlJson;
    expect(body).toMatchObject({ labourerId: 'w', verb: 'pause', by: 'alice', control: { state: 'paused' } });
    // The date shows when the pause ends on another day (a run within 30 minutes of midnight UTC).
    expect(body.control.text).toMatch(/^paused by alice until (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC \(reason: db migration\)$/);

    const status = await runCli(['status', ...project()]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/CONTROL/);
    expect(status.stdout).toMatch(/^ {2}w: paused by alice until/m);

    // The control's audit trail is read like a task's.
    const trail = await runCli(['tasks', 'control#w', ...project(), '--json']);
    expect(trail.code, trail.stderr).toBe(0);
    const { task, audit } = JSON.parse(trail.stdout) as { task: null; audit: Array<{ action: string; author: string }> };
    expect(task).toBeNull();
    expect(audit.map((row) => [row.action, row.author])).toEqual([['paused', 'alice']]);
    const text = await runCli(['tasks', 'control#w', ...project()]);
    expect(text.stdout).toMatch(/^Control changes of labourer w:\n.*ACTION[\s\S]*paused/);
    const missing = await runCli(['tasks', 'control#nobody', ...project()]);
    expect(missing.stderr).toContain('task.notFound');
  });

  it('limit pins a lower max, refuses a higher one and needs --for; resume and --clear undo', async () => {
    const pinned = await runCli(['limit', 'w', ...project(), '--max', '2', '--for', '1h', '--json']);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect((JSON.parse(pinned.stdout) as ControlJson).control.pin?.max).toBe(2);
    // CAP shows the cap in force: the pin, not the health cap.
    const capped = await runCli(['status', ...project()]);
    expect(capped.stdout).toMatch(/ 2\/20 \(pinned\)/);

    const above = await runCli(['limit', 'w', ...project(), '--max', '1000', '--for', '1h']);
    expect(above.code).not.toBe(0);
    expect(above.stderr).toContain('control.invalid');

    const noFor = await runCli(['limit', 'w', ...project(), '--max', '1']);
    expect(noFor.stderr).toContain('cli.usage');

    const resumed = await runCli(['resume', 'w', ...project(), '--json']);
    expect((JSON.parse(resumed.stdout) as ControlJson).control).toMatchObject({ state: 'active', hold: null, pin: { max: 2 } });
    const clearWithMax = await runCli(['limit', 'w', ...project(), '--clear', '--max', '1', '--for', '1h']);
    expect(clearWithMax.code).not.toBe(0);
    expect(clearWithMax.stderr).toContain('cli.usage');
    const cleared = await runCli(['limit', 'w', ...project(), '--clear', '--json']);
    expect((JSON.parse(cleared.stdout) as ControlJson).control).toMatchObject({ state: 'active', text: '', pin: null });
  });

  it('a parser error in text mode is error [cli.usage] with the usage line, exit 1', async () => {
    const unknownOption = await runCli(['drain', 'w', ...project(), '--for', '10m']);
    expect(unknownOption.code).toBe(1);
    expect(unknownOption.stderr).toMatch(/^error \[cli\.usage\]: unknown option '--for'\. Usage: sosw drain \[options\] <labourer>/);
    const missing = await runCli(['pause', ...project()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error \[cli\.usage\]: missing required argument 'labourer'/);
  });

  it('drain reports drained when nothing runs; an unknown labourer is a coded error', async () => {
    const drained = await runCli(['drain', 'w', ...project(), '--json']);
    expect((JSON.parse(drained.stdout) as ControlJson).control.state).toBe('drained');
    const unknown = await runCli(['pause', 'nope', ...project(), '--json']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).toContain('labourer.unknown');
  });

  it('limit --reset-adaptive drops the learned state (alone), says what it dropped, and is audited', async () => {
    // A learned state as an Orchestrator leaves it, written to the project's database directly.
    const store = new SqliteControlStore({ path: fixture.dbPath });
    const seen = countOutcomes([1], 2, 0);
    const state = { target: 3, ceiling: 6, cooldown: 0, healthyTicks: 0, seen, pendingThrottles: 0, at: 1, reason: 'cut' };
    await store.setAdaptive('w', state);
    await store.close();

    const mixed = await runCli(['limit', 'w', ...project(), '--reset-adaptive', '--max', '1']);
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toContain('cli.usage');

    const reset = await runCli(['limit', 'w', ...project(), '--reset-adaptive', '--by', 'carol', '--json']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ labourerId: 'w', by: 'carol', adaptiveReset: { dropped: { target: 3, ceiling: 6 } } });
    // w has no adaptive config: once its leftover state is gone there is nothing to reset.
    const again = await runCli(['limit', 'w', ...project(), '--reset-adaptive']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('control.invalid');

    const check = new SqliteControlStore({ path: fixture.dbPath });
    try {
      expect((await check.readControls(['w']))[0]?.adaptive ?? null).toBeNull();
    } finally {
      await check.close();
    }
  });
});
