import type { AdaptiveConfig } from '../../../../../src/core/flow/adaptive/adaptive-config.js';
import { type AdaptiveDecision, type AdaptiveState, adaptiveStep } from '../../../../../src/core/flow/adaptive/controller.js';
import { addOutcomes, countOutcomes, NO_OUTCOMES, type OutcomeCounts } from '../../../../../src/core/flow/adaptive/outcomes.js';

/** One tick of a recorded series: outcomes reported since the previous tick. */
export interface Sample {
  readonly completed?: number;
  readonly failed?: number;
  readonly throttled?: number;
  /** Run time of every completion (seconds). @defaultValue 1 */
  readonly runSeconds?: number;
  readonly ecologyBudget?: number;
  readonly pinnedMax?: number | null;
}

export const ok = (n = 20): Sample => ({ completed: n });
/** `rate` failed of 1000 outcomes. */
export const errors = (rate: number): Sample => ({ completed: 1000 - Math.round(rate * 1000), failed: Math.round(rate * 1000) });

/** Replay a series through the controller, as the Orchestrator does: cumulative counters, state carried over. */
export function replay(config: AdaptiveConfig, series: readonly Sample[]): AdaptiveDecision[] {
  let counts: OutcomeCounts = NO_OUTCOMES;
  let state: AdaptiveState | null = null;
  const decisions: AdaptiveDecision[] = [];
  for (const [tick, s] of series.entries()) {
    const completed = s.completed ?? 0;
    counts = addOutcomes(counts, countOutcomes(new Array<number>(completed).fill(s.runSeconds ?? 1), s.failed ?? 0, s.throttled ?? 0));
    const step = adaptiveStep(config, state, {
      counts,
      ecologyBudget: s.ecologyBudget ?? config.max,
      pinnedMax: s.pinnedMax ?? null,
      nowSeconds: 1_000 + tick * 60,
    });
    state = step.state;
    decisions.push(step.decision);
  }
  return decisions;
}

export function targets(decisions: readonly AdaptiveDecision[]): number[] {
  return decisions.map((d) => d.target);
}

export function times<T>(n: number, item: T): T[] {
  return new Array<T>(n).fill(item);
}
