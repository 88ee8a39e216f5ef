/**
 * What a worker's outcome does to its task on DynamoDB (moto), through the WorkerAssistant and the
 * Scavenger: NonRetriableError closes the task dead at once, RetryLaterError holds the retry back,
 * a redriven task runs as a fresh attempt (a report from before the redrive is not applied to it)
 * and a report naming another labourer is rejected.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import { RecordingInvoker } from '../../../src/adapters/local/recording-invoker.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveScavengerConfig } from '../../../src/core/config/essentials-config.js';
import { Scavenger } from '../../../src/essentials/scavenger/scavenger.js';
import { WorkerAssistant } from '../../../src/essentials/worker-assistant/worker-assistant.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const T0_MS = Date.UTC(2024, 0, 1);
const DELTA = 31_557_600;
const TASK_CONFIG = { labourers: { w: { max_attempts: 3, max_duration: 30 } } };

describe.skipIf(awsTierOff())('worker outcomes on DynamoDB (moto)', () => {
  const client = new DynamoDBClient({});
  afterAll(() => client.destroy());

  async function world() {
    const tables = await freshSoswTables(client);
    const clock = new ManualClock(T0_MS);
    const store = new DynamoTaskStore({ client, tableNames: tables.names });
    const metaLog = new DynamoMetaLog({ client, tableName: tables.names.meta });
    const assistant = new WorkerAssistant({ store, metaLog, clock });
    const scavenger = new Scavenger({
      store,
      metaLog,
      clock,
      invoker: new RecordingInvoker({}),
      config: resolveScavengerConfig({ task_config: TASK_CONFIG }),
      random: () => 0.5,
    });
    const now = (): number => clock.now() / 1000;
    /** Queue one task and claim it now. */
    const running = async (): Promise<string> => {
      const [task] = await store.enqueue('w', [{ payload: '{"k":1}' }], now());
      const id = task?.taskId ?? '';
      expect(await store.claim(id, now() + 1, Math.floor(now()) + DELTA)).not.toBeNull();
      return id;
    };
    return { tables, clock, store, metaLog, assistant, scavenger, now, running };
  }

  it('closes a task dead at once after NonRetriableError, attempts left or not', async () => {
    const w = await world();
    const id = await w.running();
    const report = { action: 'mark_task_as_failed', task_id: id, labourer_id: 'w', attempts: 1, invocation: 1 };
    await w.assistant.handle({ ...report, result: { error: 'never works', code: 'worker.nonRetriable', retriable: false } });
    await w.scavenger.run();
    expect(await w.store.getClosed(id)).toMatchObject({ succeeded: false, attempts: 1, result: { retriable: false } });
    await w.tables.drop();
  });

  it('does not retry before the delay of RetryLaterError', async () => {
    const w = await world();
    const id = await w.running();
    const report = { action: 'mark_task_as_failed', task_id: id, labourer_id: 'w', attempts: 1, invocation: 1 };
    await w.assistant.handle({ ...report, result: { error: 'later', code: 'worker.retryLater', retry_after_seconds: 900 } });
    await w.scavenger.run();
    const retry = await w.store.getRetry(id);
    // The labourer's own policy would wait 30 s x 1 attempt.
    expect(retry?.desiredLaunchTime).toBeGreaterThanOrEqual(Math.floor(w.now()) + 900);
    await w.tables.drop();
  });

  it('runs a redriven task as a fresh attempt: the stale report is rejected, the new one completes it', async () => {
    const w = await world();
    const id = await w.running();
    const first = { task_id: id, labourer_id: 'w', attempts: 1, invocation: 1 };
    await w.assistant.handle({ ...first, action: 'mark_task_as_failed', result: { error: 'boom', retriable: false } });
    await w.scavenger.run();
    expect(await w.store.getClosed(id)).toMatchObject({ succeeded: false });

    const redriven = await w.store.redrive(id);
    expect(redriven).toMatchObject({ attempts: 0, invocations: 1 });
    expect(redriven?.failedAttempts).toBeUndefined();
    expect(redriven?.result).toBeUndefined();
    w.clock.advanceSeconds(5);
    expect(await w.store.claim(id, w.now() + 1, Math.floor(w.now()) + DELTA)).toMatchObject({ attempts: 1, invocations: 2 });

    expect(await w.assistant.handle({ ...first, action: 'mark_task_as_completed' })).toMatchObject({
      applied: false,
      reason: 'otherAttempt',
    });
    expect(await w.assistant.handle({ ...first, action: 'mark_task_as_completed', labourer_id: 'x' })).toMatchObject({
      applied: false,
      reason: 'otherLabourer',
    });
    expect(await w.assistant.handle({ ...first, invocation: 2, action: 'mark_task_as_completed' })).toMatchObject({ applied: true });
    await w.scavenger.run();
    expect(await w.store.getClosed(id)).toMatchObject({ succeeded: true, attempts: 1, invocations: 2 });
    await w.tables.drop();
  });
});
