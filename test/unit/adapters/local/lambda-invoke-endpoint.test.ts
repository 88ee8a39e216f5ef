import { request } from 'node:http';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaInvoker } from '../../../../src/adapters/aws/lambda/lambda-invoker.js';
import { type LambdaInvokeEndpoint, startLambdaInvokeEndpoint } from '../../../../src/adapters/local/lambda-invoke-endpoint.js';
import { SoswError } from '../../../../src/core/errors.js';

const decode = (bytes: Uint8Array | undefined): unknown => JSON.parse(new TextDecoder().decode(bytes));

function clientFor(endpoint: LambdaInvokeEndpoint): LambdaClient {
  return new LambdaClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

describe('startLambdaInvokeEndpoint', () => {
  let endpoint: LambdaInvokeEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
  });

  it('answers RequestResponse with the handler result and the Lambda-like context it ran with', async () => {
    endpoint = await startLambdaInvokeEndpoint({
      functions: {
        echo: { timeoutSeconds: 7, handler: async (event, ctx) => ({ event, fn: ctx.functionName, left: ctx.getRemainingTimeInMillis() }) },
      },
    });
    const client = clientFor(endpoint);

    const response = await client.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ a: 1 }) }));

    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(decode(response.Payload)).toEqual({ event: { a: 1 }, fn: 'echo', left: expect.any(Number) });
    expect((decode(response.Payload) as { left: number }).left).toBeLessThanOrEqual(7000);
    client.destroy();
  });

  it('reports a handler error as FunctionError Unhandled with status 200', async () => {
    endpoint = await startLambdaInvokeEndpoint({ functions: { broken: { handler: () => Promise.reject(new TypeError('no such row')) } } });
    const client = clientFor(endpoint);

    const response = await client.send(new InvokeCommand({ FunctionName: 'broken', Payload: '{}' }));

    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBe('Unhandled');
    expect(decode(response.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'no such row' });
    client.destroy();
  });

  it('accepts Event invocations with 202 and runs them in the background (LambdaInvoker)', async () => {
    const seen: unknown[] = [];
    endpoint = await startLambdaInvokeEndpoint({
      functions: {
        worker: {
          timeoutSeconds: 42,
          handler: async (event) => {
            await new Promise((r) => setTimeout(r, 20));
            seen.push(event);
          },
        },
      },
    });
    const invoker = new LambdaInvoker({ client: clientFor(endpoint) });

    await invoker.invoke('arn:aws:lambda:us-east-1:000000000000:function:worker', { task_id: 't1' });
    expect(seen).toEqual([]);
    await endpoint.idle();

    expect(seen).toEqual([{ task_id: 't1' }]);
    expect(await invoker.timeoutSeconds('worker')).toBe(42);
    await invoker.close();
  });

  it('answers 404 ResourceNotFoundException for an unknown function, which LambdaInvoker turns into invoke.unknownFunction', async () => {
    endpoint = await startLambdaInvokeEndpoint();
    const client = clientFor(endpoint);
    const invoker = new LambdaInvoker({ client });

    const error = await invoker.invoke('ghost', {}).catch((e: unknown) => e);
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'ghost' })).catch((e: unknown) => e);

    expect(SoswError.is(error, 'invoke.unknownFunction')).toBe(true);
    expect(config).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    client.destroy();
  });

  it('returns the configuration of a registered function', async () => {
    endpoint = await startLambdaInvokeEndpoint({ region: 'eu-west-1', accountId: '123456789012' });
    endpoint.register('late', { handler: () => null, timeoutSeconds: 900 });
    const client = clientFor(endpoint);

    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'late' }));

    expect(config).toMatchObject({
      FunctionName: 'late',
      Timeout: 900,
      FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:late',
    });
    client.destroy();
  });

  it('hands Event invocations of fallback functions to the host and refuses RequestResponse for them', async () => {
    const invoked: Array<[string, unknown]> = [];
    endpoint = await startLambdaInvokeEndpoint({
      fallback: {
        has: (name) => name === 'embedded_worker',
        invoke: async (name, event) => {
          invoked.push([name, event]);
        },
        timeoutSeconds: async () => 30,
      },
    });
    const client = clientFor(endpoint);

    const accepted = await client.send(new InvokeCommand({ FunctionName: 'embedded_worker', InvocationType: 'Event', Payload: '{"n":1}' }));
    const refused = await client.send(new InvokeCommand({ FunctionName: 'embedded_worker', Payload: '{}' })).catch((e: unknown) => e);

    expect(accepted.StatusCode).toBe(202);
    expect(invoked).toEqual([['embedded_worker', { n: 1 }]]);
    expect(refused).toMatchObject({ name: 'InvalidParameterValueException' });
    client.destroy();
  });

  it('refuses to bind to a non-loopback host', async () => {
    const error = await startLambdaInvokeEndpoint({ host: '0.0.0.0' }).catch((e: unknown) => e);
    expect(SoswError.is(error, 'endpoint.notLoopback')).toBe(true);
  });

  it('refuses requests whose Host header is not a loopback name', async () => {
    endpoint = await startLambdaInvokeEndpoint({ functions: { echo: { handler: () => 1 } } });
    const port = endpoint.port;
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/2015-03-31/functions/echo/configuration', headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('refuses an unknown X-Amz-Invocation-Type with 400 InvalidParameterValueException and runs nothing, as AWS does', async () => {
    let runs = 0;
    endpoint = await startLambdaInvokeEndpoint({ functions: { echo: { handler: () => ++runs } } });
    const port = endpoint.port;
    const post = (type: string): Promise<{ status: number | undefined; type: string | undefined; body: string }> =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/2015-03-31/functions/echo/invocations',
            headers: { 'x-amz-invocation-type': type, 'content-type': 'application/json' },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => {
              body += chunk.toString('utf8');
            });
            res.on('end', () => resolve({ status: res.statusCode, type: res.headers['x-amzn-errortype'] as string | undefined, body }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    for (const bogus of ['Bogus', 'event', '']) {
      const answer = await post(bogus);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(/InvalidParameterValueException|invocationType/);
      expect(answer.body).toMatch(/\[RequestResponse, Event, DryRun\]/);
    }
    expect(runs).toBe(0);
    expect((await post('RequestResponse')).status).toBe(200);
    expect(runs).toBe(1);
  });

  it('a port that is taken is port.unavailable naming host and port', async () => {
    endpoint = await startLambdaInvokeEndpoint({ functions: {} });
    await expect(startLambdaInvokeEndpoint({ functions: {}, port: endpoint.port })).rejects.toMatchObject({
      code: 'port.unavailable',
      details: { port: endpoint.port, errno: 'EADDRINUSE' },
      message: expect.stringContaining(`127.0.0.1:${endpoint.port}`),
    });
  });
});
