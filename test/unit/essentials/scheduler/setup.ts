/** A Scheduler on an in-memory SQLite store, a memory BlobStore, a manual clock and a recording invoker. */
import { RecordingInvoker } from '../../../../src/adapters/local/recording-invoker.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { resolveSchedulerConfig } from '../../../../src/core/config/scheduler-config.js';
import type { Task } from '../../../../src/core/task/task.js';
import type { SchedulerOptions } from '../../../../src/essentials/scheduler/options.js';
import { Scheduler } from '../../../../src/essentials/scheduler/scheduler.js';
import { createMemoryStore, type MemoryStore } from '../../../../src/testing.js';
import { MemoryBlobStore } from './fakes.js';

export const T0 = Date.UTC(2019, 3, 30, 12, 0, 0);

export interface Harness {
  readonly scheduler: Scheduler;
  readonly memory: MemoryStore;
  readonly blobs: MemoryBlobStore;
  readonly clock: ManualClock;
  readonly invoker: RecordingInvoker;
  /** Every queued task of `labourerId`, in queue order. */
  queued(labourerId?: string): Promise<Task[]>;
}

export function harness(configInput: Record<string, unknown> = {}, overrides: Partial<SchedulerOptions> = {}): Harness {
  const memory = createMemoryStore();
  const blobs = new MemoryBlobStore();
  const clock = new ManualClock(T0);
  const invoker = new RecordingInvoker();
  const config = resolveSchedulerConfig({
    task_config: { labourers: { worker: {}, other: {} } },
    job_schema_variants: { default: { chunkable_attrs: ['section', 'store'] }, topics: { chunkable_attrs: ['topic', 'word'] } },
    ...configInput,
  });
  const scheduler = new Scheduler({ config, store: memory.store, metaLog: memory.metaLog, blobs, clock, invoker, ...overrides });
  return {
    scheduler,
    memory,
    blobs,
    clock,
    invoker,
    queued: (labourerId = 'worker') => memory.store.nextQueued(labourerId, Number.MAX_SAFE_INTEGER, 1_000_000),
  };
}

/** `n` isolated sections: a job of `n` tasks. */
export function sectionsJob(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { lambda_name: 'worker', isolate_sections: true, sections: Array.from({ length: n }, (_, i) => `s${i}`), ...extra };
}

/** A remainingTimeMs that allows `batches` time checks above the reserve, then reports no time. */
export function timeFor(batches: number): () => number {
  let left = batches;
  return () => (left-- > 0 ? 600_000 : 1_000);
}
