/**
 * The Lambda entry of a worker: builds the worker once per container, on the first call, and
 * reuses it (with its config and totals) across warm invocations (spec processor-config.md 3).
 */

import { functionNameFromEnv, processEnv } from '../../core/config/env-keys.js';
import { type BuildWorkerOptions, buildWorker, type WorkerLike, type WorkerSource } from './build-worker.js';
import { invocationContextFromLambda } from './context.js';
import type { LambdaContext } from './lambda-context.js';

/** Options of {@link lambdaHandler}: the same as `buildWorker`. */
export type LambdaHandlerOptions = BuildWorkerOptions;

/** A Lambda handler (async style) of a worker. */
export type WorkerLambdaHandler = (event: unknown, context: LambdaContext) => Promise<unknown>;

/** What a `lambdaHandler` result was built from: the worker and its own config layers. */
export interface LambdaHandlerSource {
  readonly source: WorkerSource;
  /** `options.defaults` and `options.config`: part of the worker, unlike its AWS collaborators. */
  readonly defaults: LambdaHandlerOptions['defaults'];
  readonly config: LambdaHandlerOptions['config'];
}

// A registry symbol, not a module-local one: a handler module that loads another copy of sosw
// (the package beside the CLI's sources) is still recognised.
const SOURCE = Symbol.for('sosw.lambdaHandler.source');

/**
 * The worker a `lambdaHandler(...)` result wraps, or undefined for any other value. The embedded
 * runtime uses it to run that worker with its own invoker and config instead of the Lambda
 * handler's (which would build a second worker that reads config from, and reports to, AWS).
 */
export function lambdaHandlerSource(value: unknown): LambdaHandlerSource | undefined {
  if (typeof value !== 'function') return undefined;
  const carried = (value as unknown as Record<symbol, unknown>)[SOURCE];
  return typeof carried === 'object' && carried !== null ? (carried as LambdaHandlerSource) : undefined;
}

/**
 * A Lambda handler for a worker class, a `defineWorker` result or a factory. The function name
 * (for `<name>_config`) is `options.functionName`, else `AWS_LAMBDA_FUNCTION_NAME`, else the
 * invocation context's. Events may be objects or JSON text. If building fails, the next
 * invocation tries again.
 *
 * @example
 * export const handler = lambdaHandler(MyWorker, { invoker: new LambdaInvoker(), configSource });
 */
export function lambdaHandler(source: WorkerSource, options: LambdaHandlerOptions): WorkerLambdaHandler {
  let building: Promise<WorkerLike> | undefined;
  const handler: WorkerLambdaHandler = async (event, context) => {
    if (building === undefined) {
      const functionName = options.functionName ?? functionNameFromEnv(options.env ?? processEnv()) ?? context.functionName;
      const attempt = buildWorker(source, { ...options, functionName });
      building = attempt;
      attempt.catch(() => {
        if (building === attempt) building = undefined;
      });
    }
    const worker = await building;
    return worker.handle(event, invocationContextFromLambda(context));
  };
  const carried: LambdaHandlerSource = { source, defaults: options.defaults, config: options.config };
  // Non-enumerable: invisible to spreads, JSON and Lambda, which only calls the function.
  Object.defineProperty(handler, SOURCE, { value: Object.freeze(carried) });
  return handler;
}
