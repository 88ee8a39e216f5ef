/**
 * The Orchestrator's Lambda handler: one scheduled invocation ticks until the run budget or the
 * invocation's remaining time (minus a reserve for the last tick) runs out. The engine is built
 * once per container by the factory the entry file passes (src/lambda/orchestrator.ts on AWS).
 */
import { systemClock } from '../../core/clock.js';
import {
  createEssentialHandler,
  type EssentialFactory,
  type EssentialHandler,
  noLabourersError,
  type RunFailure,
  runFailure,
} from '../essential-handler.js';
import type { Orchestrator } from './orchestrator.js';

export interface OrchestratorHandlerOptions {
  /**
   * Milliseconds of the invocation kept free at the end: no tick starts later than this before the
   * Lambda's deadline, so the last one can finish.
   * @defaultValue 3000
   */
  readonly reserveMs?: number | undefined;
}

/** What one invocation did, per labourer (summed over its ticks). */
export interface OrchestratorHandlerResult {
  readonly ticks: number;
  readonly invoked: number;
  readonly labourers: ReadonlyArray<{ readonly labourerId: string; readonly invoked: number; readonly lastReason: string }>;
}

/**
 * The invocation fails (throws a coded SoswError, after the whole run: every labourer that could be
 * dispatched was) when the run found no labourers, when a failure was not transient (a missing
 * table, an unreachable store, the operator controls unreadable for a lasting reason, a labourer's
 * function missing or not invocable by this role...), or when
 * every labourer failed; the error's `details.result` has what the run did and each decision's reason.
 * Throttling of some labourers only is reported in `lastReason` and the log: the next run retries.
 *
 * @example
 * export const handler = createOrchestratorHandler(async () => ({ engine: await essentials.orchestrator() }));
 */
export function createOrchestratorHandler(
  build: EssentialFactory<Pick<Orchestrator, 'run'>>,
  options: OrchestratorHandlerOptions = {},
): EssentialHandler<OrchestratorHandlerResult> {
  const reserveMs = options.reserveMs ?? 3000;
  return createEssentialHandler(
    'sosw_orchestrator',
    build,
    async (runtime, _event, context) => {
      const clock = runtime.clock ?? systemClock;
      const deadlineMs = clock.now() + Math.max(0, context.getRemainingTimeInMillis() - reserveMs);
      const run = await runtime.engine.run({ invocationId: context.awsRequestId, logStreamName: context.logStreamName, deadlineMs });
      const labourers = new Map<string, { labourerId: string; invoked: number; lastReason: string }>();
      for (const d of run.decisions) {
        const entry = labourers.get(d.labourerId) ?? { labourerId: d.labourerId, invoked: 0, lastReason: '' };
        entry.invoked += d.invoked;
        entry.lastReason = d.reason;
        labourers.set(d.labourerId, entry);
      }
      const result = { ticks: run.ticks, invoked: run.invoked, labourers: [...labourers.values()] };
      if (run.decisions.length === 0) throw noLabourersError('sosw_orchestrator');
      const failures: RunFailure[] = run.decisions.flatMap((d) => [
        ...(d.error === undefined ? [] : [{ labourerId: d.labourerId, code: d.errorCode, message: d.reason }]),
        // A labourer that cannot be invoked at all (missing function, access denied) is a lasting failure.
        ...(d.invokeError === undefined
          ? []
          : [{ labourerId: d.labourerId, code: d.invokeError.code, message: `${d.invokeError.message} (${d.failed} failed to invoke)` }]),
      ]);
      const succeeded = new Set(run.decisions.filter((d) => d.error === undefined).map((d) => d.labourerId));
      const failed = runFailure('sosw_orchestrator', [...labourers.keys()], failures, result, succeeded);
      if (failed !== undefined) throw failed;
      return result;
    },
    (result) => ({ ticks: result.ticks, invoked: result.invoked }),
  );
}
