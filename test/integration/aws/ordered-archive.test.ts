/**
 * The DynamoDB archive without job counters is three ordered plain steps (Put closed copy, audit row,
 * conditional Delete of the live item) instead of one transaction. These tests stop it between the
 * steps, as a crashed Lambda would, and prove the next sweep finishes the move: no task is ever in
 * neither table, every archived task ends with exactly one `archived` audit row, and the closed copy
 * written first is the one kept.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoMetaLog } from '../../../src/adapters/aws/dynamodb/dynamo-meta-log.js';
import { DynamoTaskStore } from '../../../src/adapters/aws/dynamodb/dynamo-task-store.js';
import type { DynamoTableNames } from '../../../src/adapters/aws/dynamodb/table-names.js';
import { RecordingInvoker } from '../../../src/adapters/local/recording-invoker.js';
import { ManualClock } from '../../../src/core/clock.js';
import { resolveScavengerConfig } from '../../../src/core/config/essentials-config.js';
import { Scavenger } from '../../../src/essentials/scavenger/scavenger.js';
import { freshSoswTables } from './dynamo-tables.js';
import { awsTierOff } from './helpers.js';

const T0_MS = Date.UTC(2024, 0, 1);
const DELTA = 31_557_600;
const TASK_CONFIG = { labourers: { w: { max_attempts: 3, max_duration: 30 } } };

type Step = 'PutItem' | 'BatchWriteItem' | 'DeleteItem';
/** Which request of the archive fails; `table` is checked so that setup writes are never hit. */
type Fault = (step: Step, table: string) => boolean;

