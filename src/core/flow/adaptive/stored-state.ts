/** The stored forms of the controller's state and outcome counters, checked when read back. */
import { z } from 'zod';
import { SoswError } from '../../errors.js';
import type { AdaptiveState } from './controller.js';
import { NO_OUTCOMES, type OutcomeCounts } from './outcomes.js';

const count = z.number().int().nonnegative();
const outcomesSchema = z.object({
  completed: count,
  failed: count,
  throttled: count,
  runTimes: z.array(count),
});
const stateSchema = z.object({
  target: z.number().int().nonnegative(),
  ceiling: z.number().int().nonnegative().nullable(),
  cooldown: count,
  healthyTicks: count,
  seen: outcomesSchema,
  pendingThrottles: count,
  at: z.number().finite(),
  reason: z.string(),
});

/** Counters with every run-time bucket present (older or shorter arrays are padded with zeros). */
export function normaliseOutcomes(counts: {
  completed: number;
  failed: number;
  throttled: number;
  runTimes: readonly number[];
}): OutcomeCounts {
  return { ...counts, runTimes: NO_OUTCOMES.runTimes.map((_, i) => counts.runTimes[i] ?? 0) };
}

/**
 * A stored controller state, or null when there is none or it is unreadable: the controller then
 * starts over from `initial` (and rewrites it), rather than failing every labourer's tick.
 */
export function storedAdaptiveState(value: unknown): AdaptiveState | null {
  const parsed = stateSchema.safeParse(value);
  return parsed.success ? { ...parsed.data, seen: normaliseOutcomes(parsed.data.seen) } : null;
}

/** Stored outcome counters, or none when absent or unreadable (counting restarts from there). */
export function storedOutcomes(value: unknown): OutcomeCounts {
  const parsed = outcomesSchema.safeParse(value);
  return parsed.success ? normaliseOutcomes(parsed.data) : NO_OUTCOMES;
}

/** A controller state handed to a control store, checked (`store.invalidArgument`). */
export function checkAdaptiveArgument(operation: string, value: unknown): AdaptiveState {
  const parsed = stateSchema.safeParse(value);
  if (parsed.success) return { ...parsed.data, seen: normaliseOutcomes(parsed.data.seen) };
  throw new SoswError(
    'store.invalidArgument',
    `Invalid adaptive state for ${operation}: ${parsed.error.issues[0]?.message ?? 'bad shape'}.`,
    {
      details: { operation, field: 'adaptive', received: value },
    },
  );
}

/** Outcome counts handed to a control store, checked (`store.invalidArgument`). */
export function checkOutcomesArgument(operation: string, value: unknown): OutcomeCounts {
  const parsed = outcomesSchema.safeParse(value);
  if (parsed.success && parsed.data.runTimes.length <= NO_OUTCOMES.runTimes.length) return normaliseOutcomes(parsed.data);
  throw new SoswError(
    'store.invalidArgument',
    `Invalid outcome counts for ${operation}: expected whole numbers >= 0 per outcome and run-time bucket.`,
    {
      details: { operation, field: 'outcomes', received: value },
    },
  );
}
