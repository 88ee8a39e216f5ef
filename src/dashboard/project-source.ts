/**
 * The dashboard's view of a project opened by `sosw dashboard` (a SQLite file, running or
 * stopped, or an AWS deployment's DynamoDB tables), read-mostly: statuses, lists and the explorer
 * are read through the store ports and reused for `cacheMs`, so an open page costs a bounded
 * number of reads whatever the number of viewers (see docs/dashboard.md for DynamoDB's figure).
 * Redrive, bulk redrive, controls and job cancel write through the same ports as the CLI.
 */

import { findTask } from '../adapters/local/task-listing.js';
import { type Clock, epochSeconds, systemClock } from '../core/clock.js';
import type { LabourerConfig } from '../core/config/task-config.js';
import type { LabourerControls } from '../essentials/flow/labourer-controls.js';
import type { JobsApi } from '../essentials/jobs/jobs-api.js';
import type { RuntimeStatus } from '../local.js';
import type { HistoryStore } from '../ports/history-store.js';
import type { MetaLog } from '../ports/meta-log.js';
import { hasTaskIdSearch } from '../ports/task-id-search.js';
import type { TaskStore } from '../ports/task-store.js';
import { jobMetrics } from './job-metrics.js';
import { LatencyHistogram } from './latency-histogram.js';
import { type LabourerReading, SeriesSampler } from './sampler.js';
import type { DeadTaskView, ListOptions, Overview, RetryView } from './source.js';
import { cancelDroppingCache, labourerProgress, progressNote, type SampledDashboardSource, type SourceOptions } from './source-parts.js';
import { storeReads } from './store-reads.js';
import { labourerSummary } from './summaries.js';
import { TaskExplorer } from './task-explorer.js';

/** What `sosw dashboard` opens (the CLI's ProjectHandle has this shape). */
export interface StoreProject {
  readonly projectName: string;
  readonly labourers: readonly LabourerConfig[];
  readonly store: TaskStore;
  readonly metaLog: MetaLog;
  readonly controls: LabourerControls;
  /** Job records, where the backend keeps them. */
  readonly jobs?: JobsApi | undefined;
  /** Minute rollups the essentials write, where the backend keeps them. */
  readonly history?: HistoryStore | undefined;
  status(): Promise<RuntimeStatus>;
}

/** `sampleCapacity` defaults to 360 here (one sample per `cacheMs`). */
export interface ProjectSourceOptions extends SourceOptions {
  /** How long a read is reused (status, lists, explorer pages). @defaultValue 5000 */
  readonly cacheMs?: number | undefined;
}

export type ProjectDashboardSource = SampledDashboardSource;

export const DEFAULT_PROJECT_CACHE_MS = 5000;
/**
 * The charts are sampled only while a page was open within this long (or three cache periods if
 * longer): a dashboard nobody looks at sends no reads to the store.
 */
export const SAMPLE_WHILE_VIEWED_MS = 60_000;

/** `read()` at most once per `ttlMs` per key; a failed read is not kept; `clear()` forgets every key. */
function memo<T>(clock: Clock, ttlMs: number): ((key: string, read: () => Promise<T>) => Promise<T>) & { clear(): void } {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  const get = (key: string, read: () => Promise<T>): Promise<T> => {
    const hit = kept.get(key);
    if (hit !== undefined && clock.now() - hit.at <= ttlMs) return hit.value;
    const value = read();
    value.catch(() => kept.delete(key));
    kept.set(key, { at: clock.now(), value });
    return value;
  };
  return Object.assign(get, { clear: () => kept.clear() });
}

/** Methods of the controls and the jobs API that change what the pages show. */
const CHANGING_METHODS: ReadonlySet<PropertyKey> = new Set(['pause', 'resume', 'drain', 'limit', 'clearLimit', 'cancel', 'repair']);

/** `target` whose changing methods call `changed` once their promise settled successfully. */
function notifyingChanges<T extends object>(target: T | undefined, changed: () => void): T | undefined {
  if (target === undefined) return undefined;
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      // Bound to the target: a class with private fields refuses `this` = the proxy.
      if (!CHANGING_METHODS.has(property)) return (value as (...a: unknown[]) => unknown).bind(object);
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(object, args);
        changed();
        return result;
      };
    },
  });
}

/**
 * @example
 * const project = await openProjectOn({ backend: 'aws' });
 * const source = projectDashboardSource(project);
 * source.start();
 * const server = await startDashboardServer({ source, port: 8787 });
 */
