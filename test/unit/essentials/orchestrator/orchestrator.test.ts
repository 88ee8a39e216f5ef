import { afterEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import type { DispatchDecision } from '../../../../src/essentials/orchestrator/decision.js';
import { DELTA, type Harness, makeHarness, T0 } from '../task-manager/harness.js';

const cpu = {
  details: { name: 'cpu' },
  // cpu <= 10 -> 4, <= 20 -> 3, <= 30 -> 2, <= 40 -> 1, else 0
  feelings: { '4': 10, '3': 20, '2': 30, '1': 40 },
  feeling_comparison_operator: '<=',
};

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('Orchestrator', () => {
  it.each([
    [50, 0, 0],
    [40, 1, 0],
    [30, 2, 5],
    [20, 3, 7],
    [5, 4, 10],
  ])('invokes by the coefficient table: cpu %d -> status %d -> %d of max 10', async (value, status, invoked) => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 10, health_metrics: { cpu } } } });
    h.metricSource.set('cpu', value);
    await h.enqueue('w', 20);
    const result = await h.orchestrator().run();
    expect(result.ticks).toBe(1);
    expect(result.decisions[0]).toMatchObject({ labourerId: 'w', health: status, invoked, cap: 10 });
    expect(h.invoker.invocations).toHaveLength(invoked);
  });

  it('applies coefficient overrides from JSON with string keys', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 10, health_metrics: { cpu } } } });
    h.metricSource.set('cpu', 30);
    await h.enqueue('w', 20);
    const result = await h.orchestrator(JSON.parse('{"invocation_number_coefficient": {"2": 0.9}}')).run();
    expect(result.decisions[0]).toMatchObject({ health: 2, coefficient: 0.9, invoked: 9 });
  });

  it('counts running tasks once and invokes only into free slots, head of the queue first', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 5 } } });
    const ids = await h.enqueue('w', 10);
    await h.orchestrator().run(); // 5 running
    h.clock.advanceSeconds(60);
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: ids[0], attempts: 1 });
    await h.assistant.handle({ action: 'mark_task_as_completed', task_id: ids[1], attempts: 1 });
    const [decision] = (await h.orchestrator().run()).decisions;
    expect(decision).toMatchObject({ running: 3, desired: 2, invoked: 2, runningAfter: 5 });
    expect(h.invoker.invocations.map((i) => (i.event as { task_id: string }).task_id)).toEqual(ids.slice(0, 7));
  });

  it('sends the worker event with the claimed attempt and greenfield', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 1, arn: 'arn:aws:lambda:eu-west-1:1:function:w' } } });
    const [id] = await h.enqueue('w', 1);
    await h.orchestrator().run();
    expect(h.invoker.invocations).toEqual([
      {
        functionName: 'arn:aws:lambda:eu-west-1:1:function:w',
        event: { n: 0, task_id: id, labourer_id: 'w', created_at: T0, greenfield: T0 + DELTA, attempts: 1, invocation: 1 },
      },
    ]);
  });

  it('ticks every tick_interval within the run time budget, with the injected sleep', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 2 } } });
    const ids = await h.enqueue('w', 20);
    const orchestrator = h.orchestrator({ tick_interval: 10, run_time_budget: 50 });
    // A worker that finishes right away, so each tick finds two free slots.
    const result = await orchestrator.run();
    expect(result.ticks).toBe(5);
    expect(result.decisions.map((d) => d.tick)).toEqual([1, 2, 3, 4, 5]);
    expect(result.decisions.map((d) => d.invoked)).toEqual([2, 0, 0, 0, 0]);
    expect(h.clock.now() - Date.UTC(2024, 0, 1)).toBe(40_000);
    // Now with completions between ticks:
    const completing = h.orchestrator(
      { tick_interval: 10, run_time_budget: 30 },
      {
        sleep: async (ms) => {
          h.clock.advance(ms);
          for (const inv of h.invoker.invocations) {
            await h.assistant.handle({ action: 'mark_task_as_completed', task_id: (inv.event as { task_id: string }).task_id });
          }
        },
      },
    );
    const second = await completing.run();
    expect(second.decisions.map((d) => d.invoked)).toEqual([0, 2, 2]);
    expect(h.invoker.invocations).toHaveLength(6);
    expect(new Set(h.invoker.invocations.map((i) => (i.event as { task_id: string }).task_id))).toEqual(new Set(ids.slice(0, 6)));
  });

  it('stops ticking at the caller deadline', async () => {
    h = makeHarness({ labourers: { w: {} } });
    const result = await h.orchestrator({ tick_interval: 5, run_time_budget: 50 }).run({ deadlineMs: h.clock.now() + 12_000 });
    expect(result.ticks).toBe(3);
  });

  it('applies the per-labourer rate limit on top of the cap', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 100, rate_limit: { invocations: 3, per: 'minute' } } } });
    await h.enqueue('w', 20);
    const orchestrator = h.orchestrator({ tick_interval: 20, run_time_budget: 120 });
    const result = await orchestrator.run();
    // ticks at 0, 20, 40, 60, 80, 100 s: 3 in the first minute, 3 more once it has passed
    expect(result.decisions.map((d) => d.invoked)).toEqual([3, 0, 0, 3, 0, 0]);
    expect(result.decisions[1]).toMatchObject({ rateAllowance: 0, requested: 0 });
    expect(result.decisions[1]?.reason).toContain('rate limit');
  });

  it('keeps decisions with their inputs and reasons, and emits them through the hook', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 4, health_metrics: { cpu } }, idle: {} } });
    h.metricSource.set('cpu', 25);
    await h.enqueue('w', 1);
    const seen: DispatchDecision[] = [];
    const orchestrator = h.orchestrator({}, { onDecision: (d) => seen.push(d) });
    await orchestrator.run();
    const [w, idle] = orchestrator.lastDecisions();
    expect(w).toMatchObject({
      labourerId: 'w',
      health: 2,
      metrics: [{ name: 'cpu', value: 25, status: 2 }],
      running: 0,
      cap: 4,
      coefficient: 0.5,
      desired: 2,
      rateAllowance: null,
      requested: 2,
      found: 1,
      invoked: 1,
    });
    expect(w?.reason).toBe('health 2 (Moderate; cpu=25 -> 2): invoked 1 of 2 wanted (floor(4 x 0.5) = 2 minus 0 running); only 1 queued.');
    expect(idle?.reason).toBe(
      'health 4 (High; no health metrics): 1 slots free (floor(1 x 1) = 1 minus 0 running) but the queue is empty.',
    );
    expect(seen).toHaveLength(2);
    expect(new Set(seen)).toEqual(new Set(orchestrator.lastDecisions()));
    expect(orchestrator.recentDecisions()).toHaveLength(2);
  });

  it('treats a metric without data as Bad by default and invokes nothing', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 4, health_metrics: { cpu } } } });
    await h.enqueue('w', 3);
    const [d] = (await h.orchestrator().run()).decisions;
    expect(d).toMatchObject({ health: 0, invoked: 0, metrics: [{ value: null, problem: 'noData' }] });
    expect(d?.reason).toContain('no value (noData)');
  });

  it('writes one audit batch per labourer per tick, and counts what happened', async () => {
    h = makeHarness({ labourers: { a: { max_simultaneous_invocations: 3 }, b: { max_simultaneous_invocations: 3 } } });
    await h.enqueue('a', 3);
    await h.enqueue('b', 2);
    await h.orchestrator({}, { author: 'sosw_orchestrator' }).run({ invocationId: 'req-1' });
    expect(h.metaLog.writes.map((w) => w.length).sort()).toEqual([2, 3]);
    expect(h.metaLog.rows.every((r) => r.action === 'invoked' && r.author === 'sosw_orchestrator' && r.invocationId === 'req-1')).toBe(
      true,
    );
    expect(h.metaLog.rows.map((r) => r.extra)).toEqual(Array(5).fill({ attempt: 1 }));
    expect(h.metrics.total('invoked', 'a')).toBe(3);
    expect(h.metrics.total('invoked')).toBe(5);
    expect(h.metrics.samples('dispatch_latency_ms', 'a')).toHaveLength(3);
  });

  it('closes a task with an invalid payload as dead instead of crashing', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 2 } } });
    const [bad] = await h.store.enqueue('w', [{ payload: 'not json' }, { payload: '{}' }], T0);
    const [d] = (await h.orchestrator().run()).decisions;
    expect(d).toMatchObject({ invoked: 1, invalid: 1 });
    expect(await h.store.getClosed(bad!.taskId)).toMatchObject({ succeeded: false, attempts: 1 });
    expect(h.metaLog.rows.find((r) => r.taskId === bad!.taskId)).toMatchObject({
      action: 'archived_dead',
      extra: { reason: 'task.invalidPayload' },
    });
    expect(h.metrics.total('dead', 'w')).toBe(1);
  });

  it('reports a task the invoker refused as failed so the Scavenger retries it at once', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 1, max_duration: 30 } } });
    const [id] = await h.enqueue('w', 1);
    h.invoker.failNext(1);
    const [d] = (await h.orchestrator().run()).decisions;
    expect(d).toMatchObject({ invoked: 0, failed: 1 });
    expect(await h.store.get(id!)).toMatchObject({ attempts: 1, failedAttempts: 1 });
    expect(h.metaLog.rows).toMatchObject([{ action: 'failed', extra: { reason: 'invoke.failed', attempt: 1 } }]);
    const sweep = await h.scavenger().run();
    expect(sweep.labourers[0]).toMatchObject({ retried: 1 });
    expect(await h.store.getRetry(id!)).toMatchObject({ desiredLaunchTime: T0 + 30 });
  });

  it('invokes in parallel up to invoke_concurrency', async () => {
    h = makeHarness({ labourers: { w: { max_simultaneous_invocations: 10 } } });
    await h.enqueue('w', 10);
    let inFlight = 0;
    let peak = 0;
    const invoker = {
      invoke: async (): Promise<void> => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
      },
      timeoutSeconds: async (): Promise<undefined> => undefined,
    };
    const [d] = (await h.orchestrator({ invoke_concurrency: 3 }, { invoker }).run()).decisions;
    expect(d?.invoked).toBe(10);
    expect(peak).toBe(3);
  });

  it('records a failed dispatch for one labourer without stopping the others', async () => {
    h = makeHarness({ labourers: { a: {}, b: { max_simultaneous_invocations: 1 } } });
    await h.enqueue('b', 1);
    const store = h.store;
    const broken = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'countInvokedSince') {
          return async (labourerId: string, since: number) => {
            if (labourerId === 'a') throw new SoswError('store.unavailable', 'disk on fire');
            return target.countInvokedSince(labourerId, since);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const result = await h.orchestrator({}, { store: broken }).run();
    expect(result.decisions.map((d) => [d.labourerId, d.invoked, d.error])).toEqual([
      ['a', 0, 'disk on fire'],
      ['b', 1, undefined],
    ]);
  });

  it('rejects invalid feelings when it is built', () => {
    h = makeHarness({ labourers: { w: { health_metrics: { cpu: { ...cpu, feelings: { '1': 40, '3': 50, '4': 25 } } } } } });
    expect(() => h.orchestrator()).toThrowError(expect.objectContaining({ code: 'ecology.invalidFeelings' }));
  });
});
