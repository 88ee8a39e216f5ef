/**
 * The embedded runtime's Invoker: `invoke()` queues an in-process run of a registered handler and
 * resolves at once, like an asynchronous Lambda invocation. Each function has a concurrency limit
 * (extra invocations wait in line) and a time limit (a run past it is abandoned: its slot is freed,
 * its signal aborted, and its task simply expires). A handler that throws is logged and counted,
 * never propagated. The WorkerAssistant is registered like any other function, so workers report
 * exactly as they do on AWS.
 */
import { type Clock, systemClock } from '../../core/clock.js';
import { SoswError } from '../../core/errors.js';
import { safeString } from '../../core/safe-string.js';
import type { Invoker } from '../../ports/invoker.js';
import { type Logger, silentLogger } from '../../ports/logger.js';
import { emptyCounters, type FunctionCounters, FunctionSlots, type PendingRun } from './function-slots.js';
import { type ContextSource, type InProcessHandler, type LocalInvocationContext, localContext } from './invocation-context.js';
import { RequestIds } from './request-ids.js';
import { RunDeadlines, type Watched } from './run-deadlines.js';

export type { FunctionCounters } from './function-slots.js';

export const DEFAULT_IN_PROCESS_INVOKER = Object.freeze({ timeoutSeconds: 60, concurrency: 1000 });

export interface FunctionRegistration {
  readonly handler: InProcessHandler;
  /** Seconds a run may take before it is abandoned. @defaultValue 60 */
  readonly timeoutSeconds?: number | undefined;
  /** Runs at once; further invocations wait in line. @defaultValue 1000 */
  readonly concurrency?: number | undefined;
}

