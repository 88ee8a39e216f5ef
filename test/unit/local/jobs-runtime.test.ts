/**
 * Jobs in the embedded runtime, end to end: a chain A -> B -> C through on_complete, each job
 * ending once (onJobFinished records every end and the test fails on a second), and `sosw dev --job`
 * ids derived from the job file so scheduling it again queues nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileJobId, readJobFile } from '../../../src/cli/job-file.js';
import { ManualClock } from '../../../src/core/clock.js';
import { isTerminal, type JobRecord } from '../../../src/core/job/job.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';

let runtime: EmbeddedRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

async function start(onJobFinished: (job: JobRecord) => void): Promise<{ rt: EmbeddedRuntime; runs: string[] }> {
  const clock = new ManualClock(Date.UTC(2025, 0, 1, 12));
  const runs: string[] = [];
  const worker = (name: string) => async () => {
    runs.push(name);
    return { ok: true };
  };
  const rt = await createEmbeddedRuntime({
    project: {
      name: 'jobs',
      labourers: { a: {}, b: {}, c: {} },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
    },
    dbPath: ':memory:',
    clock,
    heartbeat: false,
    handlers: { a: worker('a'), b: worker('b'), c: worker('c') },
    onJobFinished,
  });
  runtime = rt;
  return { rt, runs };
}

describe('jobs in the embedded runtime', () => {
  it('runs a chain A -> B -> C through on_complete, ending each job exactly once', async () => {
    const ended = new Map<string, number>();
    const { rt, runs } = await start((job) => {
      ended.set(job.jobId, (ended.get(job.jobId) ?? 0) + 1);
      if ((ended.get(job.jobId) ?? 0) > 1) throw new Error(`job ${job.jobId} ended twice`);
    });
    const chain = {
      lambda_name: 'a',
      job_id: 'A',
      items: [1, 2],
      isolate_items: true,
      on_complete: {
        schedule: [
          {
            lambda_name: 'b',
            items: [3],
            isolate_items: true,
            on_complete: { schedule: [{ lambda_name: 'c', job_id: 'C', items: [4, 5], isolate_items: true }] },
          },
        ],
      },
    };
    expect((await rt.schedule(chain)).queued).toBe(2);
    for (let i = 0; i < 12; i++) {
      await rt.tickOnce();
      if ((await rt.jobStore.get('C'))?.state === 'completed') break;
    }
    expect([...ended.entries()].sort()).toEqual([
      ['A', 1],
      ['A.then.0', 1],
      ['C', 1],
    ]);
    expect(runs.sort()).toEqual(['a', 'a', 'b', 'c', 'c']);
    const listed = (await rt.jobs.list({ limit: 10 })).jobs;
    expect(listed.map((j) => [j.jobId, j.state, j.completed, j.scheduledBy]).sort()).toEqual([
      ['A', 'completed', 2, 'sosw_scheduler'],
      ['A.then.0', 'completed', 1, 'job:A'],
      ['C', 'completed', 2, 'job:A.then.0'],
    ]);
    // Extra ticks change nothing: no job ends twice, no follow-up is queued again.
    await rt.tickOnce();
    await rt.tickOnce();
    expect(runs).toHaveLength(5);
    expect((await rt.jobs.get('C')).tasks).toMatchObject({ completed: 2, queued: 0, running: 0 });
    // Scheduled again (a re-run script, as docs/jobs.md's quick start): nothing queued, and the result
    // carries the ended record, so a caller knows not to wait for an onJobFinished that will not come.
    const again = await rt.schedule(chain);
    expect(again).toMatchObject({ alreadyScheduled: true, queued: 0, job: { jobId: 'A', state: 'completed' } });
    expect(again.job !== undefined && isTerminal(again.job.state)).toBe(true);
    expect(ended.get('A')).toBe(1);
  });

  it('derives the job id of a job file from its content, so scheduling the file again queues nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sosw-jobfile-'));
    try {
      const path = join(dir, 'job.json');
      const text = JSON.stringify({ lambda_name: 'a', items: [1, 2, 3], isolate_items: true });
      writeFileSync(path, text);
      const named = join(dir, 'named.json');
      writeFileSync(named, JSON.stringify({ job: { lambda_name: 'a', job_id: 'mine' } }));
      expect(readJobFile(path)).toMatchObject({ job_id: fileJobId(text) });
      expect(fileJobId(text)).toMatch(/^file-[0-9a-f]{16}$/);
      expect(readJobFile(named)).toEqual({ job: { lambda_name: 'a', job_id: 'mine' } });
      const { rt } = await start(() => undefined);
      expect((await rt.schedule(readJobFile(path))).queued).toBe(3);
      const again = await rt.schedule(readJobFile(path));
      expect(again).toMatchObject({ alreadyScheduled: true, queued: 0, jobId: fileJobId(text) });
      expect(await rt.store.countQueued('a', Date.UTC(2025, 0, 1, 13) / 1000)).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
