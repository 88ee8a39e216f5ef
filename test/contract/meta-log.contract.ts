import { describe, expect, it } from 'vitest';
import { SoswError } from '../../src/core/errors.js';
import type { MetaEntry, MetaLog } from '../../src/ports/meta-log.js';

/** What an adapter's runner gives the contract: a fresh, empty log per test and how to drop it. */
export type MetaLogFactory = () => Promise<{ metaLog: MetaLog; cleanup(): Promise<void> }>;

const T0 = 1_700_000_000.5;

async function withLog(factory: MetaLogFactory, body: (log: MetaLog) => Promise<void>): Promise<void> {
  const { metaLog, cleanup } = await factory();
  try {
    await body(metaLog);
  } finally {
    await cleanup();
  }
}

async function expectInvalid(promise: Promise<unknown>, field: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SoswError);
  expect((error as SoswError).code).toBe('store.invalidArgument');
  expect((error as SoswError).message).toContain(field);
}

/**
 * The behaviour every MetaLog adapter must have, written against the port only. `factory` must
 * return a fresh, empty log for every test. Bad entries reject the whole batch with SoswError
 * `store.invalidArgument` naming the field.
 */
export function describeMetaLogContract(
  name: string,
  factory: MetaLogFactory,
  /** Which row a key written twice keeps: the first (conditional create) or the last (plain batch write). */
  duplicateKey: 'firstStays' | 'lastStays' = 'firstStays',
): void {
  describe(`MetaLog contract: ${name}`, () => {
    it('keeps every field of an entry', () =>
      withLog(factory, async (log) => {
        const entry: MetaEntry = {
          taskId: 'task-1',
          createdAt: T0,
          action: 'invoked',
          labourerId: 'sosw_sandbox',
          author: 'sosw_orchestrator',
          invocationId: 'req-1',
          logStreamName: '2024/01/01/[$LATEST]abc',
          // Dropped by the DynamoDB meta log: cancelled rows lost the job they name.
          jobId: 'job-1',
          extra: { attempt: 1, nested: { ok: true } },
        };
        await log.write([entry]);
        expect(await log.forTask('task-1')).toEqual([entry]);
      }));

    it('returns a task entries oldest first, whatever the write order, and nothing of other tasks', () =>
      withLog(factory, async (log) => {
        await log.write([
          { taskId: 'task-1', createdAt: T0 + 2, action: 'completed' },
          { taskId: 'task-2', createdAt: T0 + 1, action: 'created' },
          { taskId: 'task-1', createdAt: T0, action: 'created' },
        ]);
        await log.write([{ taskId: 'task-1', createdAt: T0 + 1.25, action: 'invoked' }]);
        expect((await log.forTask('task-1')).map((e) => e.action)).toEqual(['created', 'invoked', 'completed']);
        expect((await log.forTask('task-2')).map((e) => e.createdAt)).toEqual([T0 + 1]);
        expect(await log.forTask('task-3')).toEqual([]);
      }));

    it(`keeps one row per (taskId, createdAt): the ${duplicateKey === 'firstStays' ? 'first' : 'last'} one written`, () =>
      withLog(factory, async (log) => {
        await log.write([{ taskId: 'task-1', createdAt: T0, action: 'created', author: 'first' }]);
        await log.write([
          { taskId: 'task-1', createdAt: T0, action: 'invoked', author: 'second' },
          { taskId: 'task-1', createdAt: T0 + 1, action: 'invoked' },
        ]);
        const entries = await log.forTask('task-1');
        expect(entries.map((e) => [e.action, e.author])).toEqual([
          duplicateKey === 'firstStays' ? ['created', 'first'] : ['invoked', 'second'],
          ['invoked', undefined],
        ]);
      }));

    it('rewriting an identical row is harmless (a retried write)', () =>
      withLog(factory, async (log) => {
        const entry: MetaEntry = { taskId: 'task-1', createdAt: T0, action: 'archived', author: 'sosw_scavenger', jobId: 'j' };
        await log.write([entry]);
        await log.write([entry, entry]);
        expect(await log.forTask('task-1')).toEqual([entry]);
      }));

    it('accepts an empty batch', () =>
      withLog(factory, async (log) => {
        await log.write([]);
        expect(await log.forTask('task-1')).toEqual([]);
      }));

    it('writes a large batch', () =>
      withLog(factory, async (log) => {
        const batch = Array.from({ length: 500 }, (_, i): MetaEntry => ({ taskId: 'bulk', createdAt: T0 + i / 1000, action: 'invoked' }));
        await log.write(batch);
        expect(await log.forTask('bulk')).toHaveLength(500);
      }));

    it.each([
      ['an empty taskId', 'entries[0].taskId', { taskId: '', createdAt: T0, action: 'created' }],
      ['a NaN createdAt', 'entries[0].createdAt', { taskId: 't', createdAt: Number.NaN, action: 'created' }],
      ['an unknown action', 'entries[0].action', { taskId: 't', createdAt: T0, action: 'exploded' }],
      ['a non-object extra', 'entries[0].extra', { taskId: 't', createdAt: T0, action: 'created', extra: 'x' }],
      ['a numeric author', 'entries[0].author', { taskId: 't', createdAt: T0, action: 'created', author: 7 }],
      ['a missing entry', 'entries[0].taskId', null],
    ])('rejects an entry with %s and writes none of its batch', (_name, field, bad) =>
      withLog(factory, async (log) => {
        const good: MetaEntry = { taskId: 't', createdAt: T0 + 5, action: 'created' };
        await expectInvalid(log.write([bad as unknown as MetaEntry, good]), field);
        expect(await log.forTask('t')).toEqual([]);
      }),
    );

    it('rejects forTask with an empty taskId', () =>
      withLog(factory, async (log) => {
        await expectInvalid(log.forTask(''), 'taskId');
      }));
  });
}
