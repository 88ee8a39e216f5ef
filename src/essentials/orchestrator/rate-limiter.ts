import type { LabourerConfig } from '../../core/config/task-config.js';

const PERIOD_MS = Object.freeze({ second: 1000, minute: 60_000 });
/** Longest window a limit can have: older entries are never needed. */
const LONGEST_MS = PERIOD_MS.minute;

type RateLimit = NonNullable<LabourerConfig['rateLimit']>;

/**
 * The optional per-labourer `rate_limit` (`{invocations, per}`): at most `invocations` in any
 * window of one `per`, on top of the concurrency cap; an operator's pinned rate applies on top of
 * it (the lower allowance wins). The log lives in this process, so overlapping orchestrator
 * processes each apply it separately.
 */
export class RateLimiter {
  readonly #log = new Map<string, number[]>();

  /** How many more invocations the labourer may have at `nowMs`, or null without a limit (configured or `pinned`). */
  public allowance(labourer: LabourerConfig, nowMs: number, pinned: RateLimit | null = null): number | null {
    const limits = [labourer.rateLimit, pinned].filter((l): l is RateLimit => l !== undefined && l !== null);
    if (limits.length === 0) return null;
    const log = this.#prune(labourer.id, nowMs - LONGEST_MS);
    return Math.min(...limits.map((l) => Math.max(0, l.invocations - countAfter(log, nowMs - PERIOD_MS[l.per]))));
  }

  public record(labourerId: string, atMs: number): void {
    const log = this.#log.get(labourerId);
    if (log === undefined) this.#log.set(labourerId, [atMs]);
    else {
      log.push(atMs);
      // Labourers without a limit never ask for an allowance: keep their log bounded here.
      if (log.length > 4096 && (log[0] as number) <= atMs - LONGEST_MS) this.#prune(labourerId, atMs - LONGEST_MS);
    }
  }

  #prune(labourerId: string, after: number): number[] {
    const log = this.#log.get(labourerId) ?? [];
    const drop = log.length - countAfter(log, after);
    const kept = drop === 0 ? log : log.slice(drop);
    this.#log.set(labourerId, kept);
    return kept;
  }
}

/** Entries of the ascending `log` later than `after`. */
function countAfter(log: readonly number[], after: number): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((log[mid] as number) <= after) low = mid + 1;
    else high = mid;
  }
  return log.length - low;
}
