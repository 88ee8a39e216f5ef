import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { SoswError } from '../../../src/core/errors.js';
import { parseEndpointPort, startDevLambdaEndpoint } from '../../../src/lambda/dev-endpoint.js';
import { createEmbeddedRuntime } from '../../../src/local.js';
import { findFreePort } from '../../integration/aws/moto.js';

describe('startDevLambdaEndpoint', () => {
  it('lets the AWS SDK drive an embedded runtime: Scheduler, Orchestrator, workers, Scavenger', async () => {
    const seen: unknown[] = [];
    const runtime = await createEmbeddedRuntime({
      project: {
        labourers: { greeter: { max_simultaneous_invocations: 5 } },
        job_schema_variants: { default: { chunkable_attrs: [['name', {}]] } },
      },
      dbPath: ':memory:',
      handlers: { greeter: async (payload: Record<string, unknown>) => void seen.push(payload.names) },
    });
    const endpoint = await startDevLambdaEndpoint(runtime, await findFreePort());
    const lambda = new LambdaClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const call = async (name: string, event: unknown): Promise<Record<string, unknown>> => {
      const response = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(event) }));
      return JSON.parse(new TextDecoder().decode(response.Payload)) as Record<string, unknown>;
    };
    try {
      expect(await call('sosw_scheduler', { lambda_name: 'greeter', names: ['ada', 'bob'], isolate_names: true })).toMatchObject({
        queued: 2,
      });
      expect(await call('sosw_orchestrator', {})).toMatchObject({ invoked: 2 });
      await runtime.invoker.idle();
      expect(await call('sosw_scavenger', {})).toMatchObject({ archived: 2 });
      expect(seen.sort()).toEqual([['ada'], ['bob']]);

      const direct = await lambda.send(
        new InvokeCommand({ FunctionName: 'greeter', InvocationType: 'Event', Payload: '{"names":["cy"]}' }),
      );
      await runtime.invoker.idle();
      expect(direct.StatusCode).toBe(202);
      expect(seen).toContainEqual(['cy']);
    } finally {
      lambda.destroy();
      await endpoint.close();
      await runtime.stop();
    }
  });

  it.each(['0', '70000', 'http'])('refuses the port %j with cli.usage', (text) => {
    expect(() => parseEndpointPort(text)).toThrowError(SoswError);
  });
});
