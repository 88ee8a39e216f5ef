/** Shared wiring for the engine tests: an in-memory SQLite store, a manual clock and recording doubles. */
import { InMemoryMetrics } from '../../../../src/adapters/local/in-memory-metrics.js';
import { StaticMetricSource } from '../../../../src/adapters/local/metric-sources.js';
import { RecordingInvoker } from '../../../../src/adapters/local/recording-invoker.js';
import { RecordingNotifier } from '../../../../src/adapters/local/recording-notifier.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { resolveOrchestratorConfig, resolveScavengerConfig } from '../../../../src/core/config/essentials-config.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { Orchestrator, type OrchestratorOptions } from '../../../../src/essentials/orchestrator/orchestrator.js';
import { Scavenger, type ScavengerOptions } from '../../../../src/essentials/scavenger/scavenger.js';
import { TaskManager } from '../../../../src/essentials/task-manager/task-manager.js';
import { WorkerAssistant } from '../../../../src/essentials/worker-assistant/worker-assistant.js';
import type { MetaEntry, MetaLog } from '../../../../src/ports/meta-log.js';
import { createMemoryStore } from '../../../../src/testing.js';

/** 2024-01-01T00:00:00Z. */
export const T0_MS = Date.UTC(2024, 0, 1);
export const T0 = T0_MS / 1000;
export const DELTA = 31_557_600;

/** A MetaLog wrapper that counts `write` calls (to check batching). */
export class CountingMetaLog implements MetaLog {
  public writes: MetaEntry[][] = [];
  readonly #inner: MetaLog;

  public constructor(inner: MetaLog) {
    this.#inner = inner;
  }

  public async write(entries: readonly MetaEntry[]): Promise<void> {
    this.writes.push([...entries]);
    await this.#inner.write(entries);
  }

  public forTask(taskId: string): Promise<MetaEntry[]> {
    return this.#inner.forTask(taskId);
  }

  public close(): Promise<void> {
    return this.#inner.close();
  }

  /** Every row written, in order. */
  public get rows(): MetaEntry[] {
    return this.writes.flat();
  }
}

export type Harness = ReturnType<typeof makeHarness>;

/** Build a test world. `taskConfig` is the raw `task_config` document. */
export function makeHarness(taskConfig: Record<string, unknown>, options: { timeouts?: Record<string, number> } = {}) {
  const clock = new ManualClock(T0_MS);
  const memory = createMemoryStore();
  const metaLog = new CountingMetaLog(memory.metaLog);
  const invoker = new RecordingInvoker({ timeouts: options.timeouts ?? {} });
  const metrics = new InMemoryMetrics();
  const notifier = new RecordingNotifier();
  const metricSource = new StaticMetricSource({});
  const store = memory.store;
  const taskManager = new TaskManager({ store, config: resolveTaskConfig(taskConfig), clock, invoker, metaLog, metrics });
  const orchestrator = (extra: Record<string, unknown> = {}, opts: Partial<OrchestratorOptions> = {}): Orchestrator =>
    new Orchestrator({
      store,
      invoker,
      metaLog,
      metrics,
      metricSource,
      clock,
      config: resolveOrchestratorConfig({ ...extra, task_config: taskConfig }),
      sleep: async (ms: number) => clock.advance(ms),
      ...opts,
    });
  const scavenger = (extra: Record<string, unknown> = {}, opts: Partial<ScavengerOptions> = {}): Scavenger =>
    new Scavenger({
      store,
      metaLog,
      metrics,
      notifier,
      invoker,
      clock,
      config: resolveScavengerConfig({ ...extra, task_config: taskConfig }),
      random: () => 0.5,
      ...opts,
    });
  const assistant = new WorkerAssistant({ store, metaLog, metrics, clock });
  /** Queue `n` tasks with payload {n: i}. */
  const enqueue = async (labourerId: string, n: number): Promise<string[]> => {
    const tasks = await store.enqueue(
      labourerId,
      Array.from({ length: n }, (_, i) => ({ payload: JSON.stringify({ n: i }) })),
      clock.now() / 1000,
    );
    return tasks.map((t) => t.taskId);
  };
  return {
    clock,
    store,
    metaLog,
    invoker,
    metrics,
    notifier,
    metricSource,
    taskManager,
    orchestrator,
    scavenger,
    assistant,
    enqueue,
    jobStore: memory.jobStore,
    close: memory.close,
  };
}
