/** Flow-control invariants under random scenarios on DynamoDB (moto), with racing Orchestrators (bounded runs). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { DynamoControlStore } from '../../../src/adapters/aws/dynamodb/dynamo-control-store.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { ManualClock } from '../../../src/core/clock.js';
import { runFlowScenario, stepArbitrary } from '../../helpers/flow-scenario.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

/** moto is slow: no floods of 250 tasks here (the SQLite tier runs those), short scenarios, four runs. */
const smallSteps = stepArbitrary.filter((s) => !(s.step.kind === 'arrive' && s.step.n > 8));

describe.skipIf(awsTierOff())('flow control under random scenarios (DynamoDB)', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  it('two racing Orchestrators: every invariant holds at every tick', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(smallSteps, { minLength: 6, maxLength: 12 }), async (steps) => {
        const tables = await freshSoswTables(client);
        const store = new DynamoTaskStore({ client, tableNames: tables.names });
        const clock = new ManualClock(Date.UTC(2026, 11, 5, 12));
        // Each Orchestrator and the operator get their own control store, as separate processes would.
        const controls = (): DynamoControlStore => new DynamoControlStore({ client, tableName: tables.names.tasks });
        await runFlowScenario({ store, controls, clock }, steps, 2);
      }),
      { numRuns: 4, endOnFailure: true },
    );
  }, 240_000);
});
