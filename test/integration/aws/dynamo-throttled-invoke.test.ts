/** A throttled invoke on DynamoDB (moto): the claim is undone, one `throttled` audit row, `invoke_throttled` counted. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { InMemoryMetrics } from '../../../src/adapters/local/in-memory-metrics.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveOrchestratorConfig } from '../../../src/core/config/essentials-config.js';
import { SoswError } from '../../../src/core/errors.js';
import { Orchestrator } from '../../../src/essentials/orchestrator/orchestrator.js';
import type { Invoker } from '../../../src/ports/invoker.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const TASK_CONFIG = { labourers: { w: { max_simultaneous_invocations: 4, max_duration: 864_000, duration: 86_400 } } };

describe.skipIf(awsTierOff())('throttled invocations on DynamoDB', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('puts every throttled task back with its attempt, audits each once as throttled and counts it', async () => {
    const tables = await freshSoswTables(client);
    const clock = new ManualClock(Date.UTC(2026, 11, 5, 12, 0, 0));
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    const metrics = new InMemoryMetrics();
    const accepted: string[] = [];
    // Throttles tasks with an odd `n`, accepts the others.
    const invoker: Invoker = {
      invoke: async (_arn, event) => {
        const e = event as { task_id: string; n: number };
        if (e.n % 2 === 1) throw new SoswError('invoke.throttled', 'Lambda throttled the invocation (TooManyRequestsException).');
        accepted.push(e.task_id);
      },
      timeoutSeconds: async () => 900,
    };
    const orchestrator = new Orchestrator({
      store,
      metaLog,
      metrics,
      invoker,
      clock,
      config: resolveOrchestratorConfig({ task_config: TASK_CONFIG, dispatch_lease_seconds: 0 }),
    });
    try {
      const tasks = await store.enqueue(
        'w',
        Array.from({ length: 4 }, (_, n) => ({ payload: JSON.stringify({ n }) })),
        clock.now() / 1000,
      );

      const [decision] = await orchestrator.tick();

      expect(decision).toMatchObject({ invoked: 2, throttled: 2, failed: 0 });
      for (const task of tasks) {
        const actions = (await metaLog.forTask(task.taskId)).map((r) => r.action);
        if (accepted.includes(task.taskId)) expect(actions).toEqual(['invoked']);
        else {
          expect(actions).toEqual(['throttled']);
          expect((await metaLog.forTask(task.taskId))[0]).toMatchObject({ labourerId: 'w', extra: { attempt: 1, returned: true } });
          expect(await store.get(task.taskId)).toMatchObject({ attempts: 0 });
        }
      }
      expect(await store.countQueued('w', clock.now() / 1000)).toBe(2);
      expect(metrics.total('invoke_throttled', 'w')).toBe(2);
      expect(metrics.total('invoked', 'w')).toBe(2);
    } finally {
      await tables.drop();
    }
  });
});
