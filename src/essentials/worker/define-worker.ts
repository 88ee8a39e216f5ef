/** The plain-function worker style: `defineWorker(async (payload, ctx) => result)`. */
import type { ConfigDocument } from '../../core/config/deep-merge.js';
import { SoswError } from '../../core/errors.js';
import { NonRetriableError } from '../../core/worker-errors.js';
import type { WorkerContext } from './types.js';
import { Worker, type WorkerRuntime } from './worker.js';

/** The work of one task. Its resolved value becomes the report's `result`. */
export type WorkerFunction<P, R> = (payload: P, ctx: WorkerContext) => Promise<R> | R;

/** What `defineWorker` returns: a Worker class constructible from any `WorkerRuntime` (a `WorkerClass`). */
export type DefinedWorkerClass<P, R> = (new (
  runtime: WorkerRuntime,
) => Worker<P, R>) & {
  readonly defaultConfig?: Readonly<ConfigDocument> | undefined;
};

/** Anything with a `parse` method, such as a zod schema. */
export interface PayloadSchema<P> {
  parse(input: unknown): P;
}

/** Options of {@link defineWorker}. */
export interface DefineWorkerOptions<P> {
  /** Name of the produced class (logs, stack traces). @defaultValue the function's name */
  readonly name?: string | undefined;
  /** The worker's own defaults, below `<function>_config` and explicit options. @defaultValue `{}` */
  readonly defaultConfig?: Readonly<ConfigDocument> | undefined;
  /**
   * Validates the event before the function runs. A payload that fails is reported as a
   * non-retriable failure (it would fail the same way on every retry).
   * @defaultValue none: the event object is passed as it is
   */
  readonly payload?: PayloadSchema<P> | undefined;
}

/**
 * Define a worker from a function. The result is a Worker class, so it goes everywhere a class
 * goes: `lambdaHandler(fn)`, `buildWorker(fn, ...)`, the embedded runtime, `new Fn(runtime)`.
 *
 * @example
 * export const Greeter = defineWorker(async (payload: { name: string }, ctx) => {
 *   ctx.stats.increment('greetings');
 *   return { greeting: `hello ${payload.name}` };
 * });
 * export const handler = lambdaHandler(Greeter, { invoker });
 */
export function defineWorker<P = Record<string, unknown>, R = unknown>(
  fn: WorkerFunction<P, R>,
  options: DefineWorkerOptions<P> = {},
): DefinedWorkerClass<P, R> {
  const schema = options.payload;
  class FunctionWorker extends Worker<P, R> {
    public static readonly defaultConfig: Readonly<ConfigDocument> | undefined = options.defaultConfig;

    public process(payload: P, ctx: WorkerContext): Promise<R> | R {
      return fn(payload, ctx);
    }

    protected override parsePayload(event: Record<string, unknown>): P {
      if (!schema) return event as P;
      try {
        return schema.parse(event);
      } catch (error) {
        if (error instanceof SoswError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new NonRetriableError(`The task payload does not match the worker's payload schema: ${detail}`, { cause: error });
      }
    }
  }
  Object.defineProperty(FunctionWorker, 'name', { value: options.name ?? (fn.name || 'FunctionWorker') });
  return FunctionWorker;
}
