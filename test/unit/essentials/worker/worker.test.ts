import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/core/clock.js';
import { NonRetriableError, RetryLaterError } from '../../../../src/core/worker-errors.js';
import { Processor } from '../../../../src/essentials/worker/processor.js';
import type { WorkerContext } from '../../../../src/essentials/worker/types.js';
import { Worker, type WorkerRuntime } from '../../../../src/essentials/worker/worker.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import type { MetaEntry, MetaLog } from '../../../../src/ports/meta-log.js';
import type { Notifier } from '../../../../src/ports/notifier.js';
import { RecordingInvoker, recordingSleep, reportsOf } from '../../../helpers/recording-invoker.js';
import { makeInvocation } from './helpers.js';

type Behaviour = (payload: Record<string, unknown>, ctx: WorkerContext) => unknown;

class TestWorker extends Worker<Record<string, unknown>, unknown> {
  public readonly seen: WorkerContext[] = [];
  readonly #behaviour: Behaviour;

  public constructor(runtime: WorkerRuntime, behaviour: Behaviour) {
    super(runtime);
    this.#behaviour = behaviour;
  }

  public async process(payload: Record<string, unknown>, ctx: WorkerContext): Promise<unknown> {
    this.seen.push(ctx);
    return this.#behaviour(payload, ctx);
  }
}

function setup(behaviour: Behaviour = () => undefined, config: Record<string, unknown> = {}, notifier?: Notifier) {
  const invoker = new RecordingInvoker();
  const { sleep, waits } = recordingSleep();
  const processor = new Processor({
    config: { sosw_worker_assistant_lambda: 'sosw_worker_assistant', ...config },
    logger: silentLogger,
    notifier,
  });
  const worker = new TestWorker({ invoker, processor, sleep }, behaviour);
  return { invoker, worker, waits, processor };
}

