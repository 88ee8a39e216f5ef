/** `sosw cancel --task <id>...` in process on a SQLite project: queued tasks close as cancelled, audited; others are left and listed. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { TASK_CANCELLED_AT_FIELD } from '../../../src/core/job/job-fields.js';
import { createEmbeddedRuntime } from '../../../src/local.js';
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
  dir = mkdtempSync(join(tmpdir(), 'sosw-cancel-tasks-'));
  configPath = join(dir, 'sosw.config.json');
  dbPath = join(dir, 'sosw.db');
  writeFileSync(
    configPath,
    JSON.stringify({
      name: 'cancel tasks',
      labourers: { w: { max_simultaneous_invocations: 2 } },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
    }),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const sosw = (...args: string[]): Promise<number> => main(['node', 'sosw', ...args, '--config', configPath, '--db', dbPath]);

describe('sosw cancel --task', () => {
  it('closes the queued tasks named, leaves a running one and an unknown id, and audits each close', async () => {
    const runtime = await createEmbeddedRuntime({ configPath, dbPath, loadHandlers: false, heartbeat: false });
    await runtime.schedule({ lambda_name: 'w', job_id: 'j', items: ['a', 'b', 'c'], isolate_items: true });
    const now = Math.floor(Date.now() / 1000);
    const [running, queued, other] = (await runtime.store.nextQueued('w', now + 1, 10)).map((t) => t.taskId) as [string, string, string];
    await runtime.store.claimMany([running], now + 1, now + 31_557_600);
    await runtime.stop();

    const code = await sosw('cancel', '--task', running, queued, 'nope', '--by', 'ann', '--json');
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { cancelled: string[]; skipped: Array<{ taskId: string; state: string }> };
    expect(out.cancelled).toEqual([queued]);
    expect(out.skipped).toEqual(
      expect.arrayContaining([
        { taskId: running, state: 'running' },
        { taskId: 'nope', state: 'unknown' },
      ]),
    );

    const after = await createEmbeddedRuntime({ configPath, dbPath, loadHandlers: false, heartbeat: false });
    try {
      expect((await after.store.getClosed(queued))?.extra?.[TASK_CANCELLED_AT_FIELD]).toBeDefined();
      expect((await after.metaLog.forTask(queued)).at(-1)).toMatchObject({ action: 'cancelled', author: 'ann', jobId: 'j' });
      expect(await after.store.get(running)).not.toBeNull();
      expect(await after.store.get(other)).not.toBeNull();
      expect((await after.jobs?.get('j'))?.job.cancelled).toBe(1);
    } finally {
      await after.stop();
    }
  });

  it('redrive <id> of a cancelled task undoes the cancel (as the dashboard button does); --all leaves it alone', async () => {
    const runtime = await createEmbeddedRuntime({ configPath, dbPath, loadHandlers: false, heartbeat: false });
    await runtime.schedule({ lambda_name: 'w', job_id: 'j', items: ['a', 'b'], isolate_items: true });
    const [first, second] = (await runtime.store.nextQueued('w', Math.floor(Date.now() / 1000) + 1, 10)).map((t) => t.taskId) as [
      string,
      string,
    ];
    await runtime.stop();
    expect(await sosw('cancel', '--task', first, second, '--json'), stderr).toBe(0);

    stdout = '';
    expect(await sosw('redrive', '--all', '--dry-run', '--json'), stderr).toBe(0);
    expect((JSON.parse(stdout) as { wouldRedrive: string[] }).wouldRedrive).toEqual([]);

    stdout = '';
    expect(await sosw('redrive', first, '--json'), stderr).toBe(0);
    expect((JSON.parse(stdout) as { redriven: Array<{ taskId: string }> }).redriven.map((t) => t.taskId)).toEqual([first]);

    const after = await createEmbeddedRuntime({ configPath, dbPath, loadHandlers: false, heartbeat: false });
    try {
      expect(await after.store.getClosed(first)).toBeNull();
      expect((await after.store.get(first))?.extra?.[TASK_CANCELLED_AT_FIELD]).toBeUndefined();
      expect(await after.store.getClosed(second)).not.toBeNull();
      expect((await after.jobs?.get('j'))?.job.cancelled).toBe(1);
      expect((await after.metaLog.forTask(first)).at(-1)).toMatchObject({ action: 'redriven', author: 'sosw_cli' });
    } finally {
      await after.stop();
    }
  });

  it('refuses both a job and --task, or neither, with cli.usage', async () => {
    expect(await sosw('cancel', 'j', '--task', 'a', '--json')).toBe(1);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'cli.usage', details: { field: 'jobId' } } });
    stderr = '';
    expect(await sosw('cancel', '--json')).toBe(1);
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: 'cli.usage' } });
  });
});
