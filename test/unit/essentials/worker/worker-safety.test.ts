/**
 * A worker's own mistakes must end as one coded failure report, never as a lost report or a dead
 * runtime: ctx.die() with or without `await`, and a result JSON cannot carry. The breach would show
 * as an unhandledRejection (the embedded runtime exits on it), a completed report after die(), more
 * than one report, or several delivery tries of a report that can never be sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineWorker, type WorkerFunction } from '../../../../src/essentials/worker/define-worker.js';
import { Processor } from '../../../../src/essentials/worker/processor.js';
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