interface Stack {
  readonly middlewareStack: {
    add(mw: (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (a: unknown) => Promise<unknown>, o: object): void;
  };
}

/** Fail chosen archive requests before they reach DynamoDB, as if the Lambda died just before sending them. */
function injectFaults(client: DynamoDBClient, names: DynamoTableNames, fault: { current: Fault | undefined }): void {
  (client as unknown as Stack).middlewareStack.add(
    (next, context) => async (args) => {
      const step = (context.commandName ?? '').replace(/Command$/, '') as Step;
      const input = (args as { input?: { TableName?: string; RequestItems?: Record<string, unknown> } }).input ?? {};
      const table = input.TableName ?? Object.keys(input.RequestItems ?? {})[0] ?? '';
      const archiveStep =
        (step === 'PutItem' && table === names.closedTasks) ||
        (step === 'BatchWriteItem' && table === names.meta) ||
        (step === 'DeleteItem' && table === names.tasks);
      if (archiveStep && fault.current?.(step, table) === true) throw new Error(`injected crash before ${step} on ${table}`);
      return next(args);
    },
    { step: 'initialize', name: `faults${Math.random()}`, override: true },
  );
}

describe.skipIf(awsTierOff())('ordered archive on DynamoDB (moto): crashes between the steps', () => {
  const clients: DynamoDBClient[] = [];
  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  async function world(tasks: number) {
    const setup = new DynamoDBClient({});
    const client = new DynamoDBClient({});
    clients.push(setup, client);
    const tables = await freshSoswTables(setup);
    const fault: { current: Fault | undefined } = { current: undefined };
    injectFaults(client, tables.names, fault);
    const clock = new ManualClock(T0_MS);
    const now = (): number => clock.now() / 1000;
    const setupStore = new DynamoTaskStore({ client: setup, tableNames: tables.names });
    const queued = await setupStore.enqueue(
      'w',
      Array.from({ length: tasks }, (_, i) => ({ payload: `{"i":${i}}` })),
      now(),
    );
    const ids = queued.map((t) => t.taskId);
    for (const id of ids) {
      expect(await setupStore.claim(id, now() + 1, Math.floor(now()) + DELTA)).not.toBeNull();
      const report = await setupStore.report({
        taskId: id,
        outcome: 'completed',
        at: Math.floor(now()) + 1,
        invokedAtLeast: Math.floor(now()),
      });
      expect(report.applied).toBe(true);
    }
    const metaLog = new DynamoMetaLog({ client: setup, tableName: tables.names.meta });
    /** A fresh Scavenger (a new Lambda: empty caches) on the faulty client, a minute later than the last. */
    const sweep = async (): Promise<void> => {
      clock.advance(60_000);
      const store = new DynamoTaskStore({ client, tableNames: tables.names });
      const scavenger = new Scavenger({
        store,
        metaLog: new DynamoMetaLog({ client, tableName: tables.names.meta }),
        clock,
        invoker: new RecordingInvoker({}),
        config: resolveScavengerConfig({ task_config: TASK_CONFIG }),
        random: () => 0.5,
      });
      await scavenger.run();
    };
    /** Where each task is now, and how many `archived` rows it has. */
    const census = async () =>
      Promise.all(
        ids.map(async (id) => ({
          id,
          live: (await setupStore.get(id)) !== null,
          closed: await setupStore.getClosed(id),
          archivedRows: (await metaLog.forTask(id)).filter((e) => e.action === 'archived'),
        })),
      );
    return { tables, fault, sweep, census, ids, store: setupStore };
  }

  it.each<[string, Step]>([
    ['before the closed copy is put', 'PutItem'],
    ['after the closed copy, before the audit rows', 'BatchWriteItem'],
    ['after the audit rows, before the live item is deleted', 'DeleteItem'],
  ])('a sweep that dies %s is finished by the next one: one closed copy, one archived row', async (_when, step) => {
    const w = await world(3);
    w.fault.current = (s) => s === step;
    await w.sweep();

    const window = await w.census();
    for (const t of window) {
      // Never in neither table; in both only when the crash came after the closed copy.
      expect(t.live || t.closed !== null).toBe(true);
      expect(t.live).toBe(true);
      expect(t.closed !== null).toBe(step !== 'PutItem');
      expect(t.archivedRows).toHaveLength(step === 'DeleteItem' ? 1 : 0);
    }
    if (step !== 'PutItem') {
      // What readers see meanwhile: the task counts as completed (live) and as closed.
      expect(await w.store.listCompleted('w', 10)).toHaveLength(3);
      expect(await w.store.countClosed('w', true)).toBe(3);
    }
    const firstClosedAt = window.map((t) => t.closed?.closedAt);

    w.fault.current = undefined;
    await w.sweep();
    for (const [i, t] of (await w.census()).entries()) {
      expect(t.live).toBe(false);
      expect(t.closed).toMatchObject({ succeeded: true });
      expect(t.archivedRows).toHaveLength(1);
      // A resumed archive keeps the closed copy it found (its closed_at is the crashed sweep's).
      if (step !== 'PutItem') expect(t.closed?.closedAt).toBe(firstClosedAt[i]);
    }
    expect(await w.store.countClosed('w', true)).toBe(3);
    expect(await w.store.listCompleted('w', 10)).toHaveLength(0);
    await w.tables.drop();
  });

  it('random crashes at every step over many sweeps: never neither table, never two archived rows, all archived at the end', async () => {
    const w = await world(30);
    let seed = 12_345;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const steps: Step[] = ['PutItem', 'BatchWriteItem', 'DeleteItem'];
    const seen = { both: 0, rowAndLive: 0 };
    for (let sweep = 0; sweep < 8; sweep++) {
      // Each sweep dies at one step (a third of that step's requests fail); the last two run clean.
      const step = sweep < 6 ? steps[sweep % 3] : undefined;
      w.fault.current = (s) => s === step && random() < 0.35;
      await w.sweep();
      for (const t of await w.census()) {
        expect(t.live || t.closed !== null, `${t.id} in neither table after sweep ${sweep}`).toBe(true);
        expect(t.archivedRows.length, `${t.id} archived rows after sweep ${sweep}`).toBeLessThanOrEqual(1);
        // A row is written only once the closed copy is durable.
        if (t.archivedRows.length === 1) expect(t.closed).not.toBeNull();
        if (t.live && t.closed !== null) seen.both += 1;
        if (t.live && t.archivedRows.length === 1) seen.rowAndLive += 1;
      }
    }
    w.fault.current = undefined;
    await w.sweep();
    for (const t of await w.census()) {
      expect(t.live).toBe(false);
      expect(t.closed).toMatchObject({ succeeded: true });
      expect(t.archivedRows).toHaveLength(1);
    }
    // The faults did hit the windows the test is about (closed copy and live item; row written, live item left).
    expect(seen.both).toBeGreaterThan(0);
    expect(seen.rowAndLive).toBeGreaterThan(0);
    await w.tables.drop();
  });
});
