/**
 * What a worker's outcome does to its task in the embedded runtime, end to end (Orchestrator,
 * worker, WorkerAssistant, Scavenger on SQLite): a redriven task runs as a fresh attempt and
 * completes; NonRetriableError closes the task dead at once; RetryLaterError holds the retry back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { NonRetriableError, RetryLaterError } from '../../../src/core/worker-errors.js';
import { createEmbeddedRuntime, type EmbeddedRuntime } from '../../../src/local.js';

type Behaviour = 'fail' | 'succeed' | 'nonRetriable' | 'retryLater';
interface Control {
  now: Behaviour;
  /** While set, a succeeding worker waits for it before it returns (a run still in progress). */
  gate?: Promise<void> | undefined;
}

let runtime: EmbeddedRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

/** One labourer `w` (3 attempts, 5 s duration) whose worker does what `behaviour.now` says; one task queued. */
async function oneTask(): Promise<{
  rt: EmbeddedRuntime;
  clock: ManualClock;
  taskId: string;
  behaviour: Control;
  runs: number[];
}> {
  const clock = new ManualClock(Date.UTC(2025, 0, 1, 12));
  const behaviour: Control = { now: 'fail' };
  const runs: number[] = [];
  const rt = await createEmbeddedRuntime({
    project: {
      name: 'outcomes',
      labourers: { w: { max_simultaneous_invocations: 2, max_attempts: 3, duration: 5, cooldown: 1 } },
      job_schema_variants: { default: { chunkable_attrs: [['item', {}]] } },
    },
    dbPath: ':memory:',
    clock,
    heartbeat: false,
    handlers: {
      w: async () => {
        runs.push(clock.now());
        if (behaviour.now === 'fail') throw new Error('the cause is not fixed yet');
        if (behaviour.now === 'nonRetriable') throw new NonRetriableError('this input can never work');
        if (behaviour.now === 'retryLater') throw new RetryLaterError(600, 'rate limited upstream');
        await behaviour.gate;
        return { ok: true };
      },
    },
  });
  runtime = rt;
  await rt.schedule({ lambda_name: 'w', items: ['a'], isolate_items: true });
  const [task] = await rt.store.nextQueued('w', clock.now() / 1000 + 1, 1);
  if (task === undefined) throw new Error('no task queued');
  return { rt, clock, taskId: task.taskId, behaviour, runs };
}

/** Tick (dispatch, let workers finish, sweep), then let `seconds` pass; up to `ticks` times or until `done`. */
async function tickUntil(rt: EmbeddedRuntime, clock: ManualClock, done: () => Promise<boolean>, ticks = 60, seconds = 20): Promise<void> {
  for (let i = 0; i < ticks && !(await done()); i++) {
    await rt.tickOnce();
    clock.advanceSeconds(seconds);
  }
}

describe('worker outcomes in the embedded runtime', () => {
  it('runs a redriven task as a fresh attempt that completes (not closed dead again)', async () => {
    const { rt, clock, taskId, behaviour } = await oneTask();
    await tickUntil(rt, clock, async () => (await rt.store.getClosed(taskId)) !== null);
    expect(await rt.store.getClosed(taskId)).toMatchObject({ succeeded: false, attempts: 3, failedAttempts: 3 });

    behaviour.now = 'succeed';
    let release = (): void => {};
    behaviour.gate = new Promise((resolve) => {
      release = resolve;
    });
    expect(await rt.store.redrive(taskId)).toMatchObject({ attempts: 0 });
    // The redriven attempt is running when the Scavenger looks: it must not count as failed.
    await rt.orchestrator.tick();
    await rt.scavenger.run();
    expect(await rt.store.get(taskId)).toMatchObject({ attempts: 1 });
    release();
    await rt.invoker.idle();
    await tickUntil(rt, clock, async () => (await rt.store.getClosed(taskId)) !== null);
    const closed = await rt.store.getClosed(taskId);
    expect(closed).toMatchObject({ succeeded: true, attempts: 1, invocations: 4 });
    expect(closed?.failedAttempts).toBeUndefined();
    const rejected = (await rt.metaLog.forTask(taskId)).filter((r) => r.action === 'report_rejected');
    expect(rejected).toEqual([]);
  });

  it('counts max_attempts from the redrive: a redriven task that still fails gets all its attempts again', async () => {
    const { rt, clock, taskId, runs } = await oneTask();
    await tickUntil(rt, clock, async () => (await rt.store.getClosed(taskId)) !== null);
    expect(runs).toHaveLength(3);
    await rt.store.redrive(taskId);
    await tickUntil(rt, clock, async () => (await rt.store.getClosed(taskId)) !== null);
    expect(runs).toHaveLength(6);
    expect(await rt.store.getClosed(taskId)).toMatchObject({ succeeded: false, attempts: 3, invocations: 6 });
  });

  it('closes a task dead at once when its worker throws NonRetriableError', async () => {
    const { rt, clock, taskId, behaviour, runs } = await oneTask();
    behaviour.now = 'nonRetriable';
    await tickUntil(rt, clock, async () => (await rt.store.getClosed(taskId)) !== null);
    expect(runs).toHaveLength(1);
    expect(await rt.store.getClosed(taskId)).toMatchObject({ succeeded: false, attempts: 1, result: { retriable: false } });
  });

  it('does not retry a task before the delay its worker asked for with RetryLaterError', async () => {
    const { rt, clock, behaviour, runs } = await oneTask();
    behaviour.now = 'retryLater';
    await tickUntil(rt, clock, async () => runs.length >= 2, 60, 20);
    expect(runs.length).toBe(2);
    expect((runs[1] as number) - (runs[0] as number)).toBeGreaterThanOrEqual(600_000);
  });
});
