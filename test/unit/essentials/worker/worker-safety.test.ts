/**
 * A worker's own mistakes must end as one coded failure report, never as a lost report or a dead
 * runtime: ctx.die() with or without `await`, and a result JSON cannot carry. The breach would show
 * as an unhandledRejection (the embedded runtime exits on it), a completed report after die(), more
 * than one report, or several delivery tries of a report that can never be sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SoswError } from '../../../../src/core/errors.js';
import { defineWorker, type WorkerFunction } from '../../../../src/essentials/worker/define-worker.js';
import { Processor } from '../../../../src/essentials/worker/processor.js';
import { isRecordedDeath } from '../../../../src/essentials/worker/recorded-deaths.js';
import type { WorkerContext } from '../../../../src/essentials/worker/types.js';
import { Worker, type WorkerRuntime } from '../../../../src/essentials/worker/worker.js';
import type { Invoker } from '../../../../src/ports/invoker.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { Notifier } from '../../../../src/ports/notifier.js';
import { RecordingInvoker, recordingSleep, reportsOf } from '../../../helpers/recording-invoker.js';
import { makeInvocation, watchUnhandledRejections } from './helpers.js';

/** A notifier that records, per notice, how many reports had been sent when it was delivered. */
function orderedNotifier(
  invoker: RecordingInvoker,
  delayMs = 0,
): Notifier & { notices: Array<{ subject: string; reportsBefore: number }> } {
  const notices: Array<{ subject: string; reportsBefore: number }> = [];
  return {
    notices,
    notify: async (subject) => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      notices.push({ subject, reportsBefore: invoker.invocations.length });
    },
  };
}

function runtimeFor(invoker: Invoker, notifier?: Notifier): WorkerRuntime & { waits: number[] } {
  const { sleep, waits } = recordingSleep();
  const processor = new Processor({
    functionName: 'pull',
    config: { sosw_worker_assistant_lambda: 'sosw_worker_assistant' },
    logger: silentLogger,
    notifier,
  });
  return { invoker, processor, sleep, waits };
}

function functionWorker<R>(fn: WorkerFunction<Record<string, unknown>, R>, invoker: Invoker, notifier?: Notifier) {
  const Defined = defineWorker(fn);
  const runtime = runtimeFor(invoker, notifier);
  return { worker: new Defined(runtime), waits: runtime.waits };
}

let unhandled: ReturnType<typeof watchUnhandledRejections>;
beforeEach(() => {
  unhandled = watchUnhandledRejections();
});
afterEach(() => unhandled.stop());

