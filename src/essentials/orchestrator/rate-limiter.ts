import type { LabourerConfig } from '../../core/config/task-config.js';

const PERIOD_MS = Object.freeze({ second: 1000, minute: 60_000 });

/**
 * The optional per-labourer `rate_limit` (`{invocations, per}`): at most `invocations` in any
 * window of one `per`, on top of the concurrency cap. The log lives in this process, so
 * overlapping orchestrator processes each apply it separately.
 */
export class RateLimiter {
  readonly #log = new Map<string, number[]>();

  /** How many more invocations the labourer may have at `nowMs`, or null without a limit. */
  public allowance(labourer: LabourerConfig, nowMs: number): number | null {
    const limit = labourer.rateLimit;
    if (limit === undefined) return null;
    const log = this.#prune(labourer.id, nowMs - PERIOD_MS[limit.per]);
    return Math.max(0, limit.invocations - log.length);
  }

  public record(labourerId: string, atMs: number): void {
    const log = this.#log.get(labourerId);
    if (log === undefined) this.#log.set(labourerId, [atMs]);
    else log.push(atMs);
  }

  #prune(labourerId: string, after: number): number[] {
    const log = this.#log.get(labourerId) ?? [];
    let drop = 0;
    while (drop < log.length && (log[drop] as number) <= after) drop++;
    const kept = drop === 0 ? log : log.slice(drop);
    this.#log.set(labourerId, kept);
    return kept;
  }
}
