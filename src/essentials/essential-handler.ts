/**
 * What the four essentials' Lambda handlers share: the engine is built once per container by a
 * factory the entry file injects (so essentials never import adapters), a failed build is tried
 * again on the next invocation, every invocation is logged with its request id, and metrics are
 * flushed after it (embedded metric format lines must be written before the invocation ends).
 */

import { type Clock, systemClock } from '../core/clock.js';
import { type Logger, silentLogger } from '../ports/logger.js';
import type { LambdaContext } from './worker/lambda-context.js';

/** The part of a Lambda context the handlers read (a real Lambda context, or the local endpoint's). */
export type EssentialContext = Pick<LambdaContext, 'awsRequestId' | 'getRemainingTimeInMillis'> &
  Partial<Pick<LambdaContext, 'functionName' | 'logStreamName' | 'invokedFunctionArn'>>;

/** An engine and what its handler needs around it, built once per container. */
export interface EssentialRuntime<E> {
  readonly engine: E;
  /** The engine's clock (deadlines are computed on it). @defaultValue the system clock */
  readonly clock?: Clock | undefined;
  /** @defaultValue silent */
  readonly logger?: Logger | undefined;
  /** Called after every invocation, also a failed one (e.g. flush EMF metrics). Errors are logged. */
  readonly flush?: (() => void | Promise<void>) | undefined;
}

/** Builds the runtime of an essential; called on the first invocation of a container. */
export type EssentialFactory<E> = () => EssentialRuntime<E> | Promise<EssentialRuntime<E>>;

/** A Lambda handler (async style). */
export type EssentialHandler<R> = (event: unknown, context: EssentialContext) => Promise<R>;

/**
 * Wrap `run` into a handler that builds the runtime once per container.
 *
 * @example
 * const handler = createEssentialHandler('sosw_scavenger', build, (rt, _event, ctx) => rt.engine.run({ invocationId: ctx.awsRequestId }));
 */
export function createEssentialHandler<E, R>(
  name: string,
  build: EssentialFactory<E>,
  run: (runtime: EssentialRuntime<E>, event: unknown, context: EssentialContext) => Promise<R>,
  summarise: (result: R) => Record<string, unknown> = () => ({}),
): EssentialHandler<R> {
  let building: Promise<EssentialRuntime<E>> | undefined;
  return async (event, context) => {
    if (building === undefined) {
      const attempt = Promise.resolve().then(build);
      building = attempt;
      attempt.catch(() => {
        if (building === attempt) building = undefined;
      });
    }
    const runtime = await building;
    const logger = runtime.logger ?? silentLogger;
    const clock = runtime.clock ?? systemClock;
    const started = clock.now();
    const fields = { essential: name, requestId: context.awsRequestId };
    try {
      const result = await run(runtime, event, context);
      logger.info({ ...fields, ...summarise(result), durationMs: clock.now() - started }, `${name} invocation finished`);
      return result;
    } catch (error) {
      logger.error({ ...fields, error, durationMs: clock.now() - started }, `${name} invocation failed`);
      throw error;
    } finally {
      try {
        await runtime.flush?.();
      } catch (error) {
        logger.warn({ ...fields, error }, 'Flushing metrics failed');
      }
    }
  };
}
