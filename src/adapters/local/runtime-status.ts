/**
 * Shapes of what the embedded runtime reports: per-labourer status (`sosw status`) and the run
 * summary (`sosw demo`), and the pure functions that build them from a census and counters.
 */
import { type ActiveControl, type ControlStatus, controlStatus } from '../../core/flow/control.js';
import type { LabourerCensus } from './queue-census.js';
import type { RuntimeHeartbeat } from './status-file.js';

export interface DecisionSummary {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly invoked: number;
  /** The Orchestrator's decision in words. */
  readonly reason: string;
  /**
   * True when the decision was made by a run that has ended (a stopped `sosw dev`, a one-shot
   * `sosw run orchestrator`) and read from the heartbeat file it left; absent for a live one.
   */
  readonly fromStoppedRun?: true | undefined;
}

export interface LabourerStatus extends LabourerCensus {
  /** Ecology status 0..4 (4 = High; without health metrics always 4). */
  readonly health: number;
  /** Set when `health` was read now and a metric gave no value: which one and why (e.g. its file is missing). */
  readonly healthNote?: string | undefined;
  /** How many may run at this health: `floor(max_simultaneous_invocations x coefficient)` (before an operator's pin). */
  readonly cap: number;
  /**
   * How many may run now: `cap`, lowered to an operator's pinned max in force (`sosw limit --max`).
   * Set by `collectStatus` and the aws status; see {@link effectiveCap}.
   */
  readonly effectiveCap?: number | undefined;
  readonly maxSimultaneousInvocations: number;
  /** The Orchestrator's last decision, or null when it has not ticked (or runs elsewhere and left no heartbeat). */
  readonly lastDecision: DecisionSummary | null;
  /** Lifecycle counters of this process (queued, invoked, completed, retried, dead, ...). */
  readonly counters: Readonly<Record<string, number>>;
  /** Operator control in force (sosw pause / drain / limit); absent where controls are not wired. */
  readonly control?: ControlStatus | undefined;
  /**
   * Labourers with `adaptive` config: the controller's stored target and last reason. `at` is epoch
   * **seconds** (as stored by the controller); `atMs` is the same instant in epoch milliseconds, the unit
   * of `lastDecision.at`.
   */
  readonly adaptive?: { readonly target: number; readonly reason: string; readonly at: number; readonly atMs?: number } | undefined;
}

export interface RuntimeStatus {
  readonly project: string;
  readonly database: string;
  /** True when a runtime (this one, or another process with a live heartbeat) is dispatching. */
  readonly running: boolean;
  readonly labourers: readonly LabourerStatus[];
}

export interface RunSummary {
  /** Tasks that exist for the project's labourers (every place counted once). */
  readonly queued: number;
  /** Invocations made by this runtime (first attempts and retries). */
  readonly invoked: number;
  /** Tasks closed after completion. */
  readonly completed: number;
  /** Times a task was sent back for another attempt by this runtime. */
  readonly retried: number;
  /** Tasks closed without completion (attempts used up). */
  readonly dead: number;
  /** Tasks closed by a job cancel before they ran. */
  readonly cancelled: number;
  /** Tasks not closed yet (queued, running, expired, retrying, completed but not archived). */
  readonly open: number;
  readonly elapsedMs: number;
}

/** Sum the census of every labourer with this process's counters into a run summary. */
export function summarise(
  labourers: readonly Pick<
    LabourerStatus,
    'queued' | 'running' | 'expired' | 'reported' | 'retrying' | 'completed' | 'dead' | 'cancelled' | 'counters'
  >[],
  elapsedMs: number,
): RunSummary {
  let open = 0;
  let completed = 0;
  let dead = 0;
  let cancelled = 0;
  let invoked = 0;
  let retried = 0;
  for (const l of labourers) {
    open += l.queued + l.running + l.expired + l.reported + l.retrying;
    completed += l.completed;
    dead += l.dead;
    cancelled += l.cancelled;
    invoked += l.counters.invoked ?? 0;
    retried += l.counters.retried ?? 0;
  }
  return { queued: open + completed + dead + cancelled, invoked, completed, retried, dead, cancelled, open, elapsedMs };
}

/** What the status needs from an Orchestrator decision (structurally a `DispatchDecision`). */
export interface DecisionLike {
  readonly labourerId: string;
  readonly at: number;
  readonly health: number;
  readonly cap: number;
  readonly coefficient: number;
  readonly invoked: number;
  readonly reason: string;
}

export interface LabourerLike {
  readonly id: string;
  readonly maxSimultaneousInvocations: number;
}

/** The health-dependent part of a labourer's status, from its last decision or a fresh health reading. */
export function capacityOf(
  labourer: LabourerLike,
  decision: DecisionLike | undefined,
  health: number,
  coefficients: Readonly<Record<number, number>>,
): Pick<LabourerStatus, 'health' | 'cap' | 'maxSimultaneousInvocations' | 'lastDecision'> {
  const status = decision?.health ?? health;
  const coefficient = decision?.coefficient ?? coefficients[status] ?? 0;
  return {
    health: status,
    // The epsilon keeps float products such as 100 x 0.29 from flooring one short (as the Orchestrator does).
    cap: Math.floor(labourer.maxSimultaneousInvocations * coefficient + 1e-9),
    maxSimultaneousInvocations: labourer.maxSimultaneousInvocations,
    lastDecision: decision === undefined ? null : { at: decision.at, invoked: decision.invoked, reason: decision.reason },
  };
}

