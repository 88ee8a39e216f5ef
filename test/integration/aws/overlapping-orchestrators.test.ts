/**
 * Overlapping Orchestrator runs on DynamoDB (moto), configured as the AWS composition configures
 * them: three race tick after tick over one labourer, and never is more running than its cap.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { MemoryConfigSource } from '../../../src/adapters/local/memory-config-source.js';
import { StaticMetricSource } from '../../../src/adapters/local/metric-sources.js';
import { createAwsEssentials } from '../../../src/aws-composition.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveOrchestratorConfig } from '../../../src/core/config/essentials-config.js';
import { Orchestrator } from '../../../src/essentials/orchestrator/orchestrator.js';
import type { Invoker } from '../../../src/ports/invoker.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const CAP = 4;

describe.skipIf(awsTierOff())('overlapping Orchestrators on DynamoDB (moto)', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it(`3 racing Orchestrators never have more than ${CAP} tasks running (AWS defaults)`, async () => {
    const tables = await freshSoswTables(client);
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const taskConfig = { labourers: { w: { max_simultaneous_invocations: CAP, max_duration: 600 } } };
    // The Orchestrator's document exactly as an AWS deployment assembles it (no lease setting in config).
    const essentials = createAwsEssentials({
      env: { AWS_REGION: 'us-east-1' },
      configSource: new MemoryConfigSource({ sosw_essential_config: { task_config: taskConfig } }),
    });
    const config = resolveOrchestratorConfig(await essentials.document('orchestrator'));
    await essentials.close();

    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    await store.enqueue(
      'w',
      Array.from({ length: 40 }, (_, i) => ({ payload: JSON.stringify({ n: i }) })),
      clock.now() / 1000,
    );
    const invoked: string[] = [];
    // Workers that run for the whole test: every invocation stays running.
    const invoker: Invoker = {
      invoke: async (_fn, event) => {
        invoked.push((event as { task_id: string }).task_id);
      },
      timeoutSeconds: async () => undefined,
    };
    const orchestrators = ['run-a', 'run-b', 'run-c'].map(
      (owner) =>
        new Orchestrator({ store, invoker, config, clock, metricSource: new StaticMetricSource({}), leaseOwner: owner, author: owner }),
    );
    let most = 0;
    for (let wave = 0; wave < 5; wave++) {
      await Promise.all(orchestrators.map((o) => o.tick()));
      most = Math.max(most, await store.countInvokedSince('w', clock.now() / 1000));
      clock.advanceSeconds(2);
    }
    expect(invoked.length).toBeGreaterThan(0);
    expect(new Set(invoked).size).toBe(invoked.length);
    expect(most).toBeLessThanOrEqual(CAP);
    expect(invoked.length).toBeLessThanOrEqual(CAP);
    await tables.drop();
  });
});
