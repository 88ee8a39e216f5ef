import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../src/local.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

describe('embedded runtime, end to end', () => {
  let fixture: ProjectFixture | undefined;
  let runtime: EmbeddedRuntime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    fixture?.remove();
    runtime = undefined;
    fixture = undefined;
  });

  it('closes every task of a job: completed + dead = queued, and the counters add up', async () => {
    // Prepare: 300 tasks, one of which always fails (max_attempts 2 -> dead after one retry).
    fixture = createProjectFixture(oneLabourerConfig());
    runtime = await createEmbeddedRuntime({
      configPath: fixture.configPath,
      dbPath: fixture.dbPath,
      dispatchIntervalMs: 50,
      sweepIntervalMs: 50,
    });
    const items = [...Array.from({ length: 299 }, (_, i) => `item-${i}`), 'bad'];

    // Act
    const scheduled = await runtime.schedule({ lambda_name: 'w', items, isolate_items: true });
    await runtime.start();
    const summary = await runtime.untilDone({ timeoutMs: 30_000, pollMs: 50 });

    // Assert
    expect(scheduled.queued).toBe(300);
    expect(summary).toMatchObject({ queued: 300, completed: 299, dead: 1, open: 0, retried: 1, invoked: 301 });
    const counters = runtime.metrics.snapshot().counters;
    expect(counters.completed?.w).toBe(299);
    expect(counters.failed?.w).toBe(2);
    expect(counters.archived?.w).toBe(299);
    expect(counters.dead?.w).toBe(1);
    expect(runtime.invoker.counters().w).toMatchObject({ started: 301, succeeded: 301, failed: 0, timedOut: 0 });
    expect(runtime.invoker.counters().sosw_worker_assistant).toMatchObject({ started: 301, failed: 0 });
  });

  it('abandons a handler past its time limit: the task expires, is retried, and the runtime keeps going', async () => {
    // Prepare: the first attempt of "slow" hangs past the 0.2 s limit; the second attempt is quick.
    fixture = createProjectFixture(oneLabourerConfig({ timeout: 0.2 }));
    const attempts = new Map<string, number>();
    runtime = await createEmbeddedRuntime({
      configPath: fixture.configPath,
      dbPath: fixture.dbPath,
      dispatchIntervalMs: 50,
      sweepIntervalMs: 50,
      handlers: {
        w: async (payload: { items: string[] }, ctx: { signal?: AbortSignal; task?: { attempts?: number } }) => {
          const item = payload.items[0] ?? '';
          attempts.set(item, ctx.task?.attempts ?? 0);
          if (item === 'slow' && ctx.task?.attempts === 1) await new Promise(() => {});
          if (item === 'boom') throw new TypeError('a bug in the worker');
          return { item };
        },
      },
    });

    // Act
    await runtime.schedule({ lambda_name: 'w', items: ['a', 'slow', 'boom', 'b'], isolate_items: true });
    await runtime.start();
    const summary = await runtime.untilDone({ timeoutMs: 20_000, pollMs: 50 });

    // Assert
    expect(summary).toMatchObject({ queued: 4, completed: 3, dead: 1, open: 0 });
    expect(attempts.get('slow')).toBe(2);
    expect(runtime.invoker.counters().w?.timedOut).toBe(1);
  });

  it('stops gracefully: running work finishes, its reports land, and the store closes', async () => {
    fixture = createProjectFixture(oneLabourerConfig({ max_simultaneous_invocations: 5 }));
    runtime = await createEmbeddedRuntime({
      configPath: fixture.configPath,
      dbPath: fixture.dbPath,
      dispatchIntervalMs: 20,
      sweepIntervalMs: 20,
    });
    await runtime.schedule({ lambda_name: 'w', items: ['a', 'b', 'c', 'd', 'e'], isolate_items: true, delay_ms: 300 });
    await runtime.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(runtime.invoker.totals().running).toBeGreaterThan(0);

    const report = await runtime.stop();

    expect(report).toMatchObject({ finished: true, abandoned: 0 });
    expect(runtime.invoker.counters().w).toMatchObject({ succeeded: 5 });
    const reopened = await createEmbeddedRuntime({ configPath: fixture.configPath, dbPath: fixture.dbPath, loadHandlers: false });
    try {
      expect(await reopened.summary()).toMatchObject({ completed: 5, open: 0 });
    } finally {
      await reopened.stop();
    }
    await expect(runtime.stop()).resolves.toBe(report);
  });
});
