/**
 * The adaptive concurrency controller: one pure step per labourer and tick. AIMD: the target is
 * raised by `increase` after a healthy tick and multiplied by `decrease` on a breach, within
 * [min, max]. Three things keep it from flapping:
 * - hysteresis: a tick is healthy only below `hysteresis` x each threshold; in between, the target holds;
 * - cool-down: for `cooldown_ticks` after a change, outcomes (still from the old target) are ignored;
 * - a learned limit: a breach remembers the target below which it happened (`ceiling`); the target
 *   climbs back to it, and probes one step above only after `probe_ticks` healthy ticks there. A
 *   failed probe steps back to the limit instead of halving; a probe is judged after a cool-down.
 * Operators win: a pinned max freezes the controller; the ecology's budget caps the limit (the
 * lower wins) and stops raises while it is the lower.
 */
import type { AdaptiveConfig } from './adaptive-config.js';
import { isEmptyOutcomes, type OutcomeCounts, outcomesSince, p95Seconds } from './outcomes.js';

/** What the controller keeps between ticks (in the control store). */
export interface AdaptiveState {
  readonly target: number;
  /** The learned limit: the highest target believed safe after a breach, or null before any. */
  readonly ceiling: number | null;
  /** Ticks of cool-down left. */
  readonly cooldown: number;
  /** Consecutive healthy ticks (probing above the ceiling waits for `probe_ticks` of them). */
  readonly healthyTicks: number;
  /** The cumulative outcome counters at the last decision that used them. */
  readonly seen: OutcomeCounts;
  /** Throttled invocations seen while dispatching after the last decision (counted at the next). */
  readonly pendingThrottles: number;
  /** Epoch seconds of the last decision. */
  readonly at: number;
  /** The last decision in words. */
  readonly reason: string;
}

export interface AdaptiveSignals {
  /** The labourer's cumulative outcome counters, as stored. */
  readonly counts: OutcomeCounts;
  /** `floor(max_simultaneous_invocations x health coefficient)`: the ecology's budget. */
  readonly ecologyBudget: number;
  /** An operator's pinned max in force, or null. */
  readonly pinnedMax: number | null;
  readonly nowSeconds: number;
}

/** Healthy ticks a probe above the learned limit needs before it becomes the new limit. */
export const PROBE_TRIAL_TICKS = 3;

export const ADAPTIVE_CHANGES = ['raised', 'cut', 'held'] as const;
export type AdaptiveChange = (typeof ADAPTIVE_CHANGES)[number];

/** The controller's part of a dispatch decision: inputs, previous and new target, and why. */
export interface AdaptiveDecision {
  readonly previousTarget: number;
  readonly target: number;
  /** What this tick may run: min(target, ecology budget, pinned max). */
  readonly limit: number;
  readonly change: AdaptiveChange;
  readonly min: number;
  readonly max: number;
  readonly ceiling: number | null;
  // inputs: outcomes since the last decision
  readonly completed: number;
  readonly failed: number;
  readonly throttled: number;
  /** failed / (completed + failed), or null without outcomes. */
  readonly errorRate: number | null;
  /** Upper bound of the p95 run-time bucket (seconds), or null without completions. */
  readonly p95Seconds: number | null;
  readonly reason: string;
}

export interface AdaptiveStep {
  readonly state: AdaptiveState;
  readonly decision: AdaptiveDecision;
}

/** The state before the first decision: target `initial`, nothing seen yet except what is stored now. */
export function initialAdaptiveState(config: AdaptiveConfig, counts: OutcomeCounts, nowSeconds: number): AdaptiveState {
  return {
    target: config.initial,
    ceiling: null,
    cooldown: 0,
    healthyTicks: 0,
    seen: counts,
    pendingThrottles: 0,
    at: nowSeconds,
    reason: '',
  };
}

