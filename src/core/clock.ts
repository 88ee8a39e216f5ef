/** Where time comes from. Engines never read the system clock directly. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: (): number => Date.now() });

/** Whole seconds since the epoch, as sosw stores most timestamps. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}

/** Float seconds since the epoch (task and audit `created_at`). */
export function epochSecondsFloat(clock: Clock): number {
  return clock.now() / 1000;
}

/**
 * A clock that moves only when told to: for tests and for planning "as of" a moment.
 *
 * @example
 * const clock = new ManualClock(Date.UTC(2024, 0, 1));
 * clock.advance(60_000);
 */
export class ManualClock implements Clock {
  #now: number;

  public constructor(startMs = 0) {
    this.#now = startMs;
  }

  public now(): number {
    return this.#now;
  }

  public set(ms: number): void {
    this.#now = ms;
  }

  public advance(ms: number): void {
    this.#now += ms;
  }

  public advanceSeconds(seconds: number): void {
    this.#now += seconds * 1000;
  }
}
