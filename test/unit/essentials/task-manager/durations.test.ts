import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import type { ClosedTask } from '../../../../src/core/task/task.js';
import { LabourerDurations } from '../../../../src/essentials/task-manager/durations.js';
import { silentLogger } from '../../../../src/ports/logger.js';

const config = resolveTaskConfig({ labourers: { w: { duration: 100 } } });
const labourer = config.labourers[0]!;

function world(timeout: () => Promise<number | undefined>) {
  const clock = new ManualClock(0);
  const calls = { timeout: 0, closed: 0 };
  const closed: ClosedTask[] = [];
  const durations = new LabourerDurations({
    store: {
      recentClosed: async (_id, succeeded) => {
        calls.closed += 1;
        return closed.filter((t) => t.succeeded === succeeded);
      },
    },
    config,
    clock,
    invoker: {
      timeoutSeconds: async () => {
        calls.timeout += 1;
        return timeout();
      },
    },
    logger: silentLogger,
    cacheSeconds: 60,
  });
  return { clock, calls, closed, durations };
}

describe('LabourerDurations', () => {
  it('reads the timeout and the closed tasks once per cache period', async () => {
    const w = world(async () => 300);
    expect(await w.durations.maxDuration(labourer)).toBe(300);
    expect(await w.durations.averageDuration(labourer)).toBe(0);
    w.clock.advanceSeconds(59);
    expect(await w.durations.maxDuration(labourer)).toBe(300);
    expect(await w.durations.averageDuration(labourer)).toBe(0);
    expect(w.calls).toEqual({ timeout: 1, closed: 2 });
    w.closed.push({
      taskId: 't',
      labourerId: 'w',
      createdAt: 0,
      greenfield: 31_557_600,
      attempts: 2,
      payload: '{}',
      closedAt: 1,
      succeeded: false,
    });
    w.clock.advanceSeconds(1);
    expect(await w.durations.averageDuration(labourer)).toBe(300);
    expect(w.calls).toEqual({ timeout: 2, closed: 4 });
  });

  it('falls back to duration when the invoker does not know or fails', async () => {
    expect(await world(async () => undefined).durations.maxDuration(labourer)).toBe(100);
    expect(await world(async () => Promise.reject(new Error('no access'))).durations.maxDuration(labourer)).toBe(100);
  });
});
