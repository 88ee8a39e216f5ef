/** Pure shaping of runtime facts into the dashboard's views. */
import { ECO_STATUS_NAMES } from '../core/labourer/labourer.js';
import type { DispatchDecision } from '../essentials/orchestrator/decision.js';
import type { LabourerStatus } from '../local.js';
import type { LabourerSummary, LatencyView, OrchestratorDecisionView } from './source.js';

export interface SummaryInputs {
  readonly status: LabourerStatus;
  readonly decision: DispatchDecision | undefined;
  readonly rateLimit: LabourerSummary['rateLimit'];
  readonly counters: Readonly<Record<string, number>>;
  readonly ratePerSecond: number;
  readonly latency: LatencyView | null;
}

/**
 * Free slots now, counted as the Orchestrator's next tick would (dispatch.ts): nothing while a hold
 * is in force; else the lowest of the health cap, the pinned max and the adaptive target, minus
 * what runs, and no more than the rate limit still allows (known from the last tick's decision).
 */
export function allowedNow(l: LabourerStatus, decision: DispatchDecision | undefined): number {
  if (l.control?.hold != null) return 0;
  const ceiling = Math.min(
    l.cap,
    l.control?.pin?.max ?? Number.POSITIVE_INFINITY,
    l.adaptive?.target ?? decision?.adaptive?.target ?? Number.POSITIVE_INFINITY,
  );
  const free = Math.max(ceiling - l.running, 0);
  if (decision === undefined || decision.rateAllowance === null) return free;
  return Math.min(free, Math.max(decision.rateAllowance - decision.invoked, 0));
}

/** The badge: a pin in force shows as `pinned` when no hold does (as `sosw status` shows it). */
function controlView(l: LabourerStatus): LabourerSummary['control'] {
  if (l.control === undefined) return undefined;
  const pinned = l.control.pin !== null;
  const badge = pinned && l.control.state === 'active' ? 'pinned' : l.control.state;
  return { state: l.control.state, badge, text: l.control.text, pinned };
}

/** One labourer's row: status and counts, with the coefficient and free slots made explicit. */
export function labourerSummary(inputs: SummaryInputs): LabourerSummary {
  const { status: l, decision } = inputs;
  const coefficient = decision?.coefficient ?? (l.maxSimultaneousInvocations > 0 ? l.cap / l.maxSimultaneousInvocations : 0);
  return {
    labourerId: l.labourerId,
    health: l.health,
    healthName: ECO_STATUS_NAMES[l.health as 0 | 1 | 2 | 3 | 4] ?? 'Unknown',
    metrics: (decision?.metrics ?? []).map((m) => ({ name: m.name, value: m.value, status: m.status, problem: m.problem })),
    maxSimultaneousInvocations: l.maxSimultaneousInvocations,
    coefficient,
    cap: l.cap,
    allowedNow: allowedNow(l, decision),
    running: l.running,
    queued: l.queued,
    expired: l.expired,
    reported: l.reported,
    retrying: l.retrying,
    completed: l.completed,
    dead: l.dead,
    cancelled: l.cancelled,
    ratePerSecond: inputs.ratePerSecond,
    rateLimit: inputs.rateLimit,
    counters: inputs.counters,
    dispatchLatencyMs: inputs.latency,
    lastDecision: l.lastDecision,
    control: controlView(l),
  };
}

export function decisionView(d: DispatchDecision): OrchestratorDecisionView {
  return {
    tick: d.tick,
    labourerId: d.labourerId,
    at: d.at,
    health: d.health,
    running: d.running,
    cap: d.cap,
    coefficient: d.coefficient,
    desired: d.desired,
    rateAllowance: d.rateAllowance,
    requested: d.requested,
    found: d.found,
    invoked: d.invoked,
    reason: d.reason,
    error: d.error,
  };
}

/** The `limit` items with the smallest `key`, in that order (stable). */
export function mergeNewest<T>(items: readonly T[], key: (item: T) => number, limit: number): T[] {
  return [...items].sort((a, b) => key(a) - key(b)).slice(0, limit);
}
