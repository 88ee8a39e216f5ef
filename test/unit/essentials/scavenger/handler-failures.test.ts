/**
 * A missing table or unreachable store must fail the Scavenger's invocation (its Lambda's Errors
 * alarm) after every step that could run did; transient failures of some labourers only do not.
 */
import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { createScavengerHandler } from '../../../../src/essentials/scavenger/handler.js';
import type { Notifier } from '../../../../src/ports/notifier.js';
import { failing, missingTable, throttled } from '../failing-store.js';
import { lambdaContext } from '../orchestrator/handler-context.js';
import { makeHarness } from '../task-manager/harness.js';

const TWO = {
  labourers: {
    a: { max_simultaneous_invocations: 5, duration: 60, cooldown: 0, max_attempts: 3, max_duration: 10 },
    b: { max_simultaneous_invocations: 5, duration: 60, cooldown: 0, max_attempts: 3, max_duration: 10 },
  },
};

async function rejection(promise: Promise<unknown>): Promise<SoswError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(SoswError.is(error), String(error)).toBe(true);
  return error as SoswError;
}

/** One completed and one expired task for labourer `a`. */
async function completedAndExpired(h: ReturnType<typeof makeHarness>): Promise<{ done: string; lost: string }> {
  const [done, lost] = await h.enqueue('a', 2);
  await h.orchestrator().run();
  await h.assistant.handle({ action: 'mark_task_as_completed', task_id: done, attempts: 1 });
  h.clock.advanceSeconds(3600);
  return { done: done as string, lost: lost as string };
}

describe('createScavengerHandler: failed runs', () => {
  it('archives what it can, then fails naming the missing retry table', async () => {
    const h = makeHarness(TWO);
    const { done, lost } = await completedAndExpired(h);
    const store = failing(h.store, {
      moveToRetry: () => missingTable('nope', 'moveToRetry'),
      dueRetries: () => missingTable('nope', 'dueRetries'),
    });
    const handler = createScavengerHandler(() => ({ engine: h.scavenger({}, { store }), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain('every labourer failed (2 of 2)');
    expect(error.message).toContain('expired: DynamoDB table nope does not exist for moveToRetry');
    expect(error.message).toContain('returnDue: DynamoDB table nope does not exist for dueRetries');
    // The archive step ran before, and is kept.
    expect(error.details.result).toMatchObject({ archived: 1, retried: 0 });
    expect(await h.store.getClosed(done)).not.toBeNull();
    expect(await h.store.get(lost)).not.toBeNull();
    await h.close();
  });

  it('still retries and returns when the closed table is missing, then fails', async () => {
    const h = makeHarness(TWO);
    const { lost } = await completedAndExpired(h);
    const store = failing(h.store, {
      archiveMany: () => missingTable('nope', 'archive'),
      archiveManyAudited: () => missingTable('nope', 'archive'),
    });
    const handler = createScavengerHandler(() => ({ engine: h.scavenger({}, { store }), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('store.unavailable');
    expect(error.message).toContain('1 of 2 labourers failed');
    expect(error.message).toContain('a: archive: DynamoDB table nope does not exist for archive');
    expect(error.details.result).toMatchObject({ archived: 0, retried: 1 });
    expect(await h.store.getRetry(lost)).not.toBeNull();
    await h.close();
  });

  it('reports success when only some labourers were throttled, with the error in the result', async () => {
    const h = makeHarness(TWO);
    const store = failing(h.store, { dueRetries: (labourerId) => (labourerId === 'b' ? throttled('dueRetries') : undefined) });
    const handler = createScavengerHandler(() => ({ engine: h.scavenger({}, { store }), clock: h.clock }));

    const result = await handler({}, lambdaContext(h.clock, 60_000));

    expect(result.errors).toEqual([{ labourerId: 'b', error: 'returnDue: DynamoDB kept throttling dueRetries', code: 'store.throttled' }]);
    await h.close();
  });

  it('fails when every labourer was throttled', async () => {
    const h = makeHarness(TWO);
    const store = failing(h.store, { dueRetries: () => throttled('dueRetries') });
    const handler = createScavengerHandler(() => ({ engine: h.scavenger({}, { store }), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('store.throttled');
    await h.close();
  });

  it('fails with notify.failed when the dead-task notice could not be sent (the tasks are closed)', async () => {
    const h = makeHarness({ labourers: { a: { max_simultaneous_invocations: 5, duration: 60, max_attempts: 1 } } });
    const { lost } = await completedAndExpired(h);
    const notifier: Notifier = {
      notify: async () => {
        throw new SoswError('notify.failed', 'SNS topic arn:aws:sns:us-east-1:1:nope does not exist');
      },
    };
    const handler = createScavengerHandler(() => ({ engine: h.scavenger({}, { notifier }), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('notify.failed');
    expect(error.message).toContain('the dead-task notice for 1 tasks was not sent');
    expect(error.details.result).toMatchObject({ dead: [lost], notified: false, archived: 1 });
    expect(await h.store.getClosed(lost)).not.toBeNull();
    await h.close();
  });

  it('fails with config.invalid when there are no labourers', async () => {
    const h = makeHarness({});
    const handler = createScavengerHandler(() => ({ engine: h.scavenger(), clock: h.clock }));

    const error = await rejection(handler({}, lambdaContext(h.clock, 60_000)));

    expect(error.code).toBe('config.invalid');
    expect(error.details.field).toBe('task_config.labourers');
    await h.close();
  });
});
