import { afterEach, describe, expect, it } from 'vitest';
import { SqliteControlStore } from '../../src/adapters/sqlite/sqlite-control-store.js';
import type { DispatchDecision } from '../../src/essentials/orchestrator/decision.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../src/local.js';
import { createProjectFixture, oneLabourerConfig, type ProjectFixture } from './project-fixture.js';

const DOWNSTREAM_LIMIT = 5;
const TICKS = 140;
/** The settled phase judged at the end. */
const LAST = 60;

describe('adaptive concurrency, embedded end to end', () => {
  let fixture: ProjectFixture | undefined;
  let runtime: EmbeddedRuntime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    fixture?.remove();
    runtime = undefined;
    fixture = undefined;
  });

  it('finds a downstream that fails above 5 concurrent calls: settles at 4-5 and the failure ratio falls under the threshold', async () => {
    // Prepare: the simulated downstream takes 30 ms per call and refuses calls beyond 5 at once.
    let active = 0;
    const calls: Array<{ at: number; concurrent: number; ok: boolean }> = [];
    const downstream = async (): Promise<void> => {
      active += 1;
      const concurrent = active;
      try {
        if (concurrent > DOWNSTREAM_LIMIT) throw new Error(`downstream overloaded (${concurrent} concurrent calls)`);
        await new Promise((resolve) => setTimeout(resolve, 30));
      } finally {
        calls.push({ at: Date.now(), concurrent, ok: concurrent <= DOWNSTREAM_LIMIT });
        active -= 1;
      }
    };
    fixture = createProjectFixture(
      oneLabourerConfig({
        max_simultaneous_invocations: 12,
        max_attempts: 50,
        timeout: 5,
        adaptive: { probe_ticks: 30, error_rate: 0.05 },
      }),
    );
    runtime = await createEmbeddedRuntime({
      configPath: fixture.configPath,
      dbPath: fixture.dbPath,
      dispatchIntervalMs: 60,
      sweepIntervalMs: 20,
      handlers: { w: downstream },
    });
    await runtime.schedule({ lambda_name: 'w', items: Array.from({ length: 5000 }, (_, i) => `item-${i}`), isolate_items: true });

    // Act
    await runtime.start();
    const deadline = Date.now() + 60_000;
    while (adaptiveDecisions(runtime).length < TICKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await runtime.stop();

    // Assert
    const decisions = adaptiveDecisions(runtime);
    expect(decisions.length).toBeGreaterThanOrEqual(TICKS);
    const targets = decisions.map((d) => d.adaptive?.target ?? -1);
    // Never above max, never above the limit it reports, and every tick says why.
    for (const d of decisions) {
      expect(d.adaptive?.target).toBeLessThanOrEqual(12);
      expect(d.runningAfter).toBeLessThanOrEqual(Math.max(d.running, d.adaptive?.limit ?? 0));
      expect(d.reason).toContain('Adaptive: ');
    }
    // Settled: the last ticks sit at 4-5, apart from a rare probe one step above.
    const settled = targets.slice(-LAST);
    expect(settled.filter((t) => t >= 4 && t <= 5).length / LAST).toBeGreaterThanOrEqual(0.75);
    expect(Math.max(...settled)).toBeLessThanOrEqual(DOWNSTREAM_LIMIT + 1);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(2);
    // The failure ratio of the outcomes judged in the settled phase is under the 5% threshold.
    const judged = decisions
      .slice(-LAST)
      .reduce((n, d) => ({ completed: n.completed + (d.adaptive?.completed ?? 0), failed: n.failed + (d.adaptive?.failed ?? 0) }), {
        completed: 0,
        failed: 0,
      });
    expect(judged.completed).toBeGreaterThan(50);
    expect(judged.failed / (judged.completed + judged.failed)).toBeLessThan(0.05);
    // The first breach was cut within one tick of being seen.
    const firstBreach = decisions.findIndex((d) => (d.adaptive?.failed ?? 0) > 0 && d.adaptive?.change !== 'held');
    expect(decisions[firstBreach]?.adaptive).toMatchObject({ change: 'cut' });
    expect(decisions[firstBreach]?.adaptive?.reason).toMatch(/^error rate \d+(\.\d)?% > 5% → target \d+ → \d+$/);
    // The state survives a restart: it is in the database.
    const store = new SqliteControlStore({ path: fixture.dbPath });
    const [record] = await store.readControls(['w']);
    await store.close();
    expect(record?.adaptive?.target).toBe(targets.at(-1));
    expect(record?.outcomes?.failed).toBeGreaterThan(0);
  });
});

function adaptiveDecisions(runtime: EmbeddedRuntime): DispatchDecision[] {
  return runtime.orchestrator.recentDecisions().filter((d) => d.labourerId === 'w' && d.adaptive !== undefined);
}
