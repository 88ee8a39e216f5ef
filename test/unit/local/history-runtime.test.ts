/**
 * The embedded runtime keeps minute rollups with no dashboard open: the Orchestrator and Scavenger
 * write them, and every task the engines counted is in them once (compared with the runtime's own
 * counters after every step, so a lost or doubled count fails at the step that made it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { MinuteRollup } from '../../../src/core/history/minute-rollup.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';

let runtime: EmbeddedRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

const sum = (rows: readonly MinuteRollup[], field: 'invoked' | 'completed' | 'failed' | 'dead'): number =>
  rows.reduce((n, r) => n + r[field], 0);

describe('embedded runtime history', () => {
  it('writes minute rollups of invocations, completions, failures, deaths and queue depth that match the counters', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1, 12));
    const rt = await createEmbeddedRuntime({
      project: {
        name: 'history',
        labourers: { w: { max_simultaneous_invocations: 3, max_attempts: 2, duration: 5, cooldown: 1 } },
        job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
        task_config: { history_retention_hours: 2 },
      },
      dbPath: ':memory:',
      clock,
      heartbeat: false,
      handlers: {
        w: async (payload: Record<string, unknown>) => {
          if (JSON.stringify(payload).includes('bad')) throw new Error('always fails');
          return { ok: true };
        },
      },
    });
    runtime = rt;
    await rt.schedule({ lambda_name: 'w', items: ['a', 'b', 'c', 'd', 'bad1', 'bad2'], isolate_items: true });
    const start = clock.now() / 1000;
    for (let step = 0; step < 40; step++) {
      await rt.tickOnce();
      const rows = await rt.history.read(['w'], 0, clock.now() / 1000 + 60);
      expect(sum(rows, 'invoked')).toBe(rt.metrics.total('invoked', 'w'));
      expect(sum(rows, 'completed')).toBe(rt.metrics.total('archived', 'w'));
      expect(sum(rows, 'failed')).toBe(rt.metrics.total('retried', 'w'));
      expect(sum(rows, 'dead')).toBe(rt.metrics.total('dead', 'w'));
      clock.advance(20_000);
    }
    const rows = await rt.history.read(['w'], 0, clock.now() / 1000 + 60);
    expect(sum(rows, 'completed')).toBe(4);
    expect(sum(rows, 'dead')).toBe(2);
    expect(sum(rows, 'failed')).toBe(2);
    expect(rows[0]?.queued).toBeGreaterThan(0);
    expect(rows.at(-1)?.queued).toBe(0);
    expect(rows.every((r) => r.minute >= start - 60 && r.minute % 60 === 0)).toBe(true);
    // Retention of 2 hours: after 3 more hours only the newest minutes are left.
    clock.advance(3 * 3600_000);
    await rt.tickOnce();
    const kept = await rt.history.read(['w'], 0, clock.now() / 1000 + 60);
    expect(kept.every((r) => r.minute >= clock.now() / 1000 - 2 * 3600)).toBe(true);
  });

  it('rejects a bad history_retention_hours with config.invalid naming the key', async () => {
    await expect(
      createEmbeddedRuntime({
        project: { labourers: { w: {} }, task_config: { history_retention_hours: 'a day' } },
        dbPath: ':memory:',
        heartbeat: false,
        handlers: { w: async () => ({}) },
      }),
    ).rejects.toMatchObject({ code: 'config.invalid', details: { field: 'task_config.history_retention_hours' } });
  });
});
