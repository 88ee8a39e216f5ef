import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/adapters/local/project-loader.js';
import { checkJobFiles, scheduledLines } from '../../../src/cli/commands/dev.js';
import { SoswError } from '../../../src/core/errors.js';
import type { SchedulerResult } from '../../../src/essentials/scheduler/options.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sosw-dev-jobs-'));
  writeFileSync(
    join(dir, 'sosw.config.json'),
    JSON.stringify({ labourers: { rl: { handler: './w.mjs' } }, job_schema_variants: { default: { chunkable_attrs: [['store', {}]] } } }),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function errorOf(paths: string[]): Promise<SoswError> {
  const project = await loadProject({ cwd: dir });
  try {
    checkJobFiles(paths, project);
  } catch (error) {
    if (error instanceof SoswError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('sosw dev --job: every file is checked before anything is scheduled', () => {
  it('refuses the whole set when one file names an unknown labourer, naming that file and the project config fix', async () => {
    const good = file('rl.json', '{"lambda_name": "rl"}');
    const bad = file('bad.json', '{"lambda_name": "nope"}');
    const error = await errorOf([good, bad]);
    expect(error.code).toBe('job.unknownLabourer');
    expect(error.message).toMatch(
      /^.*bad\.json: Unknown labourer "nope" in the job; .*sosw\.config\.json has: rl\. .*under labourers in the config\.$/,
    );
    expect(error.message).not.toContain('task_config');
    expect(error.details).toMatchObject({ path: bad, field: 'job.lambda_name' });
  });

  it.each([
    ['missing', null, /does not exist/],
    ['"hello"', '"hello"', /holds a JSON string .*not a job/],
    ['not JSON', '{lambda_name', /is not valid JSON/],
    ['a bad priority', '{"lambda_name": "rl", "priority": 10}', /job\.priority/],
    [
      'a bad follow-up',
      '{"lambda_name": "rl", "on_complete": {"schedule": [{"lambda_name": "zz"}]}}',
      /on_complete\.schedule\[0\]\.lambda_name/,
    ],
  ])('a job file that is %s is a coded error naming it', async (_what, content, message) => {
    const path = content === null ? join(dir, 'nope.json') : file('job.json', content);
    const error = await errorOf([path]);
    expect(error.code).toMatch(/^job\./);
    expect(error.message).toMatch(message);
    expect(error.details.path).toBe(path);
  });

  it('gives each good file its derived job id', async () => {
    const project = await loadProject({ cwd: dir });
    const [job] = checkJobFiles([file('rl.json', '{"lambda_name": "rl", "stores": ["a"]}')], project);
    expect(job?.event).toMatchObject({ lambda_name: 'rl', job_id: expect.stringMatching(/^file-[0-9a-f]{16}$/) });
  });
});

describe('sosw dev --job output', () => {
  const base: SchedulerResult = {
    jobId: 'j1',
    labourerId: 'rl',
    total: 2,
    cursor: 2,
    queued: 2,
    skipped: 0,
    done: true,
    handoff: 'none',
    generation: 0,
  };

  it('prints one JSON event per file: scheduled, alreadyScheduled, or scheduled and waiting', () => {
    expect(JSON.parse(scheduledLines('a.json', base, true).out)).toEqual({
      event: 'scheduled',
      file: 'a.json',
      jobId: 'j1',
      labourerId: 'rl',
      queued: 2,
      total: 2,
    });
    const job = { state: 'running', after: [] } as unknown as NonNullable<SchedulerResult['job']>;
    expect(JSON.parse(scheduledLines('a.json', { ...base, queued: 0, alreadyScheduled: true, job }, true).out)).toEqual({
      event: 'alreadyScheduled',
      file: 'a.json',
      jobId: 'j1',
      labourerId: 'rl',
      state: 'running',
    });
    const waiting = { ...base, queued: 0, total: 0, waiting: true, missingParents: ['p'], job: { ...job, state: 'waiting', after: ['p'] } };
    expect(JSON.parse(scheduledLines('a.json', waiting as SchedulerResult, true).out)).toMatchObject({
      event: 'scheduled',
      waiting: true,
      after: ['p'],
      missingParents: ['p'],
    });
    expect(scheduledLines('a.json', waiting as SchedulerResult, false)).toMatchObject({
      out: 'Job j1 from a.json waits for p: its tasks are queued once they complete.',
      warning: expect.stringMatching(/^warning: no job p exists yet/),
    });
    expect(scheduledLines('a.json', base, false).out).toBe('Scheduled 2 tasks for rl from a.json (job j1).');
  });

  it('says truthfully what a job_id that exists did: already scheduled, still being scheduled, or resumed when stuck', () => {
    const at = Date.UTC(2024, 4, 1, 10, 0, 0) / 1000;
    const record = (state: string) => ({ state, after: [], updatedAt: at }) as unknown as NonNullable<SchedulerResult['job']>;
    const already = { ...base, queued: 0, alreadyScheduled: true };
    for (const state of ['running', 'completed', 'failed', 'cancelled', 'waiting'])
      expect(scheduledLines('a.json', { ...already, job: record(state) }, false).out).toBe(
        `Job j1 from a.json is already scheduled (${state}): nothing queued.`,
      );
    const busy = { ...already, job: record('scheduling'), resumableAt: at + 300 };
    expect(scheduledLines('a.json', busy, false).out).toBe(
      'Job j1 from a.json is being scheduled since 2024-05-01T10:00:00Z; nothing queued. If its Scheduler stopped, the JobKeeper resumes it after 2024-05-01T10:05:00Z, or schedule it again after then.',
    );
    expect(JSON.parse(scheduledLines('a.json', busy, true).out)).toEqual({
      event: 'alreadyScheduled',
      file: 'a.json',
      jobId: 'j1',
      labourerId: 'rl',
      state: 'scheduling',
      resumableAt: at + 300,
    });
    const resumed = { ...base, total: 6, queued: 4, skipped: 2, resumedStuck: true, job: record('running') };
    expect(scheduledLines('a.json', resumed, false).out).toBe(
      'Job j1 from a.json was stuck in scheduling (its Scheduler stopped): resumed, queued 4 tasks for rl, 2 already queued.',
    );
    expect(JSON.parse(scheduledLines('a.json', resumed, true).out)).toEqual({
      event: 'scheduled',
      file: 'a.json',
      jobId: 'j1',
      labourerId: 'rl',
      queued: 4,
      total: 6,
      resumedStuck: true,
      skipped: 2,
    });
  });
});