export function percentText(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

function secondsText(seconds: number): string {
  return Number.isFinite(seconds) ? `${seconds}s` : `> 900s`;
}

/**
 * One decision. `state` is null on the first tick (the target starts at `initial`). Pure: the
 * same inputs give the same step, so recorded series replay exactly.
 */
export function adaptiveStep(config: AdaptiveConfig, previous: AdaptiveState | null, signals: AdaptiveSignals): AdaptiveStep {
  const state = clampState(config, previous ?? initialAdaptiveState(config, signals.counts, signals.nowSeconds));
  const since = outcomesSince(signals.counts, state.seen);
  const delta = { ...since, throttled: since.throttled + state.pendingThrottles };
  const samples = delta.completed + delta.failed;
  const errorRate = samples === 0 ? null : delta.failed / samples;
  const p95 = config.p95Seconds === null ? null : p95Seconds(delta);
  const from = state.target;

  const decide = (target: number, change: AdaptiveChange, why: string, next: Partial<AdaptiveState>, consume = true): AdaptiveStep => {
    const arrow = change === 'held' ? `target ${target} held` : `target ${from} → ${target}`;
    const reason = `${why} → ${arrow}`;
    const limit = Math.min(target, signals.ecologyBudget, signals.pinnedMax ?? Number.POSITIVE_INFINITY);
    return {
      state: {
        ...state,
        ...next,
        target,
        seen: consume ? signals.counts : state.seen,
        pendingThrottles: consume ? 0 : state.pendingThrottles,
        at: signals.nowSeconds,
        reason,
      },
      decision: {
        previousTarget: from,
        target,
        limit: Math.max(0, limit),
        change,
        min: config.min,
        max: config.max,
        ceiling: next.ceiling !== undefined ? next.ceiling : state.ceiling,
        completed: delta.completed,
        failed: delta.failed,
        throttled: delta.throttled,
        errorRate,
        p95Seconds: p95,
        reason,
      },
    };
  };

  if (signals.pinnedMax !== null) {
    return decide(from, 'held', `pinned max ${signals.pinnedMax} overrides the controller`, { healthyTicks: 0 });
  }
  if (state.cooldown > 0) {
    const left = state.cooldown - 1;
    const ignored = isEmptyOutcomes(delta) ? '' : `; ${samples + delta.throttled} outcomes from the old target ignored`;
    return decide(from, 'held', `cooling down after a change (${left} more tick${left === 1 ? '' : 's'}${ignored})`, { cooldown: left });
  }

  const breach = breachOf(config, delta.throttled, samples, errorRate, p95);
  if (breach !== null) {
    const probing = state.ceiling !== null && from > state.ceiling;
    const cut = probing ? (state.ceiling as number) : Math.max(config.min, Math.min(from - 1, Math.floor(from * config.decrease)));
    const target = Math.max(config.min, cut);
    const why = probing ? `probe above the learned limit ${state.ceiling} failed: ${breach}` : breach;
    const ceiling = probing ? state.ceiling : Math.max(config.min, from - 1);
    if (target === from) return decide(from, 'held', `${why}, but the target is at min`, { healthyTicks: 0, ceiling });
    return decide(target, 'cut', why, { ceiling, cooldown: config.cooldownTicks, healthyTicks: 0 });
  }
  if (samples < config.minSamples) {
    const why =
      samples === 0
        ? 'no outcomes since the last decision'
        : `only ${samples} outcome${samples === 1 ? '' : 's'} since the last decision (need ${config.minSamples})`;
    return decide(from, 'held', why, {}, false);
  }
  const healthy = healthText(config, errorRate as number, p95);
  if (healthy === null) {
    return decide(from, 'held', bandText(config, errorRate as number, p95), { healthyTicks: 0 });
  }
  const healthyTicks = state.healthyTicks + 1;
  if (from >= config.max) return decide(from, 'held', `${healthy}, at max ${config.max}`, { healthyTicks });
  if (signals.ecologyBudget < from) {
    return decide(from, 'held', `${healthy}, but health caps the budget at ${signals.ecologyBudget} (the lower wins)`, { healthyTicks });
  }
  // Above the learned limit the target is on trial: PROBE_TRIAL_TICKS healthy ticks confirm it as the new limit.
  if (state.ceiling !== null && from > state.ceiling && healthyTicks < PROBE_TRIAL_TICKS) {
    return decide(
      from,
      'held',
      `${healthy} while probing above the learned limit ${state.ceiling} (${healthyTicks}/${PROBE_TRIAL_TICKS} ticks to confirm)`,
      {
        healthyTicks,
      },
    );
  }
  const confirmed = state.ceiling !== null && from > state.ceiling;
  const ceiling = state.ceiling === null ? null : Math.max(state.ceiling, from);
  if (confirmed) return decide(from, 'held', `${healthy}: probe confirmed, the learned limit is now ${from}`, { healthyTicks: 0, ceiling });
  if (ceiling !== null && from >= ceiling) {
    if (healthyTicks < config.probeTicks) {
      return decide(
        from,
        'held',
        `${healthy} at the learned limit ${ceiling} (${healthyTicks}/${config.probeTicks} healthy ticks before probing above it)`,
        {
          healthyTicks,
          ceiling,
        },
      );
    }
    const target = Math.min(config.max, from + config.increase);
    // A probe is judged on fresh outcomes only: cool down first, as after a cut.
    return decide(target, 'raised', `${healthy} for ${healthyTicks} ticks at the learned limit ${ceiling}: probing above it`, {
      healthyTicks: 0,
      ceiling,
      cooldown: config.cooldownTicks,
    });
  }
  const target = Math.min(config.max, from + config.increase, ceiling ?? Number.POSITIVE_INFINITY);
  // Probing waits for healthy ticks spent at the limit itself, not on the way up to it.
  return decide(target, 'raised', healthy, { healthyTicks: target === ceiling ? 0 : healthyTicks, ceiling });
}

/** Keep a stored state inside the current config (its bounds may have changed since it was written). */
function clampState(config: AdaptiveConfig, state: AdaptiveState): AdaptiveState {
  const target = Math.min(config.max, Math.max(config.min, state.target));
  const ceiling = state.ceiling === null ? null : Math.min(config.max, Math.max(config.min, state.ceiling));
  return target === state.target && ceiling === state.ceiling ? state : { ...state, target, ceiling };
}

function breachOf(config: AdaptiveConfig, throttled: number, samples: number, errorRate: number | null, p95: number | null): string | null {
  if (throttled > 0) return `${throttled} throttled`;
  if (samples < config.minSamples) return null;
  if (errorRate !== null && errorRate > config.errorRate) return `error rate ${percentText(errorRate)} > ${percentText(config.errorRate)}`;
  if (p95 !== null && config.p95Seconds !== null && p95 > config.p95Seconds)
    return `p95 ${secondsText(p95)} > ${secondsText(config.p95Seconds)}`;
  return null;
}

/** `healthy (error rate 0% ≤ 4%, p95 2s ≤ 8s)`, or null when a signal sits in the hysteresis band. */
function healthText(config: AdaptiveConfig, errorRate: number, p95: number | null): string | null {
  const errorBar = config.errorRate * config.hysteresis;
  if (errorRate > errorBar) return null;
  const parts = [`error rate ${percentText(errorRate)} ≤ ${percentText(errorBar)}`];
  if (config.p95Seconds !== null && p95 !== null) {
    const p95Bar = config.p95Seconds * config.hysteresis;
    if (p95 > p95Bar) return null;
    parts.push(`p95 ${secondsText(p95)} ≤ ${secondsText(p95Bar)}`);
  }
  return `healthy (${parts.join(', ')})`;
}

function bandText(config: AdaptiveConfig, errorRate: number, p95: number | null): string {
  const errorBar = config.errorRate * config.hysteresis;
  if (errorRate > errorBar) {
    return `error rate ${percentText(errorRate)} between ${percentText(errorBar)} and ${percentText(config.errorRate)} (hysteresis band)`;
  }
  const p95Bar = (config.p95Seconds as number) * config.hysteresis;
  return `p95 ${secondsText(p95 as number)} between ${secondsText(p95Bar)} and ${secondsText(config.p95Seconds as number)} (hysteresis band)`;
}
