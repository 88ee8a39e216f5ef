/** The text of the job verbs: progress bars, ages, the jobs table, the detail of one job, a repair's change. */
import { describe, expect, it } from 'vitest';
import {
  closedText,
  countersChange,
  formatAge,
  type JobDetail,
  jobDetailText,
  jobProgressBar,
  jobsTable,
  jobTimeline,
} from '../../../src/cli/job-format.js';
import type { JobRecord } from '../../../src/core/job/job.js';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0) / 1000;

function makeJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId: 'prices-2024-05',
    labourerId: 'fetch_prices',
    document: { lambda_name: 'fetch_prices' },
    planned: 10,
    completed: 0,
    dead: 0,
    cancelled: 0,
    state: 'running',
    createdAt: T0,
    updatedAt: T0,
    scheduledBy: 'ann',
    after: [],
    runAfterFailure: false,
    toleratedFailurePercentage: 0,
    ...overrides,
  };
}

describe('jobProgressBar', () => {
  it.each([
    [0, 0, 0, '[....................]   0%'],
    [5, 0, 0, '[##########..........]  50%'],
    [3, 1, 1, '[##########..........]  50%'],
    [9, 0, 0, '[##################..]  90%'],
    [10, 0, 0, '[####################] 100%'],
  ])('counts completed %i, dead %i and cancelled %i of 10 planned as closed', (completed, dead, cancelled, bar) => {
    expect(jobProgressBar(makeJob({ completed, dead, cancelled }))).toBe(bar);
  });

  it('shows an empty bar and no percentage while nothing is planned (a waiting job)', () => {
    expect(jobProgressBar(makeJob({ planned: 0, state: 'waiting' }))).toBe('[....................]    -');
  });

  it('never overflows when more tasks closed than planned', () => {
    expect(jobProgressBar(makeJob({ completed: 12 }), 4)).toBe('[####] 100%');
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [60, '1m'],
    [3599, '59m'],
    [3600, '1h'],
    [86_399, '23h'],
    [86_400 * 3, '3d'],
  ])('says %i seconds ago as %s', (elapsed, text) => {
    expect(formatAge(T0, T0 + elapsed)).toBe(text);
  });

  it('never shows a negative age (a clock behind the writer)', () => {
    expect(formatAge(T0 + 30, T0)).toBe('0s');
  });
});

describe('closedText', () => {
  it('names dead and cancelled tasks only when there are any', () => {
    expect(closedText(makeJob({ completed: 4 }))).toBe('4/10');
    expect(closedText(makeJob({ completed: 4, dead: 1, cancelled: 2 }))).toBe('7/10 (1 dead, 2 cancelled)');
    expect(closedText(makeJob({ planned: 12000, completed: 1500 }))).toBe('1,500/12,000');
  });
});

describe('jobsTable', () => {
  it('prints one row per job with state, bar, closed counts and age', () => {
    const text = jobsTable(
      [makeJob({ completed: 5 }), makeJob({ jobId: 'b', labourerId: 'w', state: 'waiting', planned: 0, createdAt: T0 - 120 })],
      T0 + 30,
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^JOB ID\s+LABOURER\s+STATE\s+PROGRESS\s+CLOSED\s+AGE$/);
    expect(lines[1]).toMatch(/^prices-2024-05\s+fetch_prices\s+running\s+\[##########\.{10}\]\s+50%\s+5\/10\s+30s$/);
    expect(lines[2]).toMatch(/^b\s+w\s+waiting\s+\[\.{20}\]\s+-\s+0\/0\s+2m$/);
  });
});

describe('jobTimeline', () => {
  it('lists created, scheduled and finished with the reason, in order', () => {
    const job = makeJob({ scheduledAt: T0 + 2, finishedAt: T0 + 60, state: 'cancelled', reason: 'cancelled by ann: wrong period' });
    expect(jobTimeline(job)).toEqual([
      { event: 'created', at: T0, text: 'created by ann' },
      { event: 'scheduled', at: T0 + 2, text: 'all 10 tasks queued' },
      { event: 'finished', at: T0 + 60, text: 'cancelled by ann: wrong period' },
    ]);
    expect(jobTimeline(makeJob({ planned: 1, scheduledAt: T0 + 2 }))[1]).toMatchObject({ text: 'its 1 task queued' });
  });

  it('names the state before a reason that does not start with it', () => {
    const job = makeJob({ finishedAt: T0 + 5, state: 'failed', reason: 'parent job a failed' });
    expect(jobTimeline(job).at(-1)?.text).toBe('failed: parent job a failed');
  });

  it('has only the creation for a job that is still scheduling', () => {
    expect(jobTimeline(makeJob({ state: 'scheduling' })).map((e) => e.event)).toEqual(['created']);
  });
});

describe('jobDetailText', () => {
  const detail: JobDetail = {
    job: makeJob({ completed: 6, dead: 1, scheduledAt: T0 + 1, after: ['parent'] }),
    tasks: { queued: 2, running: 1, awaitingArchive: 0, retrying: 0, completed: 6, dead: 1, cancelled: 0 },
    sample: { queued: ['a1', 'a2'], running: ['b1'] },
    chain: { after: [{ jobId: 'parent', state: 'completed' }], followUps: [{ jobId: 'prices-2024-05.then.0', state: 'not scheduled' }] },
  };

  it('shows counters, timeline, the tasks by place with some ids, and the chain', () => {
    const text = jobDetailText(detail, T0 + 90);
    expect(text).toMatch(/^state\s+running$/m);
    expect(text).toMatch(/^progress\s+\[#{14}\.{6}\]\s+70%\s+7\/10 \(1 dead\)$/m);
    expect(text).toMatch(/^counters\s+6 completed, 1 dead, 0 cancelled$/m);
    expect(text).toMatch(/2024-05-01T10:00:01Z\s+scheduled\s+all 10 tasks queued/);
    expect(text).toMatch(/^\s+queued\s+2\s+a1 a2$/m);
    expect(text).toMatch(/^\s+running\s+1\s+b1$/m);
    expect(text).toMatch(/^\s+cancelled\s+0$/m);
    expect(text).toContain('after      parent (completed)');
    expect(text).toContain('then       prices-2024-05.then.0 (not scheduled)');
  });

  it('shows the reason, and a follow-up its on_complete failed to schedule as such', () => {
    const reason = 'on_complete failed: schedule[0] (job prices-2024-05.then.0): Unknown labourer "nope"';
    const text = jobDetailText(
      { ...detail, job: makeJob({ state: 'completed', completed: 10, finishedAt: T0 + 5, actionsDoneAt: T0 + 5, reason }) },
      T0 + 90,
    );
    expect(text).toContain(`reason       ${reason}`);
    expect(text).toMatch(/finished\s+completed: on_complete failed: schedule\[0\]/);
    expect(text).toContain('then       prices-2024-05.then.0 (not scheduled: on_complete failed, see reason)');
  });

  it('says so when the job has no chain', () => {
    expect(jobDetailText({ ...detail, chain: { after: [], followUps: [] } }, T0)).toContain('(no parents, no follow-ups)');
  });
});

describe('countersChange', () => {
  it('marks each counter a repair fixed', () => {
    expect(countersChange({ completed: 3, dead: 1, cancelled: 0 }, { completed: 5, dead: 1, cancelled: 0 })).toBe(
      'completed 3 -> 5 (fixed), dead 1 -> 1, cancelled 0 -> 0',
    );
  });
});
