/**
 * The dashboard's view of an embedded runtime (`sosw/local`): statuses from `runtime.status()`,
 * decisions from the Orchestrator, lists from the store, the audit trail from the meta log, and
 * series from a sampler. Scavenger runs, jobs and latency histograms are recorded through the
 * runtime's hooks (see engine-taps.ts) from the moment the source is created.
 */

import type { LabourerStatus, RuntimeStatus } from '../adapters/local/runtime-status.js';
import { findTask } from '../adapters/local/task-listing.js';
import { epochSeconds, systemClock } from '../core/clock.js';
import type { EmbeddedRuntime } from '../local.js';
import { COUNTER_NAMES } from '../ports/metrics.js';
import { hasTaskIdSearch } from '../ports/task-id-search.js';
import { engineObserver } from './engine-taps.js';
import { jobMetrics } from './job-metrics.js';
import { JobTracker } from './job-tracker.js';
import { LatencyHistogram } from './latency-histogram.js';
import { type LabourerReading, SeriesSampler } from './sampler.js';
import { ScavengerRunLog } from './scavenger-runs.js';
import type { LabourerSummary, ListOptions, Overview, RedriveOutcome, TaskDetail } from './source.js';
import { cancelDroppingCache, labourerProgress, progressNote, type SampledDashboardSource, type SourceOptions } from './source-parts.js';
import { storeReads } from './store-reads.js';
import { decisionView, labourerSummary } from './summaries.js';
import { TaskExplorer } from './task-explorer.js';

/** `clock` is the runtime's; `sampleCapacity` defaults to 600 here. */
export interface EmbeddedSourceOptions extends SourceOptions {
  /** @defaultValue 1000 */
  readonly sampleIntervalMs?: number | undefined;
  /** Audit author of redrives. @defaultValue 'sosw_dashboard' */
  readonly author?: string | undefined;
}

/** `close()` detaches from the runtime's hooks; the runtime is left running. */
export type EmbeddedDashboardSource = SampledDashboardSource;

/** A status is reused for this long, so that many viewers cost one census. */
const STATUS_TTL_MS = 250;
const RATE_WINDOW_MS = 60_000;

/**
 * @example
 * const runtime = await createEmbeddedRuntime({ configPath: 'sosw.config.ts' });
 * const source = embeddedDashboardSource(runtime);
 * source.start();
 * const server = await startDashboardServer({ source });
 */
