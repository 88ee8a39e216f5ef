import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { MemoryConfigSource } from '../../../src/adapters/local/memory-config-source.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createOrchestratorHandler } from '../../../src/essentials/orchestrator/handler.js';
import { createWorkerAssistantHandler } from '../../../src/essentials/worker-assistant/handler.js';
import { powertoolsLogger } from '../../../src/lambda/powertools-logger.js';
import { lambdaRuntime } from '../../../src/lambda/runtime.js';
import { silentLogger } from '../../../src/ports/logger.js';

describe('lambdaRuntime', () => {
  it('builds the engine through the AWS composition and logs every invocation with its request id', async () => {
    const logged: Array<[Record<string, unknown>, string]> = [];
    const record = (fields: Record<string, unknown>, message: string) => logged.push([fields, message]);
    const logger = { ...silentLogger, info: record, error: record };
    const clock = new ManualClock(1_700_000_000_000);
    const handler = createWorkerAssistantHandler(() =>
      lambdaRuntime('worker_assistant', (e) => e.workerAssistant(), { env: {}, configSource: new MemoryConfigSource({}), clock, logger }),
    );

    // A report without an action fails before any AWS call.
    const error = await handler({}, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'event.invalid' });
    expect(logged).toEqual([
      [expect.objectContaining({ essential: 'sosw_worker_assistant', requestId: 'r1', error }), 'sosw_worker_assistant invocation failed'],
    ]);
  });

  it('leaves the failure to a caller that reports it itself (sosw run prints it once, with its code)', async () => {
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (_fields: Record<string, unknown>, message: string) => logged.push(message) };
    const handler = createWorkerAssistantHandler(async () => ({
      ...(await lambdaRuntime('worker_assistant', (e) => e.workerAssistant(), {
        env: {},
        configSource: new MemoryConfigSource({}),
        logger,
      })),
      callerReportsFailures: true,
    }));

    const error = await handler({}, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 60_000 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'event.invalid' });
    expect(logged).toEqual([]);
  });

  it('fails the invocation with config.notFound naming the rows when the config table has none for the Orchestrator', async () => {
    const handler = createOrchestratorHandler(() =>
      lambdaRuntime('orchestrator', (e) => e.orchestrator(), { env: {}, configSource: new MemoryConfigSource({}), logger: silentLogger }),
    );

    const error = await handler({}, { awsRequestId: 'r2', getRemainingTimeInMillis: () => 60_000 }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'config.notFound', details: { rows: ['sosw_essential_config', 'sosw_orchestrator_config'] } });
  });
});

describe('powertoolsLogger', () => {
  it('passes the message first and the fields as extra keys', () => {
    const fake = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const logger = powertoolsLogger(fake as unknown as PowertoolsLogger);

    logger.info({ invoked: 3 }, 'tick finished');
    logger.error({ error: 'boom' }, 'failed');

    expect(fake.info).toHaveBeenCalledWith('tick finished', { invoked: 3 });
    expect(fake.error).toHaveBeenCalledWith('failed', { error: 'boom' });
  });
});
