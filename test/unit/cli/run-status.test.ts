/**
 * `sosw run orchestrator` then `sosw status`, in process on a SQLite project: --json is one line,
 * the run's decision stays visible to a later status, and CAP shows a pinned max in force.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { capText, statusTable } from '../../../src/cli/commands/status.js';
import { main } from '../../../src/cli/main.js';
import type { LabourerStatus, RuntimeStatus } from '../../../src/local.js';
import { captureStdio } from '../../helpers/capture-stdio.js';

let stdout: string;
let stderr: string;
let dir: string;
let configPath: string;
let dbPath: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  captureStdio({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'sosw-run-status-'));
  configPath = join(dir, 'sosw.config.json');
  dbPath = join(dir, 'sosw.db');
  writeFileSync(join(dir, 'w.mjs'), 'export async function handler() { return { ok: true }; }\n');
  writeFileSync(
    configPath,
    JSON.stringify({ name: 'run status', labourers: { w: { handler: './w.mjs', max_simultaneous_invocations: 4 } } }),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const sosw = (...args: string[]): Promise<number> => main(['node', 'sosw', ...args, '--config', configPath, '--db', dbPath]);

describe('sosw run orchestrator, then sosw status', () => {
  it('--json prints the result on one line; status shows the decision of that run and the pinned cap', async () => {
    expect(await sosw('limit', 'w', '--max', '2', '--for', '1h', '--json'), stderr).toBe(0);
    stdout = '';
    expect(await sosw('run', 'orchestrator', '--json'), stderr).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ ticks: 1, labourers: [{ labourerId: 'w' }] });

    stdout = '';
    expect(await sosw('status'), stderr).toBe(0);
    expect(stdout).toMatch(/ 2\/4 \(pinned\)/);
    expect(stdout).toMatch(/w \(\d+s ago, by a run that has ended\): .*pinned max 2/);
    expect(stdout).not.toMatch(/no decision yet/);

    stdout = '';
    expect(await sosw('status', '--json'), stderr).toBe(0);
    const status = JSON.parse(stdout) as RuntimeStatus;
    expect(status.running).toBe(false);
    expect(status.labourers[0]).toMatchObject({ cap: 4, effectiveCap: 2, lastDecision: { fromStoppedRun: true } });
  }, 30_000);
});

describe('status text', () => {
  const row = (over: Partial<LabourerStatus>): LabourerStatus => ({
    labourerId: 'w',
    queued: 0,
    running: 0,
    expired: 0,
    reported: 0,
    retrying: 0,
    completed: 0,
    dead: 0,
    cancelled: 0,
    health: 4,
    cap: 4,
    maxSimultaneousInvocations: 4,
    lastDecision: null,
    counters: {},
    ...over,
  });

  it('CAP shows the cap in force, (pinned) only when the pin lowers it', () => {
    const pin = (max: number) => ({
      state: 'active' as const,
      text: 't',
      hold: null,
      pin: { by: 'b', at: 1, reason: null, max, rate: null, until: 9e9 },
    });
    expect(capText(row({}))).toBe('4/4');
    expect(capText(row({ control: pin(2) }))).toBe('2/4 (pinned)');
    expect(capText(row({ cap: 1, control: pin(2) }))).toBe('1/4');
  });

  it('a decision of a run that has ended says so; none says no runtime is running', () => {
    const status = (l: LabourerStatus): RuntimeStatus => ({ project: 'p', database: 'db', running: false, labourers: [l] });
    expect(statusTable(status(row({})), 0)).toMatch(/w: no decision yet \(no runtime is running\)/);
    const past = row({ lastDecision: { at: 0, invoked: 0, reason: 'r', fromStoppedRun: true } });
    expect(statusTable(status(past), 3 * 3600 * 1000)).toMatch(/w \(3h ago, by a run that has ended\): r/);
  });

  it('on AWS: no "runtime not running", and says where the decisions are', () => {
    const text = statusTable({ project: 'p', database: 'DynamoDB sosw_tasks', running: false, labourers: [row({})] }, 0, 'aws');
    expect(text).toContain('p - DynamoDB sosw_tasks - on AWS (the deployed Orchestrator dispatches)');
    expect(text).not.toContain('runtime not running');
    expect(text).not.toContain('no runtime is running');
    expect(text).toContain('lastReason');
    expect(text).toContain('sosw run orchestrator --backend aws');
  });
});