describe('Worker', () => {
  describe('handle, success', () => {
    it('reports mark_task_as_completed exactly once, after the work (weakness 49)', async () => {
      // Prepare
      const order: string[] = [];
      const { invoker, worker } = setup(() => {
        order.push(`work with ${invoker.invocations.length} reports sent`);
      });

      // Act
      await worker.handle({ task_id: '123' }, makeInvocation());

      // Assert
      expect(order).toEqual(['work with 0 reports sent']);
      expect(reportsOf(invoker)).toEqual([{ action: 'mark_task_as_completed', task_id: '123', stats: { processor_calls: 1 } }]);
    });

    it('sends its labourer, attempts, the counters and the returned object as result', async () => {
      const { invoker, worker } = setup((_payload, ctx) => {
        ctx.stats.increment('rows', 2);
        return { rows: 2 };
      });
      const outcome = await worker.handle({ task_id: 't1', attempts: 2, labourer_id: 'my_worker', x: 1 }, makeInvocation());
      expect(outcome).toEqual({ status: 'completed', taskId: 't1', result: { rows: 2 } });
      expect(reportsOf(invoker)).toEqual([
        {
          action: 'mark_task_as_completed',
          task_id: 't1',
          labourer_id: 'my_worker',
          attempts: 2,
          stats: { processor_calls: 1, rows: 2 },
          result: { rows: 2 },
        },
      ]);
    });

    it('echoes the invocation of its event, so a report from before a redrive is told apart', async () => {
      const { invoker, worker } = setup(() => ({ ok: true }));
      await worker.handle({ task_id: 't1', attempts: 1, invocation: 5, labourer_id: 'my_worker' }, makeInvocation());
      expect(reportsOf(invoker)).toMatchObject([{ action: 'mark_task_as_completed', task_id: 't1', attempts: 1, invocation: 5 }]);
    });

    it('wraps a non-object result under value', async () => {
      const { invoker, worker } = setup(() => 42);
      await worker.handle({ task_id: 't1' }, makeInvocation());
      expect(reportsOf(invoker)[0]?.result).toEqual({ value: 42 });
    });

    it('reports to the function named by sosw_worker_assistant_lambda', async () => {
      const { invoker, worker } = setup(undefined, { sosw_worker_assistant_lambda: 'custom_assistant' });
      await worker.handle({ task_id: 't1' }, makeInvocation());
      expect(invoker.invocations.map((i) => i.functionName)).toEqual(['custom_assistant']);
    });

    it('rejects an empty sosw_worker_assistant_lambda at construction', () => {
      expect(() => setup(undefined, { sosw_worker_assistant_lambda: '' })).toThrow(/sosw_worker_assistant_lambda/);
    });

    it('gives process the task, the invocation facts, the payload and the config', async () => {
      const { worker } = setup(undefined, { batch: 5 });
      const invocation = makeInvocation('fn');
      await worker.handle(JSON.stringify({ task_id: 't9', attempts: 1, labourer_id: 'fn', k: 'v' }), invocation);
      const ctx = worker.seen[0];
      expect(ctx?.task).toEqual({ taskId: 't9', attempts: 1, labourerId: 'fn' });
      expect(ctx?.functionName).toBe('fn');
      expect(ctx?.requestId).toBe(invocation.requestId);
      expect(ctx?.config.batch).toBe(5);
    });
  });

  describe('handle, events without task_id', () => {
    it('just runs and reports nothing', async () => {
      const { invoker, worker } = setup(() => ({ ok: true }));
      const outcome = await worker.handle({ manual: true }, makeInvocation());
      expect(outcome).toEqual({ status: 'completed', taskId: undefined, result: { ok: true } });
      expect(invoker.attempts).toBe(0);
    });

    it('rethrows failures, since no one else would hear of them', async () => {
      const { invoker, worker } = setup(() => {
        throw new Error('boom');
      });
      await expect(worker.handle(undefined, makeInvocation())).rejects.toThrow('boom');
      expect(invoker.attempts).toBe(0);
    });

    it.each([
      ['not JSON', '{nope'],
      ['a list', [1, 2]],
      ['a number', 7],
    ])('fails with event.invalid for %s', async (_name, event) => {
      const { worker } = setup();
      await expect(worker.handle(event, makeInvocation())).rejects.toMatchObject({ code: 'event.invalid' });
    });
  });

  describe('handle, failures', () => {
    it.each([
      ['a plain error', new Error('boom'), { error: 'boom', code: 'worker.failed' }],
      ['a Node-coded error', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), { error: 'reset', code: 'ECONNRESET' }],
      ['a thrown string', 'oops', { error: 'oops', code: 'worker.failed' }],
      ['NonRetriableError', new NonRetriableError('no user'), { error: 'no user', code: 'worker.nonRetriable', retriable: false }],
      [
        'RetryLaterError',
        new RetryLaterError('5m', 'rate limited'),
        { error: 'rate limited', code: 'worker.retryLater', retry_after_seconds: 300 },
      ],
    ])('reports %s as mark_task_as_failed and resolves', async (_name, thrown, result) => {
      // Prepare
      const { invoker, worker } = setup(() => {
        throw thrown;
      });

      // Act
      const outcome = await worker.handle({ task_id: 't1', attempts: 3 }, makeInvocation());

      // Assert
      expect(outcome).toMatchObject({ status: 'failed', taskId: 't1', error: { code: result.code } });
      expect(reportsOf(invoker)).toEqual([
        { action: 'mark_task_as_failed', task_id: 't1', attempts: 3, stats: { processor_calls: 1 }, result },
      ]);
    });

    it('reports die() from process as a failure after notifying', async () => {
      const notices: string[] = [];
      const notifier: Notifier = { notify: async (subject) => void notices.push(subject) };
      const { invoker, worker } = setup((_p, ctx) => ctx.die('cannot continue'), {}, notifier);
      const outcome = await worker.handle({ task_id: 't1' }, makeInvocation());
      expect(notices).toEqual(['Some Function died']);
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'processor.died' }, retriable: true });
      expect(reportsOf(invoker)[0]?.action).toBe('mark_task_as_failed');
    });
  });

  describe('report delivery (weakness 48)', () => {
    it('retries a failed report with backoff and succeeds', async () => {
      const { invoker, worker, waits } = setup();
      invoker.failNext(2);
      await worker.handle({ task_id: 't1' }, makeInvocation());
      expect(invoker.attempts).toBe(3);
      expect(waits).toEqual([200, 400]);
      expect(reportsOf(invoker)).toHaveLength(1);
    });

    it('throws worker.reportLost when every try fails, never swallowing it', async () => {
      const { invoker, worker, waits } = setup();
      invoker.failNext(3);
      await expect(worker.handle({ task_id: 't1' }, makeInvocation())).rejects.toMatchObject({
        code: 'worker.reportLost',
        details: { taskId: 't1', action: 'mark_task_as_completed', attempts: 3 },
      });
      expect(waits).toEqual([200, 400]);
    });
  });

  describe('stats', () => {
    it("sends this invocation's counters plus earlier totals, then carries them over", async () => {
      // Prepare
      const { invoker, worker } = setup();

      // Act
      await worker.handle({ task_id: 'a' }, makeInvocation());
      await worker.handle({ task_id: 'b' }, makeInvocation());

      // Assert
      expect(reportsOf(invoker).map((r) => r.stats)).toEqual([{ processor_calls: 1 }, { total_processor_calls: 1, processor_calls: 1 }]);
      expect(worker.getStats()).toEqual({ total_processor_calls: 2 });
    });

    it("keeps concurrent invocations' counters apart", async () => {
      // Prepare
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const { invoker, worker } = setup(async (payload, ctx) => {
        ctx.stats.increment('items', payload.n as number);
        await gate;
      });

      // Act
      const first = worker.handle({ task_id: 'a', n: 1 }, makeInvocation());
      const second = worker.handle({ task_id: 'b', n: 5 }, makeInvocation());
      release();
      await Promise.all([first, second]);

      // Assert
      const items = Object.fromEntries(reportsOf(invoker).map((r) => [r.task_id, r.stats?.items]));
      expect(items).toEqual({ a: 1, b: 5 });
      expect(worker.getStats()).toEqual({ total_processor_calls: 2, total_items: 6 });
    });
  });

  describe('audit trail', () => {
    it('writes a completed row with the invocation facts when a MetaLog is given', async () => {
      const rows: MetaEntry[] = [];
      const metaLog: MetaLog = { write: async (entries) => void rows.push(...entries), forTask: async () => [], close: async () => {} };
      const invoker = new RecordingInvoker();
      const worker = new TestWorker(
        { invoker, metaLog, clock: new ManualClock(1_700_000_000_500), processor: new Processor({ logger: silentLogger }) },
        () => undefined,
      );
      const invocation = makeInvocation('fn');
      await worker.handle({ task_id: 't1', labourer_id: 'fn' }, invocation);
      expect(rows).toEqual([
        {
          taskId: 't1',
          createdAt: 1_700_000_000.5,
          action: 'completed',
          labourerId: 'fn',
          author: 'fn',
          invocationId: invocation.requestId,
          logStreamName: undefined,
        },
      ]);
    });
  });
});
