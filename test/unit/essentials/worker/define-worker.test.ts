import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';
import { buildWorker, isWorkerClass } from '../../../../src/essentials/worker/build-worker.js';
import { defineWorker } from '../../../../src/essentials/worker/define-worker.js';
import { lambdaHandler } from '../../../../src/essentials/worker/lambda-handler.js';
import { Processor } from '../../../../src/essentials/worker/processor.js';
import { Worker } from '../../../../src/essentials/worker/worker.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import { RecordingInvoker, reportsOf } from '../../../helpers/recording-invoker.js';
import { makeInvocation, makeLambdaContext } from './helpers.js';

describe('defineWorker', () => {
  it('produces a Worker class whose handle runs the function and reports', async () => {
    // Prepare
    const Greeter = defineWorker(async (payload: { name: string }, ctx) => {
      ctx.stats.increment('greetings');
      return { greeting: `hello ${payload.name}` };
    });
    const invoker = new RecordingInvoker();
    const worker = new Greeter({ invoker, processor: new Processor({ logger: silentLogger }) });

    // Act
    const outcome = await worker.handle({ task_id: 't1', attempts: 1, name: 'ada' }, makeInvocation());

    // Assert
    expect(isWorkerClass(Greeter)).toBe(true);
    expect(worker).toBeInstanceOf(Worker);
    expect(outcome).toEqual({ status: 'completed', taskId: 't1', result: { greeting: 'hello ada' } });
    expect(reportsOf(invoker)).toEqual([
      {
        action: 'mark_task_as_completed',
        task_id: 't1',
        attempts: 1,
        stats: { processor_calls: 1, greetings: 1 },
        result: { greeting: 'hello ada' },
      },
    ]);
  });

  it('gives a typed worker that lambdaHandler accepts like any class', async () => {
    const Typed = defineWorker<{ readonly regions: readonly string[] }, { pages: number }>(async (payload) => ({
      pages: payload.regions.length,
    }));
    const handler = lambdaHandler(Typed, { invoker: new RecordingInvoker(), env: {}, logger: silentLogger });
    await expect(handler({ regions: ['a', 'b'] }, makeLambdaContext())).resolves.toMatchObject({ result: { pages: 2 } });
  });

  it('names the class after the function or the name option', () => {
    async function pullTweets(): Promise<void> {}
    expect(defineWorker(pullTweets).name).toBe('pullTweets');
    expect(defineWorker(async () => {}, { name: 'Custom' }).name).toBe('Custom');
  });

  it('reports a payload that fails its schema as non-retriable', async () => {
    // Prepare
    const Typed = defineWorker(async (payload: { n: number }) => payload.n * 2, {
      payload: z.looseObject({ n: z.number() }),
    });
    const invoker = new RecordingInvoker();
    const worker = new Typed({ invoker, processor: new Processor({ logger: silentLogger }) });

    // Act
    const ok = await worker.handle({ task_id: 'a', n: 2 }, makeInvocation());
    const bad = await worker.handle({ task_id: 'b', n: 'two' }, makeInvocation());

    // Assert
    expect(ok).toMatchObject({ status: 'completed', result: 4 });
    expect(bad).toMatchObject({ status: 'failed', retriable: false, error: { code: 'worker.nonRetriable' } });
    expect(reportsOf(invoker)[1]?.result).toMatchObject({ retriable: false, code: 'worker.nonRetriable' });
  });

  it('puts defaultConfig below the function config when built', async () => {
    const Configured = defineWorker(async (_payload, ctx) => ({ batch: ctx.config.batch, mode: ctx.config.mode }), {
      defaultConfig: { batch: 10, mode: 'fast' },
    });
    const worker = await buildWorker(Configured, {
      functionName: 'configured',
      configSource: new MemoryConfigSource({ configured_config: { batch: 50 } }),
      invoker: new RecordingInvoker(),
      logger: silentLogger,
    });
    const outcome = await worker.handle({}, makeInvocation());
    expect(outcome).toMatchObject({ result: { batch: 50, mode: 'fast' } });
  });
});
