import { describe, expect, it } from 'vitest';
import { describeScavengerRun, ScavengerRunLog } from '../../../src/dashboard/scavenger-runs.js';
import type { ScavengerRunResult } from '../../../src/essentials/scavenger/scavenger.js';

function run(labourers: Array<Partial<ScavengerRunResult['labourers'][number]> & { labourerId: string }>): ScavengerRunResult {
  const full = labourers.map((l) => ({ archived: 0, retried: 0, returned: 0, dead: [], ...l }));
  return { labourers: full, dead: full.flatMap((l) => l.dead), notified: true };
}

describe('describeScavengerRun', () => {
  it('puts what a run did into words, per labourer', () => {
    const text = describeScavengerRun(
      run([
        { labourerId: 'a', archived: 1, retried: 2, returned: 1, dead: [{ taskId: 't', labourerId: 'a', attempts: 3, reason: 'expired' }] },
        { labourerId: 'b' },
        { labourerId: 'c', error: 'store down' },
      ]),
    );

    expect(text).toBe(
      'a: archived 1 completed task, sent 2 expired or failed tasks to retry, returned 1 due retry to the head of the queue, closed 1 task as dead (attempts used up); c: failed: store down.',
    );
    expect(describeScavengerRun(run([{ labourerId: 'a' }]))).toBe('nothing to do');
    expect(describeScavengerRun({ ...run([{ labourerId: 'a' }]), notifyError: 'SNS down' })).toContain('not delivered (SNS down)');
  });
});

describe('ScavengerRunLog', () => {
  it('keeps busy runs newest first, counts idle ones, and filters by labourer', () => {
    const log = new ScavengerRunLog(2);
    log.record(run([{ labourerId: 'a', archived: 1 }]), 1000);
    log.record(run([{ labourerId: 'a' }]), 2000);
    log.record(run([{ labourerId: 'b', retried: 1 }]), 3000);
    log.record(run([{ labourerId: 'a', returned: 2 }]), 4000);

    expect(log.runs).toBe(4);
    expect(log.lastRunAt).toBe(4000);
    expect(log.list(undefined, 10).map((r) => r.at)).toEqual([4000, 3000]);
    expect(log.list('a', 10).map((r) => r.at)).toEqual([4000]);
    expect(log.list(undefined, 1)).toHaveLength(1);
  });
});
