import { describe, expect, it } from 'vitest';
import { SoswError } from '../../src/core/errors.js';
import { emptyRollup, HISTORY_BUCKETS, type MinuteRollup } from '../../src/core/history/minute-rollup.js';
import type { HistoryStore } from '../../src/ports/history-store.js';

/**
 * A fresh, empty history store per test with `retentionSeconds` = RETENTION, and how retention shows:
 * `prune` (rows past the retention are gone after the next record) or the stored expiry (TTL) of a rollup.
 */
export type HistoryStoreFactory = () => Promise<{
  history: HistoryStore;
  retention: 'prune' | ((labourerId: string, minute: number) => Promise<number | undefined>);
  cleanup(): Promise<void>;
}>;

export const RETENTION = 3600;
const M = 1_800_000_000 - (1_800_000_000 % 60);

function rollup(labourerId: string, minute: number, fields: Partial<Omit<MinuteRollup, 'labourerId' | 'minute'>> = {}): MinuteRollup {
  return { ...emptyRollup(labourerId, minute), ...fields };
}

function buckets(at: Record<number, number>): number[] {
  return Array.from({ length: HISTORY_BUCKETS }, (_, i) => at[i] ?? 0);
}

async function withHistory(
  factory: HistoryStoreFactory,
  body: (h: HistoryStore, retention: Awaited<ReturnType<HistoryStoreFactory>>['retention']) => Promise<void>,
): Promise<void> {
  const { history, retention, cleanup } = await factory();
  try {
    await body(history, retention);
  } finally {
    await cleanup();
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  return promise.then(
    () => null,
    (e: unknown) => (SoswError.is(e) ? `${e.code}:${String(e.details.field)}` : String(e)),
  );
}

/** The behaviour every HistoryStore adapter must have, written against the port only. */
export function describeHistoryStoreContract(name: string, factory: HistoryStoreFactory): void {
  describe(`HistoryStore contract: ${name}`, () => {
    it('reads nothing when nothing was recorded', () =>
      withHistory(factory, async (h) => {
        expect(await h.read(['a'], M - 3600, M + 60)).toEqual([]);
        expect(await h.read([], M - 3600, M + 60)).toEqual([]);
      }));

    it('adds counts of the same labourer and minute; a depth replaces the stored one, none keeps it', () =>
      withHistory(factory, async (h) => {
        await h.record([rollup('a', M, { queued: 7, invoked: 3, latencyBuckets: buckets({ 2: 3 }), latencySumMs: 21 })], M);
        await h.record([rollup('a', M, { completed: 2, failed: 1, dead: 1 })], M + 10);
        await h.record([rollup('a', M, { queued: 4, invoked: 1, latencyBuckets: buckets({ 12: 1 }), latencySumMs: 20_000 })], M + 20);
        await h.record([rollup('a', M, { completed: 1 })], M + 30);
        expect(await h.read(['a'], M, M + 60)).toEqual([
          rollup('a', M, {
            queued: 4,
            invoked: 4,
            completed: 3,
            failed: 1,
            dead: 1,
            latencyBuckets: buckets({ 2: 3, 12: 1 }),
            latencySumMs: 20_021,
          }),
        ]);
      }));

    it('reads the minutes in [from, to) of the asked labourers only, oldest first', () =>
      withHistory(factory, async (h) => {
        const minutes = [M - 180, M - 120, M - 60, M];
        await h.record(
          minutes.flatMap((m, i) => [rollup('a', m, { invoked: i + 1 }), rollup('b', m, { dead: 1 })]),
          M,
        );
        const read = await h.read(['a'], M - 120, M);
        expect(read.map((r) => [r.labourerId, r.minute, r.invoked])).toEqual([
          ['a', M - 120, 2],
          ['a', M - 60, 3],
        ]);
        const both = await h.read(['a', 'b'], M, M + 60);
        expect(both.map((r) => r.labourerId).sort()).toEqual(['a', 'b']);
      }));

    it('loses no count when writers race on the same minute', () =>
      withHistory(factory, async (h) => {
        const writers = 12;
        await Promise.all(
          Array.from({ length: writers }, (_, i) =>
            h.record(
              [rollup('a', M, { invoked: 1, completed: 2, latencyBuckets: buckets({ [i % HISTORY_BUCKETS]: 1 }), latencySumMs: 1 })],
              M,
            ),
          ),
        );
        const [read] = await h.read(['a'], M, M + 60);
        expect(read?.invoked).toBe(writers);
        expect(read?.completed).toBe(2 * writers);
        expect(read?.latencyBuckets.reduce((n, b) => n + b, 0)).toBe(writers);
        expect(read?.latencySumMs).toBe(writers);
      }));

    it('bounds what it keeps: rollups past the retention are dropped or carry their expiry', () =>
      withHistory(factory, async (h, retention) => {
        const old = M - RETENTION - 120;
        await h.record([rollup('a', old, { invoked: 1 })], old);
        if (retention === 'prune') {
          await h.record([rollup('a', M, { invoked: 1 })], M);
          expect((await h.read(['a'], 0, M + 60)).map((r) => r.minute)).toEqual([M]);
        } else {
          expect(await retention('a', old)).toBe(old + RETENTION);
        }
      }));

    it('rejects bad rollups with store.invalidArgument naming the field', () =>
      withHistory(factory, async (h) => {
        expect(await codeOf(h.record([rollup('a', M + 1)], M))).toBe('store.invalidArgument:rollups[0].minute');
        expect(await codeOf(h.record([rollup('', M)], M))).toBe('store.invalidArgument:rollups[0].labourerId');
        expect(await codeOf(h.record([rollup('a', M, { invoked: -1 })], M))).toBe('store.invalidArgument:rollups[0].invoked');
        expect(await codeOf(h.record([rollup('a', M, { latencyBuckets: [1] })], M))).toBe(
          'store.invalidArgument:rollups[0].latencyBuckets',
        );
        expect(await codeOf(h.record([rollup('a', M)], Number.NaN))).toBe('store.invalidArgument:nowSeconds');
        expect(await codeOf(h.read(['a'], Number.NaN, M))).toBe('store.invalidArgument:fromSeconds');
        expect(await h.read(['a'], 0, M + 60)).toEqual([]);
      }));
  });
}
