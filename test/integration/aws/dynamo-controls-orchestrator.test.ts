/** Operator controls on DynamoDB (moto): a pause written by another process holds from the next tick of every Orchestrator. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoControlStore } from '../../../src/adapters/aws/dynamodb/dynamo-control-store.js';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { RecordingInvoker } from '../../../src/adapters/local/recording-invoker.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveOrchestratorConfig } from '../../../src/core/config/essentials-config.js';
import { LabourerControls } from '../../../src/essentials/flow/labourer-controls.js';
import { Orchestrator } from '../../../src/essentials/orchestrator/orchestrator.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const TASK_CONFIG = { labourers: { w: { max_simultaneous_invocations: 3, max_duration: 864_000, duration: 86_400 } } };

describe.skipIf(awsTierOff())('operator controls on DynamoDB', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('two racing Orchestrators start nothing from the tick after a pause, and dispatch again after its TTL', async () => {
    const tables = await freshSoswTables(client);
    const clock = new ManualClock(Date.UTC(2026, 11, 4, 14, 0, 0));
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    const invoker = new RecordingInvoker();
    const config = resolveOrchestratorConfig({ task_config: TASK_CONFIG, dispatch_lease_seconds: 0 });
    // Each Orchestrator and the operator have their own control store, as separate processes would.
    const orchestrators = [0, 1].map(
      () =>
        new Orchestrator({
          store,
          invoker,
          clock,
          config,
          controls: new DynamoControlStore({ client, tableName: tables.names.tasks }),
        }),
    );
    const operatorStore = new DynamoControlStore({ client, tableName: tables.names.tasks });
    const controls = new LabourerControls({
      store: operatorStore,
      labourers: [{ id: 'w', maxSimultaneousInvocations: 3 }],
      metaLog,
      clock,
    });
    try {
      await store.enqueue(
        'w',
        Array.from({ length: 12 }, (_, i) => ({ payload: JSON.stringify({ i }) })),
        clock.now() / 1000,
      );
      const tickAll = async (): Promise<number> =>
        (await Promise.all(orchestrators.map((o) => o.tick()))).flat().reduce((n, d) => n + d.invoked, 0);

      expect(await tickAll()).toBeGreaterThan(0);
      await controls.pause('w', { by: 'alice', for: '30m', reason: 'db migration' });
      const before = invoker.invocations.length;
      // Free every slot: only the pause can stop the next tick.
      clock.advance(1000);
      const decisions = (await Promise.all(orchestrators.map((o) => o.tick()))).flat();
      expect(invoker.invocations.length).toBe(before);
      for (const d of decisions) expect(d.reason).toMatch(/^paused by alice until 14:30:00 UTC \(reason: db migration\)/);

      clock.advance(30 * 60 * 1000);
      await controls.limit('w', { by: 'bob', max: 1, for: '1h' });
      const racing = await Promise.all(orchestrators.map((o) => o.tick()));
      expect(racing.flat().every((d) => d.held === undefined && d.pinnedMax === 1)).toBe(true);
      expect((await metaLog.forTask('control#w')).map((r) => r.action)).toEqual(['paused', 'limit_pinned']);
    } finally {
      await operatorStore.close();
      await tables.drop();
    }
  });
});