export function projectDashboardSource(project: StoreProject, options: ProjectSourceOptions = {}): ProjectDashboardSource {
  const clock = options.clock ?? systemClock;
  const ttl = options.cacheMs ?? DEFAULT_PROJECT_CACHE_MS;
  const statusMemo = memo<RuntimeStatus>(clock, ttl);
  const deadMemo = memo<DeadTaskView[]>(clock, ttl);
  const retryMemo = memo<RetryView[]>(clock, ttl);
  const status = (): Promise<RuntimeStatus> => statusMemo('status', () => project.status());
  const reads = storeReads({ store: project.store, metaLog: project.metaLog, labourers: project.labourers, clock });
  const explorer = new TaskExplorer({
    store: project.store,
    labourers: project.labourers,
    nowSeconds: () => epochSeconds(clock),
    nowMs: () => clock.now(),
    cacheMs: ttl,
  });
  const ids = (only: string | undefined): string[] => (only === undefined ? project.labourers.map((l) => l.id) : [only]);
  // Pages read the overview (and the series); the sampler keeps reading for a while after the last one.
  let viewedAt = clock.now();
  const viewed = (): void => {
    viewedAt = clock.now();
  };
  const sampler = new SeriesSampler({
    when: () => clock.now() - viewedAt <= Math.max(SAMPLE_WHILE_VIEWED_MS, 3 * ttl),
    intervalMs: ttl,
    capacity: options.sampleCapacity ?? 360,
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
          invoked: l.counters.invoked ?? 0,
        };
      }
      return { at: clock.now(), labourers };
    },
  });
  const noDecisions = { orchestrator: [], scavenger: [], scavengerLastRunAt: null, known: false };
  // An operator's action shows on the next refresh: the counts, lists and controls were served from
  // the cache for up to --cache ms after it (a redriven task still listed dead, a pause not shown).
  const changed = (): void => {
    explorer.invalidate();
    statusMemo.clear();
    deadMemo.clear();
    retryMemo.clear();
  };

  return {
    projectName: project.projectName,
    clock,
    controls: notifyingChanges(project.controls, changed),
    jobsApi: notifyingChanges(project.jobs, changed),
    history: project.history,
    explorer,
    labourerIds: () => project.labourers.map((l) => l.id),
    async overview(): Promise<Overview> {
      viewed();
      const current = await status();
      return {
        project: current.project,
        store: current.database,
        running: current.running,
        at: clock.now(),
        labourers: current.labourers.map((l) =>
          labourerSummary({
            status: l,
            decision: undefined,
            rateLimit: project.labourers.find((c) => c.id === l.labourerId)?.rateLimit ?? null,
            counters: l.counters,
            ratePerSecond: sampler.rate(l.labourerId, 'completed', 60_000),
            latency: null,
          }),
        ),
      };
    },
    series: (sinceMs) => {
      viewed();
      return sampler.points(sinceMs);
    },
    async jobs() {
      const current = await status();
      return {
        note: progressNote(project.jobs !== undefined, false),
        labourers: current.labourers.map((l) => labourerProgress(l, sampler.rate(l.labourerId, 'completed', 60_000))),
        jobs: [],
      };
    },
    task: (taskId) => reads.task(taskId),
    async searchTasks(prefix, limit) {
      if (!hasTaskIdSearch(project.store)) {
        const page = await explorer.page({ prefix, sort: 'id', order: 'asc', limit, offset: 0 });
        return page.tasks.map((t) => ({ taskId: t.taskId, labourerId: t.labourerId, state: t.state }));
      }
      const now = epochSeconds(clock);
      const found = await Promise.all(
        (await project.store.taskIdsWithPrefix(prefix, limit)).map((id) => findTask(project.store, id, project.labourers, now)),
      );
      return found.flatMap((t) => (t === null ? [] : [{ taskId: t.taskId, labourerId: t.labourerId, state: t.state }]));
    },
    deadTasks: ({ labourerId, limit }: ListOptions) => deadMemo(`${labourerId}:${limit}`, () => reads.deadTasks(ids(labourerId), limit)),
    retries: ({ labourerId, limit }: ListOptions) => retryMemo(`${labourerId}:${limit}`, () => reads.retries(ids(labourerId), limit)),
    decisions: () => noDecisions,
    async redrive(taskId, audit) {
      const outcome = await reads.redrive(taskId, audit);
      if (outcome.redriven) changed();
      return outcome;
    },
    locateTasks: (taskIds) => reads.locate(taskIds),
    cancelTasks: cancelDroppingCache(reads, changed),
    writeAudit: (entries) => project.metaLog.write(entries),
    async metrics() {
      const current = await status();
      return {
        jobs: project.jobs === undefined ? undefined : await jobMetrics(project.jobs),
        labourers: current.labourers.map((l) => ({
          labourerId: l.labourerId,
          counters: l.counters,
          queued: l.queued,
          running: l.running,
          retrying: l.retrying,
          dead: l.dead,
          cancelled: l.cancelled,
          health: l.health,
          cap: l.cap,
          dispatchLatency: new LatencyHistogram().view(),
        })),
      };
    },
    sampler,
    start: () => sampler.start(),
    close: () => sampler.stop(),
  };
}
