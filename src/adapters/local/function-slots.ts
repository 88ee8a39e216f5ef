/**
 * Bookkeeping of one registered function inside the in-process invoker: its waiting line, how
 * many runs hold a slot, and its counters. No timers, no I/O: the invoker drives it.
 */
import type { InProcessHandler } from './invocation-context.js';

/** Counters of one function since the invoker was created. */
export interface FunctionCounters {
  /** Invocations accepted by `invoke()`. */
  accepted: number;
  /** Runs that got a slot and started. */
  started: number;
  /** Runs whose handler resolved. */
  succeeded: number;
  /** Runs whose handler threw or rejected (caught and logged; the runtime keeps going). */
  failed: number;
  /** Runs abandoned after the time limit (or at shutdown). */
  timedOut: number;
  /** Accepted invocations dropped unstarted at shutdown. */
  dropped: number;
  /** Runs holding a slot now. */
  running: number;
  /** Accepted invocations waiting for a slot now. */
  waiting: number;
}

export function emptyCounters(): FunctionCounters {
  return { accepted: 0, started: 0, succeeded: 0, failed: 0, timedOut: 0, dropped: 0, running: 0, waiting: 0 };
}

export interface PendingRun {
  readonly event: unknown;
  readonly acceptedAt: number;
}

/** A registered function: its handler, limits, waiting line and counters. */
export class FunctionSlots {
  public readonly name: string;
  public readonly handler: InProcessHandler;
  public readonly timeoutSeconds: number;
  public readonly concurrency: number;
  public readonly counters: FunctionCounters = emptyCounters();
  // A FIFO as an array plus a head index: O(1) shift without copying on every take.
  #queue: PendingRun[] = [];
  #head = 0;

  public constructor(name: string, handler: InProcessHandler, timeoutSeconds: number, concurrency: number) {
    this.name = name;
    this.handler = handler;
    this.timeoutSeconds = timeoutSeconds;
    this.concurrency = concurrency;
  }

  public push(run: PendingRun): void {
    this.#queue.push(run);
    this.counters.accepted += 1;
    this.counters.waiting += 1;
  }

  /** The next waiting run if a slot is free (the slot is taken), else undefined. */
  public take(): PendingRun | undefined {
    if (this.counters.running >= this.concurrency || this.#head >= this.#queue.length) return undefined;
    const run = this.#queue[this.#head];
    this.#queue[this.#head] = undefined as unknown as PendingRun;
    this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.counters.waiting -= 1;
    this.counters.running += 1;
    this.counters.started += 1;
    return run;
  }

  /** Release a slot with the run's outcome. */
  public release(outcome: 'succeeded' | 'failed' | 'timedOut'): void {
    this.counters.running -= 1;
    this.counters[outcome] += 1;
  }

  /** Forget every waiting run (shutdown); returns how many were dropped. */
  public dropWaiting(): number {
    const dropped = this.#queue.length - this.#head;
    this.#queue = [];
    this.#head = 0;
    this.counters.waiting = 0;
    this.counters.dropped += dropped;
    return dropped;
  }

  public get busy(): number {
    return this.counters.running + this.counters.waiting;
  }

  public get hasWaiting(): boolean {
    return this.#head < this.#queue.length;
  }
}
