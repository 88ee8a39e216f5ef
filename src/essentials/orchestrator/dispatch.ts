import { type Clock, epochSeconds } from '../../core/clock.js';
import type { LabourerConfig } from '../../core/config/task-config.js';
import { type CoefficientTable, desiredInvocations } from '../../core/ecology/coefficients.js';
import { SoswError } from '../../core/errors.js';
import { type ActiveControl, NO_CONTROL } from '../../core/flow/control.js';
import type { Task } from '../../core/task/task.js';
import type { Invoker } from '../../ports/invoker.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import type { TaskStore } from '../../ports/task-store.js';
import type { Ecology } from '../ecology/ecology.js';
import { keyCapText, pickTasks } from '../flow/pick-tasks.js';
import type { AuditBatch } from '../task-manager/audit-batch.js';
import type { ClaimOutcome, TaskManager } from '../task-manager/task-manager.js';
import type { AdaptiveTick } from './adaptive-tick.js';
import { controlText, heldDecision } from './control-decision.js';
import { type DispatchDecision, explainDecision } from './decision.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Semaphore } from './semaphore.js';

export interface DispatchDeps {
  readonly taskManager: TaskManager;
  readonly store: TaskStore;
  readonly invoker: Invoker;
  readonly ecology: Ecology;
  readonly coefficients: CoefficientTable;
  readonly rateLimiter: RateLimiter;
  readonly semaphore: Semaphore;
  /** Tasks claimed per store call (the invoke bound: claims run at most one batch ahead). */
  readonly claimBatch: number;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

type Outcome = 'invoked' | 'skipped' | 'failed' | 'invalid' | 'throttled';

/**
 * One labourer in one tick: health, running count (read once, then incremented as we invoke),
 * desired number, rate allowance, then claim + invoke the head of the queue within the bound.
 * `active` is the operator control in force: a hold starts nothing; a pin lowers the cap and rate.
 * `adaptive` (labourers with `adaptive` config) lowers the budget to the controller's limit.
 */
export async function dispatchLabourer(
  deps: DispatchDeps,
  labourer: LabourerConfig,
  tick: number,
  audit: AuditBatch,
  active: ActiveControl = NO_CONTROL,
  adaptiveTick?: AdaptiveTick,
): Promise<DispatchDecision> {
  const startedMs = deps.clock.now();
  const window = deps.taskManager.window(labourer, epochSeconds(deps.clock));
  const [health, runningAtStart] = await Promise.all([deps.ecology.health(labourer), deps.taskManager.countRunning(window)]);
  const coefficient = deps.coefficients[health.status];
  const cap = labourer.maxSimultaneousInvocations;
  if (active.hold !== null) {
    const facts = { health: health.status, metrics: health.readings, running: runningAtStart, cap, coefficient };
    const at = { tick, labourerId: labourer.id, at: startedMs, durationMs: deps.clock.now() - startedMs };
    return heldDecision({ ...facts, ...at }, active.hold, active);
  }
  const pinnedMax = active.pin?.max ?? undefined;
  const adaptive = adaptiveTick?.decide(desiredInvocations({ cap, coefficient, running: 0 }), pinnedMax ?? null);
  const desired = Math.min(
    desiredInvocations({ cap, coefficient, running: runningAtStart }),
    pinnedMax === undefined ? Number.POSITIVE_INFINITY : Math.max(pinnedMax - runningAtStart, 0),
    adaptive === undefined ? Number.POSITIVE_INFINITY : Math.max(adaptive.limit - runningAtStart, 0),
  );
  const rateAllowance = deps.rateLimiter.allowance(labourer, startedMs, active.pin?.rate ?? null);
  const requested = rateAllowance === null ? desired : Math.min(desired, rateAllowance);
  const { tasks, keyCapped } = await pickTasks(deps.taskManager, labourer, window, requested);
  // Queue positions before the claims: a throttled invocation puts its task back there.
  const queuedAt = new Map(tasks.map((t) => [t.taskId, t.greenfield]));

  let running = runningAtStart;
  let invokeError: { code: string; message: string } | undefined;
  const invokeClaimed = async (claim: Exclude<ClaimOutcome, { status: 'lost' }>): Promise<Outcome> => {
    const task = claim.task;
    if (claim.status === 'invalidPayload') {
      deps.logger.error(
        { labourerId: labourer.id, taskId: task.taskId, error: claim.error.message },
        'Closing a task with an invalid payload as dead',
      );
      if ((await deps.taskManager.archive(task.taskId)) !== null) {
        audit.add('archived_dead', task.taskId, labourer.id, { reason: claim.error.code, attempt: task.attempts });
        deps.metrics.count('dead', labourer.id, 1);
      }
      return 'invalid';
    }
    try {
      await deps.invoker.invoke(labourer.arn, claim.event);
    } catch (error) {
      if (SoswError.is(error) && error.code === 'invoke.throttled') {
        adaptiveTick?.throttled();
        const returned = await returnThrottled(deps, task, queuedAt.get(task.taskId));
        audit.add('throttled', task.taskId, labourer.id, { attempt: task.attempts, returned });
        deps.metrics.count('invoke_throttled', labourer.id, 1);
        return 'throttled';
      }
      if (invokeError === undefined && isLastingInvokeError(error))
        invokeError = { code: (error as SoswError).code, message: (error as SoswError).message };
      await reportInvokeFailure(deps, labourer.id, task, error);
      audit.add('failed', task.taskId, labourer.id, { reason: SoswError.is(error) ? error.code : 'invoke.failed', attempt: task.attempts });
      deps.metrics.count('invoke_failed', labourer.id, 1);
      return 'failed';
    }
    const invokedMs = deps.clock.now();
    running += 1;
    deps.rateLimiter.record(labourer.id, invokedMs);
    audit.add('invoked', task.taskId, labourer.id, { attempt: task.attempts });
    deps.metrics.count('invoked', labourer.id, 1);
    deps.metrics.observe('dispatch_latency_ms', labourer.id, invokedMs - startedMs);
    if (task.attempts === 1) deps.metrics.observe('queue_wait_seconds', labourer.id, invokedMs / 1000 - task.createdAt);
    return 'invoked';
  };

  // Claim the head in batches of `claimBatch` (one store call each), then invoke the batch within
  // the bound: a claim is never far ahead of its invocation.
  const tally: Record<Outcome, number> = { invoked: 0, skipped: 0, failed: 0, invalid: 0, throttled: 0 };
  const batch = Math.max(1, Math.floor(deps.claimBatch));
  for (let start = 0; start < tasks.length; start += batch) {
    const claims = await deps.taskManager.claimMany(
      window,
      tasks.slice(start, start + batch).map((t) => t.taskId),
    );
    const pending: Array<Promise<Outcome>> = [];
    for (const claim of claims) {
      if (claim.status === 'lost') {
        deps.metrics.count('claim_lost', labourer.id, 1);
        tally.skipped += 1;
      } else pending.push(deps.semaphore.run(() => invokeClaimed(claim)));
    }
    for (const outcome of await Promise.all(pending)) tally[outcome] += 1;
  }
  const counts = {
    health: health.status,
    metrics: health.readings,
    running: runningAtStart,
    runningAfter: running,
    cap,
    coefficient,
    desired,
    rateAllowance,
    requested,
    found: tasks.length,
    invoked: tally.invoked,
    skipped: tally.skipped,
    failed: tally.failed,
    invalid: tally.invalid,
    ...(tally.throttled === 0 ? {} : { throttled: tally.throttled }),
    ...(invokeError === undefined ? {} : { invokeError }),
    ...(pinnedMax === undefined ? {} : { pinnedMax }),
    ...(keyCapped === undefined ? {} : { keyCapped }),
    ...(adaptive === undefined ? {} : { adaptive }),
  };
  const durationMs = deps.clock.now() - startedMs;
  deps.metrics.observe('tick_duration_ms', labourer.id, durationMs);
  const control = controlText(active, startedMs / 1000);
  return {
    tick,
    labourerId: labourer.id,
    at: startedMs,
    ...counts,
    durationMs,
    ...(control === undefined ? {} : { control }),
    reason: [
      explainDecision(counts),
      ...(keyCapText(keyCapped, labourer) === '' ? [] : [keyCapText(keyCapped, labourer)]),
      ...(control === undefined ? [] : [`${capitalise(control)}.`]),
      ...(adaptive === undefined ? [] : [`Adaptive: ${adaptive.reason}.`]),
    ].join(' '),
  };
}

/** AWS errors of an invocation that no retry fixes: the role may not invoke the function. */
const DENIED = /AccessDenied|NotAuthorized|Unauthorized|Forbidden/i;

/** An invoke failure that waiting does not fix: the function is missing, or the role may not invoke it. */
function isLastingInvokeError(error: unknown): boolean {
  if (!SoswError.is(error)) return false;
  if (error.code === 'invoke.unknownFunction') return true;
  const aws = error.details.awsError;
  return error.code === 'invoke.failed' && typeof aws === 'string' && DENIED.test(aws);
}

/**
 * A throttled invocation (Lambda's 429, TooManyRequestsException) never started: undo the claim, so
 * the task waits at its place in the queue and no attempt is used. If that fails, the task expires
 * and is retried as usual. Returns whether the task went back to the queue.
 */
async function returnThrottled(deps: DispatchDeps, task: Task, queuedGreenfield: number | undefined): Promise<boolean> {
  deps.logger.warn({ labourerId: task.labourerId, taskId: task.taskId }, 'Invocation throttled; the task goes back to the queue');
  if (queuedGreenfield === undefined) return false;
  try {
    return (await deps.store.unclaim(task.taskId, task.greenfield, queuedGreenfield)) !== null;
  } catch (error) {
    deps.logger.error(
      { taskId: task.taskId, error: String(error) },
      'Could not put the throttled task back; it will expire and be retried',
    );
    return false;
  }
}

/** A failed invocation: report the attempt failed so the scavenger retries it (or it simply expires). */
async function reportInvokeFailure(deps: DispatchDeps, labourerId: string, task: Task, error: unknown): Promise<void> {
  deps.logger.error({ labourerId, taskId: task.taskId, error: String(error) }, 'Invocation failed; reporting the attempt as failed');
  const nowSeconds = epochSeconds(deps.clock);
  try {
    await deps.store.report({ taskId: task.taskId, outcome: 'failed', at: nowSeconds, invokedAtLeast: nowSeconds, attempt: task.attempts });
  } catch (reportError) {
    deps.logger.error(
      { taskId: task.taskId, error: String(reportError) },
      'Could not report the failed invocation; the task will expire instead',
    );
  }
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