describe('ctx.die(), awaited or not', () => {
  const forms: Array<[string, WorkerFunction<Record<string, unknown>, unknown>]> = [
    [
      'await ctx.die()',
      async (_p, ctx) => {
        await ctx.die('giving up');
      },
    ],
    [
      'ctx.die() without await, in an async handler',
      async (_p, ctx) => {
        ctx.die('giving up');
        return { rows: 1 };
      },
    ],
    [
      'ctx.die() without await, in a plain function',
      (_p, ctx) => {
        ctx.die('giving up');
        return { rows: 1 };
      },
    ],
    ['return ctx.die()', (_p, ctx) => ctx.die('giving up')],
  ];

  it.each(forms)('%s: one failed report with processor.died, after the notice, no unhandled rejection', async (_form, fn) => {
    // Prepare
    const invoker = new RecordingInvoker();
    const notifier = orderedNotifier(invoker, 5);
    const { worker } = functionWorker(fn, invoker, notifier);

    // Act
    const outcome = await worker.handle({ task_id: 't1', attempts: 1 }, makeInvocation('pull'));
    await unhandled.settle();

    // Assert
    expect(outcome).toMatchObject({ status: 'failed', taskId: 't1', error: { code: 'processor.died', message: 'pull died: giving up' } });
    expect(reportsOf(invoker)).toEqual([
      expect.objectContaining({
        action: 'mark_task_as_failed',
        task_id: 't1',
        result: { error: 'pull died: giving up', code: 'processor.died' },
      }),
    ]);
    expect(notifier.notices).toEqual([{ subject: 'pull died', reportsBefore: 0 }]);
    expect(unhandled.reasons).toEqual([]);
  });

  it('stops the handler at the call, even without await', async () => {
    const reached: string[] = [];
    const { worker } = functionWorker(async (_p, ctx) => {
      reached.push('before');
      ctx.die('giving up');
      reached.push('after');
    }, new RecordingInvoker());
    await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    expect(reached).toEqual(['before']);
  });

  it('class style: this.die() without await is reported the same way', async () => {
    // Prepare
    class Giver extends Worker {
      public async process(_payload: Record<string, unknown>, _ctx: WorkerContext): Promise<unknown> {
        this.die('giving up');
        return { rows: 1 };
      }
    }
    const invoker = new RecordingInvoker();
    const notifier = orderedNotifier(invoker);
    const worker = new Giver(runtimeFor(invoker, notifier));

    // Act
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    await unhandled.settle();

    // Assert
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'processor.died' } });
    expect(reportsOf(invoker).map((r) => r.action)).toEqual(['mark_task_as_failed']);
    expect(notifier.notices).toEqual([{ subject: 'pull died', reportsBefore: 0 }]);
    expect(unhandled.reasons).toEqual([]);
  });

  it('a manual invocation (no task_id) rethrows processor.died once the notice is out', async () => {
    const invoker = new RecordingInvoker();
    const notifier = orderedNotifier(invoker, 5);
    const { worker } = functionWorker(
      async (_p, ctx) => {
        ctx.die('giving up');
      },
      invoker,
      notifier,
    );
    await expect(worker.handle({}, makeInvocation('pull'))).rejects.toMatchObject({ code: 'processor.died' });
    expect(notifier.notices).toHaveLength(1);
    await unhandled.settle();
    expect(unhandled.reasons).toEqual([]);
  });

  it('a notice that cannot be delivered still ends in one failed report and no unhandled rejection', async () => {
    const invoker = new RecordingInvoker();
    const { worker } = functionWorker(
      async (_p, ctx) => {
        ctx.die('giving up');
      },
      invoker,
      { notify: async () => Promise.reject(new Error('sns down')) },
    );
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    await unhandled.settle();
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'processor.died' } });
    expect(reportsOf(invoker)).toHaveLength(1);
    expect(unhandled.reasons).toEqual([]);
  });
});

describe('ctx.die() where the handler does not see its throw', () => {
  it('in a .then the handler does not await: the run fails once, and the stray rejection is a recorded death', async () => {
    // Prepare
    const invoker = new RecordingInvoker();
    const notifier = orderedNotifier(invoker);
    const { worker } = functionWorker(
      async (_p, ctx) => {
        void Promise.resolve().then(() => ctx.die('giving up'));
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { rows: 1 };
      },
      invoker,
      notifier,
    );

    // Act
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    await unhandled.settle();

    // Assert
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'processor.died', message: 'pull died: giving up' } });
    expect(reportsOf(invoker).map((r) => r.action)).toEqual(['mark_task_as_failed']);
    expect(notifier.notices).toEqual([{ subject: 'pull died', reportsBefore: 0 }]);
    expect(unhandled.reasons).toHaveLength(1);
    expect(isRecordedDeath(unhandled.reasons[0])).toBe(true);
  });

  it('caught and dropped by the handler (as a timer callback would lose it): the run still fails', async () => {
    const invoker = new RecordingInvoker();
    const { worker } = functionWorker(async (_p, ctx) => {
      try {
        ctx.die('giving up');
      } catch {
        // swallowed, like a throw inside a setTimeout callback never reaches the handler
      }
      return { rows: 1 };
    }, invoker);
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'processor.died' } });
    expect(reportsOf(invoker)).toEqual([
      expect.objectContaining({ action: 'mark_task_as_failed', result: expect.objectContaining({ code: 'processor.died' }) }),
    ]);
  });

  it('after the handler returned: no throw, the report stays completed, a warning says why, awaiting it still rejects', async () => {
    // Prepare
    const invoker = new RecordingInvoker();
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_fields: unknown, message: string) => warnings.push(message) };
    const processor = new Processor({ functionName: 'pull', config: { sosw_worker_assistant_lambda: 'sosw_worker_assistant' }, logger });
    let kept: WorkerContext | undefined;
    const Defined = defineWorker(async (_p, ctx) => {
      kept = ctx;
      return { rows: 1 };
    });
    const worker = new Defined({ invoker, processor, sleep: recordingSleep().sleep });

    // Act
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    let late: Promise<never> | undefined;
    expect(() => {
      late = kept?.die('too late');
    }).not.toThrow();
    await unhandled.settle();

    // Assert
    expect(outcome).toMatchObject({ status: 'completed' });
    expect(reportsOf(invoker).map((r) => r.action)).toEqual(['mark_task_as_completed']);
    expect(warnings.some((w) => w.includes('after the handler returned'))).toBe(true);
    await expect(late).rejects.toMatchObject({ code: 'processor.died' });
    expect(unhandled.reasons).toEqual([]);
  });
});

