/**
 * Every verb finds and loads the project's sosw.config.ts the same way: `sosw schedule` chunks by the
 * project's job schemas into the project's database (so `status` and `tasks` see the tasks), accepts
 * `--config sosw.config.ts`, and refuses a job for a labourer the project does not have.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

const CONFIG_TS = `
import type {} from 'node:fs';
const labourer: { handler: string; max_simultaneous_invocations: number } = { handler: './workers/w.mjs', max_simultaneous_invocations: 2 };
export default {
  name: 'ts project',
  database: 'state/project.db',
  labourers: { prices: labourer, reports: labourer },
  job_schema_variants: { default: { chunkable_attrs: [['shop', {}]] } },
};
`;
const JOB = { lambda_name: 'prices', isolate_shops: true, shops: { a: null, b: null, c: null } };

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-e2e-tsconfig-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ts-project', private: true, type: 'module' }));
  writeFileSync(join(dir, 'sosw.config.ts'), CONFIG_TS);
  mkdirSync(join(dir, 'workers'));
  writeFileSync(join(dir, 'workers', 'w.mjs'), 'export async function handler() { return {}; }\n');
  writeFileSync(join(dir, 'job.json'), JSON.stringify(JOB));
  writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ...JOB, lambda_name: 'prics' }));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function queuedOf(stdout: string, labourerId: string): number {
  const status = JSON.parse(stdout) as { labourers: Array<{ labourerId: string; queued: number }> };
  return status.labourers.find((l) => l.labourerId === labourerId)?.queued ?? -1;
}

describe('one project config for every verb (sosw.config.ts)', () => {
  it('schedule finds sosw.config.ts, chunks by its schema into its database; status and tasks see the tasks', async () => {
    const scheduled = await runCli(['schedule', 'job.json', '--json'], { cwd: dir });
    expect(scheduled.stderr).toBe('');
    expect(scheduled.code).toBe(0);
    expect(JSON.parse(scheduled.stdout)).toMatchObject({ labourer_id: 'prices', total: 3, queued: 3 });
    expect(existsSync(join(dir, 'state', 'project.db'))).toBe(true);
    expect(existsSync(join(dir, '.sosw'))).toBe(false);

    mkdirSync(join(dir, 'sub'));
    const status = await runCli(['status', '--json'], { cwd: join(dir, 'sub') });
    expect(status.code).toBe(0);
    expect(queuedOf(status.stdout, 'prices')).toBe(3);
    const tasks = await runCli(['tasks', '--labourer', 'prices', '--json'], { cwd: join(dir, 'sub') });
    expect(tasks.code).toBe(0);
    const payloads = (JSON.parse(tasks.stdout) as { tasks: Array<{ payload: { shops: string[] } }> }).tasks.map((t) => t.payload.shops);
    expect(payloads.sort()).toEqual([['a'], ['b'], ['c']]);
  }, 60_000);

  it('schedule --config sosw.config.ts loads the module (no "not valid JSON")', async () => {
    const r = await runCli(['schedule', 'job.json', '--config', 'sosw.config.ts'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Queued 3 tasks for labourer prices /);
    const status = await runCli(['status', '--config', 'sosw.config.ts', '--json'], { cwd: dir });
    expect(queuedOf(status.stdout, 'prices')).toBe(3);
  }, 60_000);

  it('a misspelt labourer is a coded error naming it and the known ones; exit 1, nothing written', async () => {
    const r = await runCli(['schedule', 'typo.json', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const error = (JSON.parse(r.stderr) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;
    expect(error.code).toBe('job.unknownLabourer');
    expect(error.message).toMatch(/"prics"/);
    expect(error.message).toMatch(/prices, reports/);
    expect(error.details).toMatchObject({ labourerId: 'prics', known: ['prices', 'reports'] });
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'state'))).toBe(false);
    const dry = await runCli(['schedule', 'typo.json', '--dry-run'], { cwd: dir });
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/error \[job\.unknownLabourer\]: Unknown labourer "prics"/);
  }, 60_000);

  it('a --config that does not exist is config.notFound, for schedule as for status', async () => {
    for (const verb of ['schedule', 'status']) {
      const args = verb === 'schedule' ? [verb, 'job.json', '--config', 'nope.config.ts'] : [verb, '--config', 'nope.config.ts'];
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error \[config\.notFound\]/);
    }
  }, 60_000);
});
