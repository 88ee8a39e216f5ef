/**
 * The Scavenger's Lambda handler: one sweep per invocation (archive, retry, close dead tasks,
 * return due retries), or one every `tickSeconds` while the invocation has time left.
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
import type { Scavenger } from './scavenger.js';

export interface ScavengerHandlerOptions {
  /** Seconds between sweeps inside one invocation; 0 = one sweep (the original). @defaultValue 0 */
  readonly tickSeconds?: number | undefined;
  /** Milliseconds kept free at the end of the invocation. @defaultValue 3000 */
  readonly reserveMs?: number | undefined;
  /** Waits between sweeps. @defaultValue a setTimeout promise */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface ScavengerHandlerResult {
  readonly sweeps: number;
  readonly archived: number;
  readonly retried: number;
  readonly returned: number;
  /** Ids of the tasks closed as dead. */
  readonly dead: readonly string[];
  /** False when a dead-task notice could not be delivered. */
  readonly notified: boolean;
  /** Labourers whose sweep failed, with the error and its code. */
  readonly errors: ReadonlyArray<{ readonly labourerId: string; readonly error: string; readonly code?: string | undefined }>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The invocation fails (throws a coded SoswError once every sweep is done: each labourer's steps
 * ran as far as they could) when there are no labourers, when a failure was not transient (a
 * missing table, an unreachable store, a dead-task notice that could not be sent...), or when every
 * labourer failed in every sweep; `details.result` has the totals and `details.failures` each error.
 * Throttling of some labourers only is reported in `errors`: the next run retries.
 *
 * @example
 * export const handler = createScavengerHandler(async () => ({ engine: await essentials.scavenger() }));
 */
export function createScavengerHandler(
  build: EssentialFactory<Pick<Scavenger, 'run'>>,
  options: ScavengerHandlerOptions = {},
): EssentialHandler<ScavengerHandlerResult> {
  const tickMs = (options.tickSeconds ?? 0) * 1000;
  const reserveMs = options.reserveMs ?? 3000;
  const sleep = options.sleep ?? defaultSleep;
  return createEssentialHandler(
    'sosw_scavenger',
    build,
    async (runtime, _event, context) => {
      const clock = runtime.clock ?? systemClock;
      const end = clock.now() + context.getRemainingTimeInMillis() - reserveMs;
      const totals = {
        sweeps: 0,
        archived: 0,
        retried: 0,
        returned: 0,
        dead: [] as string[],
        notified: true,
        errors: [] as ScavengerHandlerResult['errors'][number][],
      };
      const labourerIds = new Set<string>();
      const succeeded = new Set<string>();
      const failures: RunFailure[] = [];
      for (;;) {
        const started = clock.now();
        const run = await runtime.engine.run({ invocationId: context.awsRequestId, logStreamName: context.logStreamName });
        totals.sweeps += 1;
        for (const l of run.labourers) {
          labourerIds.add(l.labourerId);
          totals.archived += l.archived;
          totals.retried += l.retried;
          totals.returned += l.returned;
          if (l.error === undefined) succeeded.add(l.labourerId);
          else {
            totals.errors.push({ labourerId: l.labourerId, error: l.error, code: l.errorCode });
            const steps = l.failures ?? [{ step: undefined, code: l.errorCode, message: l.error }];
            for (const f of steps)
              failures.push({
                labourerId: l.labourerId,
                code: f.code,
                message: f.step === undefined ? f.message : `${f.step}: ${f.message}`,
              });
          }
        }
        totals.dead.push(...run.dead.map((d) => d.taskId));
        totals.notified &&= run.notified;
        if (run.notifyError !== undefined)
          failures.push({
            code: 'notify.failed',
            message: `the dead-task notice for ${run.dead.length} tasks was not sent: ${run.notifyError}`,
          });
        if (tickMs <= 0 || started + tickMs >= end) break;
        await sleep(Math.max(0, started + tickMs - clock.now()));
      }
      if (labourerIds.size === 0) throw noLabourersError('sosw_scavenger');
      const failed = runFailure('sosw_scavenger', [...labourerIds], failures, totals, succeeded);
      if (failed !== undefined) throw failed;
      return totals;
    },
    (r) => ({
      sweeps: r.sweeps,
      archived: r.archived,
      retried: r.retried,
      returned: r.returned,
      dead: r.dead.length,
      notified: r.notified,
    }),
  );
}
