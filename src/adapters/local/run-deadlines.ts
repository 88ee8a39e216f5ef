/**
 * The time limits of the runs in flight, watched by ONE timer instead of one per run: the timer is
 * armed for the earliest deadline; when it fires, every run past its deadline is expired and the
 * timer is armed again for the earliest one left. Runs end long before their limit, so it rarely
 * fires, and a run costs a map entry instead of a setTimeout/clearTimeout pair. Times are real
 * milliseconds (performance.now), like the timers they replace.
 */

/** A watched run: the invoker's run object itself (no entry object or closure per run). */
export interface Watched {
  /** Set by `add`: performance.now() milliseconds past which the run expires. */
  deadline: number;
  expire(reason?: unknown): void;
}

export class RunDeadlines {
  /** Keyed by the run object itself: identity hashing, no id string to hash per run. */
  readonly #runs = new Set<Watched>();
  #timer: NodeJS.Timeout | undefined;
  /** The deadline the timer is armed for (Infinity when none is). */
  #armedFor = Number.POSITIVE_INFINITY;

  /** Watch a run: `run.expire()` is called once `limitMs` has passed, unless the run is removed first. */
  public add(run: Watched, limitMs: number): void {
    const deadline = performance.now() + limitMs;
    run.deadline = deadline;
    this.#runs.add(run);
    if (deadline < this.#armedFor) this.#arm(deadline);
  }

  /** Stop watching a run (it ended). */
  public delete(run: Watched): void {
    this.#runs.delete(run);
    if (this.#runs.size === 0) this.#disarm();
  }

  public get size(): number {
    return this.#runs.size;
  }

  /** Expire every watched run now with `reason`; returns how many there were. */
  public expireAll(reason: unknown): number {
    const runs = [...this.#runs];
    for (const run of runs) run.expire(reason);
    return runs.length;
  }

  #arm(deadline: number): void {
    this.#disarm();
    this.#armedFor = deadline;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, deadline - performance.now()));
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const due: Watched[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const run of this.#runs) {
      // A timer may fire a little early; 1 ms of slack keeps it from re-arming for nothing.
      if (run.deadline <= now + 1) due.push(run);
      else if (run.deadline < next) next = run.deadline;
    }
    for (const run of due) run.expire();
    if (next < this.#armedFor && this.#runs.size > 0) this.#arm(next);
  }
}
