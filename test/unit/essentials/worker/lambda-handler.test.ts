import { describe, expect, it } from 'vitest';
import { MemoryConfigSource } from '../../../../src/adapters/local/memory-config-source.js';

import type { BuiltWorkerRuntime } from '../../../../src/essentials/worker/build-worker.js';
import { defineWorker } from '../../../../src/essentials/worker/define-worker.js';
import { lambdaHandler, lambdaHandlerSource } from '../../../../src/essentials/worker/lambda-handler.js';
import type { WorkerContext } from '../../../../src/essentials/worker/types.js';
import { Worker } from '../../../../src/essentials/worker/worker.js';
import { silentLogger } from '../../../../src/ports/logger.js';
import { RecordingInvoker, reportsOf } from '../../../helpers/recording-invoker.js';
import { makeLambdaContext } from './helpers.js';

class EchoWorker extends Worker {
  public static readonly defaultConfig = { greeting: 'hi' };
  public static constructed = 0;

  public constructor(runtime: BuiltWorkerRuntime) {
    super(runtime);
    EchoWorker.constructed += 1;
  }

  public async process(payload: Record<string, unknown>, ctx: WorkerContext): Promise<unknown> {
    return { k: payload.k, greeting: ctx.config.greeting, requestId: ctx.requestId, left: ctx.remainingTimeMs() };
  }
}

describe('lambdaHandler', () => {
  it('builds the worker once and reuses it across warm invocations', async () => {
    // Prepare
    let builds = 0;
    const invoker = new RecordingInvoker();
    const handler = lambdaHandler(
      (runtime) => {
        builds += 1;
        return new EchoWorker(runtime);
      },
      { invoker, env: {}, logger: silentLogger },
    );

    // Act
    const results = [
      await handler({ k: 'success' }, makeLambdaContext()),
      await handler({ k: 'success' }, makeLambdaContext()),
      await handler({ k: 'success' }, makeLambdaContext()),
    ];

    // Assert
    expect(builds).toBe(1);
    expect(results.map((r) => (r as { result: { k: string } }).result.k)).toEqual(['success', 'success', 'success']);
  });

  it('reads config once per container, for the function named by the Lambda context', async () => {
    const source = new MemoryConfigSource({ my_worker_config: { greeting: 'hello' } });
    const handler = lambdaHandler(EchoWorker, { invoker: new RecordingInvoker(), configSource: source, env: {}, logger: silentLogger });
    const first = await handler({}, makeLambdaContext());
    await handler({}, makeLambdaContext());
    expect(source.reads).toBe(1);
    expect(first).toMatchObject({ result: { greeting: 'hello' } });
  });

  it('prefers options.functionName, then AWS_LAMBDA_FUNCTION_NAME, for the config name', async () => {
    const source = new MemoryConfigSource({ from_env_config: { greeting: 'env' }, explicit_config: { greeting: 'explicit' } });
    const fromEnv = lambdaHandler(EchoWorker, {
      invoker: new RecordingInvoker(),
      configSource: source,
      env: { AWS_LAMBDA_FUNCTION_NAME: 'from_env' },
      logger: silentLogger,
    });
    const explicit = lambdaHandler(EchoWorker, {
      invoker: new RecordingInvoker(),
      configSource: source,
      functionName: 'explicit',
      env: { AWS_LAMBDA_FUNCTION_NAME: 'from_env' },
      logger: silentLogger,
    });
    expect(await fromEnv({}, makeLambdaContext())).toMatchObject({ result: { greeting: 'env' } });
    expect(await explicit({}, makeLambdaContext())).toMatchObject({ result: { greeting: 'explicit' } });
  });

  it('accepts JSON-text events and passes the invocation context through (weakness 56)', async () => {
    const handler = lambdaHandler(EchoWorker, { invoker: new RecordingInvoker(), env: {}, logger: silentLogger });
    const context = makeLambdaContext({ awsRequestId: 'req-42', getRemainingTimeInMillis: () => 1234 });
    const outcome = await handler('{"k": "from text"}', context);
    expect(outcome).toMatchObject({ result: { k: 'from text', greeting: 'hi', requestId: 'req-42', left: 1234 } });
  });

  it('starts each invocation with fresh counters and carries them into totals', async () => {
    // Prepare
    const invoker = new RecordingInvoker();
    const Counting = defineWorker(async (_payload, ctx) => {
      ctx.stats.increment('rows', 3);
    });
    const handler = lambdaHandler(Counting, { invoker, env: {}, logger: silentLogger });

    // Act
    await handler({ task_id: 'a', attempts: 1 }, makeLambdaContext());
    await handler({ task_id: 'b', attempts: 1 }, makeLambdaContext());

    // Assert
    expect(reportsOf(invoker).map((r) => r.stats)).toEqual([
      { processor_calls: 1, rows: 3 },
      { total_processor_calls: 1, total_rows: 3, processor_calls: 1, rows: 3 },
    ]);
  });

  it('builds again on the next call when building failed', async () => {
    // Prepare
    let calls = 0;
    const flaky = {
      get: async (): Promise<null> => {
        calls += 1;
        if (calls === 1) throw new Error('config table unreachable');
        return null;
      },
    };
    const handler = lambdaHandler(EchoWorker, { invoker: new RecordingInvoker(), configSource: flaky, env: {}, logger: silentLogger });

    // Act
    const first = handler({}, makeLambdaContext());

    // Assert
    await expect(first).rejects.toMatchObject({ code: 'config.sourceUnavailable' });
    await expect(handler({ k: 2 }, makeLambdaContext())).resolves.toMatchObject({ status: 'completed', result: { k: 2 } });
  });

  it('carries the worker and its own config layers for the embedded runtime, out of sight of spreads and JSON', () => {
    const invoker = new RecordingInvoker();
    const handler = lambdaHandler(EchoWorker, { invoker, defaults: { a: 1 }, config: { b: 2 }, functionName: 'x' });

    expect(lambdaHandlerSource(handler)).toEqual({ source: EchoWorker, defaults: { a: 1 }, config: { b: 2 } });
    expect(Object.keys(handler)).toEqual([]);
    expect(lambdaHandlerSource(EchoWorker)).toBeUndefined();
    expect(lambdaHandlerSource(async () => ({}))).toBeUndefined();
    expect(lambdaHandlerSource({ handle: async () => ({}) })).toBeUndefined();
  });
});
