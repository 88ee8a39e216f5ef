/** `sosw redrive` edge cases in process on a SQLite project: duplicate ids, an unknown --job, an empty window, no selection. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
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
  dir = mkdtempSync(join(tmpdir(), 'sosw-redrive-edges-'));
  configPath = join(dir, 'sosw.config.json');
  dbPath = join(dir, 'sosw.db');
  writeFileSync(
    configPath,
    JSON.stringify({
      name: 'redrive edges',
      labourers: { w: { max_simultaneous_invocations: 2, max_attempts: 1 } },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
    }),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const sosw = (...args: string[]): Promise<number> => main(['node', 'sosw', ...args, '--config', configPath, '--db', dbPath]);
const errorOf = (): { code: string; message: string } =>
  (JSON.parse(stderr.trim().split('\n').at(-1) ?? '') as { error: { code: string; message: string } }).error;

/** Two dead tasks of job `j` (their one attempt failed). */
async function twoDead(): Promise<string[]> {
  const runtime = await createEmbeddedRuntime({
    configPath,
    dbPath,
    heartbeat: false,
    handlers: {
      w: async () => {
        throw new Error('boom');
      },
    },
  });
  await runtime.schedule({ lambda_name: 'w', job_id: 'j', items: ['a', 'b'], isolate_items: true });
  for (let i = 0; i < 5 && (await runtime.summary()).dead < 2; i++) await runtime.tickOnce();
  const dead = (await runtime.store.recentClosed('w', false, 10)).map((t) => t.taskId);
  await runtime.stop();
  expect(dead).toHaveLength(2);
  return dead;
}

describe('sosw redrive edge cases', () => {
  it('an id named twice, or named and selected by --all, is counted and redriven once', async () => {
    const [a, b] = (await twoDead()) as [string, string];
    expect(await sosw('redrive', '--all', a, a, '--dry-run', '--json'), stderr).toBe(0);
    expect((JSON.parse(stdout) as { wouldRedrive: string[] }).wouldRedrive.sort()).toEqual([a, b].sort());
    stdout = '';
    expect(await sosw('redrive', '--all', a, '--json'), stderr).toBe(0);
    const out = JSON.parse(stdout) as { redriven: Array<{ taskId: string }>; skipped: string[] };
    expect(out.redriven.map((t) => t.taskId).sort()).toEqual([a, b].sort());
    expect(out.skipped).toEqual([]);
  }, 30_000);

  it('--job naming no job is job.notFound; a known job selects its dead tasks', async () => {
    await twoDead();
    expect(await sosw('redrive', '--job', 'nope', '--dry-run', '--json')).toBe(1);
    expect(errorOf()).toMatchObject({ code: 'job.notFound' });
    expect(errorOf().message).toMatch(/No job nope/);
    stderr = '';
    expect(await sosw('redrive', '--job', 'j', '--dry-run', '--json'), stderr).toBe(0);
    expect((JSON.parse(stdout) as { wouldRedrive: string[] }).wouldRedrive).toHaveLength(2);
  }, 30_000);

  it('--since not before --until is cli.usage naming both, before the store is opened', async () => {
    expect(await sosw('redrive', '--since', '2h', '--until', '5h', '--dry-run', '--json')).toBe(1);
    expect(errorOf()).toMatchObject({ code: 'cli.usage' });
    expect(errorOf().message).toMatch(/--since 2h is not before --until 5h/);
  });

  it('no ids and no bulk selection is cli.usage naming --all and the filters', async () => {
    expect(await sosw('redrive', '--dry-run', '--json')).toBe(1);
    expect(errorOf()).toMatchObject({ code: 'cli.usage' });
    expect(errorOf().message).toMatch(/--all or a filter \(--labourer, --job, --since, --until\)/);
  });
});
