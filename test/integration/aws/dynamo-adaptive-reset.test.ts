/** sosw limit --reset-adaptive on DynamoDB (moto): the control item loses its learned state only, audited. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoControlStore } from '../../../src/adapters/aws/dynamodb/dynamo-control-store.js';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveAdaptiveConfig } from '../../../src/core/flow/adaptive/adaptive-config.js';
import { countOutcomes } from '../../../src/core/flow/adaptive/outcomes.js';
import { LabourerControls } from '../../../src/essentials/flow/labourer-controls.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

describe.skipIf(awsTierOff())('adaptive reset on DynamoDB', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('removes the stored adaptive state, keeps the hold and the outcome counters, and writes an adaptive_reset row', async () => {
    const tables = await freshSoswTables(client);
    const clock = new ManualClock(Date.UTC(2026, 11, 5, 13, 0, 0));
    const store = new DynamoControlStore({ client, tableName: tables.names.tasks });
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    const adaptive = resolveAdaptiveConfig({}, 'w', 8);
    const controls = new LabourerControls({ store, labourers: [{ id: 'w', maxSimultaneousInvocations: 8, adaptive }], metaLog, clock });
    try {
      const seen = countOutcomes([1, 2], 3, 1);
      await store.addOutcomes([{ labourerId: 'w', counts: seen }]);
      await store.setAdaptive('w', {
        target: 3,
        ceiling: 5,
        cooldown: 1,
        healthyTicks: 0,
        seen,
        pendingThrottles: 0,
        at: clock.now() / 1000,
        reason: 'error rate 60% > 5% → target 6 → 3',
      });
      await controls.drain('w', { by: 'alice' });
      clock.advance(1000);

      const reset = await controls.resetAdaptive('w', { by: 'bob', reason: 'after the fix' });
      const [after] = await store.readControls(['w']);

      expect(reset.dropped).toEqual({ target: 3, ceiling: 5 });
      expect(after?.adaptive ?? null).toBeNull();
      expect(after?.hold).toMatchObject({ mode: 'draining', by: 'alice' });
      expect(after?.outcomes).toMatchObject({ completed: 2, failed: 3, throttled: 1 });
      expect((await metaLog.forTask('control#w')).map((r) => [r.action, r.author, r.extra])).toEqual([
        ['draining', 'alice', { reason: null }],
        ['adaptive_reset', 'bob', { target: 3, ceiling: 5, reason: 'after the fix' }],
      ]);
      // Again: nothing stored, nothing dropped.
      expect((await controls.resetAdaptive('w', { by: 'bob' })).dropped).toBeNull();
    } finally {
      await store.close();
      await tables.drop();
    }
  });
});
