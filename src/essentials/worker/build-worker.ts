/**
 * Turning a worker source (a `Worker` subclass, a `defineWorker` result, or a factory) into a
 * ready worker: assemble the config once, build the Processor, construct. Used by
 * `lambdaHandler` and by the embedded runtime.
 */
import { type ConfigDocument, deepMergeAll } from '../../core/config/deep-merge.js';
import { Processor, type ProcessorOptions } from './processor.js';
import type { WorkerHandler } from './types.js';
import { WORKER_DEFAULT_CONFIG, Worker, type WorkerRuntime } from './worker.js';

/** Anything with the shared handler shape. */
export interface WorkerLike {
  readonly handle: WorkerHandler;
}

/** Runtime handed to worker constructors and factories by `buildWorker`: the processor is always built. */
export type BuiltWorkerRuntime = WorkerRuntime & { readonly processor: Processor };

/**
 * A concrete Worker subclass; `defaultConfig` plays the original's `DEFAULT_CONFIG`. Its
 * constructor may take `WorkerRuntime` or the narrower `BuiltWorkerRuntime`.
 */
export type WorkerClass<P = Record<string, unknown>, R = unknown> = (new (
  runtime: BuiltWorkerRuntime,
) => Worker<P, R>) & {
  readonly defaultConfig?: Readonly<ConfigDocument> | undefined;
};

/** Builds a worker from the runtime, e.g. to inject your own clients: `(rt) => new MyWorker(rt, pool)`. */
export type WorkerFactory = (runtime: BuiltWorkerRuntime) => WorkerLike | Promise<WorkerLike>;

/** What `lambdaHandler` and the embedded runtime accept. */
export type WorkerSource<P = Record<string, unknown>, R = unknown> = WorkerClass<P, R> | WorkerFactory;

/** Options of {@link buildWorker}: config assembly, processor collaborators and worker runtime. */
export type BuildWorkerOptions = Omit<ProcessorOptions, 'essential'> & Omit<WorkerRuntime, 'processor'>;

/** True when `source` is a Worker subclass (as opposed to a factory function). */
export function isWorkerClass(source: unknown): source is WorkerClass {
  return typeof source === 'function' && source.prototype instanceof Worker;
}

/**
 * Assemble the config (defaults < `<function>_config` < `options.config`), build the Processor
 * and construct the worker. Call it once per container and reuse the result.
 *
 * @example
 * const worker = await buildWorker(MyWorker, { functionName: 'my_worker', invoker, configSource });
 * await worker.handle(event, createInvocationContext({ functionName: 'my_worker' }));
 */
export async function buildWorker(source: WorkerSource, options: BuildWorkerOptions): Promise<WorkerLike> {
  const classDefaults = isWorkerClass(source) ? source.defaultConfig : undefined;
  const defaults = deepMergeAll(WORKER_DEFAULT_CONFIG, classDefaults, options.defaults);
  const processor = await Processor.create({ ...options, defaults, essential: false });
  const runtime: BuiltWorkerRuntime = {
    invoker: options.invoker,
    processor,
    reportRetry: options.reportRetry,
    sleep: options.sleep,
    metaLog: options.metaLog,
    clock: options.clock,
  };
  return isWorkerClass(source) ? new source(runtime) : await source(runtime);
}
