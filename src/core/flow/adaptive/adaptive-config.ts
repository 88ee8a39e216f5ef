/**
 * The opt-in `adaptive` block of a labourer (snake_case, as every config key): the bounds and the
 * pace of its concurrency controller. Parsed once, at the edge, into {@link AdaptiveConfig}.
 */
import { z } from 'zod';
import { type NumberRule, numberField } from '../../config/fields.js';
import { describeValue, SoswError } from '../../errors.js';

/** A number field of the adaptive block: every failure says what is expected, with an example. */
function field(rule: Omit<NumberRule, 'example' | 'meaning'>, example: number, meaning: string): z.ZodNumber {
  return numberField({ ...rule, example, meaning });
}

export const adaptiveInputSchema = z.strictObject(
  {
    /** Lowest target. @defaultValue 1 */
    min: field({ int: true, min: 1 }, 1, 'the lowest target').optional(),
    /** Highest target; at most `max_simultaneous_invocations`. @defaultValue `max_simultaneous_invocations` */
    max: field({ int: true, min: 1 }, 10, 'the highest target, at most max_simultaneous_invocations').optional(),
    /** Target before the first decision. @defaultValue `max` */
    initial: field({ int: true, min: 1 }, 4, 'the target before the first decision, between min and max').optional(),
    /** Added after a healthy tick. @defaultValue 1 */
    increase: field({ int: true, min: 1 }, 1, 'added to the target after a healthy tick').optional(),
    /** Factor the target is multiplied by on a breach (0 < decrease < 1). @defaultValue 0.5 */
    decrease: field({ gt: 0, lt: 1 }, 0.5, 'the target is multiplied by it on a breach, so 0.5 halves it').optional(),
    /** Ticks after a change during which outcomes are ignored (they still reflect the old target). @defaultValue 2 */
    cooldown_ticks: field({ int: true, min: 0 }, 2, 'ticks after a change during which outcomes are ignored').optional(),
    /** Failed share of the outcomes above which the target is cut (0 < error_rate <= 1). @defaultValue 0.05 */
    error_rate: field({ gt: 0, max: 1 }, 0.05, 'the failed share of outcomes above which the target is cut; 0.05 is 5%').optional(),
    /** p95 run time (seconds) above which the target is cut. @defaultValue none: run time is not watched */
    p95_seconds: field({ gt: 0 }, 30, 'the p95 run time in seconds above which the target is cut').optional(),
    /** A tick is healthy only below `hysteresis` x each threshold; between the two the target is held. @defaultValue 0.8 */
    hysteresis: field({ gt: 0, max: 1 }, 0.8, 'a tick is healthy only below hysteresis x each threshold').optional(),
    /** Outcomes needed before the error rate is judged (fewer are kept for the next tick). @defaultValue 5 */
    min_samples: field({ int: true, min: 1 }, 5, 'outcomes needed before the error rate is judged').optional(),
    /** Healthy ticks at a learned limit before the target probes one step above it. @defaultValue 10 */
    probe_ticks: field({ int: true, min: 1 }, 10, 'healthy ticks at the learned limit before probing above it').optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'must be an object of adaptive settings, e.g. { "min": 1, "error_rate": 0.05, "p95_seconds": 30 } (see docs/adaptive-concurrency.md)'
        : undefined,
  },
);
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

/** Where an adaptive block was written, for messages: its document and the path of one of its keys. */
export interface AdaptivePlace {
  /** `task config`, `project config (/srv/app/sosw.config.ts)`. */
  readonly what: string;
  /** The path of `adaptive.<name>` as written in the user's file. */
  field(name: string): string;
}

function invalid(place: AdaptivePlace, name: string, message: string, received: unknown): SoswError {
  const field = place.field(name);
  const problem = `${message}, received ${describeValue(received)}.`;
  return new SoswError('config.invalid', `Invalid ${place.what}:\n  - ${field}: ${problem}`, {
    details: { field, received, problems: [{ field, problem }] },
  });
}

/**
 * Resolve a labourer's `adaptive` block (already shape-checked by {@link adaptiveInputSchema}) against
 * its `max_simultaneous_invocations`; `config.invalid` names the field (by default
 * `task_config.labourers.<id>.adaptive.min`; `place` gives the path as written in a project file).
 *
 * @example
 * resolveAdaptiveConfig({ min: 2, error_rate: 0.1 }, 'fetch_prices', 20).max; // 20
 */
export function resolveAdaptiveConfig(
  input: AdaptiveInput,
  labourerId: string,
  maxSimultaneous: number,
  place: AdaptivePlace = { what: 'task config', field: (name) => `task_config.labourers.${labourerId}.adaptive.${name}` },
): AdaptiveConfig {
  if (maxSimultaneous < 1) {
    throw invalid(
      place,
      'max',
      'needs max_simultaneous_invocations of at least 1 (the controller moves between min and it); set max_simultaneous_invocations, e.g. 10',
      maxSimultaneous,
    );
  }
  const max = input.max ?? maxSimultaneous;
  if (max > maxSimultaneous) {
    throw invalid(
      place,
      'max',
      `must be at most max_simultaneous_invocations (${maxSimultaneous}); lower it, or raise max_simultaneous_invocations`,
      max,
    );
  }
  const min = input.min ?? DEFAULT_ADAPTIVE.min;
  if (min > max)
    throw invalid(
      place,
      'min',
      `must be at most max (${max})${input.max === undefined ? ', which defaults to max_simultaneous_invocations' : ''}`,
      min,
    );
  const initial = input.initial ?? max;
  if (initial < min || initial > max) throw invalid(place, 'initial', `must be between min (${min}) and max (${max})`, initial);
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
