import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryMetrics } from '../../../../src/adapters/local/in-memory-metrics.js';
import { SqliteHistoryStore } from '../../../../src/adapters/sqlite/sqlite-history-store.js';
import { ManualClock } from '../../../../src/core/clock.js';
import type { MinuteRollup } from '../../../../src/core/history/minute-rollup.js';
import { HistoryRecorder } from '../../../../src/essentials/history/history-recorder.js';
import type { HistoryStore } from '../../../../src/ports/history-store.js';

const T0 = Date.UTC(2025, 0, 1, 12);
let store: SqliteHistoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function total(rollups: readonly MinuteRollup[], field: 'invoked' | 'completed' | 'failed' | 'dead'): number {
  return rollups.reduce((n, r) => n + r[field], 0);
}

describe('HistoryRecorder', () => {
  it('passes every count on and keeps invoked, archived, retried, dead and dispatch latency per minute', async () => {
    const clock = new ManualClock(T0);
    store = new SqliteHistoryStore();
    const inner = new InMemoryMetrics();
    const recorder = new HistoryRecorder({ store, clock, labourerIds: ['a'] });
    const metrics = recorder.metrics(inner);
    metrics.count('invoked', 'a', 2);
    metrics.count('claim_lost', 'a', 5);
    metrics.observe('dispatch_latency_ms', 'a', 3);
    metrics.observe('dispatch_latency_ms', 'a', 400);
    metrics.observe('tick_duration_ms', 'a', 9000);
    clock.advance(60_000);
    metrics.count('archived', 'a', 3);
    metrics.count('retried', 'a', 1);
    metrics.count('dead', 'a', 1);
    expect(inner.total('claim_lost', 'a')).toBe(5);
    expect(inner.samples('tick_duration_ms', 'a')).toEqual([9000]);
    await recorder.flush(true);
    const rows = await store.read(['a'], 0, T0 / 1000 + 3600);
    expect(rows.map((r) => [r.minute, r.invoked, r.completed, r.failed, r.dead, r.latencySumMs])).toEqual([
      [T0 / 1000, 2, 0, 0, 0, 403],
      [T0 / 1000 + 60, 0, 3, 1, 1, 0],
    ]);
    expect(rows[0]?.latencyBuckets[1]).toBe(1); // 3 ms: <= 5
    expect(rows[0]?.latencyBuckets[7]).toBe(1); // 400 ms: <= 500
  });

  it('writes only when due unless forced, and counts the queue depth at each write', async () => {
    const clock = new ManualClock(T0);
    store = new SqliteHistoryStore();
    let depth = 7;
    const recorder = new HistoryRecorder({
      store,
      clock,
      labourerIds: ['a', 'b'],
      queue: { countQueued: async (id) => (id === 'a' ? depth : 0) },
      flushEveryMs: 15_000,
    });
    recorder.count('invoked', 'a', 1);
    await recorder.flush();
    expect(await store.read(['a'], 0, T0)).toEqual([]);
    expect(await store.read(['a'], 0, T0 / 1000 + 60)).toEqual([]);
    clock.advance(15_000);
    await recorder.flush();
    depth = 3;
    clock.advance(1000);
    await recorder.flush(true);
    const [a] = await store.read(['a'], 0, T0 / 1000 + 60);
    expect(a).toMatchObject({ invoked: 1, queued: 3 });
    const [b] = await store.read(['b'], 0, T0 / 1000 + 60);
    expect(b).toMatchObject({ invoked: 0, queued: 0 });
  });

  it('keeps the minutes of a failed write for the next one and loses no count made while a write is in flight', async () => {
    const clock = new ManualClock(T0);
    store = new SqliteHistoryStore();
    const real = store;
    let fail = true;
    let release: (() => void) | undefined;
    const flaky: HistoryStore = {
      record: async (rollups, now) => {
        if (fail) throw new Error('throttled');
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return real.record(rollups, now);
      },
      read: (ids, from, to) => real.read(ids, from, to),
      close: async () => {},
    };
    const recorder = new HistoryRecorder({ store: flaky, clock, labourerIds: ['a'] });
    recorder.count('invoked', 'a', 4);
    await recorder.flush(true);
    fail = false;
    recorder.count('invoked', 'a', 1);
    const writing = recorder.flush(true);
    await new Promise((r) => setTimeout(r, 0));
    recorder.count('invoked', 'a', 10); // arrives while the write waits
    release?.();
    await writing;
    const second = recorder.flush(true);
    await new Promise((r) => setTimeout(r, 0));
    release?.();
    await second;
    expect(total(await real.read(['a'], 0, T0 / 1000 + 60), 'invoked')).toBe(15);
  });

  it('puts every count in its labourer and minute, whatever the order, across writes (none lost, none twice)', async () => {
    const clock = new ManualClock(T0);
    store = new SqliteHistoryStore();
    const recorder = new HistoryRecorder({ store, clock, labourerIds: ['a', 'b'] });
    const expected = new Map<string, number>();
    let seed = 11;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 2000; i += 1) {
      const labourer = random() < 0.5 ? 'a' : 'b';
      recorder.count('invoked', labourer, 1);
      const key = `${labourer} ${Math.floor(clock.now() / 60_000) * 60}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
      if (random() < 0.02) await recorder.flush(true);
      clock.advance(Math.floor(random() * 200));
    }
    await recorder.flush(true);
    const rows = await store.read(['a', 'b'], 0, clock.now() / 1000 + 60);
    const written = new Map(rows.filter((r) => r.invoked > 0).map((r) => [`${r.labourerId} ${r.minute}`, r.invoked]));
    expect(written).toEqual(expected);
  });
});
