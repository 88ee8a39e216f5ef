/**
 * The embedded stand-in for a scheduled rule: runs a task every `intervalMs` with a setTimeout
 * chain, so runs never overlap (the next one is planned when the current one ends, at the same
 * cadence minus the time the run took). Sub-second intervals are fine. A failing run is logged and
 * the chain goes on. `nudge()` asks for a run as soon as possible (e.g. a slot was freed).
 */
import { type Logger, silentLogger } from '../../ports/logger.js';

export interface IntervalTriggerOptions {
  /** Shown in logs. */
  readonly name: string;
  /** Milliseconds between the starts of two runs (a longer run delays the next one). */
  readonly intervalMs: number;
  readonly run: () => Promise<unknown>;
  /** @defaultValue silentLogger */
  readonly logger?: Logger | undefined;
  /** Start with a run right away instead of after one interval. @defaultValue true */
  readonly runImmediately?: boolean | undefined;
}

export interface TriggerCounters {
  runs: number;
  failures: number;
  /** Milliseconds the last run took. */
  lastDurationMs: number;
}

/**
 * @example
 * const trigger = new IntervalTrigger({ name: 'orchestrator', intervalMs: 250, run: () => orchestrator.run() });
 * trigger.start();
 * await trigger.stop(); // waits for a run in progress
 */
export class IntervalTrigger {
  readonly #options: IntervalTriggerOptions;
  readonly #logger: Logger;
  readonly #counters: TriggerCounters = { runs: 0, failures: 0, lastDurationMs: 0 };
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<void> | undefined;
  #running = false;
  #nudged = false;
  /** A run is already planned with no delay. */
  #immediate = false;

  public constructor(options: IntervalTriggerOptions) {
    if (!(Number.isFinite(options.intervalMs) && options.intervalMs > 0)) {
      throw new RangeError(`IntervalTrigger ${options.name}: intervalMs must be a positive number, got ${options.intervalMs}`);
    }
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  public get running(): boolean {
    return this.#running;
  }

  public get counters(): TriggerCounters {
    return { ...this.#counters };
  }

  /** Begin the chain. Calling start() on a started trigger does nothing. */
  public start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#plan(this.#options.runImmediately === false ? this.#options.intervalMs : 0);
  }

  /** Run as soon as possible: now if idle, or right after the run in progress. */
  public nudge(): void {
    if (!this.#running) return;
    if (this.#current !== undefined) {
      this.#nudged = true;
      return;
    }
    // A burst of nudges (one per report) plans one immediate run, not one timer each.
    if (this.#immediate) return;
    this.#plan(0);
  }

  /** End the chain; resolves once a run in progress has finished. */
  public async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#immediate = false;
    await this.#current;
  }

  #plan(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#immediate = delayMs <= 0;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#immediate = false;
      this.#current = this.#tick();
    }, delayMs);
  }

  async #tick(): Promise<void> {
    const startedAt = performance.now();
    this.#nudged = false;
    try {
      await this.#options.run();
    } catch (error) {
      this.#counters.failures += 1;
      this.#logger.error({ trigger: this.#options.name, error: error instanceof Error ? error.message : String(error) }, 'run failed');
    }
    const took = performance.now() - startedAt;
    this.#counters.runs += 1;
    this.#counters.lastDurationMs = took;
    this.#current = undefined;
    if (this.#running) this.#plan(this.#nudged ? 0 : Math.max(0, this.#options.intervalMs - took));
  }
}
