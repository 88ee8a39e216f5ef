/**
 * What the four essentials' Lambda handlers share: the engine is built once per container by a
 * factory the entry file injects (so essentials never import adapters), a failed build is tried
 * again on the next invocation, every invocation is logged with its request id, and metrics are
 * flushed after it (embedded metric format lines must be written before the invocation ends).
 */

import { type Clock, systemClock } from '../core/clock.js';
import { type ErrorCode, SoswError } from '../core/errors.js';
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
  /**
   * The caller shows a failed invocation's error itself (`sosw run` prints it with its code), so the
   * handler does not log it as well. @defaultValue false: logged, which is all Lambda shows
   */
  readonly callerReportsFailures?: boolean | undefined;
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
      if (runtime.callerReportsFailures !== true)
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

/** One failure inside a run (a labourer's dispatch or sweep, the controls read, the dead-task notice). */
export interface RunFailure {
  /** The labourer it hit, or undefined for a failure of the whole run (e.g. the dead-task notice). */
  readonly labourerId?: string | undefined;
  /** The SoswError code, when the failure had one. */
  readonly code?: string | undefined;
  readonly message: string;
}

/**
 * Failures that pass without anyone's help: throttling and transaction conflicts (the next tick
 * simply tries again). Everything else (a missing table or index, an unreachable store, access
 * denied, a config error, a bug) is not fixed by waiting.
 */
export const TRANSIENT_FAILURE_CODES: ReadonlySet<string> = new Set(['store.throttled', 'store.conflict', 'invoke.throttled']);

/** The code of a caught error: its SoswError code, else `internal`. */
export function failureCode(error: unknown): ErrorCode {
  return SoswError.is(error) ? error.code : 'internal';
}

/**
 * Whether a run whose labourers were isolated from each other must still fail its invocation (so
 * that the Lambda's `Errors` metric, and the alarm on it, see it): when any failure is not transient,
 * or when every labourer failed (nothing at all was done). Returns the error to throw, or undefined
 * when the run may report success (transient failures of some labourers: they are in the result
 * and the log, and the next run tries again).
 *
 * @param essential - the function name used in the message (`sosw_orchestrator`)
 * @param labourerIds - every labourer the run worked on
 * @param failures - one entry per failure (several for a labourer are fine)
 * @param result - what the run did anyway; kept in the error's `details.result`
 * @param succeeded - labourers that succeeded in some tick or sweep of the run: their transient
 *   failures do not count (a labourer fails only when each of its ticks failed)
 */
export function runFailure(
  essential: string,
  labourerIds: readonly string[],
  reported: readonly RunFailure[],
  result: unknown,
  succeeded: ReadonlySet<string> = new Set(),
): SoswError | undefined {
  const failures = reported.filter((f) => f.labourerId === undefined || !succeeded.has(f.labourerId) || !isTransient(f.code));
  if (failures.length === 0) return undefined;
  const failedLabourers = new Set(failures.flatMap((f) => (f.labourerId === undefined ? [] : [f.labourerId])));
  const allFailed = labourerIds.length > 0 && labourerIds.every((id) => failedLabourers.has(id));
  const lasting = failures.filter((f) => !isTransient(f.code));
  if (lasting.length === 0 && !allFailed) return undefined;
  const first = lasting[0] ?? failures[0];
  const code = (first?.code ?? 'internal') as ErrorCode;
  // One line per distinct message, naming the labourers it hit.
  const byMessage = new Map<string, string[]>();
  for (const f of failures) {
    const who = byMessage.get(f.message) ?? [];
    if (f.labourerId !== undefined && !who.includes(f.labourerId)) who.push(f.labourerId);
    byMessage.set(f.message, who);
  }
  const lines = [...byMessage].map(([message, who]) => (who.length === 0 ? message : `${who.join(', ')}: ${message}`));
  const scope = allFailed
    ? `every labourer failed (${labourerIds.length} of ${labourerIds.length})`
    : failedLabourers.size > 0
      ? `${failedLabourers.size} of ${labourerIds.length} labourers failed`
      : 'the run failed';
  return new SoswError(code, `${essential}: ${scope}; the invocation fails so that its Errors alarm fires. ${lines.join(' | ')}`, {
    details: { essential, failures: failures.map((f) => ({ ...f })), result },
  });
}

/**
 * The error of a run that found no labourers to work on: an essential with no labourers does
 * nothing at all, which is never what a deployment wants.
 */
function isTransient(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_FAILURE_CODES.has(code);
}

export function noLabourersError(essential: string): SoswError {
  return new SoswError(
    'config.invalid',
    `${essential} has no labourers configured, so it does nothing: add them under task_config.labourers (on AWS in the config table's sosw_essential_config row of your SOSW_CONFIG_ENV; locally in sosw.config's labourers).`,
    { details: { essential, field: 'task_config.labourers' } },
  );
}