/** One finished run, for observers (progress, benchmarks). Times are clock milliseconds. */
export interface RunRecord {
  readonly functionName: string;
  readonly requestId: string;
  readonly outcome: 'succeeded' | 'failed' | 'timedOut';
  readonly acceptedAt: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface InProcessInvokerOptions {
  /** @defaultValue systemClock */
  readonly clock?: Clock | undefined;
  /** @defaultValue silentLogger */
  readonly logger?: Logger | undefined;
  /** Called after every run (success, failure or abandon). Errors thrown here are ignored. */
  readonly onRun?: ((record: RunRecord) => void) | undefined;
  /**
   * Called once before a batch of runs starts (synchronously, before any of their handlers). The
   * embedded runtime commits its group transaction here, so every claim is durable before the
   * worker it belongs to runs: a crash can never make the restarted runtime run that attempt again.
   */
  readonly beforeStart?: (() => void) | undefined;
}

export interface DrainResult {
  /** True when every run finished before the deadline. */
  readonly finished: boolean;
  /** Runs abandoned at the deadline. */
  readonly abandoned: number;
  /** Waiting invocations dropped at the deadline. */
  readonly dropped: number;
}

/** `arn:aws:lambda:region:account:function:name[:qualifier]` -> `name`; a bare name is kept. */
export function functionNameOf(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

/**
 * Runs registered handlers in this process.
 *
 * @example
 * const invoker = new InProcessInvoker();
 * invoker.register('prices', { handler: async (event) => fetchPrices(event), timeoutSeconds: 5, concurrency: 4 });
 * await invoker.invoke('prices', { task_id: 'abc' }); // resolves at once
 * await invoker.idle();
 */
export class InProcessInvoker implements Invoker {
  readonly #functions = new Map<string, FunctionSlots>();
  /** The runs holding a slot, with their time limits (one timer for all). */
  readonly #inFlight = new RunDeadlines();
  readonly #requestIds = new RequestIds();
  /** What every run calls back into (one object for all runs). */
  readonly #host: RunHost = {
    now: () => this.#clock.now(),
    ended: (run, outcome, error) => this.#ended(run, outcome, error),
  };
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #onRun: ((record: RunRecord) => void) | undefined;
  readonly #beforeStart: (() => void) | undefined;
  #idleWaiters: Array<() => void> = [];
  #pumpScheduled = false;
  #closed = false;

  public constructor(options: InProcessInvokerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#onRun = options.onRun;
    this.#beforeStart = options.beforeStart;
  }

  /** Register (or replace) the handler of `name`. */
  public register(name: string, registration: FunctionRegistration): void {
    const timeout = registration.timeoutSeconds ?? DEFAULT_IN_PROCESS_INVOKER.timeoutSeconds;
    const concurrency = registration.concurrency ?? DEFAULT_IN_PROCESS_INVOKER.concurrency;
    if (!(timeout > 0)) throw invalid(name, 'timeoutSeconds', timeout, 'a positive number of seconds');
    if (!(Number.isInteger(concurrency) && concurrency > 0)) throw invalid(name, 'concurrency', concurrency, 'a positive whole number');
    this.#functions.set(name, new FunctionSlots(name, registration.handler, timeout, concurrency));
  }

  public has(nameOrArn: string): boolean {
    return this.#functions.has(functionNameOf(nameOrArn));
  }

  public names(): string[] {
    return [...this.#functions.keys()];
  }

  public async invoke(functionName: string, event: unknown): Promise<void> {
    if (this.#closed) {
      throw new SoswError('invoke.failed', `Cannot invoke ${functionName}: the embedded runtime is shut down.`, {
        details: { functionName },
      });
    }
    const slots = this.#lookup(functionName);
    slots.push({ event: wireCopy(functionName, event), acceptedAt: this.#clock.now() });
    this.#schedulePump();
  }

  public async timeoutSeconds(functionName: string): Promise<number | undefined> {
    return this.#functions.get(functionNameOf(functionName))?.timeoutSeconds;
  }

  /** Counters per function name (copies). */
  public counters(): Record<string, FunctionCounters> {
    const out: Record<string, FunctionCounters> = {};
    for (const [name, slots] of this.#functions) out[name] = { ...slots.counters };
    return out;
  }

  /** Counters summed over every function. */
  public totals(): FunctionCounters {
    const total = emptyCounters();
    for (const slots of this.#functions.values()) {
      for (const key of Object.keys(total) as Array<keyof FunctionCounters>) total[key] += slots.counters[key];
    }
    return total;
  }

  /** Runs holding a slot plus invocations waiting for one. */
  public get busy(): number {
    let busy = 0;
    for (const slots of this.#functions.values()) busy += slots.busy;
    return busy;
  }

  /** Resolves when nothing runs or waits (runs started by runs included). */
  public idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Let running and waiting work finish for at most `timeoutMs`; past that, abandon what runs and
   * drop what waits. Invocations made by running handlers (reports to the WorkerAssistant) are
   * still accepted while draining.
   */
  public async drain(timeoutMs: number): Promise<DrainResult> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
    });
    const outcome = await Promise.race([this.idle().then(() => 'idle' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'idle') return { finished: true, abandoned: 0, dropped: 0 };
    let dropped = 0;
    for (const slots of this.#functions.values()) dropped += slots.dropWaiting();
    const abandoned = this.#inFlight.expireAll(new SoswError('worker.timeout', 'the shutdown deadline passed'));
    this.#notifyIdle();
    return { finished: false, abandoned, dropped };
  }

  /** Refuse further invocations (after draining, before closing the store). */
  public close(): void {
    this.#closed = true;
  }

  #lookup(functionName: string): FunctionSlots {
    const name = functionNameOf(functionName);
    const slots = this.#functions.get(name);
    if (slots === undefined) {
      const known = this.names().join(', ') || '(none)';
      throw new SoswError(
        'invoke.unknownFunction',
        `No handler is registered for function ${JSON.stringify(name)}. Registered: ${known}. Add it to sosw.config (labourers.<id>.handler) or register it on the runtime.`,
        { details: { functionName: name, known: this.names() } },
      );
    }
    return slots;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    // Take the whole batch first, make what led to it durable once (one commit), then start it.
    const batch: Array<[FunctionSlots, PendingRun]> = [];
    for (const slots of this.#functions.values()) {
      for (let run = slots.take(); run !== undefined; run = slots.take()) batch.push([slots, run]);
    }
    if (batch.length === 0) return;
    this.#beforeStart?.();
    for (const [slots, run] of batch) this.#start(slots, run);
  }

  #start(slots: FunctionSlots, pending: PendingRun): void {
    const run = new LocalRun(this.#host, slots, pending, this.#requestIds.next(), this.#clock.now());
    this.#inFlight.add(run, slots.timeoutSeconds * 1000);
    // The handler starts in a microtask, after the whole batch is under way.
    void Promise.resolve(run).then(execute);
  }

  /** A run ended (once): free its slot, tell observers, start what waits. */
  #ended(run: LocalRun, outcome: RunRecord['outcome'], error: unknown): void {
    const { slots, requestId } = run;
    this.#inFlight.delete(run);
    slots.release(outcome);
    if (outcome === 'failed') this.#logger.error({ functionName: slots.name, requestId, error: errorText(error) }, 'handler failed');
    if (outcome === 'timedOut') {
      this.#logger.warn({ functionName: slots.name, requestId, timeoutSeconds: slots.timeoutSeconds }, 'handler abandoned');
      run.abort(error);
    }
    if (this.#onRun !== undefined) {
      this.#report({
        functionName: slots.name,
        requestId,
        outcome,
        acceptedAt: run.pending.acceptedAt,
        startedAt: run.startedAt,
        endedAt: this.#clock.now(),
      });
    }
    if (slots.hasWaiting) this.#schedulePump();
    this.#notifyIdle();
  }

  #report(record: RunRecord): void {
    if (this.#onRun === undefined) return;
    try {
      this.#onRun(record);
    } catch {
      // Observers never break the runtime.
    }
  }

  #notifyIdle(): void {
    if (this.#idleWaiters.length === 0 || this.busy > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * The event as it would arrive over the wire (JSON semantics), so a handler never shares objects
 * with its caller or with other runs. Plain data is copied directly; anything else (toJSON, class
 * instances, very deep or cyclic values) goes through JSON text, which also reports what is wrong.
 */
function wireCopy(functionName: string, event: unknown): unknown {
  if (event === undefined) return {};
  try {
    const copy = jsonCopy(event, 0);
    if (copy === undefined) throw new TypeError(`${typeof event} is not JSON data`);
    return copy;
  } catch (cause) {
    throw new SoswError('invoke.failed', `The event for ${functionName} is not JSON-serialisable: ${errorText(cause)}.`, {
      details: { functionName },
      cause,
    });
  }
}

/** Nesting below which plain data is copied directly; deeper (or cyclic) values take the JSON path. */
const DIRECT_COPY_DEPTH = 32;

function jsonCopy(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (typeof value !== 'object' || depth >= DIRECT_COPY_DEPTH) return viaJsonText(value);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : (jsonCopy(item, depth + 1) ?? null);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) return viaJsonText(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const copy = jsonCopy(item, depth + 1);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

function viaJsonText(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function invalid(name: string, field: string, value: unknown, expected: string): SoswError {
  return new SoswError('config.invalid', `Function ${name}: ${field} must be ${expected}, got ${String(value)}.`, {
    details: { functionName: name, field, received: value },
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return safeString(error);
}

/** What a run needs from its invoker. */
interface RunHost {
  now(): number;
  ended(run: LocalRun, outcome: RunRecord['outcome'], error: unknown): void;
}

/**
 * One run holding a slot. It is its own context's time and signal source and its own entry in the
 * deadline watch, so a run costs one object instead of half a dozen closures: at two runs per task
 * (the worker and its report) these lived through garbage collections in every burst of work.
 */
class LocalRun implements ContextSource, Watched {
  public deadline = 0;
  public readonly context: LocalInvocationContext;
  readonly #host: RunHost;
  /** Created only when the handler reads `ctx.signal`: most runs never need one. */
  #controller: AbortController | undefined;
  #settled = false;

  public constructor(
    host: RunHost,
    public readonly slots: FunctionSlots,
    public readonly pending: PendingRun,
    public readonly requestId: string,
    public readonly startedAt: number,
  ) {
    this.#host = host;
    this.context = localContext(slots.name, requestId, startedAt + slots.timeoutSeconds * 1000, this);
  }

  public now(): number {
    return this.#host.now();
  }

  public signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  /** Past its time limit (or abandoned at shutdown with `reason`). */
  public expire(reason?: unknown): void {
    const { name, timeoutSeconds } = this.slots;
    this.end('timedOut', reason ?? new SoswError('worker.timeout', `${name} ran past its ${timeoutSeconds} s time limit`));
  }

  /** The first end counts; a handler settling after it was abandoned changes nothing. */
  public end(outcome: RunRecord['outcome'], error?: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#host.ended(this, outcome, error);
  }

  public abort(reason: unknown): void {
    this.#controller?.abort(reason);
  }
}

/** Run the handler of `run` and end it with its outcome (a throw, sync or async, is a failure). */
async function execute(run: LocalRun): Promise<void> {
  try {
    await run.slots.handler(run.pending.event, run.context);
  } catch (error) {
    run.end('failed', error);
    return;
  }
  run.end('succeeded');
}
