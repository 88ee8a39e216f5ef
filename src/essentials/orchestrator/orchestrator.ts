import { type Clock, epochSeconds, systemClock } from '../../core/clock.js';
import type { OrchestratorConfig } from '../../core/config/essentials-config.js';
import { activeControl, type LabourerControl } from '../../core/flow/control.js';
import type { ControlStore } from '../../ports/control-store.js';
import type { Invoker } from '../../ports/invoker.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import type { MetaLog } from '../../ports/meta-log.js';
import type { MetricSource } from '../../ports/metric-source.js';
import { type Metrics, noopMetrics } from '../../ports/metrics.js';
import type { TaskStore } from '../../ports/task-store.js';
import { Ecology } from '../ecology/ecology.js';
import { failureCode } from '../essential-handler.js';
import type { HistoryRecorder } from '../history/history-recorder.js';
import { AuditBatch, type AuditContext } from '../task-manager/audit-batch.js';
import { TaskManager } from '../task-manager/task-manager.js';
import { AdaptiveTick } from './adaptive-tick.js';
import { controlsUnreadableReason } from './control-decision.js';
import { type DispatchDecision, NOTHING_DISPATCHED } from './decision.js';
import { type DispatchDeps, dispatchLabourer } from './dispatch.js';
import { RateLimiter } from './rate-limiter.js';
import { Semaphore } from './semaphore.js';

export interface OrchestratorOptions {
  readonly store: TaskStore;
  readonly invoker: Invoker;
  /** From `resolveOrchestratorConfig(document)`. */
  readonly config: OrchestratorConfig;
  readonly metricSource?: MetricSource | undefined;
  readonly metaLog?: MetaLog | undefined;
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
  readonly metrics?: Metrics | undefined;
  /** Audit `author`. @defaultValue 'sosw_orchestrator' */
  readonly author?: string | undefined;
  /** Waits between ticks; injected so tests are instant. @defaultValue a setTimeout promise */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Called with every decision as it is made (dashboards, logs). Errors thrown here are logged and ignored. */
  readonly onDecision?: ((decision: DispatchDecision) => void) | undefined;
  /** Decisions kept in memory for `recentDecisions()`. @defaultValue 500 */
  readonly keepDecisions?: number | undefined;
  /**
   * Owner id of this instance's dispatch leases; must differ between Orchestrators running at once.
   * @defaultValue `sosw_orchestrator#<random UUID>`
   */
  readonly leaseOwner?: string | undefined;
  /**
   * Operator controls (pause, drain, pinned limits), read once per tick for every labourer. When
   * the read fails, nothing is started that tick. @defaultValue none: no labourer is ever held
   */
  readonly controls?: ControlStore | undefined;
  /**
   * Minute rollups (invocations, dispatch latency, queue depth) for the dashboard's history:
   * written when due after a tick and at the end of every run. @defaultValue none
   */
  readonly history?: HistoryRecorder | undefined;
}

/** The controls read at the start of a tick: records by labourer, or why they could not be read. */
type TickControls = ReadonlyMap<string, LabourerControl> | { readonly error: string; readonly code: string };

/** Per-run facts from the caller (a Lambda context, the local runtime). */
export interface RunContext {
  readonly invocationId?: string | undefined;
  readonly logStreamName?: string | undefined;
  /** Epoch ms after which no new tick starts (e.g. Lambda's deadline); tightens `run_time_budget`. */
  readonly deadlineMs?: number | undefined;
}

export interface OrchestratorRunResult {
  readonly ticks: number;
  readonly invoked: number;
  readonly decisions: readonly DispatchDecision[];
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Decides, per labourer and tick, how many queued tasks to start and starts them (the original's
 * Orchestrator). Ticks every `tick_interval` seconds within `run_time_budget` (one tick when the
 * interval is 0); claims are conditional, so racing orchestrators never invoke a task twice per attempt.
 *
 * @example
 * const orchestrator = new Orchestrator({ store, invoker, config: resolveOrchestratorConfig(doc) });
 * const { decisions } = await orchestrator.run();
 */
export class Orchestrator {
  readonly #options: OrchestratorOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #deps: DispatchDeps;
  readonly #ecology: Ecology;
  readonly #keep: number;
  readonly #leaseOwner: string;
  /** Labourers whose dispatch lease this instance holds (renewed every tick, released after a run). */
  readonly #leased = new Set<string>();
  #tick = 0;
  #last: DispatchDecision[] = [];
  #recent: DispatchDecision[] = [];

