/**
 * The embedded runtime's end-to-end throughput with no-op workers (schedule -> Orchestrator ->
 * in-process worker -> WorkerAssistant -> Scavenger archive, audit rows on, SQLite file): shared by
 * runtime.bench.ts and peers.bench.ts so both measure the same thing: the built package (see shipped.ts).
 */
import { join } from 'node:path';
import { shippedLocal } from './shipped.js';

type LocalModule = typeof import('../src/local.js');

export interface Throughput {
  tasks: number;
  scheduleMs: number;
  runMs: number;
  /** Wall-clock tasks per second from start() to the last archive. */
  perSecond: number;
  /** Including the scheduling of the job. */
  endToEndPerSecond: number;
  /** Tasks per second of this process's CPU time (user + system) during the run: less sensitive to a busy machine. */
  perCpuSecond: number;
}

export interface ThroughputOptions {
  /** The `sosw/local` module to measure. @defaultValue the built package (see shipped.ts) */
  readonly local?: Pick<LocalModule, 'createEmbeddedRuntime'>;
  /** Runtime options added to the bench's own (e.g. `{ backgroundCheckpoints: false }`). */
  readonly runtimeOptions?: Record<string, unknown>;
}

export async function embeddedThroughput(tasks: number, dir: string, options: ThroughputOptions = {}): Promise<Throughput> {
  const { createEmbeddedRuntime } = options.local ?? (await shippedLocal());
  const runtime = await createEmbeddedRuntime({
    project: {
      name: 'bench',
      labourers: { noop: { max_simultaneous_invocations: 1000, duration: 60, cooldown: 10, timeout: 30 } },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
      orchestrator_config: { invoke_concurrency: 256 },
      scavenger_config: { retry_tasks_limit: 1000, page_size: 5000 },
    },
    cwd: dir,
    dbPath: join(dir, `throughput-${tasks}-${Date.now().toString(36)}.db`),
    handlers: { noop: async () => undefined },
    dispatchIntervalMs: 5,
    sweepIntervalMs: 20,
    heartbeat: false,
    ...options.runtimeOptions,
  });
  const items = Array.from({ length: tasks }, (_, i) => i);
  const t0 = performance.now();
  await runtime.schedule({ lambda_name: 'noop', items, isolate_items: true });
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  await runtime.start();
  while (runtime.metrics.total('archived') + runtime.metrics.total('dead') < tasks) await new Promise((r) => setTimeout(r, 5));
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  const summary = await runtime.summary();
  await runtime.stop();
  if (summary.completed !== tasks || summary.open !== 0) throw new Error(`not every task completed: ${JSON.stringify(summary)}`);
  return {
    tasks,
    scheduleMs: t1 - t0,
    runMs: t2 - t1,
    perSecond: (tasks * 1000) / (t2 - t1),
    endToEndPerSecond: (tasks * 1000) / (t2 - t0),
    perCpuSecond: (tasks * 1e6) / (used.user + used.system),
  };
}
