/**
 * A misconfigured or unreachable store must fail the Orchestrator's invocation (its Lambda's Errors
 * alarm), after the run did what it could; transient failures of some labourers only do not.
 */
import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { createOrchestratorHandler } from '../../../../src/essentials/orchestrator/handler.js';
import type { ControlStore } from '../../../../src/ports/control-store.js';
import { failing, missingTable, throttled } from '../failing-store.js';
import { makeHarness } from '../task-manager/harness.js';
import { lambdaContext } from './handler-context.js';

const TWO = { labourers: { a: { max_simultaneous_invocations: 2, duration: 60 }, b: { max_simultaneous_invocations: 2, duration: 60 } } };

async function rejection(promise: Promise<unknown>): Promise<SoswError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(SoswError.is(error), String(error)).toBe(true);
  return error as SoswError;
}

describe('createOrchestratorHandler: failed runs', () => {
  it('fails with the store error when the operator controls cannot be read (a missing table), keeping each reason', async () => {
    const h = makeHarness(TWO);
    await h.enqueue('a', 1);
    const controls = failing({} as ControlStore, { readControls: () => missingTable('nope', 'readControls') });
    const handler = createOrchestratorHandler(() => ({ engine: h.orchestrator({}, { controls }), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.message).toContain('every labourer failed');
    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain('DynamoDB table nope does not exist for readControls');
    const result = error.details.result as { invoked: number; labourers: Array<{ labourerId: string; lastReason: string }> };
    expect(result.invoked).toBe(0);
    expect(result.labourers.map((l) => l.labourerId)).toEqual(['a', 'b']);
    expect(result.labourers[0]?.lastReason).toMatch(/^operator controls could not be read \(DynamoDB table nope/);
    expect(error.details.failures).toEqual([
      { labourerId: 'a', code: 'store.unavailable', message: expect.stringContaining('operator controls could not be read') },
      { labourerId: 'b', code: 'store.unavailable', message: expect.stringContaining('operator controls could not be read') },
    ]);
    await h.close();
  });

  it('dispatches the healthy labourers, then fails when another one hit a lasting error', async () => {
    const h = makeHarness(TWO);
    await h.enqueue('a', 1);
    await h.enqueue('b', 1);
    const store = failing(h.store, {
      acquireLease: (name) => (name === 'dispatch#b' ? missingTable('sosw_tasks', 'acquireLease') : undefined),
    });
    const handler = createOrchestratorHandler(() => ({
      engine: h.orchestrator({ dispatch_lease_seconds: 60 }, { store }),
      clock: h.clock,
    }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain('1 of 2 labourers failed');
    expect(error.message).toContain('b: dispatch failed: DynamoDB table sosw_tasks does not exist for acquireLease');
    expect(h.invoker.eventsFor('a')).toHaveLength(1);
    expect(h.invoker.eventsFor('b')).toHaveLength(0);
    await h.close();
  });

  // A walkthrough on moto: a labourer whose function does not exist exited 0 each run; only the dead
  // tasks' alarm fired, max_attempts runs later.
  it('fails when a labourer cannot be invoked at all (missing function), after dispatching the others', async () => {
    const h = makeHarness(TWO);
    await h.enqueue('a', 1);
    await h.enqueue('b', 1);
    const missing = new SoswError('invoke.unknownFunction', 'Lambda function b does not exist (or this role may not see it).');
    const invoke = h.invoker.invoke.bind(h.invoker);
    h.invoker.invoke = async (arn, event) => (arn.endsWith('b') ? Promise.reject(missing) : invoke(arn, event));
    const handler = createOrchestratorHandler(() => ({ engine: h.orchestrator(), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('invoke.unknownFunction');
    expect(error.message).toContain('1 of 2 labourers failed');
    expect(error.message).toContain('b: Lambda function b does not exist');
    expect(h.invoker.eventsFor('a')).toHaveLength(1);
    await h.close();
  });

  it('does not fail a run over an invoke error that may pass (a 500 from Lambda): the Scavenger retries the task', async () => {
    const h = makeHarness(TWO);
    await h.enqueue('a', 1);
    h.invoker.failNext(
      1,
      new SoswError('invoke.failed', 'Could not invoke Lambda function a: ServiceException: boom', {
        details: { awsError: 'ServiceException' },
      }),
    );
    const handler = createOrchestratorHandler(() => ({ engine: h.orchestrator(), clock: h.clock }));
    await expect(handler({}, lambdaContext(h.clock, 60_000))).resolves.toMatchObject({ invoked: 0 });
    await h.close();
  });

  it('reports success when only some labourers were throttled (the next run retries them)', async () => {
    const h = makeHarness(TWO);
    await h.enqueue('a', 1);
    const store = failing(h.store, { acquireLease: (name) => (name === 'dispatch#b' ? throttled('acquireLease') : undefined) });
    const handler = createOrchestratorHandler(() => ({
      engine: h.orchestrator({ dispatch_lease_seconds: 60 }, { store }),
      clock: h.clock,
    }));

    const result = await handler({}, lambdaContext(h.clock, 60_000));

    expect(result.invoked).toBe(1);
    expect(result.labourers.find((l) => l.labourerId === 'b')?.lastReason).toContain('dispatch failed: DynamoDB kept throttling');
    await h.close();
  });

  it('fails when every labourer was throttled: nothing at all was dispatched', async () => {
    const h = makeHarness(TWO);
    const store = failing(h.store, { acquireLease: () => throttled('acquireLease') });
    const handler = createOrchestratorHandler(() => ({
      engine: h.orchestrator({ dispatch_lease_seconds: 60 }, { store }),
      clock: h.clock,
    }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('store.throttled');
    expect(error.message).toContain('every labourer failed (2 of 2)');
    await h.close();
  });

  it('does not fail a multi-tick run for a labourer throttled once and dispatched later', async () => {
    const h = makeHarness(TWO);
    let calls = 0;
    const store = failing(h.store, { acquireLease: () => (++calls <= 2 ? throttled('acquireLease') : undefined) });
    const orchestrator = h.orchestrator({ dispatch_lease_seconds: 60, tick_interval: 10, run_time_budget: 30 }, { store });
    const handler = createOrchestratorHandler(() => ({ engine: orchestrator, clock: h.clock }));

    const result = await handler({}, lambdaContext(h.clock, 60_000));

    expect(result.ticks).toBe(3);
    await h.close();
  });

  it('fails with config.invalid naming task_config.labourers when there are no labourers', async () => {
    const h = makeHarness({});
    const handler = createOrchestratorHandler(() => ({ engine: h.orchestrator(), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain('no labourers configured');
    expect(error.details.field).toBe('task_config.labourers');
    await h.close();
  });
});
