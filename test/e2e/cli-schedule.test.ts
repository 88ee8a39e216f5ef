/** `sosw schedule` as a subprocess against a SQLite file. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/sqlite.js';

const BIN = resolve('bin/sosw.js');
let dir: string;

function sosw(args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'schedule', ...args], { cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function taskPayloads(db: string): unknown[] {
  const database = openSqliteDatabase(db);
  try {
    const rows = database.prepare('SELECT payload FROM sosw_tasks ORDER BY greenfield').all() as Array<{ payload: string }>;
    return rows.map((r) => JSON.parse(r.payload));
  } finally {
    database.close();
  }
}

const CONFIG = {
  job_schema_variants: {
    default: {
      chunkable_attrs: [
        ['section', {}],
        ['store', {}],
      ],
    },
  },
  task_config: { labourers: { worker: {} } },
};
const JOB = {
  lambda_name: 'arn:aws:lambda:us-west-2:000000000000:function:worker',
  period: 'last_2_days',
  isolate_days: true,
  isolate_sections: true,
  sections: { a: null, b: null, c: null },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-cli-schedule-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(CONFIG));
  writeFileSync(join(dir, 'job.json'), JSON.stringify(JOB));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sosw schedule', () => {
  it('--dry-run prints the first tasks as JSON lines and the total, as of --at, writing nothing', () => {
    const r = sosw(['job.json', '--config', 'config.json', '--dry-run', '--at', '2019-04-30T12:00:00Z', '--limit', '2', '--db', 'dry.db']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l))).toEqual([
      { labourer_id: 'worker', payload: { isolate_sections: true, date_list: ['2019-04-28'], sections: ['a'] } },
      { labourer_id: 'worker', payload: { isolate_sections: true, date_list: ['2019-04-28'], sections: ['b'] } },
    ]);
    expect(lines[2]).toBe('total: 6 tasks for labourer worker (showing 2)');
    expect(existsSync(join(dir, 'dry.db'))).toBe(false);
  });

  it('--dry-run --limit 0 --json prints every task and a JSON total', () => {
    const r = sosw(['job.json', '--config', 'config.json', '--dry-run', '--limit', '0', '--json']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(7);
    expect(lines[6]).toEqual({ dry_run: true, labourer_id: 'worker', total: 6, shown: 6 });
  });

  it('queues a job read from stdin and prints a one-line JSON summary', () => {
    const r = sosw(['-', '--config', 'config.json', '--db', 'data/sosw.db', '--json'], JSON.stringify(JOB));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ labourer_id: 'worker', total: 6, queued: 6, skipped: 0, done: true, jobs: 1 });
    const payloads = taskPayloads(join(dir, 'data/sosw.db'));
    expect(payloads).toHaveLength(6);
    expect(payloads[0]).toMatchObject({ isolate_sections: true, sections: ['a'] });
  });

  it('queues a big job in batches through a queue file that is gone afterwards, with a text summary', () => {
    const big = { lambda_name: 'worker', isolate_stores: true, sections: { s1: { stores: Array.from({ length: 2500 }, (_, i) => i) } } };
    writeFileSync(join(dir, 'big.json'), JSON.stringify(big));
    const r = sosw(['big.json', '--config', 'config.json', '--db', 'big/sosw.db', '--batch-size', '300']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Queued 2,500 tasks for labourer worker \(job [0-9a-f]{32}\) in /);
    expect(taskPayloads(join(dir, 'big/sosw.db'))).toHaveLength(2500);
    expect(readdirSync(join(dir, 'big/blobs/sosw/scheduler'))).toEqual([]);
  });

  it('--resume continues a queue file left by an interrupted run', () => {
    const scheduler = join(dir, 'res/blobs/sosw/scheduler');
    mkdirSync(scheduler, { recursive: true });
    const doc = {
      version: 1,
      job_id: 'left',
      labourer_id: 'worker',
      job: { isolate_sections: true, sections: ['a', 'b', 'c', 'd'] },
      planned_at_ms: 0,
      total: 4,
    };
    writeFileSync(join(scheduler, 'tasks_queue_left.txt'), JSON.stringify(doc));
    writeFileSync(join(scheduler, 'progress_tasks_queue_left.txt'), JSON.stringify({ cursor: 1 }));
    const r = sosw(['--resume', '--config', 'config.json', '--db', 'res/sosw.db', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ job_id: 'left', total: 4, queued: 3, done: true, jobs: 1 });
    expect(readdirSync(scheduler)).toEqual([]);
  });

  it.each([
    ['job.unknownLabourer', { lambda_name: 'nobody' }, /error \[job\.unknownLabourer\]: Unknown labourer "nobody"/],
    ['job.unknownSchema', { lambda_name: 'worker', job_schema_name: 'nope' }, /error \[job\.unknownSchema\]/],
    [
      'job.invalid',
      { lambda_name: 'worker', isolate_sections: true, sections: { a: 'x', b: null, c: { d: 1 } } },
      /error \[job\.invalid\]: Invalid job at job\.sections\.a/,
    ],
  ])('fails with %s, exit code 1, and writes nothing', (_code, job, message) => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(job));
    const r = sosw(['bad.json', '--config', 'config.json', '--db', 'bad/sosw.db']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'bad/sosw.db'))).toBe(false);
  });

  it('reports usage errors as coded JSON with --json', () => {
    const r = sosw(['job.json', '--dry-run', '--at', 'yesterday-ish', '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({
      error: { code: 'cli.usage', message: expect.stringMatching(/--at must be an ISO date-time/) },
    });
  });

  it('accepts any labourer without --config (embedded convenience)', () => {
    const r = sosw(['job.json', '--db', 'free/sosw.db', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ labourer_id: 'worker', total: 2, queued: 2 });
  });

  it('in a project folder, chunks with the project config and queues into its database, as sosw dev --job does', () => {
    const project = join(dir, 'project');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'sosw.config.json'),
      JSON.stringify({
        name: 'prices',
        database: './data/prices.db',
        labourers: { fetch_prices: { max_simultaneous_invocations: 4 } },
        job_schema_variants: { default: { chunkable_attrs: [['store', {}]] } },
      }),
    );
    writeFileSync(
      join(project, 'job.json'),
      JSON.stringify({ lambda_name: 'fetch_prices', stores: ['north', 'south'], isolate_stores: true }),
    );
    const r = spawnSync(process.execPath, [BIN, 'schedule', 'job.json', '--json'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ labourer_id: 'fetch_prices', total: 2, queued: 2 });
    expect(taskPayloads(join(project, 'data', 'prices.db'))).toEqual([
      { isolate_stores: true, stores: ['north'] },
      { isolate_stores: true, stores: ['south'] },
    ]);
  });
});

describe('sosw schedule / dev --job: validation before anything is written', () => {
  let project: string;
  const run = (args: readonly string[]): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const job = (name: string, value: unknown): string => {
    writeFileSync(join(project, name), typeof value === 'string' ? value : JSON.stringify(value));
    return name;
  };

  beforeAll(() => {
    project = join(dir, 'validating');
    mkdirSync(join(project, 'workers'), { recursive: true });
    writeFileSync(
      join(project, 'sosw.config.json'),
      JSON.stringify({
        labourers: { fetch_prices: { handler: './workers/ok.mjs' }, rl: { handler: './workers/ok.mjs' } },
        job_schema_variants: { default: { chunkable_attrs: [['store', {}]] } },
      }),
    );
    writeFileSync(join(project, 'workers', 'ok.mjs'), 'export async function handler() { return { ok: true }; }\n');
  });

  it('refuses on_complete naming an unknown labourer (follow-up or invoke), naming the field; nothing is written', () => {
    const file = job('oc.json', {
      job_id: 'oc1',
      lambda_name: 'fetch_prices',
      stores: ['x'],
      on_complete: { schedule: [{ lambda_name: 'nope' }] },
    });
    const r = run(['schedule', file, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({
      code: 'job.unknownLabourer',
      details: { field: 'job.on_complete.schedule[0].lambda_name', labourerId: 'nope' },
    });
    const invoke = run(['schedule', job('inv.json', { lambda_name: 'fetch_prices', on_complete: { invoke: 'nope2' } })]);
    expect(invoke.status).toBe(1);
    expect(invoke.stderr).toMatch(
      /Unknown labourer "nope2" in job\.on_complete\.invoke; .* add the labourer under labourers in the config/,
    );
    expect(existsSync(join(project, '.sosw'))).toBe(false);
  });

  it('the dry run makes the same checks (priority, not_before) and shows the placement', () => {
    for (const bad of [{ priority: 10 }, { not_before: 'tomorrow' }, { not_before: '400d' }, { not_before: -5 }]) {
      const r = run(['schedule', job('p.json', { lambda_name: 'fetch_prices', ...bad }), '--dry-run']);
      expect(r.status, JSON.stringify(bad)).toBe(1);
      expect(r.stderr).toMatch(/job\.invalid/);
    }
    const ok = run(['schedule', job('p.json', { lambda_name: 'fetch_prices', priority: 9, not_before: '2h' }), '--dry-run']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/total: 1 task for labourer fetch_prices \(showing 1\); priority 9, not before \S+Z \(in 2h\)/);
  });

  it('job files: missing, JSON that is not an object, --limit without --dry-run', () => {
    for (const verb of [['schedule'], ['dev', '--no-dashboard', '--job']]) {
      const missing = run([...verb, 'nope.json', '--json']);
      expect(missing.status).toBe(1);
      expect(JSON.parse(missing.stderr).error).toMatchObject({
        code: 'job.invalid',
        message: expect.stringMatching(/nope\.json does not exist/),
      });
    }
    const hello = run(['schedule', job('hello.json', '"hello"')]);
    expect(hello.stderr).toMatch(/hello\.json holds a JSON string .*not a job/);
    const limit = run(['schedule', job('l.json', { lambda_name: 'rl' }), '--limit', '5']);
    expect(limit.status).toBe(1);
    expect(limit.stderr).toMatch(/error \[cli\.usage\]: --limit only applies to --dry-run/);
    expect(existsSync(join(project, '.sosw'))).toBe(false);
  });

  it('sosw dev --job a.json bad.json schedules none of them and names bad.json', () => {
    job('rl.json', { lambda_name: 'rl' });
    job('bad.json', { lambda_name: 'nope' });
    const r = run(['dev', '--no-dashboard', '--until-done', '--job', 'rl.json', 'bad.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/Scheduled/);
    expect(r.stderr).toMatch(
      /bad\.json: Unknown labourer "nope" in the job; .*sosw\.config\.json has: fetch_prices, rl\. .*under labourers in the config/,
    );
    expect(existsSync(join(project, '.sosw'))).toBe(false);
  });

  it('sosw dev --json prints a scheduled event per job file, and alreadyScheduled on a restart', () => {
    job('rl.json', { lambda_name: 'rl' });
    const first = run(['dev', '--no-dashboard', '--until-done', '--json', '--job', 'rl.json']);
    expect(first.status, first.stderr).toBe(0);
    const events = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events[0]).toMatchObject({ event: 'scheduled', file: 'rl.json', labourerId: 'rl', queued: 1, total: 1 });
    expect(events.map((e) => e.event)).toEqual(['scheduled', 'started', 'stopped']);
    const again = run(['dev', '--no-dashboard', '--until-done', '--json', '--job', 'rl.json']);
    expect(JSON.parse(again.stdout.split('\n')[0] as string)).toMatchObject({
      event: 'alreadyScheduled',
      file: 'rl.json',
      state: 'completed',
    });
  });

  it('sosw jobs --config <Scheduler document> says what the file is and what is expected', () => {
    const r = run(['jobs', '--config', join(dir, 'config.json'), '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({
      code: 'config.invalid',
      message: expect.stringMatching(/is a Scheduler config document .*not a project config/),
    });
  });

  it('warns about after-parents that do not exist', () => {
    const r = run(['schedule', job('kid.json', { lambda_name: 'rl', after: ['no-such-parent'] })]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^warning: no job no-such-parent exists yet/);
  });
});
