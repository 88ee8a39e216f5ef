import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RELIEF_AFTER, runDemo } from './index.js';

describe('the demo project', () => {
  let workDir: string | undefined;
  afterEach(() => {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it('runs to the end: every task closed, the east stores retried, atlantis dead, the throttle lifted', async () => {
    // Prepare
    workDir = mkdtempSync(join(tmpdir(), 'sosw-demo-'));
    let sawThrottled = false;

    // Act
    const result = await runDemo({
      workDir,
      timeoutMs: 45_000,
      onProgress: (status) => {
        const prices = status.labourers.find((l) => l.labourerId === 'fetch_prices');
        if (prices !== undefined && prices.completed < RELIEF_AFTER && prices.cap === 3) sawThrottled = true;
      },
    });

    // Assert: 6 days x 5 stores + 4 regions; each east task fails once, atlantis three times.
    expect(result.summary).toMatchObject({ queued: 34, completed: 33, dead: 1, open: 0, retried: 8, invoked: 42 });
    expect(result.summary.queued).toBe(result.summary.completed + result.summary.dead);
    expect(result.throttle).toEqual({ busy: 3, calm: 6 });
    expect(sawThrottled).toBe(true);
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toContain('build_report');
    const reports = result.status.labourers.find((l) => l.labourerId === 'build_report');
    expect(reports).toMatchObject({ completed: 3, dead: 1, counters: expect.objectContaining({ retried: 2, dead: 1 }) });
  });
});
