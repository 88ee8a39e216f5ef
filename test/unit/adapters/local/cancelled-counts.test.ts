import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledCounts, censusOf } from '../../../../src/adapters/local/queue-census.js';
import { resolveTaskConfig } from '../../../../src/core/config/task-config.js';
import { invokedGreenfield } from '../../../../src/core/task/greenfield.js';
import type { TaskStore } from '../../../../src/ports/task-store.js';
import { createMemoryStore, type MemoryStore } from '../../../../src/testing.js';

const NOW = 1_700_000_000;
const labourer = resolveTaskConfig({ labourers: { w: {} } }).labourers[0]!;

describe('CancelledCounts (the dashboard census memo)', () => {
  let memory: MemoryStore;
  let calls: (number | undefined)[];
  let store: TaskStore;

  beforeEach(() => {
    memory = createMemoryStore();
    calls = [];
    // Every countCancelled the memo sends, with its limit: what DynamoDB would be asked to read.
    store = new Proxy(memory.store, {
      get(target, key, receiver) {
        if (key === 'countCancelled') {
          return (id: string, limit?: number) => {
            calls.push(limit);
            return target.countCancelled(id, limit);
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });
  afterEach(async () => {
    await memory.close();
  });

  const enqueue = async (n: number, at: number): Promise<string[]> =>
    (
      await memory.store.enqueue(
        'w',
        Array.from({ length: n }, (_, i) => ({ payload: JSON.stringify({ i, at }) })),
        at,
      )
    ).map((t) => t.taskId);
  const dies = async (at: number): Promise<void> => {
    const [id] = await enqueue(1, at);
    await memory.store.claim(id!, at, invokedGreenfield(at));
    await memory.store.archive(id!, at);
  };

  it('reads nothing without closed failures, then only the newly closed, and in full after a redrive or five minutes', async () => {
    const memo = new CancelledCounts();
    const both = async (now: number) => {
      const remembered = await censusOf(store, labourer, now, undefined, memo);
      const fresh = await censusOf(memory.store, labourer, now);
      // The memo never changes what the census says.
      expect({ dead: remembered.dead, cancelled: remembered.cancelled }).toEqual({ dead: fresh.dead, cancelled: fresh.cancelled });
      return remembered;
    };

    await enqueue(2, NOW);
    await both(NOW);
    expect(calls).toEqual([]);

    await dies(NOW + 1);
    const cancelledIds = await enqueue(2, NOW + 2);
    await memory.store.closeCancelled(cancelledIds, NOW + 2);
    // Grown from none to three: the newest three are read.
    expect(await both(NOW + 3)).toMatchObject({ dead: 1, cancelled: 2 });
    expect(calls).toEqual([3]);

    // Nothing new closed: the remembered count, no read.
    await both(NOW + 4);
    expect(calls).toEqual([3]);

    // Three more closed (one dead, two cancelled): only those three are looked at.
    await dies(NOW + 5);
    await memory.store.closeCancelled(await enqueue(2, NOW + 6), NOW + 6);
    expect(await both(NOW + 7)).toMatchObject({ dead: 2, cancelled: 4 });
    expect(calls).toEqual([3, 3]);

    // A redrive takes one out: a full recount.
    await memory.store.redrive(cancelledIds[0]!);
    expect(await both(NOW + 8)).toMatchObject({ dead: 2, cancelled: 3 });
    expect(calls).toEqual([3, 3, 10_000]);

    // Five minutes on, a full recount even though nothing changed.
    await both(NOW + 8 + 299);
    expect(calls).toHaveLength(3);
    await both(NOW + 8 + 300);
    expect(calls).toEqual([3, 3, 10_000, 10_000]);
  });
});