  public constructor(options: OrchestratorOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#keep = options.keepDecisions ?? 500;
    this.#leaseOwner = options.leaseOwner ?? `sosw_orchestrator#${globalThis.crypto.randomUUID()}`;
    const metrics = options.history?.metrics(options.metrics ?? noopMetrics) ?? options.metrics ?? noopMetrics;
    this.#ecology = new Ecology({
      metricSource: options.metricSource,
      clock: this.#clock,
      logger: this.#logger,
      noDataStatus: options.config.ecology.noDataStatus,
    });
    this.#ecology.validate(options.config.task.labourers);
    const taskManager = new TaskManager({
      store: options.store,
      config: options.config.task,
      clock: this.#clock,
      invoker: options.invoker,
      metrics,
      logger: this.#logger,
    });
    this.#deps = {
      taskManager,
      store: options.store,
      invoker: options.invoker,
      ecology: this.#ecology,
      coefficients: options.config.coefficients,
      rateLimiter: new RateLimiter(),
      semaphore: new Semaphore(options.config.invokeConcurrency),
      claimBatch: options.config.invokeConcurrency,
      clock: this.#clock,
      metrics,
      logger: this.#logger,
    };
  }

  /** Tick, then keep ticking every `tick_interval` seconds while the run's time budget lasts. */
  public async run(context: RunContext = {}): Promise<OrchestratorRunResult> {
    const { tickIntervalSeconds, runTimeBudgetSeconds } = this.#options.config;
    const sleep = this.#options.sleep ?? defaultSleep;
    const started = this.#clock.now();
    const end = Math.min(started + runTimeBudgetSeconds * 1000, context.deadlineMs ?? Number.POSITIVE_INFINITY);
    const decisions: DispatchDecision[] = [];
    let ticks = 0;
    try {
      for (;;) {
        const tickStarted = this.#clock.now();
        decisions.push(...(await this.tick(context)));
        ticks += 1;
        if (tickIntervalSeconds <= 0) break;
        const next = tickStarted + tickIntervalSeconds * 1000;
        if (next >= end) break;
        await sleep(Math.max(0, next - this.#clock.now()));
      }
    } finally {
      await this.releaseLeases();
      await this.#options.history?.flush(true);
    }
    return { ticks, invoked: decisions.reduce((n, d) => n + d.invoked, 0), decisions };
  }

  /** One pass over every labourer (in parallel), each writing its audit rows in one batch. */
  public async tick(context: RunContext = {}): Promise<DispatchDecision[]> {
    const tick = ++this.#tick;
    this.#ecology.beginTick();
    const audit: AuditContext = {
      author: this.#options.author ?? 'sosw_orchestrator',
      invocationId: context.invocationId,
      logStreamName: context.logStreamName,
    };
    const controls = await this.#readControls();
    const decisions = await Promise.all(this.#options.config.task.labourers.map((l) => this.#dispatch(l, tick, audit, controls)));
    this.#last = decisions;
    this.#recent = [...this.#recent, ...decisions].slice(-this.#keep);
    await this.#options.history?.flush();
    return decisions;
  }

  /**
   * Release the dispatch leases this instance holds, so another Orchestrator may dispatch for those
   * labourers at once (`run` does this at its end). Failures are logged; the leases then just expire.
   */
  public async releaseLeases(): Promise<void> {
    const held = [...this.#leased];
    this.#leased.clear();
    await Promise.all(
      held.map(async (labourerId) => {
        try {
          await this.#options.store.releaseLease(dispatchLeaseName(labourerId), this.#leaseOwner);
        } catch (error) {
          this.#logger.warn({ labourerId, error: String(error) }, 'Could not release the dispatch lease; it will expire');
        }
      }),
    );
  }

  /** The decisions of the last tick, one per labourer. */
  public lastDecisions(): readonly DispatchDecision[] {
    return this.#last;
  }

  /** Up to `keepDecisions` recent decisions, oldest first. */
  public recentDecisions(): readonly DispatchDecision[] {
    return this.#recent;
  }

  async #dispatch(
    labourer: OrchestratorConfig['task']['labourers'][number],
    tick: number,
    context: AuditContext,
    controls: TickControls,
  ): Promise<DispatchDecision> {
    const audit = new AuditBatch(this.#options.metaLog, context, this.#clock, this.#logger);
    let decision: DispatchDecision;
    try {
      if ('error' in controls) {
        const at = this.#clock.now();
        return this.#decided({
          ...idleDecision(labourer.id, labourer.maxSimultaneousInvocations, tick, at),
          reason: controlsUnreadableReason(controls.error),
          error: controls.error,
          errorCode: controls.code,
        });
      }
      const record = controls.get(labourer.id);
      const active = activeControl(record, this.#clock.now() / 1000);
      const heldUntil = active.hold === null ? await this.#acquireLease(labourer.id) : null;
      const adaptive = AdaptiveTick.of(labourer, record, this.#clock.now() / 1000);
      decision =
        heldUntil === null
          ? await dispatchLabourer(this.#deps, labourer, tick, audit, active, adaptive)
          : leaseHeldDecision(labourer.id, labourer.maxSimultaneousInvocations, tick, this.#clock.now(), heldUntil);
      await adaptive?.save(this.#options.controls, this.#logger);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#logger.error({ labourerId: labourer.id, error: message }, 'Dispatch failed for a labourer');
      decision = failedDecision(labourer.id, labourer.maxSimultaneousInvocations, tick, this.#clock.now(), message, failureCode(error));
    } finally {
      await audit.flush();
    }
    return this.#decided(decision);
  }

  #decided(decision: DispatchDecision): DispatchDecision {
    try {
      this.#options.onDecision?.(decision);
    } catch (error) {
      this.#logger.warn({ error: String(error) }, 'onDecision hook failed');
    }
    return decision;
  }

  /** Every labourer's control record in one store read (none without a control store). */
  async #readControls(): Promise<TickControls> {
    const store = this.#options.controls;
    if (store === undefined) return new Map();
    try {
      const records = await store.readControls(this.#options.config.task.labourers.map((l) => l.id));
      return new Map(records.map((r) => [r.labourerId, r]));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#logger.error({ error: message }, 'Could not read the operator controls; starting nothing this tick');
      return { error: message, code: failureCode(error) };
    }
  }

  /**
   * Take or renew the labourer's dispatch lease. Returns null when this instance may dispatch (it
   * holds the lease, or leases are off), else the latest time (epoch seconds) the other holder's lease can last.
   */
  async #acquireLease(labourerId: string): Promise<number | null> {
    const seconds = this.#options.config.dispatchLeaseSeconds;
    if (seconds <= 0) return null;
    const now = epochSeconds(this.#clock);
    if (await this.#options.store.acquireLease(dispatchLeaseName(labourerId), this.#leaseOwner, now, now + seconds)) {
      this.#leased.add(labourerId);
      return null;
    }
    this.#leased.delete(labourerId);
    return now + seconds;
  }
}

/** The store lease that lets one Orchestrator at a time dispatch for a labourer. */
export function dispatchLeaseName(labourerId: string): string {
  return `dispatch#${labourerId}`;
}

function leaseHeldDecision(labourerId: string, cap: number, tick: number, at: number, heldUntil: number): DispatchDecision {
  const until = new Date(heldUntil * 1000).toISOString();
  return {
    ...idleDecision(labourerId, cap, tick, at),
    reason: `another orchestrator is dispatching for ${labourerId}; lease held until ${until} at the latest, so nothing is invoked this tick.`,
    leaseHeldUntil: heldUntil,
  };
}

function failedDecision(labourerId: string, cap: number, tick: number, at: number, error: string, errorCode: string): DispatchDecision {
  return { ...idleDecision(labourerId, cap, tick, at), reason: `dispatch failed: ${error}`, error, errorCode };
}

function idleDecision(labourerId: string, cap: number, tick: number, at: number): Omit<DispatchDecision, 'reason'> {
  return {
    tick,
    labourerId,
    at,
    health: 0,
    metrics: [],
    running: 0,
    runningAfter: 0,
    cap,
    coefficient: 0,
    ...NOTHING_DISPATCHED,
    durationMs: 0,
  };
}
