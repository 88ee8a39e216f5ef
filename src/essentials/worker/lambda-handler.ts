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
  return async (event, context) => {
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
}
