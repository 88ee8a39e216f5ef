import type { AdaptiveDecision } from '../../core/flow/adaptive/controller.js';
import type { HoldMode } from '../../core/flow/control.js';
import { ECO_STATUS_NAMES, type EcoStatus } from '../../core/labourer/labourer.js';
import type { MetricReading } from '../ecology/ecology.js';

/** Why the Orchestrator invoked what it did for one labourer in one tick. */
/** The counters of a decision that started nothing (a held labourer, a failed or idle dispatch). */
export const NOTHING_DISPATCHED = Object.freeze({
  desired: 0,
  rateAllowance: null,
  requested: 0,
  found: 0,
  invoked: 0,
  skipped: 0,
  failed: 0,
  invalid: 0,
} as const);

export interface DispatchDecision {
  /** Tick number within this orchestrator's life (1, 2, ...). */
  readonly tick: number;
  readonly labourerId: string;
  /** Epoch milliseconds when the labourer's dispatch started. */
  readonly at: number;
  // inputs
  readonly health: EcoStatus;
  readonly metrics: readonly MetricReading[];
  /** Running when the tick started (counted once per tick). */
  readonly running: number;
  /** Running after this tick's invocations (the count incremented as we invoke). */
  readonly runningAfter: number;
  /** `max_simultaneous_invocations`. */
  readonly cap: number;
  readonly coefficient: number;
  /** `max(floor(cap x coefficient) - running, 0)`. */
  readonly desired: number;
  /** Invocations the rate limit still allows, or null without a limit. */
  readonly rateAllowance: number | null;
  // output
  /** Tasks asked from the head of the queue: min(desired, rate allowance). */
  readonly requested: number;
  /** Tasks found at the head of the queue. */
  readonly found: number;
  readonly invoked: number;
  /** Claims lost to another orchestrator. */
  readonly skipped: number;
  /** Claimed, but the invoker refused them (reported failed, the Scavenger retries them). */
  readonly failed: number;
  /**
   * Set when an invocation failed for a reason waiting does not fix (the function does not exist, or
   * this role may not invoke it): its code and message. The Orchestrator's Lambda handler fails its
   * invocation on it, so the essential's Errors alarm fires instead of only, attempts later, the dead tasks'.
   */
  readonly invokeError?: { readonly code: string; readonly message: string } | undefined;
  /** Claimed, but their payload is not a JSON object (closed as dead). */
  readonly invalid: number;
  /** Claimed, but the invoker refused them as throttled: back in the queue, no attempt used (absent when 0). */
  readonly throttled?: number | undefined;
  /** Milliseconds the labourer's dispatch took. */
  readonly durationMs: number;
  /** The decision in words. */
  readonly reason: string;
  /** Set when the dispatch itself failed (store or metric errors that stopped it). */
  readonly error?: string | undefined;
  /** The error's code with `error` (`store.unavailable`, `store.throttled`...; `internal` for an uncoded error). */
  readonly errorCode?: string | undefined;
  /**
   * Set when another Orchestrator held the labourer's dispatch lease, so nothing was invoked: the
   * latest the lease can last (epoch seconds, now + `dispatch_lease_seconds`).
   */
  readonly leaseHeldUntil?: number | undefined;
  /** Set when an operator's pause or drain stopped the dispatch (nothing was started). */
  readonly held?: HoldMode | undefined;
  /** An operator's pinned max in force: a ceiling on `floor(cap x coefficient)`. */
  readonly pinnedMax?: number | undefined;
  /** Queued tasks passed over this tick because their `concurrency_key` ran `max_per_key` already. */
  readonly keyCapped?: number | undefined;
  /** The operator control in force this tick, in words (e.g. `paused by alice until 14:30:00 UTC`). */
  readonly control?: string | undefined;
  /**
   * Labourers with `adaptive` config: the controller's inputs, previous and new `target`, the `limit`
   * in force (min of target, ecology budget and pinned max) and why. Charts plot `adaptive.target`.
   */
  readonly adaptive?: AdaptiveDecision | undefined;
}

type Counts = Omit<
  DispatchDecision,
  | 'reason'
  | 'tick'
  | 'labourerId'
  | 'at'
  | 'durationMs'
  | 'error'
  | 'errorCode'
  | 'leaseHeldUntil'
  | 'held'
  | 'control'
  | 'adaptive'
  | 'keyCapped'
> & { readonly adaptive?: Pick<AdaptiveDecision, 'target'> | undefined };

function metricText(metrics: readonly MetricReading[]): string {
  if (metrics.length === 0) return 'no health metrics';
  return metrics.map((m) => `${m.name}=${m.value === null ? `no value (${m.problem ?? 'noData'})` : m.value} -> ${m.status}`).join(', ');
}

/** Put a decision into words, e.g. for the CLI and the dashboard. */
export function explainDecision(d: Counts): string {
  const status = `health ${d.health} (${ECO_STATUS_NAMES[d.health]}; ${metricText(d.metrics)})`;
  const ecologyBudget = Math.floor(d.cap * d.coefficient + 1e-9);
  const pinned = d.pinnedMax !== undefined;
  // Ceilings on the ecology's budget: an operator's pin, the adaptive controller's target.
  const ceilings = [
    ...(pinned ? [{ name: 'pinned max', value: d.pinnedMax as number }] : []),
    ...(d.adaptive === undefined ? [] : [{ name: 'adaptive target', value: d.adaptive.target }]),
  ];
  const budget = Math.min(ecologyBudget, ...ceilings.map((c) => c.value));
  const formula =
    ceilings.length > 0
      ? `min(floor(${d.cap} x ${d.coefficient}), ${ceilings.map((c) => `${c.name} ${c.value}`).join(', ')}) = ${budget}`
      : `floor(${d.cap} x ${d.coefficient}) = ${budget}`;
  if (budget === 0 && (ceilings.length === 0 || ecologyBudget === 0))
    return `${status} gives coefficient ${d.coefficient}: ${formula}, so nothing is invoked.`;
  if (budget === 0) return `${status}: ${formula}, so nothing is invoked.`;
  if (d.desired === 0) return `${status}: ${d.running} running already fill ${formula}; nothing more is invoked.`;
  if (d.rateAllowance === 0) return `${status}: ${d.desired} slots free but the rate limit is used up; nothing is invoked.`;
  if (d.found === 0) return `${status}: ${d.requested} slots free (${formula} minus ${d.running} running) but the queue is empty.`;
  const parts = [`${status}: invoked ${d.invoked} of ${d.requested} wanted (${formula} minus ${d.running} running`];
  parts[0] += d.rateAllowance === null ? ')' : `, rate limit allows ${d.rateAllowance})`;
  if (d.found < d.requested) parts.push(`only ${d.found} queued`);
  if (d.skipped > 0) parts.push(`${d.skipped} skipped: another orchestrator claimed them first`);
  if (d.failed > 0) parts.push(`${d.failed} failed to invoke and were reported failed`);
  if (d.invalid > 0) parts.push(`${d.invalid} had an invalid payload and were closed as dead`);
  if ((d.throttled ?? 0) > 0) parts.push(`${d.throttled} were throttled by the invoker and went back to the queue (no attempt used)`);
  return `${parts.join('; ')}.`;
}
