/**
 * Kill the Scheduler at random points (before, after or in the middle of store writes, around
 * every blob operation, in audit writes), resume it the way Lambda would (retry the same event
 * with the same request id once the stale lock expired, or follow the sibling), and check that
 * every row of the job ends up queued exactly once.
 */
import { describe, expect, it } from 'vitest';
import { RecordingInvoker } from '../../../../src/adapters/local/recording-invoker.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import { isQueueFileKey } from '../../../../src/core/scheduling/queue-file.js';
import { Scheduler } from '../../../../src/essentials/scheduler/scheduler.js';
import { createMemoryStore } from '../../../../src/testing.js';
import { CrashError, crashingBlobs, crashingStore, MemoryBlobStore, seededRandom } from './fakes.js';
import { T0, timeFor } from './setup.js';

const TTL_SECONDS = 30;
const config = resolveSchedulerConfig({
  task_config: { labourers: { worker: {} } },
  job_schema_variants: { default: { chunkable_attrs: ['section', 'store'] } },
  rows_to_process: 4,
  lock_ttl_seconds: TTL_SECONDS,
  max_sibling_generations: 1000,
});
// 3 days x (5 sections x 3 stores + 1 flat section) = 48 rows
const JOB = {
  lambda_name: 'worker',
  period: 'last_3_days',
  isolate_days: true,
  isolate_stores: true,
  sections: { ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`s${i}`, { stores: ['a', 'b', 'c'] }])), flat: null },
};

async function runWithCrashes(seed: number): Promise<{ crashes: number; invocations: number }> {
  const random = seededRandom(seed);
  const memory = createMemoryStore();
  const blobs = new MemoryBlobStore();
  const clock = new ManualClock(T0);
  const invoker = new RecordingInvoker();
  const scheduler = new Scheduler({
    config,
    store: crashingStore(memory.store, random, 0.2),
    metaLog: {
      write: async (entries) => {
        if (random() < 0.05) throw new CrashError('metaLog.write');
        await memory.metaLog.write(entries);
      },
    },
    blobs: crashingBlobs(blobs, random, 0.04),
    invoker,
    clock,
    checkpointIntervalMs: random() < 0.5 ? 0 : 1000,
  });
  const expected = scheduler.plan(JOB, T0);
  const expectedPayloads = [...expected.rows()].map((r) => JSON.stringify(r.fields)).sort();

  let event: unknown = JOB;
  let requestId = 'req-0';
  let crashes = 0;
  let invocations = 0;
  try {
    for (;;) {
      invocations++;
      if (invocations > 500) throw new Error(`seed ${seed}: no end after 500 invocations`);
      try {
        const result = await scheduler.run(event, { invocationId: requestId, remainingTimeMs: timeFor(1 + Math.floor(random() * 4)) });
        clock.advance(1_000);
        if (result.done) break;
        const sibling = invoker.invocations.at(-1)?.event;
        event = result.handoff === 'sibling' ? sibling : { file_name: result.queueFile };
        requestId = `req-${invocations}`;
      } catch (error) {
        if (!(error instanceof CrashError)) throw error;
        crashes++;
        clock.advance(TTL_SECONDS * 1000 + 1);
      }
    }
    const tasks = await memory.store.nextQueued('worker', Number.MAX_SAFE_INTEGER, 10_000);
    expect(new Set(tasks.map((t) => t.taskId)).size).toBe(tasks.length);
    expect(tasks.map((t) => JSON.stringify(JSON.parse(t.payload))).sort()).toEqual(expectedPayloads);
    expect([...blobs.objects.keys()].filter((k) => isQueueFileKey('sosw/scheduler', k))).toEqual([]);
    return { crashes, invocations };
  } finally {
    await memory.close();
  }
}

describe('Scheduler: crashes at random points', () => {
  it('queues every row exactly once over 40 randomised runs', async () => {
    let crashes = 0;
    for (let seed = 1; seed <= 40; seed++) crashes += (await runWithCrashes(seed)).crashes;
    expect(crashes).toBeGreaterThan(100);
  });
});