describe('a result JSON cannot carry', () => {
  /** Serialises like the Lambda invoker does, so the report would fail there too. */
  class JsonInvoker implements Invoker {
    public readonly sent: unknown[] = [];
    public tries = 0;
    public async invoke(_functionName: string, event: unknown): Promise<void> {
      this.tries += 1;
      this.sent.push(JSON.parse(JSON.stringify(event)));
    }
    public async timeoutSeconds(): Promise<number | undefined> {
      return undefined;
    }
  }

  const cyclic = (): Record<string, unknown> => {
    const node: Record<string, unknown> = { id: 1 };
    node.parent = { child: node };
    return node;
  };

  it.each([
    ['a BigInt', () => ({ total: 10n }), 'result.total is a BigInt'],
    ['a circular object', cyclic, 'result.parent.child is a circular reference (back to result)'],
    ['a bare BigInt', () => 7n, 'result is a BigInt'],
  ])('%s: one non-retriable failure report naming the path, no doomed delivery tries', async (_name, make, where) => {
    // Prepare
    const invoker = new JsonInvoker();
    const { worker, waits } = functionWorker(async () => make(), invoker);

    // Act
    const outcome = await worker.handle({ task_id: 't1', attempts: 1 }, makeInvocation('pull'));
    await unhandled.settle();

    // Assert
    expect(outcome).toMatchObject({ status: 'failed', taskId: 't1', error: { code: 'worker.nonRetriable' }, retriable: false });
    expect(invoker.tries).toBe(1);
    expect(waits).toEqual([]);
    expect(invoker.sent).toEqual([
      expect.objectContaining({
        action: 'mark_task_as_failed',
        task_id: 't1',
        result: { error: expect.stringContaining(`not JSON-serializable: ${where}`), code: 'worker.nonRetriable', retriable: false },
      }),
    ]);
    expect(unhandled.reasons).toEqual([]);
  });

  it('fails the same way with the RecordingInvoker, which could have copied it (structuredClone)', async () => {
    const invoker = new RecordingInvoker();
    const { worker } = functionWorker(async () => ({ total: 10n }), invoker);
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    expect(outcome).toMatchObject({ status: 'failed', retriable: false });
    expect(reportsOf(invoker)).toEqual([expect.objectContaining({ action: 'mark_task_as_failed' })]);
  });

  it('lets through what JSON.stringify accepts (a Date, shared references)', async () => {
    const invoker = new JsonInvoker();
    const shared = { id: 1 };
    const { worker } = functionWorker(async () => ({ at: new Date(0), a: shared, b: shared }), invoker);
    const outcome = await worker.handle({ task_id: 't1' }, makeInvocation('pull'));
    expect(outcome).toMatchObject({ status: 'completed' });
    expect(invoker.sent).toEqual([
      expect.objectContaining({ action: 'mark_task_as_completed', result: { at: '1970-01-01T00:00:00.000Z', a: { id: 1 }, b: { id: 1 } } }),
    ]);
  });

  it('returns a manual invocation (no task_id) its result as it is: nothing is sent', async () => {
    const value = { total: 10n };
    const { worker } = functionWorker(async () => value, new RecordingInvoker());
    expect(await worker.handle({}, makeInvocation('pull'))).toMatchObject({ status: 'completed', result: value });
  });

  it('a logger that throws on the report cannot replace worker.reportLost', async () => {
    const invoker = new RecordingInvoker();
    invoker.failNext(3);
    const throwing = {
      ...silentLogger,
      error: () => {
        throw new TypeError('Converting circular structure to JSON');
      },
    };
    const processor = new Processor({ config: { sosw_worker_assistant_lambda: 'sosw_worker_assistant' }, logger: throwing });
    const Defined = defineWorker(async () => ({ rows: 1 }));
    const worker = new Defined({ invoker, processor, sleep: recordingSleep().sleep });
    const error = await worker.handle({ task_id: 't1' }, makeInvocation('pull')).catch((e: unknown) => e);
    expect(SoswError.is(error, 'worker.reportLost')).toBe(true);
  });
});
