/**
 * What the dashboard reads and the one thing it changes. The Hono app depends on this interface
 * only, so the same app serves the embedded runtime (`embeddedDashboardSource`) and, later, an
 * AWS composition running on Lambda.
 */
import type { Clock } from '../core/clock.js';
import type { LabourerControls } from '../essentials/flow/labourer-controls.js';
import type { JobsApi } from '../essentials/jobs/jobs-api.js';
import type { HistoryStore } from '../ports/history-store.js';
import type { MetaEntry } from '../ports/meta-log.js';
import type { TaskExplorer } from './task-explorer.js';

/** One health metric as the Orchestrator last read it. */
export interface HealthMetricView {
  readonly name: string;
  readonly value: number | null;
  /** Ecology status 0..4 this value maps to. */
  readonly status: number;
  /** Why the value is null (`noData` or an error code). */
  readonly problem?: string | undefined;
}

/** Summary of kept dispatch-latency samples (milliseconds). */
export interface LatencyView {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface LabourerSummary {
  readonly labourerId: string;
  /** Ecology status 0..4 (4 = High). */
  readonly health: number;
  readonly healthName: string;
  /** The health metrics behind `health` (empty without health metrics or before the first tick). */
  readonly metrics: readonly HealthMetricView[];
  /** `max_simultaneous_invocations`. */
  readonly maxSimultaneousInvocations: number;
  /** Invocation-number coefficient of the current health. */
  readonly coefficient: number;
  /** May run at this health: `floor(max_simultaneous_invocations x coefficient)`. */
  readonly cap: number;
  /**
   * Free slots now, as the Orchestrator counts them: 0 while paused or draining, else
   * `max(min(cap, pinned max, adaptive target) - running, 0)`, further bounded by the rate limit's
   * allowance when known.
   */
  readonly allowedNow: number;
  readonly running: number;
  readonly queued: number;
  /** Invoked, past duration + cooldown, waiting for the Scavenger. */
  readonly expired: number;
  /** Completed, not yet archived. */
  readonly reported: number;
  readonly retrying: number;
  /** Closed after completion. */
  readonly completed: number;
  /** Closed without completion: attempts used up. */
  readonly dead: number;
  /** Closed by a cancel before they ran (not dead). */
  readonly cancelled: number;
  /** Invocations per second over the last minute (from the sampler). */
  readonly ratePerSecond: number;
  readonly rateLimit: { readonly invocations: number; readonly per: 'second' | 'minute' } | null;
  /** Lifecycle counters of this process, every name of COUNTER_NAMES. */
  readonly counters: Readonly<Record<string, number>>;
  readonly dispatchLatencyMs: LatencyView | null;
  readonly lastDecision: { readonly at: number; readonly invoked: number; readonly reason: string } | null;
  /**
   * Operator control in force: `state` is the hold (`active`, `paused`, `draining` or `drained`), `pinned`
   * whether a limit is pinned, `badge` what the card shows (`state`, or `pinned` when active with a pin),
   * `text` all of it in words.
   */
  readonly control?: { readonly state: string; readonly badge: string; readonly text: string; readonly pinned: boolean } | undefined;
}

export interface Overview {
  readonly project: string;
  /** Where the tasks live (database path, table names). */
  readonly store: string;
  /** True while something dispatches. */
  readonly running: boolean;
  /** Epoch ms of this snapshot. */
  readonly at: number;
  readonly labourers: readonly LabourerSummary[];
}

/** One sample of the time series (all labourers at one moment). */
export interface SeriesPoint {
  /** Epoch ms. */
  readonly at: number;
  readonly labourers: Readonly<Record<string, SeriesValues>>;
}

export interface SeriesValues {
  readonly queued: number;
  readonly running: number;
  readonly retrying: number;
  readonly dead: number;
  /** Tasks closed after completion per second since the previous sample. */
  readonly completedPerSecond: number;
  /** Invocations per second since the previous sample. */
  readonly invokedPerSecond: number;
  /** The adaptive concurrency target (labourers with `adaptive` config only). */
  readonly adaptiveTarget?: number | undefined;
}

/** Progress of the work of one labourer, derived from task counts (job records, where kept, are listed apart). */
export interface LabourerProgress {
  readonly labourerId: string;
  /** Every task the labourer has (every place counted once). */
  readonly total: number;
  /** Closed: completed or dead. */
  readonly done: number;
  readonly dead: number;
  /** Seconds to finish at the current completion rate, or null when nothing completes. */
  readonly etaSeconds: number | null;
}

/** A job the Scheduler of this process queued. */
export interface JobView {
  readonly jobId: string;
  readonly labourerId: string;
  /** Epoch ms when it was seen first. */
  readonly scheduledAt: number;
  /** Rows (tasks) the job chunks into. */
  readonly total: number;
  /** Rows queued so far. */
  readonly queuedRows: number;
  /** True once every row is queued. */
  readonly queueingDone: boolean;
  /** Tasks of the job closed (completed or dead), or null when the job is too large to count by id. */
  readonly closed: number | null;
  readonly dead: number | null;
}

export interface JobsView {
  /** Says how progress is derived. */
  readonly note: string;
  readonly labourers: readonly LabourerProgress[];
  readonly jobs: readonly JobView[];
}

export interface AuditEntryView {
  /** Epoch seconds (float). */
  readonly at: number;
  readonly action: string;
  readonly author?: string | undefined;
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

export interface TaskDetail {
  readonly taskId: string;
  readonly labourerId: string;
  /** queued, running, expired, completed, retrying, succeeded or dead. */
  readonly state: string;
  readonly attempts: number;
  readonly greenfield: number;
  /** Epoch seconds. */
  readonly createdAt: number;
  readonly completedAt?: number | undefined;
  readonly closedAt?: number | undefined;
  readonly desiredLaunchTime?: number | undefined;
  readonly payload: unknown;
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  readonly stats?: Readonly<Record<string, unknown>> | undefined;
  /** Oldest first. */
  readonly audit: readonly AuditEntryView[];
}

export interface DeadTaskView {
  readonly taskId: string;
  readonly labourerId: string;
  readonly attempts: number;
  /** Epoch seconds. */
  readonly closedAt: number;
  readonly createdAt: number;
}

export interface RetryView {
  readonly taskId: string;
  readonly labourerId: string;
  readonly attempts: number;
  /** Epoch seconds from which it goes back to the queue. */
  readonly dueAt: number;
}

export interface OrchestratorDecisionView {
  readonly tick: number;
  readonly labourerId: string;
  /** Epoch ms. */
  readonly at: number;
  readonly health: number;
  readonly running: number;
  readonly cap: number;
  readonly coefficient: number;
  readonly desired: number;
  readonly rateAllowance: number | null;
  readonly requested: number;
  readonly found: number;
  readonly invoked: number;
  readonly reason: string;
  readonly error?: string | undefined;
}

export interface ScavengerRunView {
  /** Epoch ms when the run ended. */
  readonly at: number;
  readonly labourers: ReadonlyArray<{
    readonly labourerId: string;
    readonly archived: number;
    readonly retried: number;
    readonly returned: number;
    readonly dead: number;
    readonly error?: string | undefined;
  }>;
  /** The run in words. */
  readonly summary: string;
}

export interface DecisionsView {
  /** Newest first. */
  readonly orchestrator: readonly OrchestratorDecisionView[];
  /** Newest first; only runs that changed something are kept. */
  readonly scavenger: readonly ScavengerRunView[];
  /** Epoch ms of the Scavenger's last run (busy or not), or null before its first. */
  readonly scavengerLastRunAt: number | null;
  /**
   * False where this source cannot know the engines' decisions (a dashboard over a store the engines
   * run elsewhere): the panel says so instead of "nothing happened". @defaultValue true
   */
  readonly known?: boolean | undefined;
}

/** Cumulative histogram of dispatch latency (seconds), Prometheus style. */
export interface HistogramView {
  /** Upper bounds in seconds, ascending, without +Inf. */
  readonly bounds: readonly number[];
  /** Cumulative counts per bound (same length as `bounds`). */
  readonly buckets: readonly number[];
  readonly count: number;
  /** Sum of the observations in seconds. */
  readonly sum: number;
}

/** Job gauges: records by state, and the progress of unfinished jobs. */
export interface JobMetricsView {
  readonly byState: Readonly<Record<string, number>>;
  readonly progress: ReadonlyArray<{ readonly jobId: string; readonly labourerId: string; readonly ratio: number }>;
}

export interface MetricsView {
  /** Present where the store keeps job records. */
  readonly jobs?: JobMetricsView | undefined;
  readonly labourers: ReadonlyArray<{
    readonly labourerId: string;
    /** Every name of COUNTER_NAMES. */
    readonly counters: Readonly<Record<string, number>>;
    readonly queued: number;
    readonly running: number;
    readonly retrying: number;
    readonly dead: number;
    /** Closed by a job cancel (absent: 0). */
    readonly cancelled?: number | undefined;
    readonly health: number;
    readonly cap: number;
    readonly dispatchLatency: HistogramView;
  }>;
}

export type RedriveOutcome =
  | { readonly redriven: true; readonly taskId: string; readonly labourerId: string }
  | { readonly redriven: false; readonly taskId: string; readonly reason: 'unknown' | 'notDead' };

/** Who asked for a redrive, and what its audit row adds (e.g. the bulk action it belongs to). */
export interface RedriveAudit {
  /** @defaultValue the source's author, 'sosw_dashboard' */
  readonly by?: string | undefined;
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

export interface ListOptions {
  readonly labourerId?: string | undefined;
  readonly limit: number;
}

/** A task found by id prefix. */
export interface TaskMatch {
  readonly taskId: string;
  readonly labourerId: string;
  readonly state: string;
  readonly jobId?: string | undefined;
}

/** A task to cancel (from the explorer or `locateTasks`). */
export interface CancelTarget {
  readonly taskId: string;
  readonly labourerId: string;
  readonly jobId?: string | undefined;
}

/** Everything the dashboard shows, and redrive. */
export interface DashboardSource {
  readonly projectName: string;
  /** The clock of the data (audit rows of actions use it). */
  readonly clock: Clock;
  /** Known labourer ids (for validating the `labourer` query parameter). */
  labourerIds(): readonly string[];
  overview(): Promise<Overview>;
  /** Samples at or after `sinceMs`, oldest first. */
  series(sinceMs?: number): readonly SeriesPoint[];
  jobs(): Promise<JobsView>;
  /** A task wherever it is, with its audit trail; null when unknown. */
  task(taskId: string): Promise<TaskDetail | null>;
  /** Tasks whose id starts with `prefix`, ascending by id, at most `limit` (empty when the store cannot search). */
  searchTasks(prefix: string, limit: number): Promise<TaskMatch[]>;
  /** Newest closed-dead first. */
  deadTasks(options: ListOptions): Promise<DeadTaskView[]>;
  /** Soonest due first. */
  retries(options: ListOptions): Promise<RetryView[]>;
  decisions(options: ListOptions): DecisionsView;
  redrive(taskId: string, audit?: RedriveAudit): Promise<RedriveOutcome>;
  /** Where these tasks are (unknown ids left out), in input order. */
  locateTasks(taskIds: readonly string[]): Promise<TaskMatch[]>;
  /**
   * Close those of these tasks that are queued or in the retry table as cancelled (as a job
   * cancel does), with a `cancelled` audit row each; returns the ids closed. Absent where the
   * store cannot cancel tasks.
   */
  cancelTasks?(tasks: readonly CancelTarget[], audit?: RedriveAudit): Promise<string[]>;
  /** Tasks filtered, sorted and paged, read through the store port (see task-explorer.ts). */
  readonly explorer: TaskExplorer;
  /** Write audit rows (the summary row of a bulk action). */
  writeAudit(entries: readonly MetaEntry[]): Promise<void>;
  metrics(): Promise<MetricsView>;
  /** Job records (the jobs view, GET /api/jobs/:id, cancel); absent where the store keeps none. */
  readonly jobsApi?: JobsApi | undefined;
  /** Minute rollups the essentials write (GET /api/history, the history charts); without it that route answers 404. */
  readonly history?: HistoryStore | undefined;
  /** Operator controls (POST /api/labourers/:id/pause ...); without them those routes answer 404. */
  readonly controls?: LabourerControls | undefined;
}
