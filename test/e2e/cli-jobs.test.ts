/**
 * The job verbs as subprocesses on a SQLite project: `sosw schedule` with a job_id (idempotent),
 * `sosw jobs` (list, filters, pages, JSON), `sosw jobs <id>`, `sosw jobs repair`, `sosw cancel`
 * (while tasks run, twice, on a finished job), and bad input with coded errors and exit codes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime } from '../../src/local.js';
import { openSqliteDatabase } from '../../src/sqlite.js';
import { runCli, startCli } from './cli-process.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

interface JobJson {
  jobId: string;
  labourerId: string;
  state: string;
  planned: number;
  completed: number;
  dead: number;
  cancelled: number;
  closed: number;
  progress: number | null;
  scheduledBy: string;
  reason?: string;
}

interface DetailJson {
  job: JobJson;
  tasks: Record<'queued' | 'running' | 'awaitingArchive' | 'retrying' | 'completed' | 'dead' | 'cancelled', number>;
  sample: Record<string, string[]>;
  chain: { after: Array<{ jobId: string; state: string }>; followUps: Array<{ jobId: string; state: string }> };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('sosw jobs / cancel / schedule with job_id (subprocess)', () => {
  let fixture: ProjectFixture;
  const project = (): string[] => ['--config', fixture.configPath, '--db', fixture.dbPath];
  const jobFile = (name: string, job: Record<string, unknown>): string => {
    const path = join(fixture.dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(job));
    return path;
  };
  const detail = async (jobId: string): Promise<DetailJson> => {
    const result = await runCli(['jobs', jobId, ...project(), '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as DetailJson;
  };
  const taskRows = (): number => {
    const database = openSqliteDatabase(fixture.dbPath);
    try {
      const count = (table: string): number => (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return count('sosw_tasks') + count('sosw_closed_tasks') + count('sosw_retry_tasks');
    } finally {
      database.close();
    }
  };

  beforeAll(() => {
    fixture = createProjectFixture(oneLabourerConfig({ max_attempts: 1 }));
  });
  afterAll(() => fixture.remove());

  it('schedule with a job_id queues once; the same job_id again exits 0 saying already scheduled', async () => {
    const file = jobFile('prices', { job_id: 'prices-1', lambda_name: 'w', items: ['a', 'b', 'c', 'bad'], isolate_items: true });
    const first = await runCli(['schedule', file, ...project(), '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ job_id: 'prices-1', queued: 4, alreadyScheduled: false });
    const rows = taskRows();

    const again = await runCli(['schedule', file, ...project(), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      job_id: 'prices-1',
      alreadyScheduled: true,
      queued: 0,
      job: { jobId: 'prices-1', labourerId: 'w', planned: 4, state: 'running' },
    });
    const text = await runCli(['schedule', file, ...project()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Job prices-1 is already scheduled \(running, 0\/4 closed\); nothing queued\.$/m);
    expect(taskRows()).toBe(rows);
  });

  it('jobs lists the job with its state and a progress bar; --json has the record and the progress', async () => {
    const text = await runCli(['jobs', ...project()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^JOB ID\s+LABOURER\s+STATE\s+PROGRESS\s+CLOSED\s+AGE$/m);
    expect(text.stdout).toMatch(/^prices-1\s+w\s+running\s+\[\.{20}\]\s+0%\s+0\/4\s+\d+s$/m);

    const json = await runCli(['jobs', ...project(), '--json']);
    const { jobs } = JSON.parse(json.stdout) as { jobs: JobJson[]; cursor?: string };
    expect(jobs).toEqual([
      expect.objectContaining({ jobId: 'prices-1', labourerId: 'w', state: 'running', planned: 4, closed: 0, progress: 0 }),
    ]);
  });

  it('jobs <id> shows counts, timeline and the tasks by place once the job ran', async () => {
    const runtime = await createEmbeddedRuntime({ configPath: fixture.configPath, dbPath: fixture.dbPath });
    for (let i = 0; i < 20 && (await runtime.summary()).open > 0; i++) await runtime.tickOnce();
    await runtime.stop();

    const body = await detail('prices-1');
    // 'bad' died on its only attempt and no dead task is tolerated: the job failed.
    expect(body.job).toMatchObject({ state: 'failed', planned: 4, completed: 3, dead: 1, cancelled: 0, closed: 4, progress: 1 });
    expect(body.tasks).toEqual({ queued: 0, running: 0, awaitingArchive: 0, retrying: 0, completed: 3, dead: 1, cancelled: 0 });
    expect(body.sample.dead).toHaveLength(1);
    expect(body.chain).toEqual({ after: [], followUps: [] });

    const text = await runCli(['jobs', 'prices-1', ...project()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^state\s+failed$/m);
    expect(text.stdout).toMatch(/^progress\s+\[#{20}\] 100%\s+4\/4 \(1 dead\)$/m);
    expect(text.stdout).toMatch(/created\s+created by /);
    expect(text.stdout).toMatch(/finished\s+failed/);
    expect(text.stdout).toMatch(/^\s+completed\s+3\s+[0-9a-f]{32}/m);
  });

  it('jobs filters by state and labourer, and pages with a cursor', async () => {
    await runCli(['schedule', jobFile('second', { job_id: 'second', lambda_name: 'w', items: ['x'] }), ...project()]);
    const failed = JSON.parse((await runCli(['jobs', ...project(), '--state', 'failed', '--json'])).stdout) as { jobs: JobJson[] };
    expect(failed.jobs.map((j) => j.jobId)).toEqual(['prices-1']);
    const some = JSON.parse((await runCli(['jobs', ...project(), '--state', 'running,failed', '--labourer', 'w', '--json'])).stdout) as {
      jobs: JobJson[];
    };
    expect(some.jobs.map((j) => j.jobId).sort()).toEqual(['prices-1', 'second']);

    const page1 = JSON.parse((await runCli(['jobs', ...project(), '--limit', '1', '--json'])).stdout) as {
      jobs: JobJson[];
      cursor?: string;
    };
    expect(page1.jobs).toHaveLength(1);
    expect(page1.cursor).toEqual(expect.any(String));
    const page2 = JSON.parse((await runCli(['jobs', ...project(), '--limit', '1', '--cursor', page1.cursor ?? '', '--json'])).stdout) as {
      jobs: JobJson[];
      cursor?: string;
    };
    expect(page2.jobs).toHaveLength(1);
    expect(page2.cursor).toBeUndefined();
    expect(new Set([...page1.jobs, ...page2.jobs].map((j) => j.jobId))).toEqual(new Set(['prices-1', 'second']));
    const text = await runCli(['jobs', ...project(), '--limit', '1']);
    expect(text.stdout).toMatch(/More jobs: add --cursor \S+/);
  });

  it('bad input: unknown job, state, labourer or limit are coded errors with exit 1', async () => {
    const unknown = await runCli(['jobs', 'no-such-job', ...project(), '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'job.notFound', details: { jobId: 'no-such-job' } } });
    const unknownText = await runCli(['cancel', 'no-such-job', ...project()]);
    expect(unknownText.code).toBe(1);
    expect(unknownText.stderr).toMatch(/^error \[job\.notFound\]: No job no-such-job: check the id with `sosw jobs`\./);
    const repairUnknown = await runCli(['jobs', 'repair', 'no-such-job', ...project(), '--json']);
    expect(repairUnknown.code).toBe(1);
    expect(JSON.parse(repairUnknown.stderr)).toMatchObject({ error: { code: 'job.notFound' } });

    const badState = await runCli(['jobs', ...project(), '--state', 'sleeping']);
    expect(badState.code).toBe(1);
    expect(badState.stderr).toMatch(/error \[cli\.usage\]: --state must be one or more of waiting, scheduling, running/);
    const badLabourer = await runCli(['jobs', ...project(), '--labourer', 'nope', '--json']);
    expect(JSON.parse(badLabourer.stderr)).toMatchObject({ error: { code: 'labourer.unknown' } });
    const badLimit = await runCli(['jobs', ...project(), '--limit', '0']);
    expect(badLimit.stderr).toContain('error [cli.usage]: --limit');
  });

  it('jobs repair recounts the tasks and fixes counters a manual edit broke, printing before and after', async () => {
    const database = openSqliteDatabase(fixture.dbPath);
    database.prepare("UPDATE sosw_jobs SET completed = 0, dead = 3 WHERE job_id = 'prices-1'").run();
    database.close();

    const repaired = await runCli(['jobs', 'repair', 'prices-1', ...project(), '--json']);
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(JSON.parse(repaired.stdout)).toMatchObject({
      jobId: 'prices-1',
      changed: true,
      before: { completed: 0, dead: 3, cancelled: 0 },
      after: { completed: 3, dead: 1, cancelled: 0 },
    });
    const again = await runCli(['jobs', 'repair', 'prices-1', ...project()]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Job prices-1: counters already equal a recount.');
    expect(again.stdout).toContain('completed 3 -> 3, dead 1 -> 1, cancelled 0 -> 0');
  });

  it('cancel while tasks run: running ones finish, queued ones close cancelled; twice is fine; a finished job is job.finished', async () => {
    // 2 slots, 8 tasks of 4 s: while the first two run, six wait in the queue (each CLI call takes a second or two here).
    const items = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
    const file = jobFile('slow', { job_id: 'slow', lambda_name: 'w', items, isolate_items: true, delay_ms: 4000 });
    writeFileSync(
      fixture.configPath,
      JSON.stringify(oneLabourerConfig({ max_attempts: 1, max_simultaneous_invocations: 2, duration: 30, timeout: 30 })),
    );
    const dev = startCli(['dev', ...project(), '--job', file, '--tick', '50', '--no-dashboard']);
    try {
      await dev.waitFor(/running on .* \(pid \d+\)/);
      let running = 0;
      for (let i = 0; i < 60 && running < 2; i++) {
        running = (await detail('slow')).tasks.running;
        if (running < 2) await sleep(100);
      }
      expect(running).toBe(2);

      const cancelled = await runCli(['cancel', 'slow', ...project(), '--reason', 'wrong items', '--by', 'ann', '--json']);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      const body = JSON.parse(cancelled.stdout) as { jobId: string; alreadyCancelled: boolean; cancelledTasks: number; job: JobJson };
      expect(body).toMatchObject({ jobId: 'slow', alreadyCancelled: false, by: 'ann', job: { state: 'cancelled' } });
      expect(body.job.reason).toBe('cancelled by ann: wrong items');
      expect(body.cancelledTasks).toBeGreaterThanOrEqual(2);

      // The running tasks finish (completed), nothing new starts, nothing is retried or counted dead.
      let after: DetailJson | undefined;
      for (let i = 0; i < 80; i++) {
        after = await detail('slow');
        if (after.tasks.running === 0 && after.tasks.awaitingArchive === 0 && after.job.closed === items.length) break;
        await sleep(100);
      }
      const completed = items.length - body.cancelledTasks;
      expect(completed).toBeGreaterThanOrEqual(2);
      expect(after?.job).toMatchObject({ state: 'cancelled', completed, dead: 0, cancelled: body.cancelledTasks, closed: items.length });
      expect(after?.tasks).toEqual({
        queued: 0,
        running: 0,
        awaitingArchive: 0,
        retrying: 0,
        completed,
        dead: 0,
        cancelled: body.cancelledTasks,
      });

      const twice = await runCli(['cancel', 'slow', ...project()]);
      expect(twice.code, twice.stderr).toBe(0);
      expect(twice.stdout).toMatch(/^Job slow was already cancelled.*; nothing changed\.$/m);
      const twiceJson = JSON.parse((await runCli(['cancel', 'slow', ...project(), '--json'])).stdout) as { alreadyCancelled: boolean };
      expect(twiceJson.alreadyCancelled).toBe(true);
    } finally {
      dev.child.kill('SIGINT');
      await dev.exited();
    }

    const finished = await runCli(['cancel', 'prices-1', ...project(), '--json']);
    expect(finished.code).toBe(1);
    expect(JSON.parse(finished.stderr)).toMatchObject({ error: { code: 'job.finished', details: { jobId: 'prices-1', state: 'failed' } } });
    expect((await detail('prices-1')).job.state).toBe('failed');
  });

  it('tasks shows the job id of each task', async () => {
    const listed = await runCli(['tasks', ...project(), '--state', 'succeeded', '--json']);
    const { tasks } = JSON.parse(listed.stdout) as { tasks: Array<{ jobId?: string }> };
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) expect(['prices-1', 'second', 'slow']).toContain(task.jobId);
    const text = await runCli(['tasks', ...project(), '--state', 'succeeded']);
    expect(text.stdout).toMatch(/^TASK ID\s+LABOURER\s+JOB\s+STATE/m);

    // Tasks closed by the cancel above are `cancelled`, not `dead`.
    const cancelled = JSON.parse((await runCli(['tasks', ...project(), '--state', 'cancelled', '--json'])).stdout) as {
      tasks: Array<{ jobId?: string; state: string }>;
    };
    expect(cancelled.tasks.length).toBeGreaterThanOrEqual(2);
    for (const task of cancelled.tasks) expect(task).toMatchObject({ jobId: 'slow', state: 'cancelled' });
    const dead = JSON.parse((await runCli(['tasks', ...project(), '--state', 'dead', '--json'])).stdout) as {
      tasks: Array<{ jobId?: string }>;
    };
    expect(dead.tasks.map((t) => t.jobId)).not.toContain('slow');
  });
});
