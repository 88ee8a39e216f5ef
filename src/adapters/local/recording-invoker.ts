/** An Invoker that records invocations instead of running anything: for users' worker tests. */
import { SoswError } from '../../core/errors.js';
import type { Invoker } from '../../ports/invoker.js';

/** One recorded invocation (the event is a deep copy taken at invocation time). */
export interface RecordedInvocation {
  readonly functionName: string;
  readonly event: unknown;
}

/** Options of {@link RecordingInvoker}. */
export interface RecordingInvokerOptions {
  /** Time limits to answer from `timeoutSeconds`, by function name. @defaultValue none known */
  readonly timeouts?: Readonly<Record<string, number>> | undefined;
}

/**
 * Records every `invoke` call. `failNext(n)` makes the next `n` calls fail with
 * `invoke.failed` (to test report retries); failed calls are not recorded.
 *
 * @example
 * const invoker = new RecordingInvoker();
 * await worker.handle({ task_id: 't1', attempts: 1 }, ctx);
 * invoker.eventsFor('sosw_worker_assistant'); // [{ action: 'mark_task_as_completed', task_id: 't1', ... }]
 */
export class RecordingInvoker implements Invoker {
  readonly #invocations: RecordedInvocation[] = [];
  readonly #timeouts: Readonly<Record<string, number>>;
  #failuresLeft = 0;
  #failure: Error | undefined;
  #attempts = 0;

  public constructor(options: RecordingInvokerOptions = {}) {
    this.#timeouts = { ...options.timeouts };
  }

  public async invoke(functionName: string, event: unknown): Promise<void> {
    this.#attempts += 1;
    if (this.#failuresLeft > 0) {
      this.#failuresLeft -= 1;
      throw (
        this.#failure ??
        new SoswError('invoke.failed', `RecordingInvoker: simulated failure invoking ${functionName}.`, { details: { functionName } })
      );
    }
    this.#invocations.push({ functionName, event: structuredClone(event) });
  }

  public async timeoutSeconds(functionName: string): Promise<number | undefined> {
    return this.#timeouts[functionName];
  }

  /** Make the next `count` invocations fail (with `error`, or an `invoke.failed` SoswError). */
  public failNext(count: number, error?: Error): void {
    this.#failuresLeft = count;
    this.#failure = error;
  }

  /** Every successful invocation, oldest first. */
  public get invocations(): readonly RecordedInvocation[] {
    return [...this.#invocations];
  }

  /** Calls to `invoke`, failed ones included. */
  public get attempts(): number {
    return this.#attempts;
  }

  /** The events sent to one function, oldest first. */
  public eventsFor(functionName: string): unknown[] {
    return this.#invocations.filter((i) => i.functionName === functionName).map((i) => i.event);
  }

  /** Forget everything recorded (pending simulated failures too). */
  public clear(): void {
    this.#invocations.length = 0;
    this.#attempts = 0;
    this.#failuresLeft = 0;
    this.#failure = undefined;
  }
}
