import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaInvoker } from '../../../src/adapters/aws/lambda/lambda-invoker.js';
import { SoswError } from '../../../src/core/errors.js';
import { awsTierOff, createMotoRole, EMPTY_ZIP, motoEndpoint, uniqueName } from './helpers.js';

describe.skipIf(awsTierOff())('LambdaInvoker (moto)', () => {
  const functionName = uniqueName('sosw-labourer');
  let lambda: LambdaClient;

  beforeAll(async () => {
    lambda = new LambdaClient({});
    const role = await createMotoRole(motoEndpoint()!, uniqueName('role'));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: 'nodejs22.x',
        Role: role,
        Handler: 'index.handler',
        Code: { ZipFile: EMPTY_ZIP },
        Timeout: 42,
      }),
    );
  });

  afterAll(() => lambda.destroy());

  it('invokes asynchronously with a lazily created client from the environment', async () => {
    const invoker = new LambdaInvoker();
    await expect(invoker.invoke(functionName, { task_id: 'abc', labourer_id: functionName })).resolves.toBeUndefined();
    await invoker.close();
  });

  it('turns a throttled invocation (TooManyRequestsException, 429) into invoke.throttled', async () => {
    // Prepare: a client whose Invoke is refused the way Lambda refuses it at its concurrency limit.
    const throttled = new LambdaClient({});
    throttled.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'InvokeCommand') {
          throw Object.assign(new Error('Rate Exceeded.'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleInvoke' },
    );
    const invoker = new LambdaInvoker({ client: throttled });

    // Act
    const error = await invoker.invoke(functionName, {}).then(
      () => null,
      (e: unknown) => e,
    );

    // Assert
    expect(SoswError.is(error) && error.code).toBe('invoke.throttled');
    expect((error as SoswError).details).toMatchObject({ functionName, awsError: 'TooManyRequestsException' });
    throttled.destroy();
  });

  it('reads the timeout once per function and caches it', async () => {
    let calls = 0;
    lambda.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetFunctionConfigurationCommand') calls += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countConfigReads' },
    );
    const invoker = new LambdaInvoker({ client: lambda });
    expect(await invoker.timeoutSeconds(functionName)).toBe(42);
    expect(await invoker.timeoutSeconds(functionName)).toBe(42);
    expect(calls).toBe(1);
    lambda.middlewareStack.remove('countConfigReads');
  });

  it('reports a function that does not exist as invoke.unknownFunction', async () => {
    const invoker = new LambdaInvoker({ client: lambda });
    const error = await invoker.timeoutSeconds('sosw-no-such-function').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoswError);
    expect((error as SoswError).code).toBe('invoke.unknownFunction');
    expect((error as SoswError).cause).toBeDefined();
  });

  it('turns other failures into invoke.failed with the cause', async () => {
    const invoker = new LambdaInvoker({ clientConfig: { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } });
    const error = await invoker.invoke(functionName, {}).catch((e: unknown) => e);
    expect((error as SoswError).code).toBe('invoke.failed');
    expect((error as SoswError).cause).toBeDefined();
  });
});