/** The cap in force now: the health cap lowered to a pinned max (`pinned` says whether the pin is what limits it). */
export function effectiveCap(l: Pick<LabourerStatus, 'cap' | 'control'>): { readonly cap: number; readonly pinned: boolean } {
  const max = l.control?.pin?.max;
  return typeof max === 'number' && max < l.cap ? { cap: max, pinned: true } : { cap: l.cap, pinned: false };
}

/** The adaptive status with `atMs` (epoch milliseconds) beside the stored `at` (epoch seconds). */
export function adaptiveWithMs(a: NonNullable<LabourerStatus['adaptive']>): NonNullable<LabourerStatus['adaptive']> {
  return { ...a, atMs: Math.round(a.at * 1000) };
}

/**
 * Labourers without a decision take the last one that a run which has ended left in the heartbeat
 * file (a stopped `sosw dev`, a one-shot `sosw run orchestrator`), marked `fromStoppedRun`. Unchanged
 * while a runtime is running (its live decisions are shown) or without a heartbeat.
 */
export function withStoppedRunDecisions(status: RuntimeStatus, heartbeat: RuntimeHeartbeat | null): RuntimeStatus {
  if (heartbeat === null || status.running) return status;
  return {
    ...status,
    labourers: status.labourers.map((l) => {
      const past = l.lastDecision === null ? heartbeat.labourers[l.labourerId]?.lastDecision : null;
      return past == null ? l : { ...l, lastDecision: { at: past.at, invoked: past.invoked, reason: past.reason, fromStoppedRun: true } };
    }),
  };
}

/** Everything {@link collectStatus} reads, as plain functions and data (no engine types). */
export interface StatusSources<L extends LabourerLike> {
  readonly project: string;
  readonly database: string;
  readonly labourers: readonly L[];
  /** True when this process dispatches. */
  readonly running: boolean;
  /** This process's last decision per labourer (empty before the first tick). */
  readonly decisions: ReadonlyMap<string, DecisionLike>;
  /** The live heartbeat of another process, when there is one. */
  readonly heartbeat: RuntimeHeartbeat | null;
  readonly coefficients: Readonly<Record<number, number>>;
  census(labourer: L): Promise<LabourerCensus>;
  /** The labourer's health read now (used when nobody has decided yet), with a note when a metric gave no value. */
  health(labourer: L): Promise<number | { readonly status: number; readonly note?: string | undefined }>;
  counters(labourerId: string): Readonly<Record<string, number>>;
  /** Operator controls in force by labourer id (one read for all), when controls are wired. */
  controls?(): Promise<ReadonlyMap<string, ActiveControl>>;
  /** The adaptive controllers' stored targets and reasons by labourer id (one read for all). */
  adaptive?(): Promise<ReadonlyMap<string, NonNullable<LabourerStatus['adaptive']>>>;
  /** Epoch seconds for control texts. @defaultValue Date.now() / 1000 */
  readonly nowSeconds?: number | undefined;
}

/** The status of every labourer: census from the store, health and decision from whoever knows them. */
export async function collectStatus<L extends LabourerLike>(s: StatusSources<L>): Promise<RuntimeStatus> {
  const [controls, adaptive] = await Promise.all([s.controls?.(), s.adaptive?.()]);
  const now = s.nowSeconds ?? Date.now() / 1000;
  const rows = await Promise.all(
    s.labourers.map(async (l): Promise<LabourerStatus> => {
      const census = await s.census(l);
      const active = controls?.get(l.id);
      const target = adaptive?.get(l.id);
      const control = {
        ...(active === undefined ? {} : { control: controlStatus(active, census.running, now) }),
        ...(target === undefined ? {} : { adaptive: adaptiveWithMs(target) }),
      };
      const withCap = (row: LabourerStatus): LabourerStatus => ({ ...row, effectiveCap: effectiveCap(row).cap });
      const remote = s.decisions.size === 0 ? s.heartbeat?.labourers[l.id] : undefined;
      if (remote !== undefined) return withCap({ ...census, ...remote, ...control });
      const decision = s.decisions.get(l.id);
      const read = decision === undefined ? await s.health(l) : decision.health;
      const health = typeof read === 'number' ? read : read.status;
      const note = typeof read === 'number' ? undefined : read.note;
      return withCap({
        ...census,
        ...capacityOf(l, decision, health, s.coefficients),
        ...(note === undefined ? {} : { healthNote: note }),
        counters: s.counters(l.id),
        ...control,
      });
    }),
  );
  return { project: s.project, database: s.database, running: s.running || s.heartbeat !== null, labourers: rows };
}

/** The heartbeat of this process: what only it knows, per labourer. */
export function heartbeatOf(
  base: Omit<RuntimeHeartbeat, 'labourers'>,
  labourers: readonly LabourerLike[],
  decisions: ReadonlyMap<string, DecisionLike>,
  coefficients: Readonly<Record<number, number>>,
  counters: (labourerId: string) => Readonly<Record<string, number>>,
): RuntimeHeartbeat {
  const entries = labourers.map(
    (l) => [l.id, { ...capacityOf(l, decisions.get(l.id), 4, coefficients), counters: counters(l.id) }] as const,
  );
  return { ...base, labourers: Object.fromEntries(entries) };
}
