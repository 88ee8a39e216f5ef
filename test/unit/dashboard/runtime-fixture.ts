/** An embedded runtime in memory with a manual clock, and its dashboard source, for dashboard tests. */
import { ManualClock } from '../../../src/core/clock.js';
import { type EmbeddedDashboardSource, embeddedDashboardSource } from '../../../src/dashboard/embedded-source.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';

export interface DashboardFixture {
  readonly runtime: EmbeddedRuntime;
  readonly source: EmbeddedDashboardSource;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

/** Labourers `w` (cap 2, one attempt) and `v` (rate-limited); items starting with `bad` always fail. */
export async function createDashboardFixture(): Promise<DashboardFixture> {
  const clock = new ManualClock(Date.UTC(2025, 0, 1, 12));
  const handler = async (payload: { items?: string[] }): Promise<{ item: string }> => {
    const item = payload.items?.[0] ?? '';
    if (item.startsWith('bad')) throw new Error(`item ${item} always fails`);
    return { item };
  };
  const runtime = await createEmbeddedRuntime({
    project: {
      name: 'dashboard test',
      labourers: {
        w: { max_simultaneous_invocations: 2, max_attempts: 1, duration: 5, cooldown: 1 },
        v: { max_simultaneous_invocations: 3, duration: 5, cooldown: 1, rate_limit: { invocations: 10, per: 'second' } },
      },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
    },
    dbPath: ':memory:',
    clock,
    heartbeat: false,
    handlers: { w: handler, v: handler },
  });
  const source = embeddedDashboardSource(runtime, { clock });
  return {
    runtime,
    source,
    clock,
    async close() {
      await source.close();
      await runtime.stop();
    },
  };
}

/** Queue `items` for labourer `w`. */
export async function scheduleItems(runtime: EmbeddedRuntime, items: readonly string[], labourer = 'w'): Promise<void> {
  await runtime.schedule({ lambda_name: labourer, items, isolate_items: true });
}