export function embeddedDashboardSource(runtime: EmbeddedRuntime, options: EmbeddedSourceOptions = {}): EmbeddedDashboardSource {
  const clock = options.clock ?? systemClock;
  const scavengerRuns = new ScavengerRunLog();
  const jobs = new JobTracker({ archive: runtime.store });
  const latency = new Map(runtime.labourers.map((l) => [l.id, new LatencyHistogram()]));
  const detach = runtime.observe(engineObserver({ clock, scavengerRuns, jobs, latency }));

  let cached: { at: number; status: Promise<RuntimeStatus> } | undefined;
  const status = (): Promise<RuntimeStatus> => {
    const now = clock.now();
    if (cached === undefined || now - cached.at > STATUS_TTL_MS) {
      cached = { at: now, status: runtime.status() };
      cached.status.catch(() => {
        cached = undefined;
      });
    }
    return cached.status;
  };
  const counters = (labourerId: string): Record<string, number> =>
    Object.fromEntries(COUNTER_NAMES.map((name) => [name, runtime.metrics.total(name, labourerId)]));

  const sampler = new SeriesSampler({
    intervalMs: options.sampleIntervalMs,
    capacity: options.sampleCapacity,
    read: async () => {
      const current = await status();
      const labourers: Record<string, LabourerReading> = {};
      for (const l of current.labourers) {
        labourers[l.labourerId] = {
          queued: l.queued,
          running: l.running,
          retrying: l.retrying,
          dead: l.dead,
          completed: l.completed + l.reported,
          invoked: runtime.metrics.total('invoked', l.labourerId),
          adaptiveTarget: runtime.orchestrator.lastDecisions().find((d) => d.labourerId === l.labourerId)?.adaptive?.target,
        };
      }
      return { at: clock.now(), labourers };
    },
  });

  const summarise = (l: LabourerStatus): LabourerSummary => {
    const config = runtime.labourers.find((c) => c.id === l.labourerId);
    const decision = runtime.orchestrator.lastDecisions().find((d) => d.labourerId === l.labourerId);
    const kept = runtime.metrics.snapshot().observations.dispatch_latency_ms?.[l.labourerId];
    return labourerSummary({
      status: l,
      decision,
      rateLimit: config?.rateLimit ?? null,
      counters: counters(l.labourerId),
      ratePerSecond: sampler.rate(l.labourerId, 'invoked', RATE_WINDOW_MS),
      latency: kept === undefined ? null : { count: kept.count, p50: kept.p50, p95: kept.p95, max: kept.max },
    });
  };

  const explorer = new TaskExplorer({
    store: runtime.store,
    labourers: runtime.labourers,
    nowSeconds: () => epochSeconds(clock),
    nowMs: () => clock.now(),
  });

  const reads = storeReads({ store: runtime.store, metaLog: runtime.metaLog, labourers: runtime.labourers, clock, author: options.author });

  const labourerIds = (only: string | undefined): string[] => (only === undefined ? runtime.labourers.map((l) => l.id) : [only]);

  return {
    projectName: runtime.projectName,
    clock,
    controls: runtime.controls,
    jobsApi: runtime.jobs,
    history: runtime.history,
    labourerIds: () => runtime.labourers.map((l) => l.id),
    async overview(): Promise<Overview> {
      const current = await status();
      return {
        project: current.project,
        store: current.database,
        running: current.running,
        at: clock.now(),
        labourers: current.labourers.map(summarise),
      };
    },
    series: (sinceMs) => sampler.points(sinceMs),
    async jobs() {
      const current = await status();
      const progress = current.labourers.map((l) => labourerProgress(l, sampler.rate(l.labourerId, 'completed', RATE_WINDOW_MS)));
      return {
        note: progressNote(runtime.jobs !== undefined, true),
        labourers: progress,
        jobs: await jobs.list(),
      };
    },
    task: (taskId): Promise<TaskDetail | null> => reads.task(taskId),
    async searchTasks(prefix, limit) {
      if (!hasTaskIdSearch(runtime.store)) return [];
      const now = epochSeconds(clock);
      const ids = await runtime.store.taskIdsWithPrefix(prefix, limit);
      const found = await Promise.all(ids.map((id) => findTask(runtime.store, id, runtime.labourers, now)));
      return found.flatMap((t) => (t === null ? [] : [{ taskId: t.taskId, labourerId: t.labourerId, state: t.state }]));
    },
    deadTasks: ({ labourerId, limit }: ListOptions) => reads.deadTasks(labourerIds(labourerId), limit),
    retries: ({ labourerId, limit }: ListOptions) => reads.retries(labourerIds(labourerId), limit),
    decisions({ labourerId, limit }: ListOptions) {
      const recent = [...runtime.orchestrator.recentDecisions()].reverse();
      const mine = labourerId === undefined ? recent : recent.filter((d) => d.labourerId === labourerId);
      return {
        orchestrator: mine.slice(0, limit).map(decisionView),
        scavenger: scavengerRuns.list(labourerId, limit),
        scavengerLastRunAt: scavengerRuns.lastRunAt,
      };
    },
    explorer,
    locateTasks: (taskIds) => reads.locate(taskIds),
    cancelTasks: cancelDroppingCache(reads, () => {
      cached = undefined;
      explorer.invalidate();
    }),
    writeAudit: (entries) => runtime.metaLog.write(entries),
    async redrive(taskId, audit): Promise<RedriveOutcome> {
      const outcome = await reads.redrive(taskId, audit);
      if (outcome.redriven) {
        cached = undefined;
        explorer.invalidate();
      }
      return outcome;
    },
    async metrics() {
      const current = await status();
      return {
        jobs: await jobMetrics(runtime.jobs),
        labourers: current.labourers.map((l) => ({
          labourerId: l.labourerId,
          counters: counters(l.labourerId),
          queued: l.queued,
          running: l.running,
          retrying: l.retrying,
          dead: l.dead,
          cancelled: l.cancelled,
          health: l.health,
          cap: l.cap,
          dispatchLatency: (latency.get(l.labourerId) ?? new LatencyHistogram()).view(),
        })),
      };
    },
    sampler,
    start: () => sampler.start(),
    async close() {
      detach();
      await sampler.stop();
    },
  };
}
