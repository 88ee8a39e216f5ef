/** Exponential backoff with full jitter, used for throttling and unprocessed batch items. */
export interface BackoffOptions {
  /**
   * Retries after the first try.
   * @defaultValue 6
   */
  readonly retries?: number;
  /**
   * First delay ceiling in milliseconds; doubles each retry.
   * @defaultValue 50
   */
  readonly baseMs?: number;
  /**
   * Largest delay in milliseconds.
   * @defaultValue 5000
   */
  readonly maxMs?: number;
  /** How to wait (tests pass a recorder). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Random source in [0, 1) for the jitter. */
  readonly random?: () => number;
}

export type BackoffConfig = Readonly<Required<BackoffOptions>>;

export const DEFAULT_BACKOFF: BackoffConfig = Object.freeze({
  retries: 6,
  baseMs: 50,
  maxMs: 5000,
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
});

export function resolveBackoff(options: BackoffOptions = {}): BackoffConfig {
  return Object.freeze({ ...DEFAULT_BACKOFF, ...definedOnly(options) });
}

function definedOnly(options: BackoffOptions): BackoffOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as BackoffOptions;
}

/** The wait before retry number `retry` (0-based): random in [0, min(max, base * 2^retry)]. */
export function backoffDelay(config: BackoffConfig, retry: number): number {
  const ceiling = Math.min(config.maxMs, config.baseMs * 2 ** retry);
  return Math.floor(config.random() * ceiling);
}
