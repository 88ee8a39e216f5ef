/**
 * The opt-in `adaptive` block of a labourer (snake_case, as every config key): the bounds and the
 * pace of its concurrency controller. Parsed once, at the edge, into {@link AdaptiveConfig}.
 */
import { z } from 'zod';
import { describeValue, SoswError } from '../../errors.js';

export const adaptiveInputSchema = z.strictObject({
  /** Lowest target. @defaultValue 1 */
  min: z.number().int().min(1).optional(),
  /** Highest target; at most `max_simultaneous_invocations`. @defaultValue `max_simultaneous_invocations` */
  max: z.number().int().min(1).optional(),
  /** Target before the first decision. @defaultValue `max` */
  initial: z.number().int().min(1).optional(),
  /** Added after a healthy tick. @defaultValue 1 */
  increase: z.number().int().min(1).optional(),
  /** Factor the target is multiplied by on a breach (0 < decrease < 1). @defaultValue 0.5 */
  decrease: z.number().gt(0).lt(1).optional(),
  /** Ticks after a change during which outcomes are ignored (they still reflect the old target). @defaultValue 2 */
  cooldown_ticks: z.number().int().min(0).optional(),
  /** Failed share of the outcomes above which the target is cut (0 < error_rate <= 1). @defaultValue 0.05 */
  error_rate: z.number().gt(0).max(1).optional(),
  /** p95 run time (seconds) above which the target is cut. @defaultValue none: run time is not watched */
  p95_seconds: z.number().positive().optional(),
  /** A tick is healthy only below `hysteresis` x each threshold; between the two the target is held. @defaultValue 0.8 */
  hysteresis: z.number().gt(0).max(1).optional(),
  /** Outcomes needed before the error rate is judged (fewer are kept for the next tick). @defaultValue 5 */
  min_samples: z.number().int().min(1).optional(),
  /** Healthy ticks at a learned limit before the target probes one step above it. @defaultValue 10 */
  probe_ticks: z.number().int().min(1).optional(),
});
export type AdaptiveInput = z.infer<typeof adaptiveInputSchema>;

export interface AdaptiveConfig {
  readonly min: number;
  readonly max: number;
  readonly initial: number;
  readonly increase: number;
  readonly decrease: number;
  readonly cooldownTicks: number;
  readonly errorRate: number;
  readonly p95Seconds: number | null;
  readonly hysteresis: number;
  readonly minSamples: number;
  readonly probeTicks: number;
}

export const DEFAULT_ADAPTIVE = Object.freeze({
  min: 1,
  increase: 1,
  decrease: 0.5,
  cooldownTicks: 2,
  errorRate: 0.05,
  hysteresis: 0.8,
  minSamples: 5,
  probeTicks: 10,
});

function invalid(field: string, message: string, received: unknown): SoswError {
  return new SoswError('config.invalid', `Invalid task config: ${field} ${message}, received ${describeValue(received)}.`, {
    details: { field, received },
  });
}

/**
 * Resolve a labourer's `adaptive` block (already shape-checked by {@link adaptiveInputSchema}) against
 * its `max_simultaneous_invocations`; `config.invalid` names the field (`task_config.labourers.<id>.adaptive.min`).
 *
 * @example
 * resolveAdaptiveConfig({ min: 2, error_rate: 0.1 }, 'fetch_prices', 20).max; // 20
 */
export function resolveAdaptiveConfig(input: AdaptiveInput, labourerId: string, maxSimultaneous: number): AdaptiveConfig {
  const field = (name: string): string => `task_config.labourers.${labourerId}.adaptive.${name}`;
  if (maxSimultaneous < 1) {
    throw invalid(
      field('max'),
      'needs max_simultaneous_invocations of at least 1 (the controller moves between min and it)',
      maxSimultaneous,
    );
  }
  const max = input.max ?? maxSimultaneous;
  if (max > maxSimultaneous) {
    throw invalid(field('max'), `must be at most max_simultaneous_invocations (${maxSimultaneous}); raise that instead`, max);
  }
  const min = input.min ?? DEFAULT_ADAPTIVE.min;
  if (min > max) throw invalid(field('min'), `must be at most max (${max})`, min);
  const initial = input.initial ?? max;
  if (initial < min || initial > max) throw invalid(field('initial'), `must be between min (${min}) and max (${max})`, initial);
  return {
    min,
    max,
    initial,
    increase: input.increase ?? DEFAULT_ADAPTIVE.increase,
    decrease: input.decrease ?? DEFAULT_ADAPTIVE.decrease,
    cooldownTicks: input.cooldown_ticks ?? DEFAULT_ADAPTIVE.cooldownTicks,
    errorRate: input.error_rate ?? DEFAULT_ADAPTIVE.errorRate,
    p95Seconds: input.p95_seconds ?? null,
    hysteresis: input.hysteresis ?? DEFAULT_ADAPTIVE.hysteresis,
    minSamples: input.min_samples ?? DEFAULT_ADAPTIVE.minSamples,
    probeTicks: input.probe_ticks ?? DEFAULT_ADAPTIVE.probeTicks,
  };
}
