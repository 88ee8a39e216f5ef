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

/** One labourer's row: status and counts, with the coefficient and free slots made explicit. */
export function labourerSummary(inputs: SummaryInputs): LabourerSummary {
  const { status: l, decision } = inputs;
  const coefficient = decision?.coefficient ?? (l.maxSimultaneousInvocations > 0 ? l.cap / l.maxSimultaneousInvocations : 0);
  let allowedNow = Math.max(l.cap - l.running, 0);
  if (decision !== undefined && decision.rateAllowance !== null)
    allowedNow = Math.min(allowedNow, Math.max(decision.rateAllowance - decision.invoked, 0));
  return {
    labourerId: l.labourerId,
    health: l.health,
    healthName: ECO_STATUS_NAMES[l.health as 0 | 1 | 2 | 3 | 4] ?? 'Unknown',
    metrics: (decision?.metrics ?? []).map((m) => ({ name: m.name, value: m.value, status: m.status, problem: m.problem })),
    maxSimultaneousInvocations: l.maxSimultaneousInvocations,
    coefficient,
    cap: l.cap,
    allowedNow,
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
    control: l.control === undefined ? undefined : { state: l.control.state, text: l.control.text, pinned: l.control.pin !== null },
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
